/**
 * The Doctor screen's state: the optional plugin / netmaster fields, the doctor job as the
 * user sees it (checks done of total, then the report, grouped failures first) and the
 * diagnostic bundle save.
 *
 * The run is a service-side job: the store keeps its id and what it derived from the job's
 * stream, replayed from seq 0 — so a reload mid-run picks the running (else the last) doctor
 * job up from `jobs:list` and shows the same progress and report again.
 */
import { createStore } from 'zustand/vanilla';
import type { PlugsmithApi } from '../../electron/ipc/contract';
import type { DoctorBundleResult, DoctorCheckResult, DoctorReport, DoctorStatus, JobEvent, JobInfo } from '../../electron/ipc/types';
import { toErrorInfo, type ErrorInfo } from './errors';
import { createJobFollower } from './job-follower';

/** Failures first (they are why the user came), then warnings, passes, and skips last. */
export const STATUS_ORDER: DoctorStatus[] = ['fail', 'warn', 'pass', 'skip'];

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

export interface DoctorState {
  plugin: string;
  netmaster: string;
  bundlePath: string;
  job: DoctorJobView | null;
  bundle: BundleView;

  setForm(patch: Partial<Pick<DoctorState, 'plugin' | 'netmaster' | 'bundlePath'>>): void;
  /** Runs every check (also the re-run); ignored while a run is in flight. */
  run(): Promise<void>;
  /** After a reload: the running doctor job, else the last one, from the service. */
  pickUp(): Promise<void>;
  saveBundle(): Promise<void>;
  /** Stops following the job stream (the store is being dropped). */
  dispose(): void;
}

export const isDoctorJob = (kind: string) => kind.startsWith('doctor');

/** "3 of 16 checks" → {done: 3, total: 16}. */
export function parseCounts(stage: string): { done: number; total: number } | null {
  const m = /(\d+)\s+of\s+(\d+)/.exec(stage);
  return m ? { done: Number(m[1]), total: Number(m[2]) } : null;
}

export function isReport(r: unknown): r is DoctorReport {
  return !!r && typeof r === 'object' && Array.isArray((r as DoctorReport).checks);
}

/** The report's checks by status, in STATUS_ORDER; empty groups left out; the service's order kept within one. */
export function groupChecks(checks: DoctorCheckResult[]): DoctorGroup[] {
  return STATUS_ORDER.map((status) => ({ status, checks: checks.filter((c) => c.status === status) })).filter((g) => g.checks.length > 0);
}

export function countByStatus(checks: DoctorCheckResult[]): Record<DoctorStatus, number> {
  const n: Record<DoctorStatus, number> = { fail: 0, warn: 0, pass: 0, skip: 0 };
  for (const c of checks) n[c.status]++;
  return n;
}

const freshJob = (): DoctorJobView => ({ id: null, state: 'starting', done: null, total: null, progress: null, report: null, error: null, command: null });

/** The job view after one event of its stream (pure: a replay gives the same view). */
export function reduceDoctorEvent(view: DoctorJobView, e: JobEvent): DoctorJobView {
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

    return {
      plugin: '',
      netmaster: '',
      bundlePath: '',
      job: null,
      bundle: { busy: false, result: null, error: null },

      setForm(patch) {
        set(patch);
      },

      async run() {
        if (busy()) return;
        unfollow();
        set({ job: freshJob() });
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
        let jobs: JobInfo[];
        try {
          jobs = await api.call('jobs:list', {});
        } catch {
          return; // nothing to show yet; Run all still works
        }
        if (get().job) return; // a run was started meanwhile
        const mine = jobs.filter((j) => isDoctorJob(j.kind)).sort((a, b) => b.startedAt.localeCompare(a.startedAt));
        const pick = mine.find((j) => j.state === 'running') ?? mine[0];
        if (!pick) return;
        // The job's own info first (its stream may be pruned), then its stream from the start.
        set({ job: reduceDoctorEvent(freshJob(), { type: 'state', job: pick, at: pick.endedAt ?? pick.startedAt }), ...(pick.target ? { plugin: pick.target } : {}) });
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

      dispose() {
        unfollow();
      },
    };
  });
}

export type DoctorStore = ReturnType<typeof createDoctorStore>;
