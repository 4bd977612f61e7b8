/**
 * One look at the engine for every log-tail session: `/info` (local, remote or Docker Desktop) and
 * `/plugins` (which plugin, its id and mounts), fetched once and shared. Each session used to ask
 * both itself every few seconds, so 1,000 followed names were 1,000 of each per look (and each
 * `/info` makes dockerd start runc): the engine's load now does not grow with the sessions.
 */
import type { Engine } from '../docker/engine';
import type { EnginePlugin } from '../docker/plugin-model';
import { DoctorFacts, type DoctorOptions } from './facts';

export interface EngineLook {
  engine: Engine;
  /** When the fetch started (ms since the epoch). */
  at: number;
  info: Promise<Record<string, unknown>>;
  plugins: Promise<EnginePlugin[]>;
  settled: boolean;
}

export class EnginePoll {
  private last: EngineLook | null = null;
  /** Engine requests made (tests: the poll is shared, not per session). */
  fetches = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /**
   * The latest look at this engine if it began less than maxAgeMs ago, or is still under way (a
   * slow engine is not asked again while it has not answered); else a new one.
   */
  get(engine: Engine, maxAgeMs: number): EngineLook {
    const l = this.last;
    if (l && l.engine === engine && (!l.settled || this.now() - l.at < maxAgeMs)) return l;
    this.fetches++;
    const look: EngineLook = {
      engine,
      at: this.now(),
      info: engine.request<Record<string, unknown>>({ method: 'GET', path: '/info', timeoutMs: 4_000 }),
      plugins: engine.request<EnginePlugin[]>({ method: 'GET', path: '/plugins', timeoutMs: 4_000 }),
      settled: false,
    };
    // Rejections are read by whoever awaits; never unhandled.
    look.info.catch(() => undefined);
    look.plugins.catch(() => undefined);
    void Promise.allSettled([look.info, look.plugins]).then(() => {
      look.settled = true;
    });
    this.last = look;
    return look;
  }
}

/** The doctor's facts, but `/info` and `/plugins` come from a shared look. */
export class SharedFacts extends DoctorFacts {
  constructor(
    opts: DoctorOptions,
    private readonly look: EngineLook,
  ) {
    super(opts);
  }

  override info() {
    return this.look.info;
  }

  override plugins() {
    return this.look.plugins;
  }
}
