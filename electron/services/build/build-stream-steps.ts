/**
 * A build's steps, with progress and elapsed time per step, from the two ways a Docker build
 * reports them in text. Which one a user meets depends on the builder, not on Plugsmith:
 *
 * - Classic builder (`POST /build` with the API's default `version=1`; what Plugsmith's pipeline
 *   uses, and the only builder `docker build` uses on 20.10 without DOCKER_BUILDKIT=1). Each
 *   `{"stream":…}` message carries lines such as
 *       Step 3/5 : RUN make
 *        ---> Running in 4f2a…     /  ---> Using cache
 *   Steps run one after another: a step ends when the next one starts or the build ends; its
 *   elapsed time is measured here, between those lines.
 *
 * - BuildKit plain progress (`docker build --progress=plain` with DOCKER_BUILDKIT=1 on 20.10,
 *   the default from engine/CLI 23.0, `docker buildx build --progress=plain`, `buildctl
 *   --progress=plain`) — what a user pastes from a CI log or pipes in. Each vertex has a number:
 *       #5 [2/3] RUN make                      (a Dockerfile step: [stage index/total])
 *       #5 0.412 cc -o netplugin …             (its output, seconds since it started)
 *       #5 DONE 0.3s  |  #5 CACHED  |  #5 ERROR: … |  #5 CANCELED
 *       #7 [builder 2/4] RUN go build …        (multi-stage: the stage's name first)
 *       #1 [internal] load build definition    (not a step: no index)
 *   Through the Engine API (`version=2`) BuildKit sends the same information as protobuf in
 *   `{"id":"moby.buildkit.trace","aux":"<base64>"}` messages, not as these lines: decoding those
 *   is not done here (the pipeline builds with the classic builder). Vertices of different
 *   stages can run at once, so each keeps its own start and the engine's own DONE time.
 */

export type BuildStepState = 'running' | 'done' | 'cached' | 'failed' | 'cancelled';

export interface BuildStep {
  /** "3" for classic step 3, "#5" for BuildKit vertex 5. */
  id: string;
  /** The step's text without its marker: "RUN make". */
  text: string;
  /** BuildKit's stage name for a multi-stage build ("builder"), else null. */
  stage: string | null;
  index: number;
  total: number;
  state: BuildStepState;
  /** When it started (the clock given to the tracker, ms). */
  startedAt: number;
  /** Elapsed seconds once it ended: the engine's own DONE time for BuildKit, measured for classic. */
  seconds: number | null;
  /** BuildKit's error text (ERROR: …). */
  error?: string;
}

/** What a line changed, for the caller to show: progress as done/total steps and the step it concerns. */
export interface StepChange {
  step: BuildStep;
  done: number;
  total: number;
}

const CLASSIC_STEP = /^Step (\d+)\/(\d+) : (.*)$/;
const CLASSIC_CACHE = /^ ---> Using cache$/;
const BK_STEP = /^#(\d+) \[(?:(\S+) )?(\d+)\/(\d+)\] (.*)$/;
const BK_DONE = /^#(\d+) DONE (\d+(?:\.\d+)?)s$/;
const BK_CACHED = /^#(\d+) CACHED$/;
const BK_ERROR = /^#(\d+) ERROR:? ?(.*)$/;
const BK_CANCELED = /^#(\d+) CANCEL+ED$/;

export class BuildSteps {
  readonly steps: BuildStep[] = [];
  private byId = new Map<string, BuildStep>();
  /** Classic: the step now running (ends when the next starts). */
  private classicCurrent: BuildStep | null = null;
  /** BuildKit: steps per stage (key "" for an unnamed stage), from the [i/total] markers. */
  private stageTotals = new Map<string, number>();

  constructor(private readonly now: () => number = () => Date.now()) {}

  /** Steps ended (done, cached), and all steps known so far across stages. */
  progress(): { done: number; total: number } {
    const classicTotal = this.steps.find((s) => !s.id.startsWith('#'))?.total ?? 0;
    let total = classicTotal;
    for (const t of this.stageTotals.values()) total += t;
    const done = this.steps.filter((s) => s.state === 'done' || s.state === 'cached').length;
    return { done, total: Math.max(total, done) };
  }

  /** One line of build output, ANSI colours already stripped; null when it says nothing about steps. */
  line(plain: string): StepChange | null {
    const at = this.now();
    let m = CLASSIC_STEP.exec(plain);
    if (m) {
      this.endClassic(at, 'done');
      const step = this.add({ id: m[1], text: m[3], stage: null, index: Number(m[1]), total: Number(m[2]), state: 'running', startedAt: at, seconds: null });
      this.classicCurrent = step;
      return this.change(step);
    }
    if (CLASSIC_CACHE.test(plain) && this.classicCurrent) {
      this.classicCurrent.state = 'cached';
      return this.change(this.classicCurrent);
    }
    if ((m = BK_STEP.exec(plain))) {
      const id = `#${m[1]}`;
      const known = this.byId.get(id);
      // BuildKit repeats a vertex's name line when its output resumes after another vertex's.
      if (known) return null;
      const stage = m[2] ?? null;
      this.stageTotals.set(stage ?? '', Number(m[4]));
      return this.change(this.add({ id, text: m[5], stage, index: Number(m[3]), total: Number(m[4]), state: 'running', startedAt: at, seconds: null }));
    }
    if ((m = BK_DONE.exec(plain))) return this.endBuildKit(`#${m[1]}`, 'done', Number(m[2]));
    if ((m = BK_CACHED.exec(plain))) return this.endBuildKit(`#${m[1]}`, 'cached', 0);
    if ((m = BK_CANCELED.exec(plain))) return this.endBuildKit(`#${m[1]}`, 'cancelled', null);
    if ((m = BK_ERROR.exec(plain))) {
      const change = this.endBuildKit(`#${m[1]}`, 'failed', null);
      if (change) change.step.error = m[2];
      return change;
    }
    return null;
  }

  /** The build stream ended (ok: it produced an image) or failed: the running classic step ends with it. */
  end(ok: boolean): StepChange | null {
    const step = this.classicCurrent;
    this.endClassic(this.now(), ok ? 'done' : 'failed');
    return step ? this.change(step) : null;
  }

  private add(step: BuildStep): BuildStep {
    this.steps.push(step);
    this.byId.set(step.id, step);
    return step;
  }

  private endClassic(at: number, state: 'done' | 'failed'): void {
    const s = this.classicCurrent;
    if (!s) return;
    if (s.state === 'running' || (s.state === 'cached' && state === 'failed')) s.state = state;
    s.seconds = Math.max(0, at - s.startedAt) / 1000;
    this.classicCurrent = null;
  }

  private endBuildKit(id: string, state: BuildStepState, seconds: number | null): StepChange | null {
    const s = this.byId.get(id);
    // Internal vertices (load build definition, exporting to image) carry no [i/total]: not steps.
    if (!s) return null;
    s.state = state;
    s.seconds = seconds ?? Math.max(0, this.now() - s.startedAt) / 1000;
    return this.change(s);
  }

  private change(step: BuildStep): StepChange {
    return { step, ...this.progress() };
  }
}

/** The words shown for a step: "Step 3/5 : RUN make", "[builder 2/4] RUN go build — done in 0.3 s". */
export function stepLabel(s: BuildStep): string {
  const head = s.id.startsWith('#') ? `[${s.stage ? `${s.stage} ` : ''}${s.index}/${s.total}] ${s.text}` : `Step ${s.index}/${s.total} : ${s.text}`;
  switch (s.state) {
    case 'running':
      return head;
    case 'cached':
      return `${head} — cached`;
    case 'done':
      return `${head} — done in ${(s.seconds ?? 0).toFixed(1)} s`;
    case 'failed':
      return `${head} — failed${s.error ? `: ${s.error}` : ''}`;
    case 'cancelled':
      return `${head} — cancelled`;
  }
}
