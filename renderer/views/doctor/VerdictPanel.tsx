/**
 * The verdict, first on the Doctor screen: the cause to fix first as the top card (why it is the
 * cause, its fix and CLI twin), the checks that fail only because of it folded under it, the
 * other independent causes below it, and for "can't tell" exactly what Plugsmith needs. One click
 * re-checks a cause and its consequences together; each card links to its check (evidence and
 * one-click fix are there).
 */
import type { DoctorCause, DoctorReport } from '../../../electron/ipc/types';
import { CommandHint } from '../../components/CommandHint';
import { useT } from '../../i18n/useT';
import { recheckIds } from '../../stores/doctor-verdict';
import { useDoctor, useDoctorStore } from './useDoctor';

function CauseCard({ report, cause, first, locked }: { report: DoctorReport; cause: DoctorCause; first: boolean; locked: boolean }) {
  const t = useT();
  const store = useDoctorStore();
  const check = report.checks.find((c) => c.id === cause.check);
  const ids = recheckIds(cause);
  const busy = useDoctor((s) => ids.some((id) => !!s.tasks[id]));
  const title = check?.title ?? cause.check;
  return (
    <li
      className={`doctor-cause doctor-${cause.status}${first ? ' doctor-cause-first' : ''}`}
      data-testid={`doctor-cause-${cause.check}`}
      data-status={cause.status}
      data-action={check?.action?.kind ?? 'none'}
      aria-busy={busy}
    >
      <div className="doctor-check-head">
        <span className={`badge doctor-badge doctor-badge-${cause.status}`}>{t(`doctor.status.${cause.status}`)}</span>
        <span className="doctor-cause-lead">{first ? t('doctor.verdict.fixFirst') : t('doctor.verdict.also')}</span>
        <h3 className="doctor-check-title">{title}</h3>
        <a className="muted mono doctor-check-id" href={`#check-${cause.check}`}>
          {cause.check}
        </a>
        <button
          type="button"
          className="button small"
          aria-label={t('doctor.verdict.recheckLabel', { title, count: cause.consequences.length })}
          disabled={locked || busy}
          onClick={() => void store.getState().recheckCause(cause.check)}
          data-testid={`doctor-recheck-cause-${cause.check}`}
        >
          {cause.consequences.length ? t('doctor.verdict.recheck') : t('doctor.rerunOne')}
        </button>
      </div>
      {cause.why ? (
        <p className="doctor-why">
          <span className="doctor-label">{t('doctor.verdict.because')}</span> {cause.why}
        </p>
      ) : null}
      {check?.fix ? (
        <p className="doctor-fix">
          <span className="doctor-label">{t('doctor.fix')}</span> {check.fix}
        </p>
      ) : null}
      {check?.command ? <CommandHint command={check.command} /> : null}
      {cause.consequences.length ? (
        <details className="doctor-consequences" data-testid={`doctor-consequences-${cause.check}`}>
          <summary>{t('doctor.verdict.consequences', { count: cause.consequences.length })}</summary>
          <ul>
            {cause.consequences.map((id) => {
              const c = report.checks.find((x) => x.id === id);
              return (
                <li key={id} data-consequence={id} data-status={c?.status ?? ''}>
                  <span className={`badge doctor-badge doctor-badge-${c?.status ?? 'skip'}`}>{c ? t(`doctor.status.${c.status}`) : ''}</span>{' '}
                  <a href={`#check-${id}`}>{c?.title ?? id}</a> <span className="muted mono">{id}</span>
                </li>
              );
            })}
          </ul>
        </details>
      ) : null}
    </li>
  );
}

export function VerdictPanel({ report, locked }: { report: DoctorReport; locked: boolean }) {
  const t = useT();
  const v = report.verdict;
  if (!v) return null;
  return (
    <section aria-labelledby="doctor-verdict-title" className={`card doctor-verdict doctor-verdict-${v.status}`} data-testid="doctor-verdict" data-status={v.status}>
      <h2 id="doctor-verdict-title">
        {t('doctor.verdict.title')}: <span data-testid="doctor-verdict-status">{t(`doctor.verdict.status.${v.status}`)}</span>
      </h2>
      {v.causes.length === 0 && v.status === 'healthy' ? <p className="muted">{t('doctor.verdict.none')}</p> : null}
      {v.causes.length ? (
        <ol className="doctor-causes">
          {v.causes.map((c, i) => (
            <CauseCard key={c.check} report={report} cause={c} first={i === 0} locked={locked} />
          ))}
        </ol>
      ) : null}
      {v.needs?.length ? (
        <div className="doctor-needs" data-testid="doctor-verdict-needs">
          <p className="doctor-label">{t('doctor.verdict.needs')}</p>
          <ul>
            {v.needs.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
