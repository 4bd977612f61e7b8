/**
 * One check of the report: title and status badge, why it matters, the fix as text with its
 * CLI twin, and the evidence folded (it can be long: log lines). A skipped check shows its
 * reason in the open — "skipped: needs root" is the answer, not a detail.
 */
import { CommandHint } from '../../components/CommandHint';
import { useT } from '../../i18n/useT';
import type { DoctorCheckResult } from '../../../electron/ipc/types';

export function CheckItem({ check }: { check: DoctorCheckResult }) {
  const t = useT();
  const skipped = check.status === 'skip';
  return (
    <li className={`doctor-check doctor-${check.status}`} data-testid={`doctor-check-${check.id}`} data-status={check.status}>
      <div className="doctor-check-head">
        <span className={`badge doctor-badge doctor-badge-${check.status}`}>{t(`doctor.status.${check.status}`)}</span>
        <h3 className="doctor-check-title">{check.title}</h3>
        <span className="muted mono doctor-check-id">{check.id}</span>
      </div>
      {skipped && check.evidence[0] ? <p className="doctor-skip-reason">{check.evidence[0]}</p> : null}
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
