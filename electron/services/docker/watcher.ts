/**
 * Keeps the engine state and the plugin list live: follows `/events` (type plugin)
 * and re-reads the list on each event, plus a slow safety re-read for what the
 * engine never announces (set, failed enable, crash-restart). When the engine is
 * unreachable it retries with backoff and publishes why.
 */
import type { EventHub } from '../events/hub';
import type { EngineStatus } from '../../ipc/types';
import type { Engine } from './engine';
import type { PluginService } from './plugins';

export interface WatcherOptions {
  safetyRereadMs?: number;
  retryMinMs?: number;
  retryMaxMs?: number;
}

export class EngineWatcher {
  private controller: AbortController | null = null;
  private status: EngineStatus | null = null;
  private debounce: NodeJS.Timeout | null = null;
  private wake: (() => void) | null = null;

  constructor(
    private readonly engine: () => Engine,
    private readonly plugins: PluginService,
    private readonly hub: EventHub,
    private readonly opts: WatcherOptions = {},
  ) {
    hub.define('engine', '', { sticky: true });
  }

  currentStatus(): EngineStatus | null {
    return this.status;
  }

  start(): void {
    if (this.controller) return;
    this.controller = new AbortController();
    void this.loop(this.controller.signal);
  }

  stop(): void {
    this.controller?.abort();
    this.controller = null;
    if (this.debounce) clearTimeout(this.debounce);
    this.wake?.();
  }

  /** Drops the current connection and starts over (new settings, or the user pressed retry). */
  async restart(): Promise<EngineStatus> {
    this.stop();
    const status = await this.engine().status();
    this.publish(status);
    this.start();
    return status;
  }

  private publish(s: EngineStatus): void {
    this.status = s;
    this.hub.publish('engine', '', s);
  }

  private scheduleRefresh(reason: string): void {
    if (this.debounce) clearTimeout(this.debounce);
    this.debounce = setTimeout(() => {
      this.debounce = null;
      this.plugins.refresh(reason).catch(() => undefined);
    }, 50);
  }

  private sleep(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        signal.removeEventListener('abort', done);
        resolve();
      }
      this.wake = done;
      signal.addEventListener('abort', done);
    });
  }

  private async loop(signal: AbortSignal): Promise<void> {
    const min = this.opts.retryMinMs ?? 1_000;
    const max = this.opts.retryMaxMs ?? 15_000;
    let backoff = min;
    while (!signal.aborted) {
      const engine = this.engine();
      const status = await engine.status();
      if (signal.aborted) return;
      this.publish(status);
      if (status.state !== 'connected') {
        await this.sleep(backoff, signal);
        backoff = Math.min(max, backoff * 2);
        continue;
      }
      backoff = min;
      const inner = new AbortController();
      const onAbort = () => inner.abort();
      signal.addEventListener('abort', onAbort);
      const safety = setInterval(() => this.plugins.refresh('safety re-read').catch(() => undefined), this.opts.safetyRereadMs ?? 30_000);
      try {
        // Subscribe first, then read: nothing that happens in between is missed.
        const following = engine.events({ type: ['plugin'] }, inner.signal, (e) => {
          const action = typeof e.Action === 'string' ? e.Action : 'event';
          this.scheduleRefresh(`engine event: ${action}`);
        });
        // Awaited below; a rejection while the list is being read must not count as unhandled.
        following.catch(() => undefined);
        await this.plugins.refresh('connected').catch(() => undefined);
        await following;
      } catch {
        // the stream broke: loop re-checks the engine and reconnects
      } finally {
        clearInterval(safety);
        signal.removeEventListener('abort', onAbort);
        inner.abort();
      }
      if (!signal.aborted) await this.sleep(min, signal);
    }
  }
}
