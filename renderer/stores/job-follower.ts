/**
 * Follows at most one job's event stream at a time, replayed from its first event.
 * Following another job (or none) disposes the previous subscription, and events that
 * arrive for a subscription already replaced are dropped — even those delivered
 * synchronously during the replay, before api.subscribe has returned its disposer.
 */
import type { JobEvent } from '../../electron/ipc/types';
import type { PlugsmithApi } from '../../electron/ipc/contract';

/** Shown first when the service no longer holds the start of a job's log. */
export const EARLIER_LINES_NOT_KEPT = '… the earliest lines of this job are no longer kept (the service keeps a bounded log)';

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
      let first = true;
      const dispose = api.subscribe('job', { id: jobId }, 0, (env) => {
        if (current !== entry) return;
        // The service keeps a bounded replay (hub.ts): a replay that starts after seq 1 has lost the
        // job's first lines. Say so in the log rather than showing a log that looks complete.
        if (first && env.seq > 1) onEvent({ type: 'log', stream: 'info', line: EARLIER_LINES_NOT_KEPT, at: new Date().toISOString() });
        first = false;
        onEvent(env.data);
      });
      if (current === entry) entry.dispose = dispose;
      else dispose();
      return true;
    },
    unfollow,
    jobId: () => current?.jobId ?? null,
  };
}
