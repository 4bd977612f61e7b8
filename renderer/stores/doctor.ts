/**
 * The Doctor screen's state: the optional plugin / netmaster fields, the doctor job as the
 * user sees it (checks done of total, then the report, grouped failures first) and the
 * diagnostic bundle save.
 *
 * The run is a service-side job: the store keeps its id and what it derived from the job's
 * stream, replayed from seq 0 — so a reload mid-run picks the running (else the last) doctor
 * job up from `jobs:list` and shows the same progress and report again.
 *
 * Re-running one check is its own small job (`doctor:recheck`); its result replaces just that
 * check in place (`patches`, laid over the full report by mergeChecks), and a reload lays the
 * re-runs that came after the last full run over it again. A fix (enable, set) is performed
 * through the plugins requests, then its check is re-run; a fix that opens Settings leaves the
 * check marked, and the next visit to the Doctor re-runs it.
 */
import { createStore } from 'zustand/vanilla';
import type { PlugsmithApi } from '../../electron/ipc/contract';
import type { DoctorBundleResult, DoctorCheckResult, DoctorReport, DoctorStatus, DoctorVerdict, JobEvent, JobInfo } from '../../electron/ipc/types';
import type { DoctorAction } from '../../electron/ipc/types';
import type { CheckId } from '../../electron/services/doctor/check-ids';
import { toErrorInfo, type ErrorInfo } from './errors';
import { createJobFollower } from './job-follower';
import { performFix, waitForJob, type FixError, type FixStep } from './doctor-actions';
import { mergeVerdict, recheckIds, type VerdictPatch } from './doctor-verdict';

/** Failures first (they are why the user came), then warnings, passes, and skips last. */
export const STATUS_ORDER: DoctorStatus[] = ['fail', 'warn', 'unknown', 'pass', 'skip'];

export type DoctorJobState = 'starting' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface DoctorJobView {
  /** null until `doctor:run` answered. */
  id: string | null;
  state: DoctorJobState;
  /** Checks finished / all checks, from the service's progress text; null before the first one. */
  done: number | null;
  total: number | null;
  progress: number | null;
  report: DoctorReport | null;
  error: ErrorInfo | null;
  /** The run's CLI twin (`plugsmith doctor --plugin …`), from the job. */
  command: string | null;
}

export interface DoctorGroup {
  status: DoctorStatus;
  checks: DoctorCheckResult[];
}

export interface BundleView {
  busy: boolean;
  result: DoctorBundleResult | null;
  error: ErrorInfo | null;
}

/** One check being re-run (alone) or fixed. */
export interface CheckTask {
  /** What is happening now: a fix step, or the re-run of the check. */
  phase: FixStep | 'recheck';
  jobId: string | null;
}

export interface DoctorState {
  plugin: string;
  netmaster: string;
  bundlePath: string;
  job: DoctorJobView | null;
  bundle: BundleView;
  /** Results of checks re-run alone since the full run, in the order they finished (mergeChecks lays them over the report). */
  patches: DoctorCheckResult[];
  /** The verdicts of those re-runs, with the checks each covered (mergeVerdict lays them over the report's verdict). */
  verdictPatches: VerdictPatch[];
  /** Checks being re-run or fixed right now, by id. */
  tasks: Record<string, CheckTask>;
  /** The last failure of a re-run or fix, by check id (cleared by the next attempt). */
  taskErrors: Record<string, FixError | (ErrorInfo & { step: 'recheck' })>;
  /** Checks whose fix sent the user elsewhere (Settings): re-run when the Doctor is shown again. */
  pending: string[];

  setForm(patch: Partial<Pick<DoctorState, 'plugin' | 'netmaster' | 'bundlePath'>>): void;
  /** Runs every check (also the re-run); ignored while a run is in flight. */
  run(): Promise<void>;
  /** After a reload: the running doctor job, else the last one, from the service. */
  pickUp(): Promise<void>;
  saveBundle(): Promise<void>;
  /** Re-runs one check; its result replaces it in place. Ignored while the full run or another task on it runs. */
  rerunCheck(id: string): Promise<void>;
  /** Re-runs a cause of the verdict and the checks that follow from it, as one run; the results replace them in place and the verdict is updated. */
  recheckCause(check: string): Promise<void>;
  /** Performs a check's fix (after the user confirmed), then re-runs the check. `value`: what the user typed (open-editor). */
  fix(id: string, action: DoctorAction, value?: string): Promise<void>;
  /** A fix that navigates away: remember to re-run this check when the Doctor is shown again. */
  markPending(id: string): void;
  /** The Doctor is shown: re-run the checks marked pending. */
  resumePending(): Promise<void>;
  /** Stops following the job stream (the store is being dropped). */
  dispose(): void;
}

/** A full run (what a reload shows as the report) vs a re-run of some checks (laid over it). */
const FULL_RUN_KIND = 'doctor:run';
const RECHECK_KIND = 'doctor:recheck';

/**
 * The report as the user sees it: each re-run check's latest result in place of the full run's
 * (same position, so nothing jumps but its status group); later patches win. Pure.
 */
export function mergeChecks(report: DoctorReport | null, patches: DoctorCheckResult[], verdictPatches: VerdictPatch[] = []): DoctorReport | null {
  if (!report || (patches.length === 0 && verdictPatches.length === 0)) return report;
  const latest = new Map<string, DoctorCheckResult>();
  for (const p of patches) latest.set(p.id, p);
  const checks = report.checks.map((c) => latest.get(c.id) ?? c);
  return { ...report, checks, verdict: mergeVerdict(report.verdict, verdictPatches, checks) };
}

/** "3 of 16 checks" → {done: 3, total: 16}. */
export function parseCounts(stage: string): { done: number; total: number } | null {
  const m = /(\d+)\s+of\s+(\d+)/.exec(stage);
  return m ? { done: Number(m[1]), total: Number(m[2]) } : null;
}

function isReport(r: unknown): r is DoctorReport {
  return !!r && typeof r === 'object' && Array.isArray((r as DoctorReport).checks);
}

/** The report's checks by status, in STATUS_ORDER; empty groups left out; the service's order kept within one. */
export function groupChecks(checks: DoctorCheckResult[]): DoctorGroup[] {
  return STATUS_ORDER.map((status) => ({ status, checks: checks.filter((c) => c.status === status) })).filter((g) => g.checks.length > 0);
}

export function countByStatus(checks: DoctorCheckResult[]): Record<DoctorStatus, number> {
  const n: Record<DoctorStatus, number> = { fail: 0, warn: 0, unknown: 0, pass: 0, skip: 0 };
  for (const c of checks) n[c.status]++;
  return n;
}

const freshJob = (): DoctorJobView => ({ id: null, state: 'starting', done: null, total: null, progress: null, report: null, error: null, command: null });

/** The job view after one event of its stream (pure: a replay gives the same view). */
function reduceDoctorEvent(view: DoctorJobView, e: JobEvent): DoctorJobView {
  if (e.type === 'log') return view;
  if (e.type === 'progress') {
    const c = parseCounts(e.stage);
    return { ...view, state: view.state === 'starting' ? 'running' : view.state, progress: e.progress ?? view.progress, ...(c ?? {}) };
  }
  const job = e.job;
  const c = parseCounts(job.stage);
  const base: DoctorJobView = { ...view, id: job.id, command: job.command || view.command, ...(c ?? {}) };
  if (job.state === 'running') return { ...base, state: 'running', progress: job.progress ?? base.progress };
  const report = isReport(job.result) ? job.result : null;
  return {
    ...base,
    state: job.state,
    progress: job.state === 'succeeded' ? 1 : base.progress,
    ...(report ? { report, done: report.checks.length, total: report.checks.length } : {}),
    error: job.error ?? (job.state === 'failed' ? { code: 'jobs/failed', message: 'failed' } : null),
  };
}

const trimmed = (s: string) => s.trim() || undefined;

export function createDoctorStore(api: PlugsmithApi) {
  const follower = createJobFollower(api);
  let bundleSeq = 0;

  return createStore<DoctorState>()((set, get) => {
    const updateJob = (jobId: string, fn: (v: DoctorJobView) => DoctorJobView) => {
      const j = get().job;
      if (j && j.id === jobId) set({ job: fn(j) });
    };
    const unfollow = () => follower.unfollow();
    const subscribe = (jobId: string) => {
      follower.follow(jobId, (e) => updateJob(jobId, (v) => reduceDoctorEvent(v, e)));
    };
    const busy = () => {
      const s = get().job?.state;
      return s === 'starting' || s === 'running';
    };
    const setTask = (id: string, task: CheckTask | null) =>
      set((s) => {
        const tasks = { ...s.tasks };
        if (task) tasks[id] = task;
        else delete tasks[id];
        return { tasks };
      });
    const setTaskError = (id: string, e: DoctorState['taskErrors'][string] | null) =>
      set((s) => {
        const taskErrors = { ...s.taskErrors };
        if (e) taskErrors[id] = e;
        else delete taskErrors[id];
        return { taskErrors };
      });
    /**
     * Runs some checks (one, or a cause and its consequences) as one job and lays their results and
     * its verdict over the report; the tasks must already be set. Errors are reported on `ids[0]`.
     */
    const recheck = async (ids: string[]) => {
      const plugin = trimmed(get().plugin);
      const netmaster = trimmed(get().netmaster);
      const runOf = get().job?.id ?? null;
      const lead = ids[0];
      try {
        const { jobId } = await api.call('doctor:run', { ...(plugin ? { plugin } : {}), ...(netmaster ? { netmaster } : {}), checks: ids as CheckId[] }); // ids come from the service's own report; it validates them again
        for (const id of ids) setTask(id, { phase: 'recheck', jobId });
        const job = await waitForJob(api, jobId);
        // A full run started meanwhile: its report is newer than this result.
        if (get().job?.id !== runOf) return;
        const fresh = isReport(job.result) ? ids.map((id) => (job.result as DoctorReport).checks.find((c) => c.id === id)).filter((c): c is DoctorCheckResult => !!c) : [];
        if (job.state === 'succeeded' && fresh.length === ids.length) {
          const verdict = (job.result as DoctorReport).verdict as DoctorVerdict | undefined;
          set((s) => ({ patches: [...s.patches, ...fresh], ...(verdict ? { verdictPatches: [...s.verdictPatches, { ids, verdict }] } : {}) }));
        } else setTaskError(lead, { step: 'recheck', ...(job.error ?? { code: `jobs/${job.state}`, message: `the re-run ${job.state}` }) });
      } catch (err) {
        setTaskError(lead, { step: 'recheck', ...toErrorInfo(err) });
      }
    };
    /** A re-run or fix may start: a report exists, no full run is going, nothing else runs on this check. */
    const canTask = (id: string) => !!get().job?.report && !busy() && !get().tasks[id];

    return {
      plugin: '',
      netmaster: '',
      bundlePath: '',
      job: null,
      bundle: { busy: false, result: null, error: null },
      patches: [],
      verdictPatches: [],
      tasks: {},
      taskErrors: {},
      pending: [],

      setForm(patch) {
        set(patch);
      },

      async run() {
        // A fix half done (disabled, not yet enabled) must finish before everything is re-read.
        if (busy() || Object.keys(get().tasks).length) return;
        unfollow();
        set({ job: freshJob(), patches: [], verdictPatches: [], taskErrors: {}, pending: [] });
        const plugin = trimmed(get().plugin);
        const netmaster = trimmed(get().netmaster);
        try {
          const { jobId } = await api.call('doctor:run', { ...(plugin ? { plugin } : {}), ...(netmaster ? { netmaster } : {}) });
          const j = get().job;
          if (!j || j.id !== null) return; // superseded by a pick-up
          set({ job: { ...j, id: jobId, state: 'running' } });
          subscribe(jobId);
        } catch (err) {
          // Refused before a job existed (a bad URL, the service gone): said as the run's error.
          const j = get().job;
          if (j && j.id === null) set({ job: { ...j, state: 'failed', error: toErrorInfo(err) } });
        }
      },

      async pickUp() {
        if (get().job) return;
        // What the plugin field held when the screen opened: if the user types while jobs:list is on its
        // way, the picked-up run must not write its own plugin over what they typed.
        const typedBefore = get().plugin;
        let jobs: JobInfo[];
        try {
          jobs = await api.call('jobs:list', {});
        } catch {
          return; // nothing to show yet; Run all still works
        }
        if (get().job) return; // a run was started meanwhile
        // Full runs only: re-runs of one check (and any other doctor:* job) are not a report of their own.
        const mine = jobs.filter((j) => j.kind === FULL_RUN_KIND).sort((a, b) => b.startedAt.localeCompare(a.startedAt));
        const pick = mine.find((j) => j.state === 'running') ?? mine[0];
        if (!pick) return;
        // The checks re-run alone after that run, laid over its report in the order they ended.
        const rechecks = jobs
          .filter((j) => j.kind === RECHECK_KIND && j.state === 'succeeded' && j.startedAt >= pick.startedAt && isReport(j.result))
          .sort((a, b) => (a.endedAt ?? '').localeCompare(b.endedAt ?? ''))
          .map((j) => j.result as DoctorReport);
        const patches = rechecks.flatMap((r) => r.checks);
        const verdictPatches = rechecks.filter((r) => r.verdict).map((r) => ({ ids: r.checks.map((c) => c.id), verdict: r.verdict }));
        // The job's own info first (its stream may be pruned), then its stream from the start.
        set({ job: reduceDoctorEvent(freshJob(), { type: 'state', job: pick, at: pick.endedAt ?? pick.startedAt }), patches, verdictPatches, ...(pick.target && get().plugin === typedBefore ? { plugin: pick.target } : {}) });
        subscribe(pick.id);
      },

      async saveBundle() {
        const path = get().bundlePath.trim();
        if (!path || get().bundle.busy) return;
        const seq = ++bundleSeq;
        set({ bundle: { busy: true, result: null, error: null } });
        const plugin = trimmed(get().plugin);
        try {
          const result = await api.call('doctor:bundle', { path, ...(plugin ? { plugin } : {}) });
          if (seq === bundleSeq) set({ bundle: { busy: false, result, error: null } });
        } catch (err) {
          if (seq === bundleSeq) set({ bundle: { busy: false, result: null, error: toErrorInfo(err) } });
        }
      },

      async rerunCheck(id) {
        if (!canTask(id)) return;
        setTaskError(id, null);
        setTask(id, { phase: 'recheck', jobId: null });
        try {
          await recheck([id]);
        } finally {
          setTask(id, null);
        }
      },

      async recheckCause(check) {
        const report = mergeChecks(get().job?.report ?? null, get().patches, get().verdictPatches);
        const cause = report?.verdict?.causes.find((c) => c.check === check);
        if (!cause) return;
        const ids = recheckIds(cause);
        if (!ids.every(canTask)) return;
        for (const id of ids) {
          setTaskError(id, null);
          setTask(id, { phase: 'recheck', jobId: null });
        }
        try {
          await recheck(ids);
        } finally {
          for (const id of ids) setTask(id, null);
        }
      },

      async fix(id, action, value) {
        if (!canTask(id)) return;
        setTaskError(id, null);
        setTask(id, { phase: 'recheck', jobId: null });
        try {
          const err = await performFix(api, action, value, (step) => setTask(id, { phase: step, jobId: null }));
          if (err) setTaskError(id, err);
          // Re-run either way: after a failed fix the check shows what is true now.
          setTask(id, { phase: 'recheck', jobId: null });
          const keep = get().taskErrors[id];
          await recheck([id]);
          // The re-run's own success must not hide why the fix failed.
          if (keep && !get().taskErrors[id]) setTaskError(id, keep);
        } finally {
          setTask(id, null);
        }
      },

      markPending(id) {
        if (!get().pending.includes(id)) set((s) => ({ pending: [...s.pending, id] }));
      },

      async resumePending() {
        const ids = get().pending;
        if (!ids.length || !get().job?.report || busy()) return;
        set({ pending: [] });
        await Promise.all(ids.map((id) => get().rerunCheck(id)));
      },

      dispose() {
        unfollow();
      },
    };
  });
}

export type DoctorStore = ReturnType<typeof createDoctorStore>;
