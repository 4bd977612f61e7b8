/**
 * Value parsers for Contiv settings, following what Contiv's own Go code accepts (read in
 * contiv/netplugin: utils/configs.go, utils/netutils, the v2plugin start scripts). Each returns
 * either the parsed value or the reason Contiv would refuse it. Pure and browser-safe.
 */

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = <T>(reason: string): Parsed<T> => ({ ok: false, reason });

/** Go's net.ParseIP for IPv4 dotted quads (no leading zeros: modern Go refuses them, old Go read them differently). */
function parseIPv4(s: string): number[] | null {
  const parts = s.split('.');
  if (parts.length !== 4) return null;
  const out: number[] = [];
  for (const p of parts) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p)) return null;
    const n = Number(p);
    if (n > 255) return null;
    out.push(n);
  }
  return out;
}

/** IPv6 to its 8 groups (with `::` expanded and an embedded IPv4 tail converted), or null. */
function parseIPv6(s: string): number[] | null {
  if (!s.includes(':') || s.includes('%')) return null;
  let tail: number[] = [];
  let head = s;
  const lastColon = s.lastIndexOf(':');
  if (s.slice(lastColon + 1).includes('.')) {
    const v4 = parseIPv4(s.slice(lastColon + 1));
    if (!v4) return null;
    tail = [(v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!];
    head = s.slice(0, lastColon + 1);
    if (head.endsWith(':') && !head.endsWith('::')) head = head.slice(0, -1);
  }
  const halves = head.split('::');
  if (halves.length > 2) return null;
  const groups = (h: string) => (h === '' ? [] : h.split(':'));
  const left = groups(halves[0]!);
  const right = halves.length === 2 ? groups(halves[1]!) : [];
  const parse = (g: string) => (/^[0-9a-fA-F]{1,4}$/.test(g) ? parseInt(g, 16) : NaN);
  const l = left.map(parse);
  const r = right.map(parse);
  if ([...l, ...r].some(Number.isNaN)) return null;
  const known = l.length + r.length + tail.length;
  if (halves.length === 2) {
    if (known > 7) return null;
    return [...l, ...new Array<number>(8 - known).fill(0), ...r, ...tail];
  }
  if (known !== 8) return null;
  return [...l, ...tail];
}

export interface IPAddress {
  family: 'inet' | 'inet6';
  /** Canonical text, so `fe80::0:1` and `fe80::1` compare equal. */
  canonical: string;
  loopback: boolean;
  unspecified: boolean;
}

export function parseIP(s: string): Parsed<IPAddress> {
  const v4 = parseIPv4(s);
  if (v4) {
    return ok({ family: 'inet', canonical: v4.join('.'), loopback: v4[0] === 127, unspecified: v4.every((n) => n === 0) });
  }
  const v6 = parseIPv6(s);
  if (v6) {
    // An IPv4-mapped address is the IPv4 address to Go (and to the kernel's bind).
    if (v6.slice(0, 5).every((g) => g === 0) && v6[5] === 0xffff) {
      return parseIP(`${v6[6]! >> 8}.${v6[6]! & 255}.${v6[7]! >> 8}.${v6[7]! & 255}`);
    }
    const canonical = v6.map((g) => g.toString(16)).join(':');
    return ok({
      family: 'inet6',
      canonical,
      loopback: canonical === '0:0:0:0:0:0:0:1',
      unspecified: v6.every((g) => g === 0),
    });
  }
  return bad(`"${s}" is not an IP address`);
}

/** Canonical text of an address as `ip` prints it, for comparing with host facts. */
export function canonicalIP(s: string): string | null {
  const p = parseIP(s);
  return p.ok ? p.value.canonical : null;
}

/** Contiv's comma-separated lists drop empty items (utils.FilterEmpty). */
export function splitList(s: string): string[] {
  return s.split(',').filter((x) => x !== '');
}

export interface BindAddress {
  host: string;
  port: number;
}

/**
 * netmaster's bind address rule (netutils.ValidateBindAddress): split on ':' must give exactly two
 * parts and the port must be 1–65535. So `9999` and any IPv6 literal are refused; an empty host
 * (`:9999`) is accepted and means all addresses.
 */
export function parseBindAddress(s: string): Parsed<BindAddress> {
  const parts = s.split(':');
  if (parts.length !== 2) return bad(`bind address is not in 'ip:port' format, got ${s}`);
  const port = /^[0-9]+$/.test(parts[1]!) ? Number(parts[1]) : NaN;
  if (!(port >= 1 && port <= 65535)) return bad(`bind port is a integer between 1-65535, got ${parts[1]}`);
  return ok({ host: parts[0]!, port });
}

export interface StoreEndpoint {
  scheme: string;
  host: string;
  port: number | null;
}

/** `scheme://host[:port]` with an optional trailing path, host possibly a bracketed IPv6 literal. */
function parseHostUrl(s: string): Parsed<StoreEndpoint> {
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/(\[[^\]]+\]|[^/:?#]*)(?::([0-9]*))?(\/[^?#]*)?$/.exec(s);
  if (!m) return bad(`"${s}" is not a scheme://host:port URL`);
  const host = m[2]!.replace(/^\[|\]$/g, '');
  if (host === '') return bad(`"${s}" has no host`);
  let port: number | null = null;
  if (m[3] !== undefined) {
    port = m[3] === '' ? NaN : Number(m[3]);
    if (!(port >= 1 && port <= 65535)) return bad(`"${s}" has an invalid port`);
  }
  return ok({ scheme: m[1]!.toLowerCase(), host, port });
}

/**
 * The 2017 `cluster_store`: one URL whose scheme names the store driver, `etcd://host:port` or
 * `consul://host:port` (netplugin/netmaster `-cluster-store`).
 */
export function parseClusterStore(s: string): Parsed<StoreEndpoint & { driver: 'etcd' | 'consul' }> {
  const u = parseHostUrl(s);
  if (!u.ok) return bad(`${u.reason}; expected etcd://host:port or consul://host:port`);
  if (u.value.scheme !== 'etcd' && u.value.scheme !== 'consul') {
    return bad(`store driver "${u.value.scheme}" is not etcd or consul; expected etcd://host:port or consul://host:port`);
  }
  return ok({ ...u.value, driver: u.value.scheme });
}

/**
 * A 2019 `*_ETCD_ENDPOINTS` / `*_CONSUL_ENDPOINTS` value: comma-separated `http(s)://host:port`.
 * Contiv passes the URL to the store client as is, so `etcd://` here is a dead address.
 */
export function parseEndpoints(s: string): Parsed<StoreEndpoint[]> {
  const items = splitList(s);
  if (items.length === 0) return bad('no endpoint given');
  const out: StoreEndpoint[] = [];
  for (const item of items) {
    const u = parseHostUrl(item);
    if (!u.ok) return bad(`${u.reason}; expected http://host:port`);
    if (u.value.scheme !== 'http' && u.value.scheme !== 'https') {
      return bad(`"${item}" uses ${u.value.scheme}://; the store client speaks http:// or https:// (etcd://host:port is the 2017 cluster_store form)`);
    }
    out.push(u.value);
  }
  return ok(out);
}

/** logrus.ParseLevel, which netplugin/netmaster call on *_LOG_LEVEL (case-insensitive). */
export const LOG_LEVELS = ['panic', 'fatal', 'error', 'warn', 'warning', 'info', 'debug'] as const;
export function parseLogLevel(s: string): Parsed<string> {
  const l = s.toLowerCase();
  return (LOG_LEVELS as readonly string[]).includes(l) ? ok(l) : bad(`not a valid logrus Level: "${s}"`);
}

/** urfave/cli bool flags from env: empty means false, otherwise Go's strconv.ParseBool. */
const GO_BOOLS = ['1', 't', 'T', 'TRUE', 'true', 'True', '0', 'f', 'F', 'FALSE', 'false', 'False'];
export function parseEnvBool(s: string): Parsed<boolean> {
  if (s === '') return ok(false);
  if (!GO_BOOLS.includes(s)) return bad(`could not parse "${s}" as a bool (use true or false)`);
  return ok(['1', 't', 'T', 'TRUE', 'true', 'True'].includes(s));
}

export function parsePort(s: string): Parsed<number> {
  const n = /^[0-9]+$/.test(s) ? Number(s) : NaN;
  return n >= 1 && n <= 65535 ? ok(n) : bad(`"${s}" is not a port number (1-65535)`);
}
