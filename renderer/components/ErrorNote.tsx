/** An error in the engine's own words, with the raw detail one click away. */
import { useT } from '../i18n/useT';
import type { ErrorInfo } from '../stores/errors';

export function ErrorNote({ error, title, testId, onDismiss }: { error: ErrorInfo; title?: string; testId?: string; onDismiss?: () => void }) {
  const t = useT();
  return (
    <div role="alert" className="error-note" data-testid={testId} data-code={error.code}>
      {title ? <p className="error-title">{title}</p> : null}
      <p className="error-message">{error.message}</p>
      {error.detail ? (
        <details className="error-detail">
          <summary>{t('error.showDetails')}</summary>
          <pre>{error.detail}</pre>
        </details>
      ) : null}
      {onDismiss ? (
        <button type="button" className="button small ghost" onClick={onDismiss}>
          {t('error.dismiss')}
        </button>
      ) : null}
    </div>
  );
}
