/**
 * Upgrade, in a plugin's details: the reference (default: the one it was installed from),
 * Inspect → consent (new privileges marked) → upgrade, with "disable first" for an enabled
 * plugin (disable → upgrade → enable; the engine keeps its settings).
 */
import type { InstallResult, PluginSummary } from '../../../electron/ipc/types';
import { ErrorNote } from '../../components/ErrorNote';
import { useT } from '../../i18n/useT';
import { isActive } from '../../stores/install-run';
import { ConsentPanel } from './ConsentPanel';
import { RunPanel } from './RunPanel';
import { useInstall, useInstallStore } from './useInstall';

export function UpgradePanel({ plugin }: { plugin: PluginSummary }) {
  const t = useT();
  const store = useInstallStore();
  const u = useInstall((s) => s.upgrade);
  const mine = u.name === plugin.name;
  const busy = u.inspecting || isActive(u.run);
  const otherRunning = !mine && isActive(u.run);
  const reference = (plugin.raw as { PluginReference?: string } | null)?.PluginReference ?? '';
  const result = mine && u.run?.state === 'succeeded' ? (u.run.result as InstallResult | null) : null;

  if (!mine) {
    return (
      <div className="upgrade-panel">
        <button type="button" className="button" disabled={otherRunning} onClick={() => store.getState().openUpgrade(plugin.name, reference, plugin.enabled)} data-testid="upgrade-open">
          {t('upgrade.button')}
        </button>
        {otherRunning ? <p className="muted">{t('upgrade.otherRunning', { name: u.name })}</p> : null}
      </div>
    );
  }
  return (
    <div className="upgrade-panel" data-testid="upgrade-panel">
      <form
        className="install-form"
        onSubmit={(e) => {
          e.preventDefault();
          void store.getState().inspectUpgrade();
        }}
      >
        <label>
          {t('upgrade.reference')}
          <input type="text" className="mono" value={u.reference} spellCheck={false} disabled={isActive(u.run)} placeholder="localhost:5000/acme/plugin:2.0" onChange={(e) => store.getState().setUpgrade({ reference: e.target.value })} />
        </label>
        {plugin.enabled ? (
          <label className="check">
            <input type="checkbox" checked={u.disableFirst} disabled={isActive(u.run)} onChange={(e) => store.getState().setUpgrade({ disableFirst: e.target.checked })} />
            {t('upgrade.disableFirst')}
          </label>
        ) : null}
        <button type="submit" className="button" disabled={busy || !u.reference.trim()}>
          {u.inspecting ? t('install.inspecting') : t('install.inspect')}
        </button>
      </form>
      {u.inspectError ? <ErrorNote error={u.inspectError} title={t('install.inspectFailed')} /> : null}
      {u.inspect && !u.run ? (
        <ConsentPanel info={u.inspect} acceptLabel={t('upgrade.accept')} busy={busy} onAccept={() => void store.getState().acceptUpgrade()} onCancel={() => store.getState().declineUpgrade()} />
      ) : null}
      {u.run ? (
        <RunPanel run={u.run} testId="upgrade-run" failedTitle={t('upgrade.failed')} onCancel={() => void store.getState().cancelRun('upgrade')}>
          {result ? (
            <div className="build-outcome ok" role="status">
              <p>
                <strong>{t('upgrade.done', { name: result.name, reference: result.reference })}</strong>
              </p>
              {result.settingsChanges.map((c) => (
                <p key={c.key} className="mono">
                  {t('upgrade.setNew', { key: c.key, value: c.to })}
                </p>
              ))}
            </div>
          ) : null}
        </RunPanel>
      ) : null}
    </div>
  );
}
