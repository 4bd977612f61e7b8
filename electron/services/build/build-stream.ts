import { BuildSteps, stepLabel, type BuildStep } from './build-stream-steps';

/**
 * The engine's build output (`POST /build`, JSON lines) turned into log lines and progress:
 * `{"stream":"Step 3/5 : COPY …"}` → step 3 of 5; `{"aux":{"ID":…}}` → the image; a failure is
 * `{"error":…,"errorDetail":{…}}` even though the HTTP status was 200 (dockerode's followProgress
 * reports no error for it). ANSI colours in the text (RUN's stderr arrives red) are kept for xterm.
 * Steps and their elapsed times, classic "Step 3/5" or BuildKit's plain "#5 [2/3] RUN …", are
 * tracked by build-stream-steps.ts (which says when each format appears).
 */
export interface BuildStreamState {
  step: number;
  total: number;
  imageId: string | null;
  error: { message: string; detail: string } | null;
  /** Containers the builder ran steps in (" ---> Running in abc…"): removed if it dies mid-step. */
  containers: string[];
  /** Intermediate images (" ---> 1a2b3c…") this build made (not "Using cache"). */
  images: string[];
  /** Every step seen, with its state and elapsed seconds. */
  steps: BuildStep[];
}

export interface BuildStreamHandlers {
  line(text: string, stream: 'stdout' | 'stderr'): void;
  step?(step: number, total: number, text: string): void;
}

export class BuildStreamParser {
  private readonly tracker: BuildSteps;
  readonly state: BuildStreamState;
  private buf = '';
  private partial = '';
  private lastWasCache = false;
  /** The current step is FROM: its " ---> id" is the base image, not something this build made. */
  private inFrom = false;

  constructor(
    private readonly h: BuildStreamHandlers,
    now: () => number = () => Date.now(),
  ) {
    this.tracker = new BuildSteps(now);
    this.state = { step: 0, total: 0, imageId: null, error: null, containers: [], images: [], steps: this.tracker.steps };
  }

  push(chunk: string): void {
    this.buf += chunk;
    let nl: number;
    while ((nl = this.buf.indexOf('\n')) >= 0) {
      const raw = this.buf.slice(0, nl).trim();
      this.buf = this.buf.slice(nl + 1);
      if (raw) this.message(raw);
    }
  }

  end(): void {
    if (this.buf.trim()) this.message(this.buf.trim());
    this.buf = '';
    if (this.partial) this.text(`${this.partial}\n`, 'stdout');
    this.tracker.end(!this.state.error && !!this.state.imageId);
  }

  private message(raw: string): void {
    let m: Record<string, unknown>;
    try {
      m = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      this.text(`${raw}\n`, 'stdout'); // not JSON: show it as it came
      return;
    }
    if (typeof m.error === 'string' || m.errorDetail) {
      const detail = (m.errorDetail as { message?: string } | undefined)?.message ?? String(m.error);
      this.state.error = { message: String(m.error ?? detail), detail };
      this.h.line(String(m.error ?? detail), 'stderr');
      return;
    }
    const aux = m.aux as { ID?: string } | undefined;
    if (aux?.ID) this.state.imageId = aux.ID;
    if (typeof m.stream === 'string') this.text(m.stream, 'stdout');
    if (typeof m.status === 'string') {
      // A pull of a base image: "Pulling from …", "Downloading" with progress.
      this.h.line(`${m.id ? `${String(m.id)}: ` : ''}${m.status}${typeof m.progress === 'string' ? ` ${m.progress}` : ''}`, 'stdout');
    }
  }

  private text(s: string, stream: 'stdout' | 'stderr'): void {
    const all = this.partial + s;
    const lines = all.split('\n');
    this.partial = lines.pop() ?? '';
    for (const l of lines) {
      // eslint-disable-next-line no-control-regex
      const plain = l.replace(/\x1b\[[0-9;]*m/g, '');
      const step = /^Step (\d+)\/(\d+) : /.exec(plain);
      if (step) {
        this.state.step = Number(step[1]);
        this.state.total = Number(step[2]);
        this.h.step?.(this.state.step, this.state.total, plain);
        this.lastWasCache = false;
        this.inFrom = /^Step \d+\/\d+ : FROM\s/i.test(plain);
      }
      const change = this.tracker.line(plain);
      if (change && change.step.id.startsWith('#')) {
        // BuildKit: the bar moves as steps end (several can run at once), not as they start.
        const { done, total } = change;
        this.state.step = done;
        this.state.total = total;
        this.h.step?.(Math.min(done + 1, total), total, stepLabel(change.step));
      }
      if (/^ ---> Using cache/.test(plain)) this.lastWasCache = true;
      const running = /^ ---> Running in ([0-9a-f]{12,64})/.exec(plain);
      if (running) this.state.containers.push(running[1]);
      const made = /^ ---> ([0-9a-f]{12,64})$/.exec(plain);
      if (made && !this.lastWasCache && !this.inFrom) this.state.images.push(made[1]);
      this.h.line(l, /\x1b\[31m/.test(l) ? 'stderr' : stream);
    }
  }
}

/** Words for a build failure a user can act on (base image missing and no registry, syntax). */
export function explainBuildError(message: string, baseImages: string[]): string {
  if (/pull access denied|dial tcp|lookup .* (no such host|server misbehaving)|TLS handshake|i\/o timeout|network is unreachable|Get "?https?:\/\//i.test(message)) {
    const which = baseImages.length ? `FROM ${baseImages.join(', ')}: ` : '';
    return `${which}the image is not in this engine and the engine could not pull it (offline, or no registry reachable). Load it first (docker load / docker import) or build FROM scratch. The engine said: ${message}`;
  }
  if (/dockerfile parse error|unknown instruction/i.test(message)) return `The Dockerfile has a syntax error: ${message}`;
  if (/COPY failed|ADD failed|no such file or directory/i.test(message) && /stat|file not found|no source files/i.test(message)) {
    return `A file the Dockerfile copies is not in the build context (or .dockerignore leaves it out): ${message}`;
  }
  return message;
}
