/**
 * readHostFacts inside a network namespace of our own: a veth pair with a link-local test
 * address and a default route through it, and the reader run inside the namespace as a separate
 * Node process (bundled with esbuild). No traffic is ever sent; the namespace is deleted after.
 * Needs root (creating namespaces); skipped with the reason otherwise.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostFacts } from '../../ipc/types';

const here = dirname(fileURLToPath(import.meta.url));
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasIp = (() => {
  try {
    execFileSync('ip', ['netns', 'list'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
const skipReason = !isRoot ? 'needs root to create a network namespace' : !hasIp ? 'needs iproute2 (`ip`)' : '';

const ns = `plugsmith-t-${randomBytes(4).toString('hex')}`;
const ip = (...args: string[]) => execFileSync('ip', args, { encoding: 'utf8' });

describe.skipIf(skipReason !== '')(`readHostFacts in a network namespace${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let dir = '';
  let script = '';
  let facts: HostFacts;

  beforeAll(async () => {
    ip('netns', 'add', ns);
    ip('-n', ns, 'link', 'add', 'ps-up0', 'type', 'veth', 'peer', 'name', 'ps-peer0');
    // Link-local only (169.254/16): never routable, and we never send anything anyway.
    ip('-n', ns, 'addr', 'add', '169.254.77.2/16', 'dev', 'ps-up0');
    ip('-n', ns, 'link', 'set', 'lo', 'up');
    ip('-n', ns, 'link', 'set', 'ps-up0', 'up');
    ip('-n', ns, 'link', 'set', 'ps-peer0', 'up');
    ip('-n', ns, 'route', 'add', 'default', 'dev', 'ps-up0');

    dir = mkdtempSync(join(tmpdir(), 'plugsmith-netns-'));
    script = join(dir, 'read-facts.cjs');
    await build({
      stdin: {
        contents: `import { readHostFacts } from ${JSON.stringify(join(here, 'facts.ts'))};\nreadHostFacts().then((f) => process.stdout.write(JSON.stringify(f)));`,
        resolveDir: here,
        loader: 'ts',
      },
      bundle: true,
      platform: 'node',
      format: 'cjs',
      outfile: script,
      logLevel: 'silent',
    });
    const out = execFileSync('ip', ['netns', 'exec', ns, process.execPath, script], { encoding: 'utf8', timeout: 20_000 });
    facts = JSON.parse(out) as HostFacts;
  });

  afterAll(() => {
    try {
      execFileSync('ip', ['netns', 'del', ns], { stdio: 'ignore' });
    } catch {
      /* already gone */
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
    // Leave nothing behind: a leftover namespace fails the run.
    if (ip('netns', 'list').includes(ns)) throw new Error(`network namespace ${ns} was not removed`);
  });

  it('sees only the namespace’s interfaces', () => {
    expect(facts.interfaces.map((i) => i.ifname).sort()).toEqual(['lo', 'ps-peer0', 'ps-up0']);
    expect(facts.interfaces.every((i) => i.up)).toBe(true);
  });

  it('sees the test address with its prefix', () => {
    expect(facts.addresses).toContainEqual({ ifname: 'ps-up0', address: '169.254.77.2', prefixlen: 16, family: 'inet' });
    expect(facts.addresses.some((a) => a.address === '127.0.0.1')).toBe(true);
  });

  it('sees the namespace’s default route interface, from ip', () => {
    expect(facts.defaultRouteInterfaces).toEqual(['ps-up0']);
    expect(facts.source).toMatch(/^ip -j addr/);
  });

  it('ran inside the namespace, not on the host', () => {
    const hostLinks = ip('-j', 'link', 'show');
    expect(hostLinks).not.toContain('"ps-up0"');
    expect(facts.hostname.length).toBeGreaterThan(0);
  });
});
