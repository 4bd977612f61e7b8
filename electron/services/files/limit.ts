/**
 * Bounds on file calls. Node runs file system calls on a small shared thread pool (4 threads by
 * default) that also serves the page's own files in serve mode; a call that never returns (a hung
 * network mount, a device) holds its thread. So the files service runs at most `concurrency` calls
 * at once (the rest of the pool stays free whatever happens), queues at most `queue` more, and a
 * caller gets an answer after `timeoutMs` even when the disk gives none. The slot of a call that
 * timed out is held until the call really ends: the bound counts threads, not promises.
 */
import { PlugsmithError } from '../errors';

export interface LimitOptions {
  concurrency?: number;
  queue?: number;
  timeoutMs?: number;
}

export class CallLimit {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  readonly concurrency: number;
  readonly queue: number;
  readonly timeoutMs: number;

  constructor(opts: LimitOptions = {}) {
    this.concurrency = opts.concurrency ?? 2;
    this.queue = opts.queue ?? 64;
    this.timeoutMs = opts.timeoutMs ?? 15_000;
  }

  run<T>(what: string, fn: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency && this.waiting.length >= this.queue) {
      return Promise.reject(new PlugsmithError('files/busy', `Too many file calls at once (${this.running} running, ${this.waiting.length} waiting); nothing was done for ${what}: try again`, `limit ${this.concurrency} running + ${this.queue} queued`));
    }
    return new Promise<T>((resolve, reject) => {
      let answered = false;
      const timer = setTimeout(() => {
        answered = true;
        // Still queued: it never starts (nobody waits for its answer any more).
        const i = this.waiting.indexOf(start);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(new PlugsmithError('files/timeout', `The disk did not answer for ${what} within ${Math.round(this.timeoutMs / 1000)} s (a hung network mount, or a device?); the call was given up`, `${this.running} calls running, ${this.waiting.length} waiting`));
      }, this.timeoutMs);
      timer.unref?.();
      const start = () => {
        this.running++;
        fn().then(
          (v) => !answered && resolve(v),
          (e) => !answered && reject(e),
        ).finally(() => {
          answered = true;
          clearTimeout(timer);
          this.running--;
          this.waiting.shift()?.();
        });
      };
      if (this.running < this.concurrency) start();
      else this.waiting.push(start);
    });
  }
}
