/**
 * One service-side job (install, upgrade, push) as a panel shows it: state, progress, stage,
 * the last log lines and the error. Pure reducer over the job's event stream, so a replay from
 * seq 0 (the panel re-mounted, the window reloaded) gives the same view.
 */
import type { JobEvent } from '../../electron/ipc/types';
import type { ErrorInfo } from './errors';

/** Enough to see what happened; the full log stays in the service's job buffer. */
export const MAX_RUN_LINES = 400;

export interface RunView {
  /** null until the start call answered. */
  id: string | null;
  title: string;
  state: 'starting' | 'running' | 'succeeded' | 'failed' | 'cancelled';
  progress: number | null;
  stage: string;
  lines: { text: string; stream: 'stdout' | 'stderr' | 'info' }[];
  error: ErrorInfo | null;
  result: unknown;
  command: string | null;
}

export const startingRun = (title: string): RunView => ({ id: null, title, state: 'starting', progress: null, stage: '', lines: [], error: null, result: null, command: null });

export const isActive = (r: RunView | null) => !!r && (r.state === 'starting' || r.state === 'running');

export function reduceRun(view: RunView, e: JobEvent): RunView {
  if (e.type === 'log') {
    const lines = view.lines.length >= MAX_RUN_LINES ? view.lines.slice(view.lines.length - MAX_RUN_LINES + 1) : view.lines.slice();
    lines.push({ text: e.line, stream: e.stream });
    return { ...view, lines };
  }
  if (e.type === 'progress') return { ...view, state: view.state === 'starting' ? 'running' : view.state, progress: e.progress ?? view.progress, stage: e.stage };
  const j = e.job;
  return {
    ...view,
    id: j.id,
    title: j.title || view.title,
    command: j.command || view.command,
    state: j.state,
    progress: j.state === 'succeeded' ? 1 : (j.progress ?? view.progress),
    stage: j.stage,
    error: j.error ?? (j.state === 'failed' ? { code: 'jobs/failed', message: 'failed' } : null),
    result: j.result ?? null,
  };
}

/** A refusal before any job existed (bad reference, engine gone): the run failed at once. */
export const failedRun = (view: RunView, error: ErrorInfo): RunView => ({ ...view, state: 'failed', error });
