/**
 * This host's network facts: interfaces, addresses, which interfaces carry a default route, and
 * the host name. Read from iproute2's JSON output (`ip -j …`), which sees every interface
 * including ones without addresses and the routing table; when `ip` is missing, Node's
 * os.networkInterfaces() gives addresses only, and `source` says so.
 *
 * General on purpose (no Contiv here): the config lint, the topology and the doctor all read it.
 * Node-only.
 */
import { execFile } from 'node:child_process';
import { hostname, networkInterfaces } from 'node:os';
import type { HostFacts } from '../../ipc/types';

export interface ReadHostFactsOptions {
  /** The `ip` binary (tests point it elsewhere to exercise the fallback). */
  ipPath?: string;
  timeoutMs?: number;
  /** Reuse a reading younger than this (the lint asks once per keystroke batch). */
  maxAgeMs?: number;
  now?: () => number;
}

const DEFAULT_TIMEOUT_MS = 3000;
const DEFAULT_MAX_AGE_MS = 2000;

/** argv only, never a shell; a bounded wait so a hung `ip` cannot stall the lint. */
function run(file: string, args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout: timeoutMs, maxBuffer: 8 * 1024 * 1024, windowsHide: true }, (err, stdout) => {
      if (err) reject(err);
      else resolve(stdout);
    });
  });
}

interface IpAddrInfo {
  family?: string;
  local?: string;
  prefixlen?: number;
}
interface IpLink {
  ifname?: string;
  flags?: string[];
  operstate?: string;
  addr_info?: IpAddrInfo[];
}
interface IpRoute {
  dev?: string;
  nexthops?: { dev?: string }[];
}

function parseJsonArray<T>(text: string, what: string): T[] {
  const v: unknown = JSON.parse(text.trim() === '' ? '[]' : text);
  if (!Array.isArray(v)) throw new Error(`${what}: not a JSON array`);
  return v as T[];
}

/**
 * One interface's state: the UP flag alone is only what was asked for (`ip link set up`); the
 * operational state and the carrier say whether the link works (a tap whose process is gone
 * stays UP with NO-CARRIER, state DOWN).
 */
function linkState(l: IpLink): HostFacts['interfaces'][number] {
  const flags = Array.isArray(l.flags) ? l.flags : [];
  return {
    ifname: l.ifname!,
    up: flags.includes('UP'),
    ...(typeof l.operstate === 'string' ? { operstate: l.operstate } : {}),
    ...(flags.includes('NO-CARRIER') ? { carrier: false } : flags.includes('LOWER_UP') ? { carrier: true } : {}),
  };
}

/** `ip -j addr` → addresses, and interfaces with their admin and operational state. */
export function parseIpAddr(text: string): Pick<HostFacts, 'addresses' | 'interfaces'> {
  const links = parseJsonArray<IpLink>(text, 'ip -j addr');
  const addresses: HostFacts['addresses'] = [];
  const interfaces: HostFacts['interfaces'] = [];
  for (const l of links) {
    if (typeof l.ifname !== 'string') continue;
    interfaces.push(linkState(l));
    for (const a of l.addr_info ?? []) {
      if ((a.family === 'inet' || a.family === 'inet6') && typeof a.local === 'string') {
        addresses.push({ ifname: l.ifname, address: a.local, prefixlen: a.prefixlen ?? 0, family: a.family });
      }
    }
  }
  return { addresses, interfaces };
}

/** `ip -j link` → interfaces (also those `ip addr` might list without flags). */
export function parseIpLink(text: string): HostFacts['interfaces'] {
  return parseJsonArray<IpLink>(text, 'ip -j link')
    .filter((l) => typeof l.ifname === 'string')
    .map(linkState);
}

/** `ip -j route show default` → the devices default routes leave through (multipath included). */
export function parseDefaultRoutes(text: string): string[] {
  const out: string[] = [];
  for (const r of parseJsonArray<IpRoute>(text, 'ip -j route')) {
    if (typeof r.dev === 'string') out.push(r.dev);
    for (const h of r.nexthops ?? []) if (typeof h.dev === 'string') out.push(h.dev);
  }
  return out;
}

function fromNode(why: string): HostFacts {
  const addresses: HostFacts['addresses'] = [];
  const interfaces: HostFacts['interfaces'] = [];
  for (const [ifname, list] of Object.entries(networkInterfaces())) {
    // os.networkInterfaces() lists only interfaces with an address, all of them up.
    interfaces.push({ ifname, up: true });
    for (const a of list ?? []) {
      const prefixlen = a.cidr ? Number(a.cidr.split('/')[1]) : 0;
      addresses.push({ ifname, address: a.address.replace(/%.*$/, ''), prefixlen, family: a.family === 'IPv4' ? 'inet' : 'inet6' });
    }
  }
  return {
    hostname: hostname(),
    addresses,
    interfaces,
    defaultRouteInterfaces: [],
    source: `os.networkInterfaces() (${why}; interfaces without an address and default routes are unknown)`,
  };
}

async function readUncached(opts: ReadHostFactsOptions): Promise<HostFacts> {
  const ip = opts.ipPath ?? 'ip';
  const t = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let addrText: string;
  let linkText: string;
  try {
    [addrText, linkText] = await Promise.all([run(ip, ['-j', 'addr', 'show'], t), run(ip, ['-j', 'link', 'show'], t)]);
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { killed?: boolean };
    const why = e.code === 'ENOENT' ? `\`${ip}\` not found` : e.killed ? `\`${ip}\` timed out` : `\`${ip} -j addr\` failed: ${e.message.split('\n')[0]}`;
    return fromNode(why);
  }
  let parsed: Pick<HostFacts, 'addresses' | 'interfaces'>;
  try {
    parsed = parseIpAddr(addrText);
    // Prefer the link list for interfaces: it is the authoritative set, addr output only adds addresses.
    const links = parseIpLink(linkText);
    if (links.length > 0) parsed.interfaces = links;
  } catch (err) {
    return fromNode(`\`${ip} -j\` output unreadable (an iproute2 without JSON?): ${(err as Error).message}`);
  }

  const sources = [`${ip} -j addr`, `${ip} -j link`];
  const defaults: string[] = [];
  for (const args of [['-j', 'route', 'show', 'default'], ['-6', '-j', 'route', 'show', 'default']]) {
    try {
      defaults.push(...parseDefaultRoutes(await run(ip, args, t)));
      sources.push(`${ip} ${args.join(' ')}`);
    } catch (err) {
      // A host without IPv6 answers the -6 query with an error: the v4 routes still stand.
      sources.push(`${ip} ${args.join(' ')} failed: ${(err as Error).message.split('\n')[0]}`);
    }
  }
  return {
    hostname: hostname(),
    addresses: parsed.addresses,
    interfaces: parsed.interfaces,
    defaultRouteInterfaces: [...new Set(defaults)],
    source: sources.join(', '),
  };
}

let cache: { at: number; key: string; value: Promise<HostFacts> } | null = null;

/** Reads this host's facts; repeated calls within ~2 s share one reading (and one in-flight read). */
export function readHostFacts(opts: ReadHostFactsOptions = {}): Promise<HostFacts> {
  const now = (opts.now ?? Date.now)();
  const maxAge = opts.maxAgeMs ?? DEFAULT_MAX_AGE_MS;
  const key = opts.ipPath ?? 'ip';
  if (cache && cache.key === key && now - cache.at < maxAge) return cache.value;
  const value = readUncached(opts);
  cache = { at: now, key, value };
  return value;
}

/** Drops the cached reading (after the user changes interfaces, or in tests). */
export function clearHostFactsCache(): void {
  cache = null;
}
