/**
 * The queue between a job's log lines and the terminal. A build can print 200,000
 * lines; one `terminal.write` per line costs a parse and a render request each, so
 * lines are queued as terminal text and taken out in chunks (one write per animation
 * frame, the next only after xterm has consumed the previous one).
 *
 * Bounded twice: a chunk never exceeds `maxChunkChars` (one frame's worth of parsing),
 * and the queue never holds more lines than the terminal's scrollback — older ones
 * would scroll out unseen anyway — so a stalled tab cannot grow without limit. What
 * was dropped is counted, so the terminal can say so instead of silently skipping.
 * A push may hold several lines joined by "\n" (a job sends a flood in batches, see
 * electron/services/jobs/jobs.ts): the bounds count lines, not pushes.
 */

/** A log line as the terminal wants it: lone `\n` become `\r\n` (xterm does not return the carriage by itself). */
export function toTerminalLine(line: string): string {
  const body = line.replace(/\r?\n$/, '').replace(/\r?\n/g, '\r\n');
  return `${body}\r\n`;
}

export interface LogBatchOptions {
  /** Most lines kept waiting (the terminal's scrollback). */
  maxLines: number;
  /** Most characters handed out by one take(). */
  maxChunkChars: number;
}

/** Lines in a piece of terminal text: its CRLFs. */
function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

export class LogBatch {
  /** Terminal text, one entry per push (a push may hold several lines: a job sends a flood in batches). */
  private queue: string[] = [];
  /** Lines in each queue entry. */
  private counts: number[] = [];
  private head = 0;
  private waiting = 0;
  private dropped = 0;
  /** Whole lines handed out by take() since the last clear() (the terminal shows it as data-written, for benches and tests). */
  taken = 0;

  constructor(private readonly opts: LogBatchOptions) {}

  /** Lines waiting. */
  get size(): number {
    return this.waiting;
  }

  /** Queues one log event's text (one line, or several joined by "\n"); returns how many lines it held. */
  push(text: string): number {
    const t = toTerminalLine(text);
    const n = countLines(t);
    this.queue.push(t);
    this.counts.push(n);
    this.waiting += n;
    // Drop the oldest whole entries: they would be past the scrollback by the time they were drawn.
    while (this.waiting - this.counts[this.head] >= this.opts.maxLines && this.head < this.queue.length - 1) {
      this.waiting -= this.counts[this.head];
      this.dropped += this.counts[this.head];
      this.head++;
    }
    // Compact now and then so the arrays do not keep taken entries alive.
    if (this.head > 4096 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.counts = this.counts.slice(this.head);
      this.head = 0;
    }
    return n;
  }

  /** Lines dropped since the last call (and resets the count). */
  takeDropped(): number {
    const n = this.dropped;
    this.dropped = 0;
    return n;
  }

  /**
   * The next chunk: whole entries up to maxChunkChars (an entry longer than that is split,
   * so one huge line cannot stall a frame). Empty string when nothing waits.
   */
  take(): string {
    const max = this.opts.maxChunkChars;
    const parts: string[] = [];
    let len = 0;
    while (this.head < this.queue.length) {
      const next = this.queue[this.head];
      if (len + next.length <= max) {
        parts.push(next);
        len += next.length;
        this.waiting -= this.counts[this.head];
        this.taken += this.counts[this.head];
        this.head++;
        continue;
      }
      if (len === 0) {
        const piece = next.slice(0, max);
        const n = countLines(piece);
        parts.push(piece);
        this.queue[this.head] = next.slice(max);
        this.counts[this.head] -= n;
        this.waiting -= n;
        this.taken += n;
      }
      break;
    }
    if (this.head === this.queue.length) {
      this.queue = [];
      this.counts = [];
      this.head = 0;
    }
    return parts.join('');
  }

  clear(): void {
    this.queue = [];
    this.counts = [];
    this.head = 0;
    this.waiting = 0;
    this.dropped = 0;
    this.taken = 0;
  }
}

/** The terminal buffer as plain text (copy, save): soft-wrapped rows are joined back into their line. */
export function joinWrapped(rows: { text: string; wrapped: boolean }[]): string {
  const lines: string[] = [];
  for (const r of rows) {
    if (r.wrapped && lines.length) lines[lines.length - 1] += r.text;
    else lines.push(r.text);
  }
  while (lines.length && lines[lines.length - 1].trim() === '') lines.pop();
  return lines.map((l) => l.replace(/\s+$/, '')).join('\n') + (lines.length ? '\n' : '');
}

/** A file name for the saved log: `build-<name>-<time>.log`, safe on every filesystem. */
export function logFileName(name: string, at: Date): string {
  const safe = name.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^_+|_+$/g, '') || 'plugin';
  const stamp = at.toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '');
  return `build-${safe}-${stamp}.log`;
}
