/**
 * An OVSDB client (RFC 7047 JSON-RPC) in plain Node: what `ovs-vsctl` and `ovsdb-client`
 * speak to ovsdb-server, without scraping their text output.
 *
 * Why our own and not a library: the protocol is small (list_dbs, get_schema, transact,
 * monitor, echo) and the npm clients either shell out or are unmaintained; owning it lets
 * every failure carry the code the doctor branches on.
 *
 * Guarantees: every call settles within its timeout (≤ 5 s by default); when the socket
 * closes, every pending call is rejected at once; ovsdb-server's `echo` keep-alives are
 * answered (it drops clients that do not); `update` notifications are applied to an
 * in-memory copy of the monitored tables before listeners hear about them.
 */
import { connect as netConnect, type Socket } from 'node:net';
import { existsSync } from 'node:fs';
import { PlugsmithError } from '../../errors';
import { FramingError, JsonStreamFramer } from './framing';
import type { DatabaseSchema } from './values';

export const DEFAULT_OVSDB_SOCKET = '/var/run/openvswitch/db.sock';
/** The per-call bound: a hung ovsdb-server is a failed call after this, never a hung screen. */
export const DEFAULT_CALL_TIMEOUT_MS = 5_000;

export type OvsdbTarget = { kind: 'unix'; path: string } | { kind: 'tcp'; host: string; port: number };

/**
 * Accepts OVS's own spellings — `unix:/path`, `tcp:127.0.0.1:6640`, `tcp:[::1]:6640` —
 * and a bare absolute path (what a settings field most likely holds).
 */
export function parseTarget(spec: string = DEFAULT_OVSDB_SOCKET): OvsdbTarget {
  const s = spec.trim();
  if (s.startsWith('/')) return { kind: 'unix', path: s };
  if (s.startsWith('unix:')) return { kind: 'unix', path: s.slice(5) };
  const m = /^tcp:(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(s);
  if (m) {
    const port = Number(m[3]);
    if (port > 0 && port < 65536) return { kind: 'tcp', host: m[1] ?? m[2], port };
  }
  throw new PlugsmithError('ovs/bad-target', `not an OVSDB address: ${JSON.stringify(spec)} (use unix:/path/to/db.sock or tcp:HOST:PORT)`);
}

export function formatTarget(t: OvsdbTarget): string {
  return t.kind === 'unix' ? `unix:${t.path}` : `tcp:${t.host.includes(':') ? `[${t.host}]` : t.host}:${t.port}`;
}

/** Table name → row uuid → raw row (OVSDB notation, as the server sent it). */
export type TableCache = Map<string, Map<string, Record<string, unknown>>>;

/** RFC 7047 §4.1.6: `{table: {uuid: {old?, new?}}}`. */
export type TableUpdates = Record<string, Record<string, { old?: Record<string, unknown>; new?: Record<string, unknown> }>>;

export interface MonitorRequest {
  columns?: string[];
  select?: { initial?: boolean; insert?: boolean; delete?: boolean; modify?: boolean };
}

interface Pending {
  method: string;
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

interface MonitorState {
  db: string;
  tables: TableCache;
}

export interface ConnectOptions {
  /** How long to wait for the socket to connect. */
  connectTimeoutMs?: number;
  /** Default bound for every call on this client. */
  callTimeoutMs?: number;
}

/** Maps a socket error to the codes the doctor and the topology branch on. */
function connectError(err: NodeJS.ErrnoException, target: OvsdbTarget): PlugsmithError {
  const where = formatTarget(target);
  switch (err.code) {
    case 'ENOENT':
      return new PlugsmithError('ovs/not-running', `ovsdb-server is not running: no socket at ${target.kind === 'unix' ? target.path : where}`, err.message);
    case 'ECONNREFUSED':
      return new PlugsmithError(
        'ovs/not-running',
        target.kind === 'unix'
          ? `ovsdb-server is not running: ${target.path} exists but nothing listens on it (a socket left by a stopped server)`
          : `ovsdb-server is not running: nothing listens on ${where}`,
        err.message,
      );
    case 'EACCES':
    case 'EPERM':
      // The system socket is root-only (srwxr-x--- root:root): a typed status, not a verdict on OVS.
      return new PlugsmithError('ovs/needs-root', `needs root: permission denied on ${where}`, err.message);
    default:
      return new PlugsmithError('ovs/connect-failed', `cannot connect to ovsdb-server at ${where}: ${err.message}`, err.message);
  }
}

export class OvsdbClient {
  readonly target: OvsdbTarget;
  private readonly socket: Socket;
  private readonly framer = new JsonStreamFramer();
  private readonly pending = new Map<number, Pending>();
  private readonly monitors = new Map<string, MonitorState>();
  private readonly schemas = new Map<string, DatabaseSchema>();
  private readonly updateListeners = new Set<(monitorId: string, updates: TableUpdates) => void>();
  private readonly closeListeners = new Set<(reason: PlugsmithError) => void>();
  private readonly callTimeoutMs: number;
  private nextId = 1;
  private closedWith: PlugsmithError | null = null;
  /** How many echo keep-alives the server sent and we answered (observable for tests and the doctor). */
  echoesAnswered = 0;

  private constructor(socket: Socket, target: OvsdbTarget, callTimeoutMs: number) {
    this.socket = socket;
    this.target = target;
    this.callTimeoutMs = callTimeoutMs;
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (err: NodeJS.ErrnoException) => this.shutdown(new PlugsmithError('ovs/not-running', `connection to ovsdb-server at ${formatTarget(target)} failed: ${err.message}`, err.message)));
    socket.on('close', () => this.shutdown(this.peerClosedError()));
  }

  static connect(spec: string | OvsdbTarget = DEFAULT_OVSDB_SOCKET, opts: ConnectOptions = {}): Promise<OvsdbClient> {
    let target: OvsdbTarget;
    try {
      target = typeof spec === 'string' ? parseTarget(spec) : spec;
    } catch (err) {
      return Promise.reject(err);
    }
    const connectTimeoutMs = opts.connectTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
    return new Promise((resolve, reject) => {
      const socket = target.kind === 'unix' ? netConnect({ path: target.path }) : netConnect({ host: target.host, port: target.port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new PlugsmithError('ovs/timeout', `no connection to ovsdb-server at ${formatTarget(target)} within ${connectTimeoutMs} ms`));
      }, connectTimeoutMs);
      socket.once('error', (err: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        reject(connectError(err, target));
      });
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        resolve(new OvsdbClient(socket, target, opts.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS));
      });
    });
  }

  get closed(): boolean {
    return this.closedWith !== null;
  }

  /** One JSON-RPC call; rejects with ovs/timeout, ovs/rpc-error, ovs/protocol or ovs/not-running. */
  call<T = unknown>(method: string, params: unknown[], timeoutMs = this.callTimeoutMs): Promise<T> {
    if (this.closedWith) return Promise.reject(this.stillClosedError());
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new PlugsmithError('ovs/timeout', `ovsdb-server at ${formatTarget(this.target)} did not answer ${method} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { method, resolve: resolve as (v: unknown) => void, reject, timer });
      this.send({ method, params, id });
    });
  }

  listDbs(): Promise<string[]> {
    return this.call<string[]>('list_dbs', []);
  }

  /** Cached per database: the schema only changes when ovsdb-server is upgraded, which drops this connection. */
  async getSchema(db = 'Open_vSwitch'): Promise<DatabaseSchema> {
    const hit = this.schemas.get(db);
    if (hit) return hit;
    const schema = await this.call<DatabaseSchema>('get_schema', [db]);
    this.schemas.set(db, schema);
    return schema;
  }

  /**
   * Runs operations in one transaction. The RPC succeeds even when an operation fails
   * (RFC 7047 §4.1.3: the failing op's slot holds `{error, details}`), so that is checked
   * here and turned into an error carrying the server's words.
   */
  async transact(db: string, ops: Record<string, unknown>[]): Promise<Record<string, unknown>[]> {
    const results = await this.call<(Record<string, unknown> | null)[]>('transact', [db, ...ops]);
    if (!Array.isArray(results)) throw new PlugsmithError('ovs/protocol', `transact answered a ${typeof results}, not an array`, JSON.stringify(results));
    const bad = results.find((r) => r && typeof r === 'object' && 'error' in r);
    if (bad) throw new PlugsmithError('ovs/rpc-error', `ovsdb-server refused the transaction: ${String(bad.error)}${bad.details ? ` (${String(bad.details)})` : ''}`, JSON.stringify(results));
    return results as Record<string, unknown>[];
  }

  /** `select` on each table, in one transaction (a consistent snapshot across tables). */
  async selectAll(db: string, tables: Record<string, string[] | undefined>): Promise<Record<string, Record<string, unknown>[]>> {
    const names = Object.keys(tables);
    const ops = names.map((table) => {
      const cols = tables[table];
      // With an explicit column list the server leaves _uuid out unless asked for it.
      return cols ? { op: 'select', table, where: [], columns: ['_uuid', ...cols.filter((c) => c !== '_uuid')] } : { op: 'select', table, where: [] };
    });
    const results = await this.transact(db, ops);
    const out: Record<string, Record<string, unknown>[]> = {};
    names.forEach((table, i) => {
      const rows = results[i]?.rows;
      if (!Array.isArray(rows)) throw new PlugsmithError('ovs/protocol', `select on ${table} answered no rows array`, JSON.stringify(results[i]));
      out[table] = rows as Record<string, unknown>[];
    });
    return out;
  }

  /**
   * Starts a monitor; the initial contents are applied to this monitor's cache before
   * the promise resolves, and every later `update` is applied before listeners run.
   */
  async monitor(db: string, monitorId: string, requests: Record<string, MonitorRequest>): Promise<TableCache> {
    if (this.monitors.has(monitorId)) throw new PlugsmithError('ovs/monitor-exists', `a monitor named ${monitorId} is already running on this connection`);
    const state: MonitorState = { db, tables: new Map() };
    // Registered before the call: an update may follow the reply in the same chunk.
    this.monitors.set(monitorId, state);
    try {
      const initial = await this.call<TableUpdates>('monitor', [db, monitorId, requests]);
      applyUpdates(state.tables, initial);
      return state.tables;
    } catch (err) {
      this.monitors.delete(monitorId);
      throw err;
    }
  }

  async monitorCancel(monitorId: string): Promise<void> {
    if (!this.monitors.has(monitorId)) return;
    this.monitors.delete(monitorId);
    if (!this.closedWith) await this.call('monitor_cancel', [monitorId]);
  }

  /** The live copy of a monitor's tables (raw rows), or undefined if no such monitor. */
  cache(monitorId: string): TableCache | undefined {
    return this.monitors.get(monitorId)?.tables;
  }

  onUpdate(listener: (monitorId: string, updates: TableUpdates) => void): () => void {
    this.updateListeners.add(listener);
    return () => this.updateListeners.delete(listener);
  }

  onClose(listener: (reason: PlugsmithError) => void): () => void {
    if (this.closedWith) {
      const reason = this.closedWith;
      queueMicrotask(() => listener(reason));
    } else this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  close(): void {
    this.shutdown(new PlugsmithError('ovs/closed', 'the OVSDB client was closed'));
  }

  private send(msg: unknown): void {
    this.socket.write(JSON.stringify(msg));
  }

  private onData(chunk: Buffer): void {
    let messages: unknown[];
    try {
      messages = this.framer.push(chunk);
    } catch (err) {
      const why = err instanceof FramingError ? err.message : String(err);
      this.shutdown(new PlugsmithError('ovs/protocol', `${formatTarget(this.target)} does not speak OVSDB: ${why}`));
      return;
    }
    for (const m of messages) {
      this.onMessage(m);
      if (this.closedWith) return;
    }
  }

  private onMessage(m: unknown): void {
    if (!m || typeof m !== 'object' || Array.isArray(m)) {
      this.shutdown(new PlugsmithError('ovs/protocol', `${formatTarget(this.target)} sent a JSON-RPC message that is not an object`, JSON.stringify(m)));
      return;
    }
    const msg = m as { method?: unknown; params?: unknown; id?: unknown; result?: unknown; error?: unknown };
    if (typeof msg.method === 'string') {
      if (msg.id !== null && msg.id !== undefined) {
        // A request from the server. echo is the only one RFC 7047 defines; ovsdb-server
        // sends it as a keep-alive and disconnects a client that does not answer.
        if (msg.method === 'echo') {
          this.echoesAnswered++;
          this.send({ id: msg.id, result: msg.params ?? [], error: null });
        } else this.send({ id: msg.id, result: null, error: `unknown method ${msg.method}` });
        return;
      }
      if (msg.method === 'update' && Array.isArray(msg.params) && msg.params.length === 2) {
        const [monitorId, updates] = msg.params as [unknown, TableUpdates];
        const key = String(monitorId);
        const state = this.monitors.get(key);
        if (!state) return; // an update racing our monitor_cancel
        applyUpdates(state.tables, updates);
        for (const l of this.updateListeners) l(key, updates);
      }
      // Other notifications (locked, stolen, update2/3) are for features we do not request.
      return;
    }
    if (typeof msg.id !== 'number') return; // a reply to nothing we sent
    const p = this.pending.get(msg.id);
    if (!p) return; // a late reply after its timeout fired
    this.pending.delete(msg.id);
    clearTimeout(p.timer);
    if (msg.error !== null && msg.error !== undefined) {
      const e = msg.error as { error?: unknown; details?: unknown } | string;
      const text = typeof e === 'string' ? e : `${String(e.error ?? 'error')}${e.details ? `: ${String(e.details)}` : ''}`;
      p.reject(new PlugsmithError('ovs/rpc-error', `ovsdb-server answered ${p.method} with an error: ${text}`, JSON.stringify(msg.error)));
    } else p.resolve(msg.result);
  }

  private peerClosedError(): PlugsmithError {
    if (this.target.kind === 'unix' && !existsSync(this.target.path)) {
      return new PlugsmithError('ovs/not-running', `ovsdb-server is not running: it closed the connection and there is no socket at ${this.target.path}`);
    }
    return new PlugsmithError('ovs/not-running', `ovsdb-server at ${formatTarget(this.target)} closed the connection`);
  }

  /** For calls made after the connection ended: say what is true now, not what was true then. */
  private stillClosedError(): PlugsmithError {
    const was = this.closedWith!;
    if (was.code === 'ovs/not-running') return this.peerClosedError();
    return was;
  }

  private shutdown(reason: PlugsmithError): void {
    if (this.closedWith) return;
    this.closedWith = reason;
    this.socket.destroy();
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      this.pending.delete(id);
      p.reject(new PlugsmithError(reason.code, `${p.method} was pending: ${reason.message}`, reason.detail));
    }
    for (const l of this.closeListeners) l(reason);
    this.closeListeners.clear();
  }
}

/**
 * Applies RFC 7047 monitor updates: `new` without `old` inserts, `old` without `new`
 * deletes, both modifies. `new` carries every monitored column for insert/initial and
 * modify alike, but merging over the old row keeps us right should a server send only
 * the changed ones.
 */
export function applyUpdates(tables: TableCache, updates: TableUpdates): void {
  for (const [table, rows] of Object.entries(updates ?? {})) {
    let t = tables.get(table);
    if (!t) tables.set(table, (t = new Map()));
    for (const [uuid, u] of Object.entries(rows)) {
      if (u.new) t.set(uuid, { ...(t.get(uuid) ?? {}), ...u.new, _uuid: ['uuid', uuid] });
      else t.delete(uuid);
    }
  }
}
