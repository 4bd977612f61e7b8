/**
 * A job followed from a terminal. `plugins enable/disable`, `build`, `install` and `upgrade` each
 * start a job on the services and then do the same thing: its log on stderr as it comes, the final
 * job as JSON on stdout with --json, a failure line on stderr, an exit code from how it ended.
 * What differs between them is an option here, so the four cannot drift apart.
 *
 * Not JobManager.follow: that one runs a job as a step of another job (its log lines go into the
 * outer job's log, progress is not passed on); this is the terminal end of the same event stream.
 */
import type { EventHub } from '../events/hub';
import type { JobManager } from './jobs';
import type { JobEvent, JobInfo } from '../../ipc/types';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /**
   * Where Ctrl-C comes from: called with a handler, returns the unsubscribe. The CLI passes
   * processSignals; tests pass their own. Without it a signal just ends the process, and a build
   * cut that way leaves its temporary container behind — so every follower in the CLI passes it.
   */
  onInterrupt?: (handler: (signal: NodeJS.Signals) => void) => () => void;
}

/** SIGINT and SIGTERM, for as long as a job is followed (the default handlers are back afterwards). */
export function processSignals(handler: (signal: NodeJS.Signals) => void): () => void {
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}

/** The shell's convention: 128 + the signal's number. */
const SIGNAL_EXIT: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143 };

/** The plugin exists but does not work (enabled with a silent socket, or made and then refused to enable). */
export const EXIT_NOT_WORKING = 3;

export interface CliFollowOptions<R> {
  /** --json: the final job, as JSON, on stdout (the same object `jobs.wait` returns). */
  json: boolean;
  /** Print `$ <job.command>` first. The install job logs its own twin as its first line, so it does not. */
  echoCommand?: boolean;
  /**
   * How a log event's text is written (the build strips ANSI when stderr is not a terminal). The
   * text may hold several lines joined by "\n": past a flood, jobs.ts batches them into one event.
   */
  logText?: (text: string) => string;
  /** Print `… stage` when the stage changes (the enable/disable jobs' steps). */
  stages?: boolean;
  /** End the failure line with the error code: `plugsmith: message [code]`. */
  codeOnFailure?: boolean;
  /** The error code that means the plugin was made but would not enable: exit EXIT_NOT_WORKING, not 1. */
  enableFailedCode?: string;
  /** On success without --json, written to stdout (nothing when ''). */
  summary?: (result: R) => string;
  /** Exit code of a success; 0 unless given. */
  successExit?: (result: R) => number;
}

/** A stage that only counts seconds (`waiting for health (3 s)`) is not a new step worth a line. */
const TICKING = /\(\d+ s\)$/;

export async function followJob<R>(services: { hub: EventHub; jobs: JobManager }, job: JobInfo, io: CliIo, opts: CliFollowOptions<R>): Promise<number> {
  if (opts.echoCommand) io.err(`$ ${job.command}\n`);
  let lastStage = '';
  const unsub = services.hub.subscribe<JobEvent>('job', job.id, 0, (e) => {
    const ev = e.data;
    if (ev.type === 'log') io.err(`${opts.logText ? opts.logText(ev.line) : ev.line}\n`);
    else if (opts.stages && ev.type === 'progress' && ev.stage !== lastStage && !TICKING.test(ev.stage)) {
      lastStage = ev.stage;
      io.err(`… ${ev.stage}\n`);
    }
  });
  // The first Ctrl-C cancels the job, so it removes what it made (temporary container and image, a
  // half-created plugin) before the process ends; a second one leaves at once, as a user expects.
  let interrupted: NodeJS.Signals | null = null;
  const unlisten = io.onInterrupt?.((signal) => {
    if (interrupted) {
      io.err(`plugsmith: ${signal} again: leaving without waiting for the cleanup\n`);
      process.exit(SIGNAL_EXIT[signal] ?? 1);
    }
    interrupted = signal;
    io.err(`plugsmith: ${signal}: cancelling the job and cleaning up what it made (${signal === 'SIGINT' ? 'Ctrl-C' : signal} again to leave at once)\n`);
    services.jobs.cancel(job.id);
  });
  let done: JobInfo;
  try {
    done = await services.jobs.wait(job.id);
  } finally {
    unsub();
    unlisten?.();
  }
  if (opts.json) io.out(`${JSON.stringify(done, null, 2)}\n`);
  if (interrupted && done.state === 'cancelled') {
    io.err(`plugsmith: cancelled (${interrupted})\n`);
    return SIGNAL_EXIT[interrupted as NodeJS.Signals] ?? 1;
  }
  if (done.state !== 'succeeded') {
    const code = opts.codeOnFailure && done.error?.code ? ` [${done.error.code}]` : '';
    io.err(`plugsmith: ${done.error?.message ?? done.state}${code}\n`);
    return opts.enableFailedCode !== undefined && done.error?.code === opts.enableFailedCode ? EXIT_NOT_WORKING : 1;
  }
  const result = done.result as R;
  if (!opts.json && opts.summary) {
    const text = opts.summary(result);
    if (text) io.out(text);
  }
  return opts.successExit ? opts.successExit(result) : 0;
}
