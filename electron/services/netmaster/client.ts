/**
 * Plugsmith's client for Contiv netmaster's REST API (every route of ROUTES.md but the
 * netplugin-only /plugin/* writes), shaped by what the real netmaster does:
 *  - routes need the trailing slash (the client always adds it); a 404 means an unknown route
 *    *or* a wrong method — gorilla/mux of that era never says 405;
 *  - JSON arrives as text/plain on the daemon routes: bodies are parsed by content;
 *  - handler errors are 500 + text, often + a Go stack trace: the first line is the message,
 *    the whole text the detail;
 *  - lists come in random order: sorted by key here so output is stable;
 *  - `/services` answers 500 `key not found` while there are none (→ []), `/service/{id}` 200
 *    `null` when absent (→ null), `/debug/epcleanup` 200 even on errors (→ its text).
 * Every request is bounded (≤ 5 s, body included) and can be cancelled: none is left hanging.
 */
import { PlugsmithError } from '../errors';
import { objectKey, type ClusterInfo, type EndpointOper, type Inspect, type ObjectInput, type ObjectMap, type ObjectType, type OfnetState, type ServiceLBState, type VersionInfo } from './types';
import { normalizeNetmasterUrl } from './url';

export const MAX_TIMEOUT_MS = 5_000;

export class NetmasterError extends PlugsmithError {
  constructor(
    code: string,
    message: string,
    detail: string | undefined,
    readonly status: number | undefined,
    readonly url: string,
  ) {
    super(code, message, detail);
    this.name = 'NetmasterError';
  }
}

export interface NetmasterClientOptions {
  /** `host:port`, `http://host:port`, with or without a trailing slash. */
  url: string;
  /** Per request, capped at 5 s. */
  timeoutMs?: number;
}

export interface RequestOpts {
  signal?: AbortSignal;
}

interface Raw {
  status: number;
  text: string;
}

export class NetmasterClient {
  readonly baseUrl: string;
  readonly timeoutMs: number;

  constructor(opts: NetmasterClientOptions) {
    this.baseUrl = normalizeNetmasterUrl(opts.url);
    this.timeoutMs = Math.min(opts.timeoutMs ?? MAX_TIMEOUT_MS, MAX_TIMEOUT_MS);
  }

  // ---- the 14 object types -------------------------------------------------------------

  /** All objects of a type, sorted by key (netmaster sends them in Go map order). */
  async list<T extends ObjectType>(type: T, o?: RequestOpts): Promise<ObjectMap[T][]> {
    const items = (await this.json('GET', `/api/v1/${type}/`, undefined, o)) as ObjectMap[T][] | null;
    return sortByKey(items ?? []);
  }

  async get<T extends ObjectType>(type: T, key: string, o?: RequestOpts): Promise<ObjectMap[T]> {
    return (await this.json('GET', `/api/v1/${type}/${enc(key)}/`, undefined, o)) as ObjectMap[T];
  }

  async inspect<T extends ObjectType>(type: T, key: string, o?: RequestOpts): Promise<Inspect<T>> {
    const r = (await this.json('GET', `/api/v1/inspect/${type}/${enc(key)}/`, undefined, o)) as Inspect<T>;
    return { Config: r.Config, Oper: sortOper(r.Oper ?? null) };
  }

  /**
   * Create, or update when the key exists (netmaster's POST and PUT are one handler). The key is
   * made from the object's name fields, as netmaster checks (`Invalid Key` otherwise).
   * Returns what netmaster stored (200, never 201).
   */
  async create<T extends ObjectType>(type: T, obj: ObjectInput<T>, o?: RequestOpts & { method?: 'POST' | 'PUT' }): Promise<ObjectMap[T]> {
    const key = objectKey(type, obj);
    return (await this.json(o?.method ?? 'POST', `/api/v1/${type}/${enc(key)}/`, obj, o)) as ObjectMap[T];
  }

  /** Same handler as create; PUT, for callers that mean "update". */
  update<T extends ObjectType>(type: T, obj: ObjectInput<T>, o?: RequestOpts): Promise<ObjectMap[T]> {
    return this.create(type, obj, { ...o, method: 'PUT' });
  }

  /** Deletes; netmaster answers the key as a JSON string. */
  async delete(type: ObjectType, key: string, o?: RequestOpts): Promise<string> {
    return String(await this.json('DELETE', `/api/v1/${type}/${enc(key)}/`, undefined, o));
  }

  /** `inspect/endpoints/{id}`: id matched as a substring of endpoint ID, container ID or name. */
  async inspectEndpoint(id: string, o?: RequestOpts): Promise<EndpointOper> {
    const r = (await this.json('GET', `/api/v1/inspect/endpoints/${enc(id)}/`, undefined, o)) as { Oper: EndpointOper };
    return r.Oper;
  }

  // ---- daemon routes --------------------------------------------------------------------

  async version(o?: RequestOpts): Promise<VersionInfo> {
    return (await this.json('GET', '/version', undefined, o)) as VersionInfo;
  }

  async info(o?: RequestOpts): Promise<ClusterInfo> {
    return (await this.json('GET', '/info', undefined, o)) as ClusterInfo;
  }

  /** Service-LB driver states; [] on a netmaster that has none (it answers 500 `key not found`). */
  async services(o?: RequestOpts): Promise<ServiceLBState[]> {
    const raw = await this.raw('GET', '/services', undefined, o);
    if (raw.status === 500 && firstLine(raw.text) === 'key not found') return [];
    const list = (this.check('GET', '/services', raw) as ServiceLBState[] | null) ?? [];
    return [...list].sort((a, b) => cmp(a.id, b.id));
  }

  /** One service-LB driver state by `service:tenant`; null when netmaster has none (200 `null`). */
  async service(id: string, o?: RequestOpts): Promise<ServiceLBState | null> {
    const r = (await this.json('GET', `/service/${enc(id)}`, undefined, o)) as ServiceLBState[] | null;
    return r && r.length > 0 ? r[0] : null;
  }

  async ofnet(o?: RequestOpts): Promise<OfnetState> {
    return (await this.json('GET', '/debug/ofnet', undefined, o)) as OfnetState;
  }

  /**
   * Force-removes endpoints (category `net`, `group` or `ep`). netmaster answers 200 whether or not
   * it did anything — the text is all there is to read (empty for an unknown category).
   */
  async epCleanup(tenant: string, category: 'net' | 'group' | 'ep', id: string, o?: RequestOpts): Promise<string> {
    const path = `/debug/epcleanup/tenant/${enc(tenant)}/${category}/${enc(id)}`;
    const raw = await this.raw('DELETE', path, undefined, o);
    this.check('DELETE', path, raw);
    return raw.text.trim();
  }

  // ---- transport ---------------------------------------------------------------------------

  private async json(method: string, path: string, body: unknown, o?: RequestOpts): Promise<unknown> {
    return this.check(method, path, await this.raw(method, path, body, o));
  }

  /** Maps a response to its value or a NetmasterError. */
  private check(method: string, path: string, raw: Raw): unknown {
    const url = this.baseUrl + path;
    if (raw.status === 404) {
      throw new NetmasterError('netmaster/http-404', `unknown route or wrong method — netmaster answers 404 for both (${method} ${path})`, raw.text, 404, url);
    }
    if (raw.status === 500) throw new NetmasterError('netmaster/http-500', firstLine(raw.text) || 'netmaster error (empty 500)', raw.text, 500, url);
    if (raw.status < 200 || raw.status >= 300) throw new NetmasterError(`netmaster/http-${raw.status}`, firstLine(raw.text) || `HTTP ${raw.status}`, raw.text, raw.status, url);
    const text = raw.text.trim();
    if (text === '') return null;
    // By content, not by Content-Type: the daemon routes send JSON as text/plain.
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }

  private async raw(method: string, path: string, body: unknown, o?: RequestOpts): Promise<Raw> {
    const url = this.baseUrl + path;
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const signal = o?.signal ? AbortSignal.any([o.signal, timeout]) : timeout;
    try {
      const res = await fetch(url, {
        method,
        headers: body === undefined ? undefined : { 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal,
      });
      // The body is read under the same signal: a server that stalls mid-body times out too.
      return { status: res.status, text: await res.text() };
    } catch (err) {
      throw this.transportError(url, err, timeout, o?.signal);
    }
  }

  private transportError(url: string, err: unknown, timeout: AbortSignal, caller?: AbortSignal): NetmasterError {
    if (caller?.aborted) return new NetmasterError('netmaster/cancelled', `request to netmaster at ${url} was cancelled`, undefined, undefined, url);
    if (timeout.aborted) {
      return new NetmasterError('netmaster/timeout', `netmaster at ${this.baseUrl} did not answer within ${this.timeoutMs / 1000} s (${url})`, undefined, undefined, url);
    }
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    const code = cause?.code ?? '';
    const why = code === 'ECONNREFUSED' ? 'connection refused' : code === 'ENOTFOUND' ? 'host not found' : (cause?.message ?? (err as Error).message);
    return new NetmasterError('netmaster/unreachable', `netmaster at ${this.baseUrl} is unreachable: ${why}`, String(cause?.message ?? err), undefined, url);
  }
}

function firstLine(s: string): string {
  return s.split('\n')[0].trim();
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortByKey<T extends { key: string }>(items: T[]): T[] {
  return [...items].sort((a, b) => cmp(a.key, b.key));
}

/** Oper lists (endpoints, providers, networks, groups) come in map order too. */
function sortOper(oper: Record<string, unknown> | null): Record<string, unknown> | null {
  if (!oper) return oper;
  const out: Record<string, unknown> = { ...oper };
  for (const [k, v] of Object.entries(out)) {
    if (Array.isArray(v) && v.every((x) => x && typeof x === 'object')) {
      out[k] = [...v].sort((a, b) => cmp(sortKey(a), sortKey(b))).map((x) => (x && typeof x === 'object' && !Array.isArray(x) ? sortOper(x as Record<string, unknown>) : x));
    }
  }
  return out;
}

function sortKey(x: Record<string, unknown>): string {
  return String(x.endpointID ?? x.networkTag ?? x.groupTag ?? x.key ?? x.pktTag ?? JSON.stringify(x));
}

/** Keys go into the path as netctl sends them (`blue:net1`), anything odd escaped. */
function enc(key: string): string {
  return encodeURIComponent(key).replace(/%3A/gi, ':');
}
