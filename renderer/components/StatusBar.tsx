/** The bottom line: which engine, which versions, whether we are linked to the services, how many jobs run. */
import { useT } from '../i18n/useT';
import { useEngine, useJobs } from '../stores/context';
import { runningCount } from '../stores/jobs';

export function StatusBar() {
  const t = useT();
  const status = useEngine((s) => s.status);
  const transport = useEngine((s) => s.transport);
  const jobs = useJobs(runningCount);

  return (
    <footer className="status-bar" aria-label={t('status.label')}>
      <span data-testid="status-engine" data-state={status?.state ?? 'unknown'}>
        {status ? (
          status.state === 'connected' ? (
            <>
              <span className="dot ok" aria-hidden="true" />
              {t('status.connected', { host: status.host, version: status.version ?? '?', api: status.apiVersion ?? '?' })}
            </>
          ) : (
            <>
              <span className="dot bad" aria-hidden="true" />
              {t(`status.engine.${status.state}`, { host: status.host })}
            </>
          )
        ) : (
          t('status.unknown')
        )}
      </span>
      {transport === 'reconnecting' ? (
        <span className="status-transport" role="status" data-testid="status-transport">
          {t('status.reconnecting')}
        </span>
      ) : null}
      <span className="status-jobs" data-testid="status-jobs">
        {t('status.jobs', { count: jobs })}
      </span>
    </footer>
  );
}
