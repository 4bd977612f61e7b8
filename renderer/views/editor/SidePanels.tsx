/**
 * The panels beside the editor: what `docker plugin install` would ask for (the
 * model's privileges), and the diff against an installed plugin (config:diff):
 * field by field on the decoded configs, casing-only and ignored-key differences
 * labelled as such, the plugin's current `docker plugin set` values apart.
 */
import { useState } from 'react';
import type { ConfigDiff, ConfigDiffEntry, Privilege } from '../../../electron/ipc/types';
import { ErrorNote } from '../../components/ErrorNote';
import type { MessageKey } from '../../i18n';
import { useT } from '../../i18n/useT';
import type { EditorStore } from '../../stores/editor';
import { toErrorInfo, type ErrorInfo } from '../../stores/errors';

export function PrivilegesPanel({ privileges, stale = false }: { privileges: Privilege[] | null; stale?: boolean }) {
  const t = useT();
  return (
    <section className="side-panel" aria-label={t('editor.privileges.title')} data-testid="privileges-panel" data-stale={stale ? 'yes' : 'no'}>
      <h2>{t('editor.privileges.title')}</h2>
      <p className="field-note">{t('editor.privileges.intro')}</p>
      {stale ? (
        <p className="field-note stale-note" role="status">
          {t('editor.stale')}
        </p>
      ) : null}
      {privileges === null ? (
        <p className="muted">{t('editor.privileges.unknown')}</p>
      ) : privileges.length === 0 ? (
        <p className="muted">{t('editor.privileges.none')}</p>
      ) : (
        <dl className="facts privileges" data-testid="editor-privileges">
          {privileges.map((p) => (
            <div key={p.name} className="privilege">
              <dt className="mono">{p.name}</dt>
              <dd>
                <span className="muted">{p.description}</span>
                {p.value.length ? <code className="block">{p.value.join(', ')}</code> : null}
              </dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}

const KIND_KEY: Record<ConfigDiffEntry['kind'], MessageKey> = {
  added: 'editor.diff.added',
  removed: 'editor.diff.removed',
  changed: 'editor.diff.changed',
  'casing-only': 'editor.diff.casingOnly',
  'ignored-key': 'editor.diff.ignoredKey',
};

const show = (v: unknown) => (v === undefined ? '—' : typeof v === 'string' ? v : JSON.stringify(v));

export function DiffPanel({ store, pluginName, onPluginName }: { store: EditorStore; pluginName: string; onPluginName(name: string): void }) {
  const t = useT();
  const [diff, setDiff] = useState<ConfigDiff | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [busy, setBusy] = useState(false);
  const [installed, setInstalled] = useState<string[]>([]);

  const compare = async () => {
    const name = pluginName.trim();
    if (!name) return;
    setBusy(true);
    setError(null);
    try {
      setDiff(await store.getState().diff(name));
    } catch (err) {
      setDiff(null);
      setError(toErrorInfo(err));
    } finally {
      setBusy(false);
    }
  };

  const s = diff?.settings;
  const settingsRows = s
    ? [
        ...s.env.map((v) => ['env', v]),
        ...s.args.map((v) => ['args', v]),
        ...s.mounts.map((m) => ['mount', `${m.name ?? ''} ${m.source ?? t('editor.diff.unset')}`]),
        ...s.devices.map((d) => ['device', `${d.name ?? ''} ${d.path ?? t('editor.diff.unset')}`]),
      ]
    : [];

  return (
    <section className="side-panel" aria-label={t('editor.diff.title')}>
      <h2>{t('editor.diff.title')}</h2>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          void compare();
        }}
      >
        <label htmlFor="editor-plugin-name" className="block-label">
          {t('editor.pluginName')}
        </label>
        <input
          id="editor-plugin-name"
          className="input mono grow"
          list="editor-installed"
          value={pluginName}
          placeholder="contiv/v2plugin:latest"
          onFocus={() => void store.getState().installedPlugins().then(setInstalled, () => undefined)}
          onChange={(e) => onPluginName(e.target.value)}
        />
        <datalist id="editor-installed">
          {installed.map((n) => (
            <option key={n} value={n} />
          ))}
        </datalist>
        <button type="submit" className="button small" disabled={busy || !pluginName.trim()}>
          {t('editor.diff.compare')}
        </button>
      </form>
      <p className="field-note">{t('editor.pluginNameNote')}</p>
      {error ? <ErrorNote error={error} title={t('editor.diff.failed')} /> : null}
      {diff ? (
        <>
          {diff.entries.length === 0 ? (
            <p className="muted">{t('editor.diff.same', { name: diff.name })}</p>
          ) : (
            <table className="diff-table" data-testid="editor-diff">
              <thead>
                <tr>
                  <th>{t('editor.diff.field')}</th>
                  <th>{t('editor.diff.kind')}</th>
                  <th>{t('editor.diff.installed')}</th>
                  <th>{t('editor.diff.draft')}</th>
                </tr>
              </thead>
              <tbody>
                {diff.entries.map((e) => (
                  <tr key={`${e.pointer}-${e.kind}`} className={`diff-${e.kind}`}>
                    <td className="mono">{e.pointer || '/'}</td>
                    <td>
                      <span className={`badge ${e.kind === 'casing-only' || e.kind === 'ignored-key' ? 'badge-off' : 'badge-info'}`}>{t(KIND_KEY[e.kind])}</span>
                    </td>
                    <td className="mono">{show(e.installed)}</td>
                    <td className="mono">{show(e.draft)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <h3>{t('editor.diff.settings')}</h3>
          {settingsRows.length === 0 ? (
            <p className="muted">{t('editor.diff.noSettings')}</p>
          ) : (
            <ul className="settings-now">
              {settingsRows.map(([kind, v], i) => (
                <li key={i}>
                  <span className="chip">{kind}</span>
                  <code>{v}</code>
                </li>
              ))}
            </ul>
          )}
        </>
      ) : null}
    </section>
  );
}
