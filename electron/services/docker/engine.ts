/**
 * One engine connection. Everything that talks HTTP to Docker goes through
 * `request`, which wraps dockerode's modem: bounded by a timeout, cancellable,
 * and failing with the engine's own message as a PlugsmithError. (dockerode's
 * plugin helpers are wrong for this engine in several ways — see ENGINE-NOTES —
 * so plugin calls are made here with the exact API shapes.)
 */
import Dockerode from 'dockerode';
import type { IncomingMessage } from 'node:http';
import { PlugsmithError } from '../errors';
import type { EngineStatus } from '../../ipc/types';
import { resolveConnection, type ConnectionInput, type ResolvedConnection } from './connection';
import { readJsonLines } from './json-lines';

/** Managed plugins arrived with API 1.25 (Docker 1.13). */
export const MIN_API_VERSION = '1.25';

export interface RequestOptions {
  method: 'GET' | 'POST' | 'DELETE' | 'PUT' | 'HEAD';
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  /** JSON body. */
  body?: unknown;
  /** A raw body stream (e.g. a tar) sent with its content type. */
  file?: NodeJS.ReadableStream;
  contentType?: string;
  /** Return the response stream instead of the parsed body. */
  stream?: boolean;
  signal?: AbortSignal;
  /** Total time for a non-streamed request. Default 30 s. */
  timeoutMs?: number;
  /**
   * Registry credentials, sent as X-Registry-Auth (pull, upgrade, push, privileges). `null` still
   * sends the header with `{}`: the engine then talks to the registry anonymously.
   */
  auth?: object | null;
}

export function compareApiVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

export class Engine {
  readonly docker: Dockerode;
  readonly connection: ResolvedConnection;

  constructor(input: ConnectionInput = {}) {
    this.connection = resolveConnection(input);
    this.docker = new Dockerode(this.connection.options);
  }

  get host(): string {
    return this.connection.host;
  }

  /** True when plugin sockets under /run/docker/plugins are on this machine. */
  get isLocal(): boolean {
    return this.connection.socketPath !== null;
  }

  request<T = unknown>(opts: RequestOptions): Promise<T> {
    const qs = opts.query
      ? Object.fromEntries(Object.entries(opts.query).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)]))
      : undefined;
    const signals: AbortSignal[] = [];
    if (opts.signal) signals.push(opts.signal);
    if (!opts.stream) signals.push(AbortSignal.timeout(opts.timeoutMs ?? 30_000));
    const signal = signals.length > 1 ? AbortSignal.any(signals) : signals[0];
    // docker-modem turns `options` into both the query and a POST body: with no _query it puts
    // the whole object (body included) in the URL as `?_body=…`, and with no _body it POSTs the
    // object itself ({"_query":…}) as JSON. So: a '?' only when there is a query, and an empty
    // `{}` body placeholder, which the modem drops, when the request has no body.
    const hasQuery = !!qs && Object.keys(qs).length > 0;
    const options: Record<string, unknown> = { _query: hasQuery ? qs : {}, _body: opts.body === undefined ? {} : opts.body };
    const dialOpts: Record<string, unknown> = {
      path: hasQuery ? `${opts.path}?` : opts.path,
      method: opts.method,
      options,
      abortSignal: signal,
      isStream: !!opts.stream,
      // Every status is "ok" to the modem; we judge it here with the engine's own words.
      statusCodes: new Proxy({}, { get: (_t, code) => Number(code) >= 200 && Number(code) < 300 }),
    };
    if (opts.file) {
      dialOpts.file = opts.file;
      dialOpts.headers = { 'Content-Type': opts.contentType ?? 'application/x-tar' };
    }
    if (opts.body !== undefined) dialOpts.allowEmpty = true;
    if (opts.auth !== undefined) dialOpts.authconfig = opts.auth ?? {};
    return new Promise<T>((resolve, reject) => {
      this.docker.modem.dial(dialOpts as never, (err: unknown, data: unknown) => {
        if (err) return reject(this.toError(err, opts, signal));
        resolve(data as T);
      });
    });
  }

  private toError(err: unknown, opts: RequestOptions, signal?: AbortSignal): PlugsmithError {
    const e = err as Error & { statusCode?: number; json?: unknown; code?: string };
    const what = `${opts.method} ${opts.path}`;
    if (e.statusCode) {
      const json = e.json as { message?: string } | Buffer | undefined;
      const engineMsg =
        json && typeof json === 'object' && !Buffer.isBuffer(json) && typeof json.message === 'string'
          ? json.message
          : Buffer.isBuffer(json)
            ? json.toString('utf8').trim()
            : e.message;
      return new PlugsmithError(`engine/http-${e.statusCode}`, engineMsg || `HTTP ${e.statusCode}`, `${what} → HTTP ${e.statusCode}\n${typeof json === 'object' && !Buffer.isBuffer(json) ? JSON.stringify(json) : String(json ?? '')}`);
    }
    if (opts.signal?.aborted) return new PlugsmithError('jobs/cancelled', 'Cancelled', what);
    if (signal?.aborted || e.name === 'AbortError' || e.name === 'TimeoutError') {
      return new PlugsmithError('engine/timeout', `The engine did not answer ${what} within ${Math.round((opts.timeoutMs ?? 30_000) / 1000)} s`, e.message);
    }
    if (e.code === 'EACCES') {
      return new PlugsmithError('engine/denied', `Permission denied on ${this.host}: add your user to the docker group or run as root`, e.message);
    }
    if (e.code === 'ENOENT' || e.code === 'ECONNREFUSED' || e.code === 'ECONNRESET' || e.code === 'EHOSTUNREACH' || e.code === 'ENOTFOUND') {
      return new PlugsmithError('engine/unreachable', `Cannot reach the Docker engine at ${this.host} (${e.code})`, e.message);
    }
    return new PlugsmithError('engine/error', e.message || String(err), `${what}\n${e.stack ?? ''}`);
  }

  /** Version check: connected, too old for managed plugins, unreachable or denied. */
  async status(): Promise<EngineStatus> {
    const base = {
      host: this.host,
      source: this.connection.source,
      minApiVersion: MIN_API_VERSION,
      checkedAt: new Date().toISOString(),
    };
    try {
      const v = await this.request<{ Version: string; ApiVersion: string; Os: string }>({ method: 'GET', path: '/version', timeoutMs: 5_000 });
      if (compareApiVersions(v.ApiVersion, MIN_API_VERSION) < 0) {
        return {
          ...base,
          state: 'too-old',
          version: v.Version,
          apiVersion: v.ApiVersion,
          os: v.Os,
          error: {
            code: 'engine/too-old',
            message: `Docker ${v.Version} speaks API ${v.ApiVersion}; managed plugins need API ${MIN_API_VERSION} (Docker 1.13) or newer`,
          },
        };
      }
      return { ...base, state: 'connected', version: v.Version, apiVersion: v.ApiVersion, os: v.Os };
    } catch (err) {
      const pe = err instanceof PlugsmithError ? err : new PlugsmithError('engine/error', String(err));
      return { ...base, state: pe.code === 'engine/denied' ? 'denied' : 'unreachable', error: pe.toEnvelope() };
    }
  }

  /** The engine's event stream, as parsed JSON objects, until the signal aborts or the engine goes away. */
  async events(filters: Record<string, string[]>, signal: AbortSignal, onEvent: (e: Record<string, unknown>) => void): Promise<void> {
    let res: IncomingMessage;
    try {
      res = await this.request<IncomingMessage>({
        method: 'GET',
        path: '/events',
        query: { filters: JSON.stringify(filters) },
        stream: true,
        signal,
      });
    } catch (err) {
      // Aborting is how a follower stops, even before the engine has answered: not an error.
      if (signal.aborted) return;
      throw err;
    }
    // The engine going away ends the follow (the watcher reconnects); aborting is how it stops.
    await readJsonLines(
      res,
      {
        object: (o) => {
          try {
            onEvent(o);
          } catch {
            // One subscriber's bad day must not end the engine's event stream for everyone.
          }
        },
      },
      { what: '/events', signal },
    );
  }
}
