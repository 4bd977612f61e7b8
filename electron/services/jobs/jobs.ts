/**
 * Long work (enable, disable, build, push, doctor runs) lives here, on the
 * service side, independent of any view: a view going away disposes its
 * subscription, never the job. Each job streams log/progress/state events
 * through the hub with sequence numbers, so any subscriber can replay it.
 */
import { randomBytes } from 'node:crypto';
import type { EventHub } from '../events/hub';
import type { JobEvent, JobInfo } from '../../ipc/types';
import { PlugsmithError, toEnvelope } from '../errors';

export interface JobContext {
  signal: AbortSignal;
  log(line: string, stream?: 'stdout' | 'stderr' | 'info'): void;
  progress(progress: number | null, stage: string): void;
}

export interface JobSpec<R> {
  kind: string;
  target: string;
  title: string;
  command: string;
  run(ctx: JobContext): Promise<R>;
}

const KEEP_FINISHED = 100;

/**
 * A flood of log lines (a build printing 200,000) as one event per line costs one hub entry,
 * one JSON frame and one WebSocket message each, and the page then spends its frames
 * dispatching messages instead of drawing (measured: bench/build-log-feed.bench.ts). Past
 * FLOOD_AFTER lines, lines logged in the same turn of the event loop (one engine chunk) on the
 * same stream go out as one `log` event whose `line` holds them joined by "\n" — at most
 * BATCH_LINES lines / BATCH_CHARS characters (a single longer line is an event of its own). The
 * hub's replay budget counts the lines a batch holds (weighJobEvent), so batching does not
 * multiply the memory kept — while a 200,000-line build becomes ~1,300 messages instead of 200,000.
 * Below FLOOD_AFTER every line is its own event, as a reader of a short log
 * (the CLI, a test looking for one line) expects. Order with progress/state events is kept:
 * any other event flushes the pending lines first.
 */
export const FLOOD_AFTER = 2_000;
// 256 lines / 16 KB: a 100-character line flood becomes ~1,300 messages per 200,000 lines rather than
// ~5,000 at 64 / 4 KB: each message is a task, a JSON parse and a dispatch on the page (~13% of its
// main-thread time in a bench/build-log-feed.bench.ts trace). Still small enough for a build's stream
// to look live (one engine chunk rarely holds more).
export const BATCH_LINES = 256;
export const BATCH_CHARS = 16 * 1024;

export class JobManager {
  private jobs = new Map<string, { info: JobInfo; controller: AbortController; done: Promise<unknown> }>();

  constructor(
    private readonly hub: EventHub,
    private readonly now: () => Date = () => new Date(),
  ) {
    hub.define('jobs', '', { limit: 500 });
  }

  list(): JobInfo[] {
    return [...this.jobs.values()].map((j) => ({ ...j.info })).reverse();
  }

  get(id: string): JobInfo {
    const j = this.jobs.get(id);
    if (!j) throw new PlugsmithError('jobs/not-found', `No job ${id}`);
    return { ...j.info };
  }

  /** The running job of a kind on a target, if any (e.g. an enable already under way). */
  running(kind: string, target: string): JobInfo | undefined {
    for (const j of this.jobs.values()) {
      if (j.info.kind === kind && j.info.target === target && j.info.state === 'running') return { ...j.info };
    }
    return undefined;
  }

  /** Resolves when the job ends (for the CLI and tests). */
  async wait(id: string): Promise<JobInfo> {
    const j = this.jobs.get(id);
    if (!j) throw new PlugsmithError('jobs/not-found', `No job ${id}`);
    await j.done.catch(() => undefined);
    return { ...j.info };
  }

  /**
   * Another job run as a step of the one behind `ctx` (build and upgrade enabling through the plugin
   * service's enable job): its log lines go into ctx's log, cancelling ctx cancels it, and it
   * resolves with the job's end; the caller judges its state.
   */
  async follow(id: string, ctx: JobContext): Promise<JobInfo> {
    const unsub = this.hub.subscribe<JobEvent>('job', id, 0, (e) => {
      if (e.data.type === 'log') ctx.log(e.data.line, e.data.stream);
    });
    const onAbort = () => this.cancel(id);
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    try {
      return await this.wait(id);
    } finally {
      unsub();
      ctx.signal.removeEventListener('abort', onAbort);
    }
  }

  cancel(id: string): JobInfo {
    const j = this.jobs.get(id);
    if (!j) throw new PlugsmithError('jobs/not-found', `No job ${id}`);
    if (j.info.state === 'running') j.controller.abort(new PlugsmithError('jobs/cancelled', 'Cancelled by the user'));
    return { ...j.info };
  }

  start<R>(spec: JobSpec<R>): JobInfo {
    const id = `job-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
    // The replay budget counts log lines, not events: a batched log event weighs as many lines as it holds.
    this.hub.define('job', id, { weigh: weighJobEvent });
    const controller = new AbortController();
    const info: JobInfo = {
      id,
      kind: spec.kind,
      target: spec.target,
      title: spec.title,
      command: spec.command,
      state: 'running',
      progress: null,
      stage: 'starting',
      startedAt: this.now().toISOString(),
      endedAt: null,
      error: null,
      result: null,
      lastSeq: 0,
    };
    const publish = (e: JobEvent) => {
      info.lastSeq = this.hub.publish('job', id, e);
    };
    let logged = 0;
    let pending: { lines: string[]; chars: number; stream: 'stdout' | 'stderr' | 'info'; at: string } | null = null;
    let flushQueued = false;
    const flush = () => {
      if (!pending) return;
      const p = pending;
      pending = null;
      publish({ type: 'log', line: p.lines.join('\n'), stream: p.stream, at: p.at });
    };
    const emit = (e: JobEvent) => {
      flush();
      publish(e);
    };
    const log = (line: string, stream: 'stdout' | 'stderr' | 'info') => {
      logged++;
      if (logged <= FLOOD_AFTER) return emit({ type: 'log', line, stream, at: this.now().toISOString() });
      if (pending && (pending.stream !== stream || pending.lines.length >= BATCH_LINES || pending.chars + line.length > BATCH_CHARS)) flush();
      if (!pending) pending = { lines: [], chars: 0, stream, at: this.now().toISOString() };
      pending.lines.push(line);
      pending.chars += line.length + 1;
      if (!flushQueued) {
        flushQueued = true;
        // After the current synchronous run (the rest of this engine chunk), before any I/O.
        queueMicrotask(() => {
          flushQueued = false;
          flush();
        });
      }
    };
    const announce = () => {
      emit({ type: 'state', job: { ...info }, at: this.now().toISOString() });
      this.hub.publish('jobs', '', { ...info });
    };
    const ctx: JobContext = {
      signal: controller.signal,
      log: (line, stream = 'info') => {
        if (info.state === 'running') log(line, stream);
      },
      progress: (progress, stage) => {
        if (info.state !== 'running') return;
        info.progress = progress;
        info.stage = stage;
        emit({ type: 'progress', progress, stage, at: this.now().toISOString() });
        this.hub.publish('jobs', '', { ...info });
      },
    };
    const done = (async () => {
      // Let the caller receive the job id before the first event.
      await Promise.resolve();
      announce();
      try {
        // Cancelled before it began (start → cancel in the same turn): a run that only listens for
        // 'abort' would never hear it, having attached its listener after the event fired.
        if (controller.signal.aborted) throw controller.signal.reason;
        const result = await spec.run(ctx);
        info.result = result ?? null;
        info.state = controller.signal.aborted ? 'cancelled' : 'succeeded';
        if (info.state === 'succeeded') info.progress = 1;
      } catch (err) {
        info.state = controller.signal.aborted ? 'cancelled' : 'failed';
        info.error = toEnvelope(controller.signal.aborted ? (controller.signal.reason ?? err) : err);
      }
      info.endedAt = this.now().toISOString();
      info.stage = info.state;
      announce();
      this.prune();
    })();
    this.jobs.set(id, { info, controller, done });
    return { ...info };
  }

  private prune(): void {
    const finished = [...this.jobs.values()].filter((j) => j.info.state !== 'running');
    for (const j of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) {
      this.jobs.delete(j.info.id);
      this.hub.drop('job', j.info.id);
    }
  }
}

/** Lines a job event holds (a batched log event joins its lines with \n); every other event weighs 1. */
export function weighJobEvent(data: unknown): number {
  const e = data as JobEvent;
  if (e?.type !== 'log') return 1;
  let n = 1;
  for (let i = e.line.indexOf('\n'); i !== -1; i = e.line.indexOf('\n', i + 1)) n++;
  return n;
}
