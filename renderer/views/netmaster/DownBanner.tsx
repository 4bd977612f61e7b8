/**
 * netmaster not answering (or no URL at all): one clear banner naming the URL and the reason,
 * with Retry — the screen around it stays, so the user can fix the URL right there. While a
 * new attempt runs it says "Connecting to …" and keeps the old reason only as what happened
 * before, so an old error never reads as the answer to the new URL.
 */
import type { NetmasterStatus } from '../../../electron/ipc/types';
import { useT } from '../../i18n/useT';

export function DownBanner({ status, busy, target, onRetry }: { status: NetmasterStatus; busy: boolean; target?: string; onRetry(): void }) {
  const t = useT();
  const err = status.error;
  if (!err) return null;
  if (busy) {
    return (
      <div role="status" className="nm-banner nm-banner-connecting" data-testid="netmaster-connecting">
        <p className="nm-banner-title">
          <span className="spinner" aria-hidden="true" /> {target ? t('netmaster.down.connecting', { url: target }) : t('netmaster.down.connectingFound')}
        </p>
        <p className="nm-banner-before muted">
          {t('netmaster.down.before')} <span className="mono">{err.message}</span>
        </p>
      </div>
    );
  }
  const noUrl = err.code === 'netmaster/no-url';
  return (
    <div role="alert" className="nm-banner" data-testid="netmaster-down" data-code={err.code}>
      <p className="nm-banner-title">{noUrl ? t('netmaster.down.noUrl') : t('netmaster.down.title', { url: status.url ?? '—' })}</p>
      <p className="error-message">{err.message}</p>
      {err.detail ? (
        <details className="error-detail">
          <summary>{t('error.showDetails')}</summary>
          <pre>{err.detail}</pre>
        </details>
      ) : null}
      <button type="button" className="button" onClick={onRetry} disabled={busy} aria-busy={busy}>
        {t('netmaster.retry')}
      </button>
    </div>
  );
}
