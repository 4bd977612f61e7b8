/**
 * Shown instead of a screen that needs the engine when the engine is not there:
 * which of the failures it is (unreachable, permission, too old), the address and
 * where it came from, the system's own words, and a way forward.
 */
import type { EngineStatus } from '../../../electron/ipc/types';
import { ErrorNote } from '../../components/ErrorNote';
import { useT } from '../../i18n/useT';
import { useEngine, useStores } from '../../stores/context';

export function EngineScreen({ status }: { status: EngineStatus }) {
  const t = useT();
  const stores = useStores();
  const retrying = useEngine((s) => s.retrying);
  const retryError = useEngine((s) => s.retryError);
  const source = t(`source.${status.source}`);

  let title: string;
  let body: string;
  switch (status.state) {
    case 'connecting':
      title = t('engine.connecting.title');
      body = t('engine.connecting.body', { host: status.host, source });
      break;
    case 'denied':
      title = t('engine.denied.title');
      body = t('engine.denied.body', { host: status.host, source });
      break;
    case 'too-old':
      title = t('engine.tooOld.title');
      body = t('engine.tooOld.body', {
        version: status.version ?? '?',
        api: status.apiVersion ?? '?',
        min: status.minApiVersion,
        host: status.host,
      });
      break;
    default:
      title = t('engine.unreachable.title');
      body = t('engine.unreachable.body', { host: status.host, source });
  }

  return (
    <section className="engine-screen" aria-labelledby="engine-screen-title" data-testid="engine-screen" data-state={status.state}>
      <h1 id="engine-screen-title">{title}</h1>
      <p>{body}</p>
      {status.state === 'denied' ? (
        <ul className="hints">
          <li>
            {t('engine.denied.group')} <code>sudo usermod -aG docker $USER</code>
          </li>
          <li>
            {t('engine.denied.sudo')} <code>sudo plugsmith serve</code>
          </li>
        </ul>
      ) : null}
      {status.error && status.state !== 'connecting' ? <ErrorNote error={status.error} testId="engine-error" /> : null}
      <p className="muted">{t('engine.autoRetry')}</p>
      <div className="row">
        <button type="button" className="button primary" aria-busy={retrying} disabled={retrying} onClick={() => void stores.engine.getState().retry()}>
          {retrying ? t('engine.retrying') : t('engine.retry')}
        </button>
        <a className="button" href="#/settings">
          {t('engine.openSettings')}
        </a>
      </div>
      {retryError ? <ErrorNote error={retryError} title={t('engine.retryFailed')} /> : null}
    </section>
  );
}
