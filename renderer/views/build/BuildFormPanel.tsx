/**
 * The build's inputs: name:tag (checked as Docker parses references, shown normalised),
 * build args with their defaults, target stage, settings to apply, enable / keep image,
 * and Start. The "New tag" answer to a taken name focuses the name field (nameRef).
 */
import { useId, type RefObject } from 'react';
import type { ProjectInfo } from '../../../electron/ipc/types';
import { CommandHint } from '../../components/CommandHint';
import { useT } from '../../i18n/useT';
import type { MessageKey } from '../../i18n';
import { parseReference, type ReferenceProblem } from './reference';
import { pipelineTwin } from './twins';
import { useBuild, useBuildStore } from './useBuild';
// The contract's setting-name rule, shared so the form says what the request would be refused for.
import { SETTING_KEY } from '../../../electron/ipc/refs';

const PROBLEM_KEY: Record<ReferenceProblem, MessageKey> = {
  empty: 'build.name.empty',
  digest: 'build.name.digest',
  uppercase: 'build.name.uppercase',
  component: 'build.name.component',
  tag: 'build.name.tag',
  'too-long': 'build.name.tooLong',
};

export function BuildFormPanel({ project, nameRef, busy }: { project: ProjectInfo; nameRef: RefObject<HTMLInputElement | null>; busy: boolean }) {
  const t = useT();
  const store = useBuildStore();
  const form = useBuild((s) => s.form);
  const set = store.getState().setForm;
  const ids = useId();
  const ref = parseReference(form.name);
  const settingsOk = form.settings.every((s) => !s.key.trim() || SETTING_KEY.test(s.key.trim()));
  const canStart = ref.ok && settingsOk && !busy && project.layout !== 'unknown';
  const buildable = project.layout === 'dockerfile';

  const start = () => {
    if (!canStart) return;
    // Send what the engine will list: name:tag.
    if (ref.ok && ref.normalised !== form.name.trim()) set({ name: ref.normalised });
    void store.getState().start();
  };

  return (
    <form
      className="card build-card build-form"
      aria-label={t('build.form.title')}
      onSubmit={(e) => {
        e.preventDefault();
        start();
      }}
    >
      <h2>{t('build.form.title')}</h2>
      <label htmlFor={`${ids}-name`} className="field-label">
        {t('build.name.label')}
      </label>
      <input
        id={`${ids}-name`}
        ref={nameRef}
        className="input mono"
        value={form.name}
        placeholder="contiv/v2plugin:1.0"
        autoComplete="off"
        spellCheck={false}
        aria-invalid={form.name !== '' && !ref.ok}
        aria-describedby={`${ids}-name-note`}
        onChange={(e) => set({ name: e.target.value })}
      />
      <p id={`${ids}-name-note`} className={`field-note${form.name && !ref.ok ? ' invalid' : ''}`} data-testid="build-name-note">
        {ref.ok ? t('build.name.normalised', { name: ref.normalised }) : form.name ? t(PROBLEM_KEY[ref.problem]) : t('build.name.hint')}
      </p>
      {project.pluginNameSetting ? (
        <p className="build-note info" data-testid="build-name-setting">
          {t('build.name.setting', {
            key: project.pluginNameSetting.key,
            from: project.pluginNameSetting.value ?? t('build.name.unset'),
            to: ref.ok ? ref.normalised : t('build.name.chosen'),
          })}
        </p>
      ) : null}

      {buildable && project.buildArgs.length ? (
        <fieldset className="build-fieldset">
          <legend>{t('build.args.title')}</legend>
          {project.buildArgs.map((a) => (
            <div key={a.name} className="kv-row">
              <label htmlFor={`${ids}-arg-${a.name}`} className="mono kv-key">
                {a.name}
              </label>
              <input
                id={`${ids}-arg-${a.name}`}
                className="input mono"
                value={form.buildArgs[a.name] ?? ''}
                placeholder={a.default === null ? t('build.args.noDefault') : ''}
                onChange={(e) => set({ buildArgs: { ...form.buildArgs, [a.name]: e.target.value } })}
              />
              {a.default !== null && form.buildArgs[a.name] !== a.default ? (
                <button type="button" className="button small ghost" onClick={() => set({ buildArgs: { ...form.buildArgs, [a.name]: a.default ?? '' } })}>
                  {t('build.args.reset', { value: a.default })}
                </button>
              ) : null}
            </div>
          ))}
        </fieldset>
      ) : null}

      {buildable && project.stages.length > 1 ? (
        <>
          <label htmlFor={`${ids}-target`} className="field-label">
            {t('build.target.label')}
          </label>
          <select id={`${ids}-target`} className="input narrow" value={form.target} onChange={(e) => set({ target: e.target.value })}>
            <option value="">{t('build.target.last', { stage: project.stages[project.stages.length - 1] })}</option>
            {project.stages.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </>
      ) : null}

      <fieldset className="build-fieldset">
        <legend>{t('build.settings.title')}</legend>
        {form.settings.length === 0 ? <p className="field-note">{t('build.settings.none')}</p> : null}
        {form.settings.map((s, i) => (
          <div key={i} className="kv-row">
            <input
              className="input mono kv-key-input"
              value={s.key}
              placeholder="KEY"
              aria-label={t('build.settings.key', { n: i + 1 })}
              aria-invalid={!!s.key.trim() && !SETTING_KEY.test(s.key.trim())}
              onChange={(e) => set({ settings: form.settings.map((x, j) => (j === i ? { ...x, key: e.target.value } : x)) })}
            />
            <span aria-hidden="true">=</span>
            <input
              className="input mono"
              value={s.value}
              placeholder="VALUE"
              aria-label={t('build.settings.value', { n: i + 1 })}
              onChange={(e) => set({ settings: form.settings.map((x, j) => (j === i ? { ...x, value: e.target.value } : x)) })}
            />
            <button type="button" className="button small ghost" aria-label={t('build.settings.remove', { n: i + 1 })} onClick={() => set({ settings: form.settings.filter((_, j) => j !== i) })}>
              ✕
            </button>
          </div>
        ))}
        <button type="button" className="button small" onClick={() => set({ settings: [...form.settings, { key: '', value: '' }] })}>
          {t('build.settings.add')}
        </button>
      </fieldset>

      <label className="checkbox">
        <input type="checkbox" checked={form.enable} onChange={(e) => set({ enable: e.target.checked })} />
        {t('build.enable')}
      </label>
      {buildable ? (
        <label className="checkbox">
          <input type="checkbox" checked={form.keepImage} onChange={(e) => set({ keepImage: e.target.checked })} />
          {t('build.keepImage')}
        </label>
      ) : null}

      <div className="row build-start">
        <button type="submit" className="button primary" disabled={!canStart} aria-busy={busy}>
          {busy ? t('build.running') : t('build.start')}
        </button>
        {project.layout === 'unknown' ? <span className="field-note invalid">{t('build.unknownLayout')}</span> : null}
      </div>
      <CommandHint
        command={pipelineTwin({
          dir: project.dir,
          name: ref.ok ? ref.normalised : form.name,
          dockerfile: project.dockerfile,
          buildArgs: {},
          target: form.target,
          settings: form.settings.filter((s) => s.key.trim()),
          keepImage: form.keepImage,
          enable: form.enable,
        })}
      />
    </form>
  );
}
