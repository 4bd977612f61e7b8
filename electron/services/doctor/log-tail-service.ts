/**
 * The `doctor-logs` event stream: one tail session per plugin, shared by every subscriber,
 * started by the first and stopped when the last leaves. A session finds the plugin (through
 * the doctor's facts, so "which plugin", "is the engine remote" and "where is the engine's log"
 * are answered exactly as the checks answer them), follows its log files and the engine's lines
 * for it, matches every line against the known lines, and keeps the last lines of each source
 * (bounded) so a new subscriber starts with a snapshot.
 *
 * Every few seconds it looks again: a plugin installed, re-created (new id) or re-configured
 * (mounts), a log folder gaining files, an engine becoming reachable — each is a new snapshot.
 * A state that does not change is not sent again: a remote engine or a missing plugin is one
 * event, not one per look.
 *
 * What a session costs the engine does not grow with the sessions (issue 15): every look of every
 * session shares one `/info` + `/plugins` (log-tail-poll.ts), driven by one timer. A name that is
 * not an installed plugin at its first look is refused: its subscribers get the `no-plugin` state
 * and the session ends there (a session that has seen its plugin keeps following through a
 * remove and re-create, e.g. `build --replace`). Transports cap the sessions one client holds.
 */
import type { DoctorLogEvent, DoctorLogLine, DoctorLogSource, DoctorLogsState } from '../../ipc/types';
import { toEnvelope } from '../errors';
import { DoctorFacts, type DoctorOptions } from './facts';
import { messageOf, type EngineLogResult } from './engine-log';
import { matchLine } from './known-lines';
import { FileTail, type TailNote, type TailStatus } from './log-tail';
import { EngineLogFollow, engineLineText } from './log-tail-engine';
import { resolveLogFiles } from './log-tail-sources';
import { EnginePoll, SharedFacts, type EngineLook } from './log-tail-poll';
import type { Engine } from '../docker/engine';

export interface LogTailOptions {
  /** Lines each source starts with and keeps for a new subscriber. */
  backlogLines?: number;
  pollMs?: number;
  /** How often the plugin, its mounts and its log folders are looked at again. */
  resolveMs?: number;
  /** Lines arriving within this window go out as one event. */
  batchMs?: number;
}

export interface LogTailDeps extends LogTailOptions {
  /** The doctor's options for a plugin (engine, engine log setting, log folder override). */
  options: (args: { plugin?: string }) => DoctorOptions;
}

export type LogTailListener = (seq: number, e: DoctorLogEvent) => void;

const ENGINE_KEY = 'engine';

/** A file line (or an engine line, matched on its message) with the check it explains, if any. */
export function toLogLine(text: string, kind: 'file' | 'engine'): DoctorLogLine {
  const m = matchLine(kind === 'engine' ? messageOf(text) : text);
  const shown = kind === 'engine' ? engineLineText(text) : text;
  return m ? { text: shown, match: { id: m.id, check: m.check, meaning: m.meaning, fix: m.fix } } : { text: shown };
}

interface Follower {
  stop(): Promise<void>;
}

class Session {
  private listeners = new Set<LogTailListener>();
  private state: DoctorLogsState = { mode: 'starting', plugin: null, message: null, sources: [], looked: [] };
  private rings = new Map<string, DoctorLogLine[]>();
  private followers = new Map<string, { sig: string; f: Follower }>();
  private pending = new Map<string, DoctorLogLine[]>();
  private flushTimer: NodeJS.Timeout | null = null;
  private resolving: Promise<void> | null = null;
  /** While sources are (re)built, lines only fill the rings; the snapshot afterwards carries them. */
  private building = false;
  private stopped = false;
  private lastSent = '';
  private readonly keep: number;
  /** Whether a look has found the plugin: until then a missing plugin refuses the name. */
  private found = false;
  private looks = 0;

  constructor(
    private readonly plugin: string | undefined,
    private readonly deps: LogTailDeps,
    private readonly nextSeq: () => number,
    /** The shared look at the engine: at most maxAgeMs old. */
    private readonly look: (engine: Engine, maxAgeMs: number) => EngineLook,
    /** Called when a named plugin is not installed at the session's first look. */
    private readonly refused: () => void,
  ) {
    this.keep = deps.backlogLines ?? 200;
  }

  get size() {
    return this.listeners.size;
  }

  start(): void {
    void this.resolve();
  }

  add(l: LogTailListener): void {
    this.listeners.add(l);
    this.sendTo(l, this.snapshot());
  }

  remove(l: LogTailListener): void {
    this.listeners.delete(l);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.flushTimer) clearTimeout(this.flushTimer);
    await this.resolving?.catch(() => undefined);
    await Promise.all([...this.followers.values()].map((x) => x.f.stop()));
    this.followers.clear();
  }

  private snapshot(): DoctorLogEvent {
    return { type: 'snapshot', state: this.state, lines: Object.fromEntries(this.state.sources.map((s) => [s.key, this.rings.get(s.key) ?? []])) };
  }

  private sendTo(l: LogTailListener, e: DoctorLogEvent): void {
    try {
      l(this.nextSeq(), e);
    } catch {
      // A gone subscriber (closed socket) must not stop the others.
    }
  }

  private broadcast(e: DoctorLogEvent): void {
    if (this.stopped) return;
    const seq = this.nextSeq();
    for (const l of [...this.listeners]) {
      try {
        l(seq, e);
      } catch {
        // as above
      }
    }
  }

  private setState(next: DoctorLogsState, full: boolean): void {
    this.state = next;
    const sig = JSON.stringify(next);
    if (!full && sig === this.lastSent) return;
    this.lastSent = sig;
    this.broadcast(full ? this.snapshot() : { type: 'state', state: next });
  }

  private sourceStatus(key: string, s: TailStatus): void {
    const sources = this.state.sources.map((x): DoctorLogSource => {
      if (x.key !== key) return x;
      const { detail: _old, ...rest } = x;
      // A file's detail is its problem; the engine source's is how its log was found.
      const detail = s.state === 'unreadable' ? s.detail : x.kind === 'engine' ? x.detail : undefined;
      return detail === undefined ? { ...rest, status: s.state } : { ...rest, status: s.state, detail };
    });
    const next = { ...this.state, sources };
    if (this.building) this.state = next;
    else this.setState(next, false);
  }

  private push(key: string, kind: 'file' | 'engine', lines: string[], note?: TailNote): void {
    const made = lines.map((t) => toLogLine(t, kind));
    const ring = this.rings.get(key) ?? [];
    ring.push(...made);
    if (ring.length > this.keep) ring.splice(0, ring.length - this.keep);
    this.rings.set(key, ring);
    if (this.building || note === 'start') return;
    if (note) {
      // A restart of the file goes out at once, after whatever was waiting, so the order holds.
      this.flush(key);
      this.broadcast({ type: 'lines', source: key, lines: made, note });
      return;
    }
    if (!made.length) return;
    const p = this.pending.get(key) ?? [];
    p.push(...made);
    // Bounded even if nobody drains it quickly: only the newest lines are worth a write.
    if (p.length > this.keep) p.splice(0, p.length - this.keep);
    this.pending.set(key, p);
    if (!this.flushTimer) {
      this.flushTimer = setTimeout(() => {
        this.flushTimer = null;
        for (const k of [...this.pending.keys()]) this.flush(k);
      }, this.deps.batchMs ?? 50);
    }
  }

  private flush(key: string): void {
    const p = this.pending.get(key);
    this.pending.delete(key);
    if (p?.length) this.broadcast({ type: 'lines', source: key, lines: p });
  }

  resolve(): Promise<void> {
    if (this.resolving || this.stopped) return this.resolving ?? Promise.resolve();
    this.resolving = this.resolveNow()
      .catch((err) => {
        const e = toEnvelope(err);
        this.setState({ ...this.state, mode: 'engine-error', message: `${e.message}${e.code ? ` (${e.code})` : ''}` }, false);
      })
      .finally(() => {
        this.resolving = null;
      });
    return this.resolving;
  }

  private engineLogCache: { pluginId: string; at: number; result: EngineLogResult } | null = null;

  /**
   * Where the engine's log is, found again only when the plugin changed or, while not found, every
   * half minute: finding it reads megabytes (a file's tail, a journal) that a look every few seconds must not.
   */
  private async engineLogFor(pluginId: string, facts: DoctorFacts): Promise<EngineLogResult> {
    const c = this.engineLogCache;
    if (c && c.pluginId === pluginId && (c.result.ok || Date.now() - c.at < 30_000)) return c.result;
    const result = await facts.engineLog().catch((err): EngineLogResult => ({ ok: false, reason: (err as Error).message }));
    this.engineLogCache = { pluginId, at: Date.now(), result };
    return result;
  }

  /** Nothing to follow (remote, no plugin, engine down): stop what ran, say why once. */
  private async idle(mode: DoctorLogsState['mode'], message: string, plugin: string | null = null): Promise<void> {
    const had = this.followers.size > 0;
    await Promise.all([...this.followers.values()].map((x) => x.f.stop()));
    this.followers.clear();
    this.rings.clear();
    this.setState({ mode, plugin, message, sources: [], looked: [] }, had);
  }

  private async resolveNow(): Promise<void> {
    const opts = this.deps.options({ plugin: this.plugin });
    // A first look wants a recent plugin list (a plugin just built is there); the periodic looks
    // share the one the service's timer started.
    const resolveMs = this.deps.resolveMs ?? 5_000;
    const facts = new SharedFacts(opts, this.look(opts.engine, this.looks++ === 0 ? Math.min(1_000, resolveMs) : resolveMs / 2));
    const host = opts.engine.host;
    const mode = await facts.hostMode();
    if (mode === 'remote') {
      return this.idle('remote', `The logs are on the engine's host (${host}), not on this machine: run \`plugsmith serve\` there and open its Doctor (an SSH tunnel gives you the same screen).`);
    }
    if (mode === 'desktop') {
      return this.idle('desktop', 'Docker Desktop: the plugin and its log files live inside its VM, not on this machine.');
    }
    let target;
    try {
      target = await facts.target();
    } catch (err) {
      const e = toEnvelope(err);
      return this.idle('engine-error', `Cannot list the engine's plugins at ${host}: ${e.message}`);
    }
    const p = target.plugin;
    if (!p) {
      await this.idle(
        'no-plugin',
        target.requested ? `No plugin "${target.requested}" is installed on ${host}.` : `No Contiv plugin is installed on ${host}: name a plugin to follow its logs.`,
      );
      if (target.requested && !this.found) this.refused();
      return;
    }
    this.found = true;
    const [files, engineLog] = await Promise.all([resolveLogFiles(p, opts.pluginLogDir), this.engineLogFor(p.Id, facts)]);
    if (this.stopped) return;

    const wanted = new Map<string, { source: DoctorLogSource; sig: string; make: () => { f: Follower & { start(): Promise<void> } } }>();
    for (const f of files.files) {
      wanted.set(f.key, {
        source: { key: f.key, label: f.label, kind: 'file', path: f.path, status: 'absent' },
        sig: `file:${f.path}`,
        make: () => ({ f: new FileTail(f.path, { lines: (ls, note) => this.push(f.key, 'file', ls, note), status: (s) => this.sourceStatus(f.key, s) }, { backlogLines: this.keep, pollMs: this.deps.pollMs }) }),
      });
    }
    if (engineLog.ok) {
      const src = engineLog.source;
      wanted.set(ENGINE_KEY, {
        source: { key: ENGINE_KEY, label: 'engine log', kind: 'engine', path: src.where, status: 'tailing', detail: src.via },
        sig: `engine:${p.Id}:${src.where}`,
        make: () => ({ f: new EngineLogFollow(src, p.Id, { lines: (ls, note) => this.push(ENGINE_KEY, 'engine', ls, note), status: (s) => this.sourceStatus(ENGINE_KEY, s) }, { backlogLines: this.keep, pollMs: this.deps.pollMs }) }),
      });
    }
    const engineSource: DoctorLogSource = engineLog.ok ? wanted.get(ENGINE_KEY)!.source : { key: ENGINE_KEY, label: 'engine log', kind: 'engine', path: null, status: 'unavailable', detail: engineLog.reason };

    const changed = [...this.followers.keys()].some((k) => wanted.get(k)?.sig !== this.followers.get(k)!.sig) || [...wanted.keys()].some((k) => !this.followers.has(k));
    const looked = [...files.looked, engineLog.ok ? `engine log: ${engineLog.source.where} (${engineLog.source.via})` : `engine log: ${engineLog.reason}`];
    const keepStatus = (s: DoctorLogSource) => this.state.sources.find((x) => x.key === s.key && x.path === s.path) ?? s;
    const sourcesOf = () => [...[...wanted.values()].map((w) => keepStatus(w.source)).filter((s) => s.kind === 'file'), engineLog.ok ? keepStatus(engineSource) : engineSource];
    if (!changed) {
      this.setState({ mode: 'local', plugin: p.Name, message: null, sources: sourcesOf(), looked }, false);
      return;
    }

    this.building = true;
    try {
      for (const [k, x] of [...this.followers]) {
        if (wanted.get(k)?.sig === x.sig) continue;
        await x.f.stop();
        this.followers.delete(k);
        this.rings.delete(k);
        this.pending.delete(k);
      }
      this.state = { mode: 'local', plugin: p.Name, message: null, sources: sourcesOf(), looked };
      for (const [k, w] of wanted) {
        if (this.followers.has(k) || this.stopped) continue;
        const { f } = w.make();
        this.followers.set(k, { sig: w.sig, f });
        await f.start();
      }
    } finally {
      this.building = false;
    }
    if (this.stopped) return;
    this.setState(this.state, true);
  }
}

export class LogTailService {
  private sessions = new Map<string, Session>();
  /** Per plugin, across sessions: a client's "seen up to" stays valid when a session restarts. */
  private seqs = new Map<string, number>();
  readonly poll = new EnginePoll();
  /** One timer makes every session look again, so their looks share one engine fetch. */
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly deps: LogTailDeps) {}

  private tick(): void {
    if (!this.sessions.size) {
      if (this.timer) clearInterval(this.timer);
      this.timer = null;
      return;
    }
    for (const s of this.sessions.values()) void s.resolve();
  }

  /** Ends a session whose plugin is not installed: its subscribers have its no-plugin state. */
  private end(key: string, session: Session): void {
    if (this.sessions.get(key) !== session) return;
    this.sessions.delete(key);
    this.seqs.delete(key);
    void session.stop();
  }

  subscribe(plugin: string | undefined, listener: LogTailListener): () => void {
    const key = plugin ?? '';
    let s = this.sessions.get(key);
    if (!s) {
      const session: Session = new Session(
        plugin,
        this.deps,
        () => {
          const n = (this.seqs.get(key) ?? 0) + 1;
          this.seqs.set(key, n);
          return n;
        },
        (engine, maxAgeMs) => this.poll.get(engine, maxAgeMs),
        () => this.end(key, session),
      );
      s = session;
      this.sessions.set(key, s);
      if (!this.timer) {
        this.timer = setInterval(() => this.tick(), this.deps.resolveMs ?? 5_000);
        this.timer.unref?.();
      }
      s.start();
    }
    const session = s;
    session.add(listener);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      session.remove(listener);
      if (session.size === 0 && this.sessions.get(key) === session) {
        this.sessions.delete(key);
        void session.stop();
      }
    };
  }

  /** Live sessions (tests, diagnostics). */
  get sessionCount(): number {
    return this.sessions.size;
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    const all = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.all(all.map((s) => s.stop()));
  }
}
