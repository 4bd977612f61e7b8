/**
 * The Doctor screen: optional plugin and netmaster, Run all, a progress bar counting finished
 * checks (each check is bounded service-side, so the bar always moves on), then the summary
 * and the checks grouped failures first. Mounting it picks up a doctor run still going (or
 * the last one) after a reload. Each check can be re-run alone (its result replaces it in place)
 * and may carry a one-click fix; a fix that went to Settings re-runs its check on the way back.
 * The verdict comes first (VerdictPanel): the cause to fix first, its consequences folded under it.
 */
import { useEffect, useMemo } from 'react';
import { CommandHint } from '../../components/CommandHint';
import { ErrorNote } from '../../components/ErrorNote';
import { useT } from '../../i18n/useT';
import { countByStatus, groupChecks, mergeChecks, STATUS_ORDER } from '../../stores/doctor';
import { BundlePanel } from './BundlePanel';
import { LogTailPanel } from './LogTailPanel';
import { CheckItem } from './CheckItem';
import { VerdictPanel } from './VerdictPanel';
import { useDoctor, useDoctorStore } from './useDoctor';
import { parseDoctorHash } from './for-plugin';

export function DoctorView() {
  const t = useT();
  const store = useDoctorStore();
  const plugin = useDoctor((s) => s.plugin);
  const netmaster = useDoctor((s) => s.netmaster);
  const job = useDoctor((s) => s.job);
  const running = job?.state === 'starting' || job?.state === 'running';
  const patches = useDoctor((s) => s.patches);
  // A check re-run alone (or after a fix) replaces its result in place.
  const verdictPatches = useDoctor((s) => s.verdictPatches);
  // …and a re-run's verdict over the checks it covered replaces what the full run said about them.
  const report = useMemo(() => mergeChecks(job?.report ?? null, patches, verdictPatches), [job?.report, patches, verdictPatches]);
  const tasksBusy = useDoctor((s) => Object.keys(s.tasks).length > 0);

  useEffect(() => {
    // Opened for one plugin (a failed enable on the Plugins screen): run the doctor on it now, and drop
    // the request from the address so a reload does not run it again.
    const asked = parseDoctorHash(window.location.hash);
    if (asked.run && asked.plugin) {
      window.history.replaceState(null, '', '#/doctor');
      store.getState().setForm({ plugin: asked.plugin });
      void store.getState().run();
      return;
    }
    // Back from Settings after a fix that went there: re-run the checks it concerned.
    void store.getState().pickUp().then(() => store.getState().resumePending());
  }, [store]);

  const pct = job?.progress === null || job?.progress === undefined ? null : Math.round(Math.max(0, Math.min(1, job.progress)) * 100);
  const counts = report ? countByStatus(report.checks) : null;

  return (
    <div className="doctor-view">
      <header className="view-header">
        <h1>{t('doctor.title')}</h1>
        <p className="muted">{t('doctor.subtitle')}</p>
      </header>

      <form
        className="card doctor-form"
        onSubmit={(e) => {
          e.preventDefault();
          void store.getState().run();
        }}
      >
        <label className="doctor-field">
          <span className="field-label">{t('doctor.plugin')}</span>
          <input
            className="input mono"
            value={plugin}
            placeholder={t('doctor.pluginPlaceholder')}
            onChange={(e) => store.getState().setForm({ plugin: e.target.value })}
            disabled={running}
          />
        </label>
        <label className="doctor-field">
          <span className="field-label">{t('doctor.netmaster')}</span>
          <input
            className="input mono"
            value={netmaster}
            placeholder="http://127.0.0.1:9999"
            onChange={(e) => store.getState().setForm({ netmaster: e.target.value })}
            disabled={running}
          />
        </label>
        <button type="submit" className="button primary" disabled={running || tasksBusy}>
          {running ? t('doctor.running') : job ? t('doctor.rerun') : t('doctor.runAll')}
        </button>
      </form>

      <LogTailPanel />

      {job ? (
        <div className="doctor-progress" data-testid="doctor-progress-row">
          <div
            className={`progress-bar${pct === null && running ? ' indeterminate' : ''}`}
            role="progressbar"
            aria-label={t('doctor.progressLabel')}
            aria-valuemin={0}
            aria-valuemax={100}
            {...(pct !== null ? { 'aria-valuenow': pct } : {})}
            data-testid="doctor-progress"
          >
            <div className="progress-fill" style={{ width: `${pct ?? (running ? 30 : 0)}%` }} />
          </div>
          <span className="muted" data-testid="doctor-progress-text">
            {job.done !== null && job.total !== null
              ? t('doctor.progress', { done: job.done, total: job.total })
              : running
                ? t('doctor.starting')
                : t(`doctor.jobState.${job.state}`)}
          </span>
        </div>
      ) : (
        <p className="muted doctor-empty">{t('doctor.empty')}</p>
      )}

      {job?.error ? <ErrorNote error={job.error} title={t('doctor.runFailed')} testId="doctor-error" /> : null}

      {/* The verdict leads: the cause to fix first, its consequences folded under it. */}
      {report?.verdict ? <VerdictPanel report={report} locked={running} /> : null}

      {report && counts ? (
        <section aria-labelledby="doctor-summary-title" className="card doctor-summary" data-testid="doctor-summary">
          <h2 id="doctor-summary-title">{t('doctor.summary')}</h2>
          <p className="doctor-counts">
            {STATUS_ORDER.map((s) => (
              <span key={s} className={`badge doctor-badge doctor-badge-${s}`} data-testid={`doctor-count-${s}`} data-count={counts[s]}>
                {t(`doctor.count.${s}`, { count: counts[s] })}
              </span>
            ))}
          </p>
          <p className="muted">{t('doctor.summaryMeta', { host: report.host, plugin: report.plugin ?? '—', ms: report.ms })}</p>
          {job?.command ? <CommandHint command={job.command} /> : null}
        </section>
      ) : null}

      {report
        ? groupChecks(report.checks).map((g) => (
            <section key={g.status} className="doctor-group" aria-label={t(`doctor.group.${g.status}`)} data-testid={`doctor-group-${g.status}`}>
              <h2>
                {t(`doctor.group.${g.status}`)} <span className="muted">({g.checks.length})</span>
              </h2>
              <ul className="doctor-checks">
                {g.checks.map((c) => (
                  <CheckItem key={c.id} check={c} locked={running} />
                ))}
              </ul>
            </section>
          ))
        : null}

      <BundlePanel />
    </div>
  );
}
