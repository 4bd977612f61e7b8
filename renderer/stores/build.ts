/**
 * The Build screen's state: the project folder (recent list kept service-side under
 * `build.recent`, never in localStorage), what `build:detect` found, the form, and
 * the build job as the user sees it — stages, progress, the engine's error.
 *
 * The job runs on the service side. The store keeps only its id and what was derived
 * from its `job` stream; the log itself is not kept here (a build can print 200,000
 * lines) but handed to whichever terminal follows the store. Following replays the
 * stream from seq 0, so a terminal mounted later — the user left the screen and came
 * back, or reloaded mid-build (the running build job, else the last one, is picked up from `jobs:list`) —
 * shows the whole log again and the stages are derived afresh from the same events.
 */
import { createStore } from 'zustand/vanilla';
import type { PlugsmithApi } from '../../electron/ipc/contract';
import type { BuildResult, BuildStage, BuildStageResult, JobEvent, JobInfo, ProjectInfo } from '../../electron/ipc/types';
import { toErrorInfo, type ErrorInfo } from './errors';
import { createJobFollower } from './job-follower';

export const RECENT_KEY = 'build.recent';
const MAX_RECENT = 8;

const STAGE_ORDER: BuildStage[] = ['check', 'build', 'create', 'set', 'enable', 'push'];

export type StageState = BuildStageResult['state'] | 'cancelled';

export interface StageView {
  stage: BuildStage;
  state: StageState;
  /** When it started (ms since epoch, from the event's own time), for a live elapsed. */
  startedAt: number | null;
  ms: number | null;
  /** The service's CLI twin once known (the final result); the view makes one before that. */
  command: string | null;
  message?: string;
}

export type BuildJobState = 'starting' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface BuildJobView {
  /** null until `build:start` answered. */
  id: string | null;
  name: string;
  state: BuildJobState;
  progress: number | null;
  /** The service's stage text, e.g. "build: Step 3/5 : COPY . /". */
  stageText: string;
  stages: StageView[];
  error: ErrorInfo | null;
  /** Which stage the error happened in (null when it failed before any stage). */
  failedStage: BuildStage | null;
  result: BuildResult | null;
  startedAt: string | null;
  endedAt: string | null;
  /** The whole pipeline's CLI twin (`plugsmith build …`), from the job. */
  command: string | null;
  replace: boolean;
  /** The Dockerfile's steps seen so far, with elapsed time (absent on views made before any step). */
  buildSteps?: BuildStepView[];
}

/** One Dockerfile step as the build reported it ("Step 3/5 : RUN make" or BuildKit's "[2/3] RUN make"). */
export interface BuildStepView {
  key: string;
  label: string;
  state: 'running' | 'done' | 'cached' | 'failed' | 'cancelled';
  startedAt: number | null;
  ms: number | null;
}

/** Most steps kept (a Dockerfile with more is rare; the log still has them all). */
const MAX_STEPS = 200;
const CLASSIC_STEP = /^build: (Step (\d+)\/\d+ : .*)$/;
// The service's words for a BuildKit step (build-stream-steps.ts stepLabel): "[stage 2/3] RUN … — done in 0.3 s".
const BUILDKIT_STEP = /^build: (\[(?:(\S+) )?(\d+)\/\d+\] .*?)(?: — (cached|cancelled|done in ([\d.]+) s|failed(?:: .*)?))?$/;

/** The steps after one progress text at `at`: a classic step ends when the next starts; BuildKit says when each ends. */
export function reduceSteps(steps: BuildStepView[], stageText: string, at: number | null): BuildStepView[] {
  if (/^build done\b/.test(stageText)) return closeSteps(steps, at, 'done');
  let m = CLASSIC_STEP.exec(stageText);
  if (m) {
    const key = `step ${m[2]}`;
    if (steps.some((x) => x.key === key)) return steps;
    const ended = closeSteps(steps, at, 'done');
    return [...ended, { key, label: m[1], state: 'running' as const, startedAt: at, ms: null }].slice(-MAX_STEPS);
  }
  m = BUILDKIT_STEP.exec(stageText);
  if (!m) return steps;
  const key = `#${m[2] ?? ''} ${m[3]}`;
  const word = m[4];
  const state: BuildStepView['state'] = !word ? 'running' : word === 'cached' ? 'cached' : word === 'cancelled' ? 'cancelled' : word.startsWith('failed') ? 'failed' : 'done';
  const i = steps.findIndex((x) => x.key === key);
  if (i < 0) {
    const ms = m[5] ? Math.round(Number(m[5]) * 1000) : state === 'cached' ? 0 : null;
    return [...steps, { key, label: m[1], state, startedAt: at, ms }].slice(-MAX_STEPS);
  }
  const prev = steps[i];
  const ms = m[5] ? Math.round(Number(m[5]) * 1000) : state === 'cached' ? 0 : state !== 'running' && at !== null && prev.startedAt !== null ? at - prev.startedAt : prev.ms;
  return steps.map((x, j) => (j === i ? { ...x, state, ms } : x));
}

/** Ends every running step (the build stage ended, or the next classic step began). */
function closeSteps(steps: BuildStepView[], at: number | null, state: 'done' | 'failed' | 'cancelled'): BuildStepView[] {
  if (!steps.some((x) => x.state === 'running')) return steps;
  return steps.map((x) => (x.state === 'running' ? { ...x, state, ms: at !== null && x.startedAt !== null ? at - x.startedAt : x.ms } : x));
}

export interface BuildForm {
  name: string;
  buildArgs: Record<string, string>;
  target: string;
  settings: { key: string; value: string }[];
  enable: boolean;
  keepImage: boolean;
}

/** Where the terminal gets the log: `begin` clears it and says a build is starting. */
export interface LogSink {
  begin(name: string): void;
  line(text: string, stream: 'stdout' | 'stderr' | 'info'): void;
}

export interface BuildState {
  recent: string[];
  dir: string;
  project: ProjectInfo | null;
  detecting: boolean;
  detectError: ErrorInfo | null;
  form: BuildForm;
  job: BuildJobView | null;

  loadRecent(): Promise<void>;
  setDir(dir: string): void;
  detect(dir?: string): Promise<void>;
  setForm(patch: Partial<BuildForm>): void;
  /** Starts the pipeline with the form; `replace` re-runs over an existing plugin of that name. */
  start(opts?: { replace?: boolean; removeNetworks?: string[] }): Promise<void>;
  cancel(): Promise<ErrorInfo | null>;
  /** Attaches a terminal: replays the current (or running, after a reload) build job into it. Returns the detach. */
  follow(sink: LogSink): () => void;
}

const emptyForm = (): BuildForm => ({ name: '', buildArgs: {}, target: '', settings: [], enable: true, keepImage: false });

/** The stage a progress text belongs to: "build: Step 3/5 …" → build, "enable" → enable. */
export function stageOf(text: string): BuildStage | null {
  const m = /^\s*(check|build|create|set|enable|push)\b/i.exec(text);
  return m ? (m[1].toLowerCase() as BuildStage) : null;
}

/** A build job, as opposed to enable/disable jobs or a push started on its own. */
const isBuildJob = (kind: string) => kind.startsWith('build') && !kind.includes('push');

const pendingStages = (): StageView[] => STAGE_ORDER.map((stage) => ({ stage, state: 'pending', startedAt: null, ms: null, command: null }));

function freshJob(name: string, replace: boolean): BuildJobView {
  return {
    id: null,
    name,
    state: 'starting',
    progress: null,
    stageText: '',
    stages: pendingStages(),
    error: null,
    failedStage: null,
    result: null,
    startedAt: null,
    endedAt: null,
    command: null,
    replace,
  };
}

const time = (iso: string | null | undefined) => {
  const t = iso ? Date.parse(iso) : NaN;
  return Number.isNaN(t) ? null : t;
};

/** Moves the stages on to `stage`: the running one finishes, the ones jumped over were skipped. */
function enterStage(stages: StageView[], stage: BuildStage, at: number | null): StageView[] {
  const idx = STAGE_ORDER.indexOf(stage);
  return stages.map((s, i) => {
    if (s.stage === stage) return s.state === 'running' ? s : { ...s, state: 'running', startedAt: at, ms: null };
    if (s.state === 'running') return { ...s, state: 'succeeded', ms: at !== null && s.startedAt !== null ? at - s.startedAt : s.ms };
    if (s.state === 'pending' && i < idx) return { ...s, state: 'skipped' };
    return s;
  });
}

function fromResult(stages: BuildStageResult[]): StageView[] {
  const byStage = new Map(stages.map((s) => [s.stage, s]));
  // Keep the pipeline's order; stages the service did not list were not part of this run.
  return STAGE_ORDER.map((stage) => {
    const s = byStage.get(stage);
    return s
      ? { stage, state: s.state, startedAt: null, ms: s.ms, command: s.command, ...(s.message ? { message: s.message } : {}) }
      : { stage, state: 'skipped' as const, startedAt: null, ms: null, command: null };
  });
}

function isBuildResult(r: unknown): r is BuildResult {
  return !!r && typeof r === 'object' && Array.isArray((r as BuildResult).stages);
}

/** The job view after one event of its stream (pure: the same events always give the same view). */
export function reduceJobEvent(view: BuildJobView, e: JobEvent): BuildJobView {
  if (e.type === 'log') return view;
  if (e.type === 'progress') {
    const stage = stageOf(e.stage);
    const at = time(e.at);
    const steps = view.buildSteps ?? [];
    return {
      ...view,
      buildSteps: stage === 'build' ? reduceSteps(steps, e.stage, at) : closeSteps(steps, at, 'done'),
      state: view.state === 'starting' ? 'running' : view.state,
      progress: e.progress ?? view.progress,
      stageText: e.stage,
      stages: stage ? enterStage(view.stages, stage, time(e.at)) : view.stages,
    };
  }
  const job = e.job;
  const base: BuildJobView = {
    ...view,
    id: job.id,
    name: view.name || job.target,
    startedAt: job.startedAt,
    endedAt: job.endedAt,
    command: job.command || view.command,
  };
  if (job.state === 'running') {
    // A replay that lost its early events (the service keeps a bounded buffer) still knows the current stage.
    const stage = stageOf(job.stage);
    const at = time(e.at);
    return {
      ...base,
      state: 'running',
      progress: job.progress ?? base.progress,
      stageText: job.stage && job.stage !== 'starting' ? job.stage : base.stageText,
      stages: stage ? enterStage(base.stages, stage, at) : base.stages,
    };
  }
  const end = time(job.endedAt) ?? time(e.at);
  const result = isBuildResult(job.result) ? job.result : null;
  const running = base.stages.find((s) => s.state === 'running')?.stage ?? null;
  let stages: StageView[];
  let failedStage: BuildStage | null = null;
  if (result) {
    stages = fromResult(result.stages);
    failedStage = result.stages.find((s) => s.state === 'failed')?.stage ?? null;
  } else {
    const endState: StageState = job.state === 'succeeded' ? 'succeeded' : job.state === 'cancelled' ? 'cancelled' : 'failed';
    stages = base.stages.map((s) => {
      if (s.state === 'running') return { ...s, state: endState, ms: end !== null && s.startedAt !== null ? end - s.startedAt : null };
      if (s.state === 'pending') return { ...s, state: 'skipped' };
      return s;
    });
    if (job.state === 'failed') failedStage = running;
  }
  const steps = base.buildSteps ?? [];
  return {
    ...base,
    buildSteps: closeSteps(steps, end, job.state === 'succeeded' ? 'done' : job.state === 'cancelled' ? 'cancelled' : 'failed'),
    state: job.state === 'succeeded' ? 'succeeded' : job.state === 'cancelled' ? 'cancelled' : 'failed',
    progress: job.state === 'succeeded' ? 1 : base.progress,
    stageText: job.stage,
    stages,
    result,
    error: job.error ?? (job.state === 'failed' ? { code: 'jobs/failed', message: 'failed' } : null),
    failedStage,
  };
}

/** The engine already has a plugin of this name: offer replace or a new tag. */
export const nameTaken = (job: BuildJobView | null) => job?.state === 'failed' && job.error?.code === 'build/exists';

/** The plugin was made but would not enable: it stays, disabled, and the user is told so. */
export const createdButNotEnabled = (job: BuildJobView | null) =>
  !!job && job.state === 'failed' && job.stages.some((s) => s.stage === 'create' && s.state === 'succeeded') && job.failedStage === 'enable';

export function createBuildStore(api: PlugsmithApi) {
  let sink: LogSink | null = null;
  /** The live subscription to the followed job's stream. */
  const follower = createJobFollower(api);
  let detectSeq = 0;

  const store = createStore<BuildState>()((set, get) => {
    const updateJob = (jobId: string, fn: (v: BuildJobView) => BuildJobView) => {
      const j = get().job;
      if (j && j.id === jobId) set({ job: fn(j) });
    };

    const unfollow = () => follower.unfollow();

    /** Subscribes to the job's stream from its first event; stages are derived afresh from the replay. */
    const subscribe = (jobId: string) => {
      if (follower.jobId() === jobId) return;
      updateJob(jobId, (v) => ({ ...v, stages: pendingStages(), buildSteps: [], failedStage: null }));
      follower.follow(jobId, (e) => {
        // Log lines go to the terminal only: a store update per line would re-render the screen 200,000 times.
        if (e.type === 'log') return sink?.line(e.line, e.stream);
        updateJob(jobId, (v) => reduceJobEvent(v, e));
      });
    };

    const rememberRecent = async (dir: string) => {
      const recent = [dir, ...get().recent.filter((d) => d !== dir)].slice(0, MAX_RECENT);
      set({ recent });
      try {
        await api.call('state:set', { key: RECENT_KEY, value: recent });
      } catch {
        // The list is a convenience: a failed save only means it is not there next time.
      }
    };

    /**
     * After a reload (or a fresh window): the build job still running on the service side,
     * else the last one that ended — its log and outcome stay readable while the service keeps it.
     */
    const pickUp = async () => {
      let jobs: JobInfo[];
      try {
        jobs = await api.call('jobs:list', {});
      } catch {
        return;
      }
      if (get().job) return; // a build was started meanwhile
      const builds = jobs.filter((j) => isBuildJob(j.kind)).sort((a, b) => b.startedAt.localeCompare(a.startedAt));
      const pick = builds.find((j) => j.state === 'running') ?? builds[0];
      if (!pick) return;
      // The job's own info first (its stream may have been pruned), then its stream from the start.
      set({ job: reduceJobEvent(freshJob(pick.target, false), { type: 'state', job: pick, at: pick.endedAt ?? pick.startedAt }) });
      if (sink) {
        sink.begin(pick.target);
        subscribe(pick.id);
      }
    };

    return {
      recent: [],
      dir: '',
      project: null,
      detecting: false,
      detectError: null,
      form: emptyForm(),
      job: null,

      async loadRecent() {
        try {
          const v = await api.call('state:get', { key: RECENT_KEY });
          if (Array.isArray(v)) set({ recent: v.filter((d): d is string => typeof d === 'string').slice(0, MAX_RECENT) });
        } catch {
          // No list yet, or the state folder is unreadable: start empty.
        }
      },

      setDir(dir) {
        set({ dir });
      },

      async detect(dirArg) {
        const dir = (dirArg ?? get().dir).trim().replace(/(.)\/+$/, '$1');
        if (!dir) return;
        const seq = ++detectSeq;
        set({ dir, detecting: true, detectError: null });
        try {
          const project = await api.call('build:detect', { dir });
          if (seq !== detectSeq) return;
          const prev = get().form;
          // Build args start at their defaults; a value the user already typed for the same arg stays.
          const buildArgs: Record<string, string> = {};
          for (const a of project.buildArgs) buildArgs[a.name] = prev.buildArgs[a.name] ?? a.default ?? '';
          const target = project.stages.includes(prev.target) ? prev.target : '';
          set({ project, detecting: false, form: { ...prev, buildArgs, target } });
          void rememberRecent(project.dir || dir);
        } catch (err) {
          if (seq !== detectSeq) return;
          set({ project: null, detecting: false, detectError: toErrorInfo(err) });
        }
      },

      setForm(patch) {
        set({ form: { ...get().form, ...patch } });
      },

      async start(opts = {}) {
        const { project, form, job } = get();
        if (!project) return;
        if (job && (job.state === 'starting' || job.state === 'running')) return;
        const name = form.name.trim();
        const replace = !!opts.replace;
        unfollow();
        set({ job: freshJob(name, replace) });
        // Before anything can fail or stay quiet: the terminal says what is happening.
        sink?.begin(name);
        // Only the args that say something: a default sent back is noise in the CLI twin.
        const buildArgs: Record<string, string> = {};
        for (const a of project.buildArgs) {
          const v = form.buildArgs[a.name];
          if (v !== undefined && v !== (a.default ?? '')) buildArgs[a.name] = v;
        }
        const settings = form.settings.map((s) => ({ key: s.key.trim(), value: s.value })).filter((s) => s.key);
        try {
          const { jobId } = await api.call('build:start', {
            dir: project.dir,
            name,
            ...(Object.keys(buildArgs).length ? { buildArgs } : {}),
            ...(form.target ? { target: form.target } : {}),
            ...(settings.length ? { settings } : {}),
            enable: form.enable,
            keepImage: form.keepImage,
            ...(replace ? { replace: true } : {}),
            // Networks made with the old plugin that the user confirmed may be removed (they block its disable).
            ...(replace && opts.removeNetworks?.length ? { removeNetworks: opts.removeNetworks } : {}),
          });
          const j = get().job;
          if (!j || j.id !== null || j.name !== name) return; // superseded
          set({ job: { ...j, id: jobId, state: j.state === 'starting' ? 'running' : j.state } });
          if (sink) subscribe(jobId);
        } catch (err) {
          const error = toErrorInfo(err);
          const j = get().job;
          if (!j || j.id !== null) return;
          // Refused before a job existed (bad arguments, name taken, engine gone): the first stage failed.
          set({ job: { ...j, state: 'failed', error, failedStage: 'check', stages: j.stages.map((s, i) => (i === 0 ? { ...s, state: 'failed' } : { ...s, state: 'skipped' })) } });
          sink?.line(`\x1b[31m${error.message}\x1b[0m`, 'stderr');
        }
      },

      async cancel() {
        const id = get().job?.id;
        if (!id) return null;
        try {
          await api.call('jobs:cancel', { id });
          return null;
        } catch (err) {
          return toErrorInfo(err);
        }
      },

      follow(next) {
        sink = next;
        const j = get().job;
        if (j?.id) {
          // A fresh terminal: the whole log again, from the job's first event.
          next.begin(j.name);
          if (follower.jobId() === j.id) unfollow();
          subscribe(j.id);
        } else if (j) {
          next.begin(j.name); // still waiting for build:start to answer
          if (j.error) next.line(`\x1b[31m${j.error.message}\x1b[0m`, 'stderr');
        } else {
          void pickUp();
        }
        let detached = false;
        return () => {
          if (detached) return;
          detached = true;
          if (sink === next) {
            sink = null;
            // The job goes on; a later follow() replays it.
            unfollow();
          }
        };
      },
    };
  });
  return store;
}

export type BuildStore = ReturnType<typeof createBuildStore>;
