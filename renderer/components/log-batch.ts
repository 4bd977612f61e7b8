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

export class LogBatch {
  private queue: string[] = [];
  private head = 0;
  private dropped = 0;

  constructor(private readonly opts: LogBatchOptions) {}

  /** Lines waiting. */
  get size(): number {
    return this.queue.length - this.head;
  }

  push(line: string): void {
    this.queue.push(toTerminalLine(line));
    if (this.size > this.opts.maxLines) {
      // Drop the oldest: they would be past the scrollback by the time they were drawn.
      const excess = this.size - this.opts.maxLines;
      this.head += excess;
      this.dropped += excess;
    }
    // Compact now and then so the array does not keep taken lines alive.
    if (this.head > 4096 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }

  /** Lines dropped since the last call (and resets the count). */
  takeDropped(): number {
    const n = this.dropped;
    this.dropped = 0;
    return n;
  }

  /**
   * The next chunk: whole lines up to maxChunkChars (a single longer line is split,
   * so one huge line cannot stall a frame). Empty string when nothing waits.
   */
  take(): string {
    const max = this.opts.maxChunkChars;
    let out = '';
    while (this.head < this.queue.length) {
      const next = this.queue[this.head];
      if (out.length + next.length <= max) {
        out += next;
        this.head++;
        continue;
      }
      if (out.length === 0) {
        out = next.slice(0, max);
        this.queue[this.head] = next.slice(max);
      }
      break;
    }
    if (this.head === this.queue.length) {
      this.queue = [];
      this.head = 0;
    }
    return out;
  }

  clear(): void {
    this.queue = [];
    this.head = 0;
    this.dropped = 0;
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
