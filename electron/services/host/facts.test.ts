import { execFileSync } from 'node:child_process';
import { hostname, networkInterfaces } from 'node:os';
import { beforeEach, describe, expect, it } from 'vitest';
import { clearHostFactsCache, parseDefaultRoutes, parseIpAddr, parseIpLink, readHostFacts } from './facts';

function hasIp(): boolean {
  try {
    execFileSync('ip', ['-j', 'link', 'show'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Every address Node sees, as "ifname address". */
function nodeAddresses(): string[] {
  return Object.entries(networkInterfaces())
    .flatMap(([ifname, list]) => (list ?? []).map((a) => `${ifname} ${a.address.replace(/%.*$/, '')}`))
    .sort();
}

beforeEach(() => clearHostFactsCache());

describe('readHostFacts on this machine', () => {
  it.skipIf(!hasIp())('reads interfaces, addresses and default routes from ip -j', async () => {
    const f = await readHostFacts();
    expect(f.source).toMatch(/^ip -j addr, ip -j link/);
    expect(f.hostname).toBe(hostname());
    // The same addresses Node's own view has (ip also sees those without a link-up, none missing).
    const fromIp = new Set(f.addresses.map((a) => `${a.ifname} ${a.address}`));
    for (const a of nodeAddresses()) expect(fromIp, a).toContain(a);
    // Every interface of `ip link`, each address on a listed interface, default routes on real interfaces.
    const links = JSON.parse(execFileSync('ip', ['-j', 'link', 'show'], { encoding: 'utf8' })) as { ifname: string }[];
    expect(f.interfaces.map((i) => i.ifname).sort()).toEqual(links.map((l) => l.ifname).sort());
    for (const a of f.addresses) expect(f.interfaces.map((i) => i.ifname)).toContain(a.ifname);
    const routes = JSON.parse(execFileSync('ip', ['-j', 'route', 'show', 'default'], { encoding: 'utf8' })) as { dev?: string }[];
    for (const r of routes) if (r.dev) expect(f.defaultRouteInterfaces).toContain(r.dev);
    expect(f.interfaces.find((i) => i.ifname === 'lo')?.up).toBe(true);
  });

  it('falls back to os.networkInterfaces() when ip is missing, and says so', async () => {
    const f = await readHostFacts({ ipPath: '/nonexistent/ip' });
    expect(f.source).toContain('os.networkInterfaces()');
    expect(f.source).toContain('not found');
    expect(f.defaultRouteInterfaces).toEqual([]);
    expect(f.addresses.map((a) => `${a.ifname} ${a.address}`).sort()).toEqual(nodeAddresses());
  });

  it('falls back when ip is not iproute2 (no JSON)', async () => {
    // /bin/echo prints its arguments: not JSON, so the reader must not trust it.
    const f = await readHostFacts({ ipPath: '/bin/echo' });
    expect(f.source).toContain('unreadable');
  });

  it('shares one reading for ~2 s, then reads again', async () => {
    let t = 1_000;
    const now = () => t;
    const a = readHostFacts({ now });
    const b = readHostFacts({ now });
    expect(b).toBe(a);
    t += 2_500;
    const c = readHostFacts({ now });
    expect(c).not.toBe(a);
    await Promise.all([a, c]);
  });
});

describe('parsers', () => {
  it('take iproute2 JSON as this machine prints it', () => {
    if (!hasIp()) return;
    const addr = execFileSync('ip', ['-j', 'addr', 'show'], { encoding: 'utf8' });
    const parsed = parseIpAddr(addr);
    expect(parsed.interfaces.length).toBe(parseIpLink(execFileSync('ip', ['-j', 'link', 'show'], { encoding: 'utf8' })).length);
    expect(parsed.addresses.some((a) => a.address === '127.0.0.1' && a.prefixlen === 8 && a.family === 'inet')).toBe(true);
  });

  it('read multipath default routes and empty output', () => {
    expect(parseDefaultRoutes('')).toEqual([]);
    expect(parseDefaultRoutes('[{"dst":"default","nexthops":[{"dev":"eth0"},{"dev":"eth1"}]}]')).toEqual(['eth0', 'eth1']);
    expect(() => parseIpLink('{"not":"an array"}')).toThrow(/not a JSON array/);
  });
});
