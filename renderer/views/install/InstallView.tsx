/**
 * The Install screen: a reference (and an optional alias), Inspect → the consent screen →
 * Accept → the install job's progress → the result, with a link back to the Plugins list.
 * Reached from the sidebar and from the Plugins screen's empty state and details.
 */
import './install.css';
import type { InstallResult } from '../../../electron/ipc/types';
import { CommandHint } from '../../components/CommandHint';
import { ErrorNote } from '../../components/ErrorNote';
import { useT } from '../../i18n/useT';
import { isActive } from '../../stores/install-run';
import { ConsentPanel } from './ConsentPanel';
import { CredentialsFields } from './CredentialsFields';
import { RunPanel } from './RunPanel';
import { useInstall, useInstallStore } from './useInstall';

export function InstallView() {
  const t = useT();
  const store = useInstallStore();
  const form = useInstall((s) => s.form);
  const flow = useInstall((s) => s.install);
  const busy = flow.inspecting || isActive(flow.run);
  const result = flow.run?.state === 'succeeded' ? (flow.run.result as InstallResult | null) : null;

  return (
    <div className="install-view">
      <header className="view-header">
        <h1>{t('install.title')}</h1>
        <p className="muted">{t('install.intro')}</p>
      </header>
      <form
        className="card install-form"
        aria-labelledby="install-form-title"
        onSubmit={(e) => {
          e.preventDefault();
          void store.getState().inspectInstall();
        }}
      >
        <h2 id="install-form-title">{t('install.what')}</h2>
        <label>
          {t('install.reference')}
          <input
            type="text"
            className="input mono"
            value={form.reference}
            placeholder="localhost:5000/acme/plugin:1.0"
            spellCheck={false}
            autoComplete="off"
            disabled={isActive(flow.run)}
            onChange={(e) => store.getState().setForm({ reference: e.target.value })}
          />
        </label>
        <label>
          {t('install.alias')}
          <input
            type="text"
            className="input mono"
            value={form.alias}
            placeholder={t('install.aliasPlaceholder')}
            spellCheck={false}
            autoComplete="off"
            disabled={isActive(flow.run)}
            onChange={(e) => store.getState().setForm({ alias: e.target.value })}
          />
        </label>
        <label className="check">
          <input type="checkbox" checked={form.enable} disabled={isActive(flow.run)} onChange={(e) => store.getState().setForm({ enable: e.target.checked })} />
          {t('install.enableAfter')}
        </label>
        <CredentialsFields />
        <div className="row">
          <button type="submit" className="button primary" disabled={busy || !form.reference.trim()}>
            {flow.inspecting ? t('install.inspecting') : t('install.inspect')}
          </button>
        </div>
      </form>

      {flow.inspectError ? <ErrorNote error={flow.inspectError} title={t('install.inspectFailed')} testId="install-inspect-error" /> : null}
      {flow.inspect && !flow.run ? (
        <ConsentPanel
          info={flow.inspect}
          acceptLabel={t('install.accept')}
          busy={busy}
          onAccept={() => void store.getState().acceptInstall()}
          onCancel={() => store.getState().declineInstall()}
        />
      ) : null}
      {flow.run ? (
        <RunPanel run={flow.run} testId="install-run" failedTitle={t('install.failed')} onCancel={() => void store.getState().cancelRun('install')}>
          {result ? (
            <div className="build-outcome ok" role="status" data-testid="install-result">
              <p>
                <strong>{t(result.plugin?.enabled ? 'install.done.enabled' : 'install.done.installed', { name: result.name })}</strong>{' '}
                <a href="#/plugins">{t('build.openPlugins')}</a>
              </p>
              {result.warnings.map((w) => (
                <p key={w} className="build-note warn">
                  {w}
                </p>
              ))}
            </div>
          ) : null}
          {!isActive(flow.run) ? (
            <button type="button" className="button small ghost" onClick={() => store.getState().resetInstall()}>
              {t('install.another')}
            </button>
          ) : null}
        </RunPanel>
      ) : null}
      {!flow.inspect && !flow.run ? <CommandHint command="docker plugin install --grant-all-permissions REFERENCE" /> : null}
    </div>
  );
}
