/** Push, in a plugin's details: the existing push job (build:push) with its progress and the registry's error. */
import type { PluginSummary } from '../../../electron/ipc/types';
import { useT } from '../../i18n/useT';
import { isActive } from '../../stores/install-run';
import { RunPanel } from './RunPanel';
import { useInstall, useInstallStore } from './useInstall';

export function PushPanel({ plugin }: { plugin: PluginSummary }) {
  const t = useT();
  const store = useInstallStore();
  const push = useInstall((s) => s.push);
  const mine = push.name === plugin.name;
  const running = isActive(push.run);
  const digest = mine && push.run?.state === 'succeeded' ? (push.run.result as { digest?: string | null } | null)?.digest : null;
  return (
    <div className="push-panel">
      <p className="muted">{t('push.hint', { name: plugin.name })}</p>
      <button type="button" className="button" disabled={running} onClick={() => void store.getState().startPush(plugin.name)} data-testid="push-button">
        {running && mine ? t('push.pushing') : t('push.button')}
      </button>
      {running && !mine ? <p className="muted">{t('push.otherRunning', { name: push.name })}</p> : null}
      {mine && push.run ? (
        <RunPanel run={push.run} testId="push-run" failedTitle={t('push.failed')}>
          {push.run.state === 'succeeded' ? (
            <p className="build-outcome ok" role="status">
              {t('push.done', { name: plugin.name })} {digest ? <span className="mono">{digest}</span> : null}
            </p>
          ) : null}
        </RunPanel>
      ) : null}
    </div>
  );
}
