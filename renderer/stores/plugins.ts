/**
 * The Plugins screen's state: the engine's plugin list (the sticky `plugins` snapshot
 * stream, plus one `plugins:list` so the screen fills even before the first event),
 * and per plugin whether a job is working on it and the last error the engine gave.
 *
 * The switch position always comes from the snapshot, never from what the user
 * asked: when an enable fails the plugin simply stays disabled in the next snapshot,
 * so the switch is back to the real state and the engine's error stays beside it.
 * Jobs live on the service side; on load the running ones (`jobs:list`) are picked
 * up again and their `job` stream replayed from 0, so a reload mid-enable stays busy.
 */
import { createStore } from 'zustand/vanilla';
import type { PlugsmithApi } from '../../electron/ipc/contract';
import type { JobEvent, JobInfo, PluginSummary } from '../../electron/ipc/types';
import { toErrorInfo, type ErrorInfo } from './errors';

export type PluginAction = 'enable' | 'disable' | 'set' | 'remove';

export interface PluginBusy {
  /** null until the service has answered with the job's id. */
  jobId: string | null;
  action: 'enable' | 'disable';
  /** The job's stage in words (the service's, e.g. "waiting for the engine (12 s)"). */
  stage: string;
  progress: number | null;
}

export interface PluginError extends ErrorInfo {
  action: PluginAction;
}

export interface PluginsState {
  plugins: PluginSummary[];
  /** A snapshot or a list answer has arrived. */
  loaded: boolean;
  /** Why the last snapshot was taken and when (shown small, useful when debugging liveness). */
  snapshotAt: string | null;
  listError: ErrorInfo | null;
  /** Keyed by plugin name (name:tag). */
  busy: Record<string, PluginBusy>;
  errors: Record<string, PluginError>;
  /** The last enable/disable asked from this window, per plugin: its CLI twin stays in view. */
  lastAction: Record<string, 'enable' | 'disable'>;

  /** Subscribes to the plugin stream and picks up running jobs; returns the disposer (call it on unmount). */
  start(): () => void;
  /** Re-reads the list and the running jobs (after the transport reconnects). */
  resync(): Promise<void>;
  setEnabled(name: string, enabled: boolean): Promise<void>;
  /** Resolves to the engine's error, or null when saved. */
  saveSettings(name: string, values: { key: string; value: string }[]): Promise<ErrorInfo | null>;
  remove(name: string, force: boolean): Promise<ErrorInfo | null>;
  dismissError(name: string): void;
}

const PLUGIN_JOB_KINDS: Record<string, 'enable' | 'disable'> = {
  'plugins:enable': 'enable',
  'plugins:disable': 'disable',
};

/** The engine lists `name:tag`; a job may target `name` alone (`:latest` implied) — match both. */
export function sameRef(target: string, name: string): boolean {
  if (target === name) return true;
  const withTag = (s: string) => (/:[^/]+$/.test(s) ? s : `${s}:latest`);
  return withTag(target) === withTag(name);
}

export function createPluginsStore(api: PlugsmithApi) {
  /** Job subscriptions by job id: one per job, whoever asked first. */
  const tracked = new Map<string, { name: string; dispose: () => void }>();
  let unsubscribePlugins: (() => void) | null = null;
  let starts = 0;

  const store = createStore<PluginsState>()((set, get) => {
    const resolveName = (target: string) => get().plugins.find((p) => sameRef(target, p.name))?.name ?? target;

    const setBusy = (name: string, busy: PluginBusy | null) =>
      set((s) => {
        const next = { ...s.busy };
        if (busy) next[name] = busy;
        else delete next[name];
        return { busy: next };
      });

    const setError = (name: string, error: PluginError | null) =>
      set((s) => {
        const next = { ...s.errors };
        if (error) next[name] = error;
        else delete next[name];
        return { errors: next };
      });

    const finish = (jobId: string, name: string, job: JobInfo) => {
      const t = tracked.get(jobId);
      tracked.delete(jobId);
      // Unsubscribing inside the listener: defer so the transport is not mid-dispatch.
      if (t) queueMicrotask(t.dispose);
      const current = get().busy[name];
      if (current && current.jobId === jobId) setBusy(name, null);
      const action = PLUGIN_JOB_KINDS[job.kind] ?? 'enable';
      if (job.state === 'failed' || job.state === 'cancelled') {
        const err = job.error ?? { code: `jobs/${job.state}`, message: job.state };
        setError(name, { action, ...err });
      } else {
        setError(name, null);
      }
    };

    const onJobEvent = (jobId: string, name: string, e: JobEvent) => {
      if (e.type === 'log') return;
      if (e.type === 'state' && e.job.state !== 'running') return finish(jobId, name, e.job);
      const b = get().busy[name];
      const stage = e.type === 'state' ? e.job.stage : e.stage;
      const progress = e.type === 'state' ? e.job.progress : e.progress;
      if (b && b.jobId === jobId) setBusy(name, { ...b, stage, progress });
    };

    /** Shows the plugin busy and follows the job's stream from its first event. */
    const track = (jobId: string, name: string, action: 'enable' | 'disable', stage: string) => {
      if (tracked.has(jobId)) return;
      setBusy(name, { jobId, action, stage, progress: get().busy[name]?.progress ?? null });
      // Register before subscribing: a replay may deliver the final state synchronously.
      const entry = { name, dispose: () => {} };
      tracked.set(jobId, entry);
      const dispose = api.subscribe('job', { id: jobId }, 0, (env) => onJobEvent(jobId, name, env.data));
      if (tracked.get(jobId) === entry) entry.dispose = dispose;
      else queueMicrotask(dispose);
    };

    const pickUpRunningJobs = async () => {
      let jobs: JobInfo[];
      try {
        jobs = await api.call('jobs:list', {});
      } catch {
        return; // No job list (engine side still starting): nothing to resume; snapshots still flow.
      }
      const running = new Set<string>();
      for (const j of jobs) {
        const action = PLUGIN_JOB_KINDS[j.kind];
        if (!action || j.state !== 'running') continue;
        running.add(j.id);
        track(j.id, resolveName(j.target), action, j.stage);
      }
      // A job we showed busy that ended while nobody listened: replaying its stream delivers the end.
      for (const [name, b] of Object.entries(get().busy)) {
        if (b.jobId && !running.has(b.jobId)) track(b.jobId, name, b.action, b.stage);
      }
    };

    /** `overwrite` false: a snapshot that arrived meanwhile is at least as new as this answer. */
    const readList = async (overwrite: boolean) => {
      try {
        const plugins = await api.call('plugins:list', {});
        if (overwrite || !get().loaded) set({ plugins, loaded: true, listError: null });
      } catch (err) {
        if (!get().loaded) set({ listError: toErrorInfo(err) });
      }
    };

    return {
      plugins: [],
      loaded: false,
      snapshotAt: null,
      listError: null,
      busy: {},
      errors: {},
      lastAction: {},

      start() {
        starts += 1;
        if (!unsubscribePlugins) {
          unsubscribePlugins = api.subscribe('plugins', {}, 0, (env) =>
            set({ plugins: env.data.plugins, loaded: true, listError: null, snapshotAt: env.data.at }),
          );
        }
        void readList(false);
        void pickUpRunningJobs();
        let disposed = false;
        return () => {
          if (disposed) return;
          disposed = true;
          starts -= 1;
          if (starts > 0) return;
          unsubscribePlugins?.();
          unsubscribePlugins = null;
          // The jobs keep running on the service side; a later start() replays them.
          for (const t of tracked.values()) t.dispose();
          tracked.clear();
        };
      },

      async resync() {
        await Promise.all([readList(true), pickUpRunningJobs()]);
      },

      async setEnabled(name, enabled) {
        if (get().busy[name]) return; // not clickable while busy
        const action = enabled ? 'enable' : 'disable';
        setError(name, null);
        set((s) => ({ lastAction: { ...s.lastAction, [name]: action } }));
        setBusy(name, { jobId: null, action, stage: '', progress: null });
        try {
          const { jobId } = enabled
            ? await api.call('plugins:enable', { name })
            : await api.call('plugins:disable', { name });
          if (get().busy[name]?.jobId === null) track(jobId, name, action, get().busy[name]?.stage ?? '');
        } catch (err) {
          setBusy(name, null);
          setError(name, { action, ...toErrorInfo(err) });
        }
      },

      async saveSettings(name, values) {
        try {
          const updated = await api.call('plugins:set', { name, values });
          // Show the engine's new values now; the next snapshot says the same.
          set((s) => ({ plugins: s.plugins.map((p) => (p.name === updated.name ? updated : p)) }));
          setError(name, null);
          return null;
        } catch (err) {
          return toErrorInfo(err);
        }
      },

      async remove(name, force) {
        try {
          await api.call('plugins:remove', { name, force });
          set((s) => ({ plugins: s.plugins.filter((p) => p.name !== name) }));
          setError(name, null);
          return null;
        } catch (err) {
          return toErrorInfo(err);
        }
      },

      dismissError(name) {
        setError(name, null);
      },
    };
  });
  return store;
}

export type PluginsStore = ReturnType<typeof createPluginsStore>;
