/**
 * One check of the report: title and status badge, a Re-run button for just this check, why it
 * matters, the fix as text with its CLI twin, the one-click fix when there is a safe one (with
 * its own twin), and the evidence folded (it can be long: log lines). A skipped check shows its
 * reason in the open — "skipped: needs root" is the answer, not a detail.
 */
import { CommandHint } from '../../components/CommandHint';
import { ErrorNote } from '../../components/ErrorNote';
import { useT } from '../../i18n/useT';
import type { DoctorCheckResult } from '../../../electron/ipc/types';
import { FixAction } from './FixAction';
import { useDoctor, useDoctorStore } from './useDoctor';

export function CheckItem({ check, locked }: { check: DoctorCheckResult; /** A full run is going: no single re-run or fix. */ locked: boolean }) {
  const t = useT();
  const store = useDoctorStore();
  const task = useDoctor((s) => s.tasks[check.id]);
  const taskError = useDoctor((s) => s.taskErrors[check.id]);
  const skipped = check.status === 'skip';
  // Can't tell: why is the answer (the evidence lines that say what could not be verified), shown in the open.
  const cantTell = check.status === 'unknown' ? (check.cantTell ?? []) : [];
  const busy = !!task;
  return (
    <li id={`check-${check.id}`} className={`doctor-check doctor-${check.status}`} data-testid={`doctor-check-${check.id}`} data-status={check.status} aria-busy={busy}>
      <div className="doctor-check-head">
        <span className={`badge doctor-badge doctor-badge-${check.status}`}>{t(`doctor.status.${check.status}`)}</span>
        <h3 className="doctor-check-title">{check.title}</h3>
        <span className="muted mono doctor-check-id">{check.id}</span>
        <button
          type="button"
          className="button small doctor-rerun-one"
          aria-label={t('doctor.rerunOneLabel', { title: check.title })}
          disabled={locked || busy}
          onClick={() => void store.getState().rerunCheck(check.id)}
          data-testid={`doctor-rerun-${check.id}`}
        >
          {t('doctor.rerunOne')}
        </button>
        {/* Always present, so screen readers hear each step (disabling, setting, enabling, re-running). */}
        <span className="muted small doctor-task" aria-live="polite" data-testid={`doctor-task-${check.id}`}>
          {task ? t(`doctor.phase.${task.phase}`) : ''}
        </span>
      </div>
      {skipped && check.evidence[0] ? <p className="doctor-skip-reason">{check.evidence[0]}</p> : null}
      {cantTell.length ? (
        <p className="doctor-skip-reason" data-testid={`doctor-cant-tell-${check.id}`}>
          {t('doctor.cantTell', { reason: cantTell.join('; ') })}
        </p>
      ) : null}
      {check.why ? (
        <p className="doctor-why">
          <span className="doctor-label">{t('doctor.why')}</span> {check.why}
        </p>
      ) : null}
      {check.fix && check.status !== 'pass' ? (
        <p className="doctor-fix">
          <span className="doctor-label">{t('doctor.fix')}</span> {check.fix}
        </p>
      ) : null}
      {check.command ? <CommandHint command={check.command} /> : null}
      {check.action ? <FixAction checkId={check.id} action={check.action} disabled={locked || busy} /> : null}
      {taskError ? (
        <ErrorNote
          error={taskError}
          title={t(`doctor.failed.${taskError.step}`)}
          testId={`doctor-fix-error-${check.id}`}
        />
      ) : null}
      {check.evidence.length ? (
        <details className="doctor-evidence">
          <summary>{t('doctor.evidence', { count: check.evidence.length })}</summary>
          <ul>
            {check.evidence.map((line, i) => (
              <li key={i} className="mono">
                {line}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </li>
  );
}
