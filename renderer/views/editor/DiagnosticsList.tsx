/**
 * The model's diagnostics under the editor: counts of errors and warnings, and per
 * diagnostic its code, the stage it bites at and the message; clicking one moves
 * the cursor there (switching to the raw view when the form is shown).
 */
import type { Diagnostic } from '../../../electron/ipc/types';
import type { MessageKey } from '../../i18n';
import { useT } from '../../i18n/useT';

const STAGE_KEY: Record<Diagnostic['stage'], MessageKey> = {
  create: 'editor.stage.create',
  ignored: 'editor.stage.ignored',
  accepted: 'editor.stage.accepted',
  enable: 'editor.stage.enable',
  start: 'editor.stage.start',
  set: 'editor.stage.set',
  contiv: 'editor.stage.contiv',
  lint: 'editor.stage.lint',
};

export function DiagnosticsList({ diagnostics, pending, onJump }: { diagnostics: Diagnostic[]; pending: boolean; onJump(d: Diagnostic): void }) {
  const t = useT();
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  return (
    <section className="card editor-diagnostics" aria-label={t('editor.diagnostics')}>
      <div className="row editor-diagnostics-head">
        <h2>{t('editor.diagnostics')}</h2>
        <span className={`badge ${errors ? 'badge-error' : 'badge-ok'}`} data-testid="editor-error-count">
          {t('editor.errorCount', { count: errors })}
        </span>
        <span className={`badge ${warnings ? 'badge-warn' : 'badge-off'}`} data-testid="editor-warning-count">
          {t('editor.warningCount', { count: warnings })}
        </span>
        {pending ? <span className="muted small">{t('editor.checking')}</span> : null}
      </div>
      {diagnostics.length === 0 ? (
        <p className="muted">{t('editor.noDiagnostics')}</p>
      ) : (
        <ul className="diag-list">
          {diagnostics.map((d, i) => (
            <li key={`${d.code}-${d.pointer}-${d.from}-${i}`} className={`diag diag-${d.severity}`} data-code={d.code}>
              <button type="button" className="diag-button" onClick={() => onJump(d)} aria-label={t('editor.jumpTo', { line: d.line, column: d.column, message: d.message })}>
                <span className={`diag-sev diag-sev-${d.severity}`}>{t(`editor.severity.${d.severity}`)}</span>
                <span className="diag-pos mono">
                  {t('editor.position', { line: d.line, column: d.column })}
                </span>
                <code className="diag-code">{d.code}</code>
                <span className="diag-stage">{t(STAGE_KEY[d.stage] ?? 'editor.stage.lint')}</span>
                <span className="diag-message">{d.message}</span>
                {d.suggestion && !d.message.includes(d.suggestion) ? <span className="diag-suggestion">{t('editor.didYouMean', { suggestion: d.suggestion })}</span> : null}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
