/**
 * Follows at most one job's event stream at a time, replayed from its first event.
 * Following another job (or none) disposes the previous subscription, and events that
 * arrive for a subscription already replaced are dropped — even those delivered
 * synchronously during the replay, before api.subscribe has returned its disposer.
 */
import type { JobEvent } from '../../electron/ipc/types';
import type { PlugsmithApi } from '../../electron/ipc/contract';

export interface JobFollower {
  /** Starts following jobId; false when it is already followed (nothing changes). */
  follow(jobId: string, onEvent: (e: JobEvent) => void): boolean;
  unfollow(): void;
  jobId(): string | null;
}

export function createJobFollower(api: PlugsmithApi): JobFollower {
  let current: { jobId: string; dispose: () => void } | null = null;
  const unfollow = () => {
    current?.dispose();
    current = null;
  };
  return {
    follow(jobId, onEvent) {
      if (current?.jobId === jobId) return false;
      unfollow();
      const entry = { jobId, dispose: () => {} };
      current = entry;
      const dispose = api.subscribe('job', { id: jobId }, 0, (env) => {
        if (current === entry) onEvent(env.data);
      });
      if (current === entry) entry.dispose = dispose;
      else dispose();
      return true;
    },
    unfollow,
    jobId: () => current?.jobId ?? null,
  };
}
