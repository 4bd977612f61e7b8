/**
 * Every job the services run (for the status bar's count and, later, a jobs panel):
 * `jobs:list` once, then the `jobs` stream, reduced to the latest info per job id.
 * Replaying the stream from 0 is safe because each event carries the whole JobInfo.
 */
import { createStore } from 'zustand/vanilla';
import type { PlugsmithApi } from '../../electron/ipc/contract';
import type { JobInfo } from '../../electron/ipc/types';

export interface JobsState {
  jobs: Record<string, JobInfo>;
  start(): () => void;
  resync(): Promise<void>;
}

export const runningCount = (s: Pick<JobsState, 'jobs'>) => Object.values(s.jobs).filter((j) => j.state === 'running').length;

export function createJobsStore(api: PlugsmithApi) {
  return createStore<JobsState>()((set) => {
    const put = (j: JobInfo) => set((s) => ({ jobs: { ...s.jobs, [j.id]: j } }));
    const readList = async () => {
      try {
        const list = await api.call('jobs:list', {});
        // The list is a fresh read: it replaces what we had (pruned jobs disappear).
        set({ jobs: Object.fromEntries(list.map((j) => [j.id, j])) });
      } catch {
        // Keep what the stream gave us.
      }
    };
    return {
      jobs: {},
      start() {
        const off = api.subscribe('jobs', {}, 0, (e) => put(e.data));
        void readList();
        return off;
      },
      resync: readList,
    };
  });
}

export type JobsStore = ReturnType<typeof createJobsStore>;
