/** A service-side job as a panel: progress, stage, the last log lines, the error in the engine's words. */
import type { ReactNode } from 'react';
import { CommandHint } from '../../components/CommandHint';
import { ErrorNote } from '../../components/ErrorNote';
import { useT } from '../../i18n/useT';
import type { RunView } from '../../stores/install-run';

// eslint-disable-next-line no-control-regex
const plain = (s: string) => s.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');

export function RunPanel({ run, testId, failedTitle, onCancel, children }: { run: RunView; testId: string; failedTitle: string; onCancel?: () => void; children?: ReactNode }) {
  const t = useT();
  const active = run.state === 'starting' || run.state === 'running';
  const pct = run.progress !== null ? Math.round(run.progress * 100) : null;
  return (
    <section className="run-panel" data-testid={testId} data-state={run.state} aria-busy={active}>
      <p className="run-title">
        <strong>{run.title}</strong> <span className="muted">{t(`install.run.${run.state}`)}</span>
      </p>
      <div
        className={`progress-bar${pct === null && active ? ' indeterminate' : ''}`}
        role="progressbar"
        aria-label={run.title}
        aria-valuemin={0}
        aria-valuemax={100}
        {...(pct !== null ? { 'aria-valuenow': pct } : {})}
        data-testid={`${testId}-progress`}
      >
        <div className="progress-fill" style={{ width: `${pct ?? (active ? 30 : 0)}%` }} />
      </div>
      <p className="muted" aria-live="polite" data-testid={`${testId}-stage`}>
        {active ? run.stage || t('install.run.starting') : ''}
      </p>
      {active && onCancel && run.id ? (
        <button type="button" className="button small" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      ) : null}
      {run.state === 'failed' && run.error ? <ErrorNote error={run.error} title={failedTitle} testId={`${testId}-error`} /> : null}
      {children}
      {run.lines.length ? (
        <details className="run-log" open={run.state === 'failed'}>
          <summary>{t('install.run.log', { count: run.lines.length })}</summary>
          <pre className="json" data-testid={`${testId}-log`}>
            {run.lines.map((l, i) => (
              <span key={i} className={l.stream === 'stderr' ? 'stderr' : undefined}>
                {plain(l.text)}
                {'\n'}
              </span>
            ))}
          </pre>
        </details>
      ) : null}
      {run.command ? <CommandHint command={run.command} /> : null}
    </section>
  );
}
