/**
 * The pipeline's stages as the user sees them: each with its state, elapsed time and CLI twin,
 * announced in the job log (bold header, ANSI kept for xterm) and in the job's stage/progress.
 */
import type { JobContext } from '../jobs/jobs';
import type { BuildStage, BuildStageResult } from '../../ipc/types';

const BOLD = '\x1b[1m';
const GREEN = '\x1b[32m';
const RED = '\x1b[31m';
const DIM = '\x1b[2m';
const RESET = '\x1b[0m';

/** Where each stage sits on the job's progress bar (start, end). */
const SPAN: Record<BuildStage, [number, number]> = {
  check: [0, 0.03],
  build: [0.03, 0.45],
  create: [0.45, 0.85],
  set: [0.85, 0.87],
  enable: [0.87, 0.97],
  push: [0.97, 1],
};

export class StageTracker {
  readonly results: BuildStageResult[];
  private started = new Map<BuildStage, number>();

  constructor(
    private readonly ctx: JobContext,
    stages: { stage: BuildStage; command: string; skip?: string }[],
  ) {
    this.results = stages.map((s) => ({ stage: s.stage, state: s.skip ? 'skipped' : 'pending', ms: null, command: s.command, ...(s.skip ? { message: s.skip } : {}) }));
  }

  private get(stage: BuildStage): BuildStageResult {
    const r = this.results.find((x) => x.stage === stage);
    if (!r) throw new Error(`no stage ${stage}`);
    return r;
  }

  setCommand(stage: BuildStage, command: string): void {
    this.get(stage).command = command;
  }

  begin(stage: BuildStage, note?: string): void {
    const r = this.get(stage);
    r.state = 'running';
    this.started.set(stage, Date.now());
    this.ctx.log(`${BOLD}▶ ${stage}${RESET}${note ? ` — ${note}` : ''}`);
    if (r.command) this.ctx.log(`${DIM}$ ${r.command}${RESET}`);
    this.ctx.progress(SPAN[stage][0], stage);
  }

  /** Progress inside a stage, 0..1 of its span (null: indeterminate, keeps the bar where it is). */
  within(stage: BuildStage, fraction: number | null, words: string): void {
    const [a, b] = SPAN[stage];
    this.ctx.progress(fraction === null ? a : a + (b - a) * Math.min(1, Math.max(0, fraction)), `${stage}: ${words}`);
  }

  done(stage: BuildStage, message?: string): void {
    const r = this.get(stage);
    r.state = 'succeeded';
    r.ms = Date.now() - (this.started.get(stage) ?? Date.now());
    if (message) r.message = message;
    this.ctx.log(`${GREEN}✔ ${stage}${RESET} ${(r.ms / 1000).toFixed(1)} s${message ? ` — ${message}` : ''}`);
    this.ctx.progress(SPAN[stage][1], `${stage} done`);
  }

  skip(stage: BuildStage, why: string): void {
    const r = this.get(stage);
    r.state = 'skipped';
    r.message = why;
    this.ctx.log(`${DIM}– ${stage}: ${why}${RESET}`);
  }

  fail(stage: BuildStage, message: string): void {
    const r = this.get(stage);
    r.state = 'failed';
    r.ms = Date.now() - (this.started.get(stage) ?? Date.now());
    r.message = message;
    this.ctx.log(`${RED}✖ ${stage} failed after ${(r.ms / 1000).toFixed(1)} s: ${message}${RESET}`, 'stderr');
  }

  running(): BuildStage | null {
    return this.results.find((r) => r.state === 'running')?.stage ?? null;
  }

  summary(): string {
    return this.results.map((r) => `${r.stage}: ${r.state}${r.ms !== null ? ` (${(r.ms / 1000).toFixed(1)} s)` : ''}${r.message ? ` — ${r.message}` : ''}`).join('\n');
  }
}
