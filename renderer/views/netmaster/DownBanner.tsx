/**
 * netmaster not answering (or no URL at all): one clear banner naming the URL and the reason,
 * with Retry — the screen around it stays, so the user can fix the URL right there.
 */
import type { NetmasterStatus } from '../../../electron/ipc/types';
import { useT } from '../../i18n/useT';

export function DownBanner({ status, busy, onRetry }: { status: NetmasterStatus; busy: boolean; onRetry(): void }) {
  const t = useT();
  const err = status.error;
  if (!err) return null;
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
