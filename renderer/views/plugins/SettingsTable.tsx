/**
 * A plugin's settings exactly as `docker plugin set` allows: an input only where the
 * engine would accept a key, disabled (with the reason) while the plugin is enabled.
 * Edits live here until saved: an engine refusal leaves everything the user typed.
 */
import { useId, useState } from 'react';
import type { PluginSetting, PluginSummary } from '../../../electron/ipc/types';
import { CommandHint } from '../../components/CommandHint';
import { cliTwin } from '../../components/cli';
import { ErrorNote } from '../../components/ErrorNote';
import { whoSaid } from '../../components/said-by';
import { useT } from '../../i18n/useT';
import { useStores } from '../../stores/context';
import type { ErrorInfo } from '../../stores/errors';

const KIND_KEY = { env: 'setting.kind.env', arg: 'setting.kind.arg', mount: 'setting.kind.mount', device: 'setting.kind.device' } as const;

export function SettingsTable({ plugin }: { plugin: PluginSummary }) {
  const t = useT();
  const stores = useStores();
  const idBase = useId();
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [saved, setSaved] = useState(false);
  const [lastSaved, setLastSaved] = useState<{ key: string; value: string }[]>([]);

  const changes = plugin.settings
    .filter((s): s is PluginSetting & { setKey: string } => s.setKey !== null && s.setKey in drafts && drafts[s.setKey] !== (s.value ?? ''))
    .map((s) => ({ key: s.setKey, value: drafts[s.setKey] }));
  const firstSettable = plugin.settings.find((s) => s.setKey);
  // The twin of the pending edits; else of what was just saved; else an example with the first settable entry.
  const twinValues = changes.length
    ? changes
    : lastSaved.length
      ? lastSaved
      : firstSettable
        ? [{ key: firstSettable.setKey!, value: firstSettable.value ?? '' }]
        : [];

  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!changes.length || saving) return;
    setSaving(true);
    setSaved(false);
    const err = await stores.plugins.getState().saveSettings(plugin.name, changes);
    setSaving(false);
    setError(err);
    if (!err) {
      // Saved: the engine's values are shown again from the plugin itself.
      setDrafts((d) => {
        const next = { ...d };
        for (const c of changes) delete next[c.key];
        return next;
      });
      setSaved(true);
      setLastSaved(changes);
    }
  };

  if (plugin.settings.length === 0) return <p className="muted">{t('setting.none')}</p>;

  return (
    <form onSubmit={save} className="settings-form" aria-label={t('setting.formLabel', { name: plugin.name })}>
      <table className="settings-table">
        <thead>
          <tr>
            <th scope="col">{t('setting.col.kind')}</th>
            <th scope="col">{t('setting.col.name')}</th>
            <th scope="col">{t('setting.col.description')}</th>
            <th scope="col">{t('setting.col.value')}</th>
          </tr>
        </thead>
        <tbody>
          {plugin.settings.map((s, i) => {
            const inputId = `${idBase}-${i}`;
            const noteId = `${inputId}-note`;
            return (
              <tr key={`${s.kind}:${s.name}:${i}`} data-testid={`setting-${s.name}`}>
                <td>{t(KIND_KEY[s.kind])}</td>
                <td>{s.setKey ? <label htmlFor={inputId}>{s.name}</label> : s.name}</td>
                <td className="muted">{s.description}</td>
                <td>
                  {s.setKey ? (
                    <>
                      <input
                        id={inputId}
                        className="input mono"
                        value={drafts[s.setKey] ?? s.value ?? ''}
                        placeholder={s.value === null ? t('setting.unset') : undefined}
                        disabled={s.locked === 'enabled'}
                        aria-describedby={s.locked === 'enabled' ? noteId : undefined}
                        onChange={(e) => {
                          const v = e.target.value;
                          setDrafts((d) => ({ ...d, [s.setKey!]: v }));
                          setSaved(false);
                        }}
                      />
                      {s.locked === 'enabled' ? (
                        <p id={noteId} className="field-note">
                          {t('setting.lockedEnabled')}
                        </p>
                      ) : null}
                    </>
                  ) : (
                    <>
                      <span className="mono">{s.value ?? t('setting.unset')}</span>
                      <p className="field-note">{t('setting.notSettable')}</p>
                    </>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {error ? <ErrorNote error={error} title={t('plugins.failed.set', { who: whoSaid(error.code, t) })} testId="plugin-set-error" /> : null}
      <div className="row">
        <button type="submit" className="button primary" disabled={!changes.length || saving || plugin.enabled} aria-busy={saving}>
          {t('setting.save')}
        </button>
        <span aria-live="polite" className="muted">
          {saving ? t('setting.saving') : saved ? t('setting.saved') : ''}
        </span>
      </div>
      {twinValues.length ? <CommandHint command={cliTwin.set(plugin.name, twinValues)} /> : null}
    </form>
  );
}
