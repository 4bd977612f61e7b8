/**
 * What a pipeline made and must not leave behind: its temporary container, the builder's step
 * containers, the built image (unless kept) and its intermediate images, and a plugin it created
 * but could not finish (only when the job was meant to fail it away, e.g. cancel mid-create).
 * Removal is tried right away; when the engine is gone (stopped mid-build) the rest is kept and
 * retried every few seconds until the engine is back, so nothing outlives the outage.
 */
import type { Engine } from '../docker/engine';
import { PlugsmithError } from '../errors';

export type LeftoverKind = 'container' | 'image' | 'plugin';

export interface Leftover {
  kind: LeftoverKind;
  id: string;
  /** Which job made it, for the log. */
  job: string;
}

const enc = encodeURIComponent;

async function removeOne(engine: Engine, l: Leftover): Promise<'removed' | 'gone'> {
  const path = l.kind === 'container' ? `/containers/${enc(l.id)}` : l.kind === 'image' ? `/images/${enc(l.id)}` : `/plugins/${enc(l.id)}`;
  const query = l.kind === 'container' ? { force: 1, v: 1 } : { force: 1 };
  try {
    await engine.request({ method: 'DELETE', path, query, timeoutMs: l.kind === 'plugin' ? 60_000 : 30_000 });
    return 'removed';
  } catch (err) {
    // Already gone is as good as removed (an image's parent removed with it, a container auto-removed).
    // "Removal already in progress" (the engine restored a half-removed container) is not gone yet:
    // it throws, so the janitor asks again until the engine answers 404.
    if (err instanceof PlugsmithError && (err.code === 'engine/http-404' || /no such (image|container)/i.test(err.message))) return 'gone';
    throw err;
  }
}

const unreachable = (err: unknown) => err instanceof PlugsmithError && (err.code === 'engine/unreachable' || err.code === 'engine/timeout' || err.code === 'engine/error');

export class Janitor {
  private pending: { engine: Engine; item: Leftover; since: number }[] = [];
  private timer: NodeJS.Timeout | null = null;
  private retrying = false;

  constructor(
    private readonly retryMs = 2_000,
    /** Give up after this long (an engine that never comes back). */
    private readonly giveUpMs = 30 * 60_000,
  ) {}

  /** Removes the items now, in order; returns what could not be removed (kept for retry when the engine is unreachable). */
  async sweep(engine: Engine, items: Leftover[], log?: (line: string) => void): Promise<Leftover[]> {
    const failed: Leftover[] = [];
    // Containers before images: an image still used by a container is only untagged, not removed.
    for (const item of ordered(items)) {
      try {
        const r = await removeOne(engine, item);
        if (r === 'removed') log?.(`removed temporary ${item.kind} ${short(item.id)}`);
      } catch (err) {
        failed.push(item);
        // Any failure is retried (an engine just back may still be restoring a container), not only
        // "unreachable"; the giving-up time bounds it.
        this.defer(engine, item);
        log?.(`could not remove ${item.kind} ${short(item.id)}: ${(err as Error).message} — ${unreachable(err) ? 'will retry when the engine is back' : 'will retry'}`);
      }
    }
    return failed;
  }

  /** Items waiting for the engine to come back. */
  list(): Leftover[] {
    return this.pending.map((p) => p.item);
  }

  /** Tries the waiting items now; resolves with what is still waiting. */
  async retry(): Promise<Leftover[]> {
    const now = Date.now();
    const byItem = new Map(this.pending.map((p) => [p.item, p]));
    for (const item of ordered([...byItem.keys()])) {
      const p = byItem.get(item)!;
      let done = false;
      try {
        await removeOne(p.engine, p.item);
        done = true;
      } catch {
        done = now - p.since >= this.giveUpMs;
      }
      // Only now leaves the list: list() never reports "nothing pending" while a removal is under way.
      if (done) this.pending = this.pending.filter((x) => x !== p);
    }
    if (this.pending.length === 0) this.stop();
    return this.list();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private defer(engine: Engine, item: Leftover): void {
    this.pending.push({ engine, item, since: Date.now() });
    if (!this.timer) {
      this.timer = setInterval(() => {
        if (this.retrying) return;
        this.retrying = true;
        void this.retry().finally(() => (this.retrying = false));
      }, this.retryMs);
      this.timer.unref(); // never keeps a CLI process alive on its own
    }
  }
}

const ORDER: Record<LeftoverKind, number> = { container: 0, plugin: 1, image: 2 };
function ordered(items: Leftover[]): Leftover[] {
  return items.map((item, i) => ({ item, i })).sort((a, b) => ORDER[a.item.kind] - ORDER[b.item.kind] || a.i - b.i).map((x) => x.item);
}

export function short(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12);
}
