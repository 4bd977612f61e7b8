/**
 * The example driver run as a plain process on this host (SOCKET_PATH moves its socket
 * into a temp folder), spoken to over HTTP on that unix socket the way the engine does.
 * Its three modes are what the fixtures rely on, so each is checked here.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const DRIVER = join(__dirname, 'driver.js');

interface Running {
  proc: ChildProcess;
  sock: string;
  dir: string;
  out: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const running: Running[] = [];

function start(env: Record<string, string>): Running {
  const dir = mkdtempSync('/tmp/psd-drv-');
  const sock = join(dir, 'netdriver.sock');
  const proc = spawn(process.execPath, [DRIVER], { env: { PATH: process.env.PATH ?? '', SOCKET_PATH: sock, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  proc.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => proc.on('exit', (code, signal) => r({ code, signal })));
  const r = { proc, sock, dir, out: () => out, exit };
  running.push(r);
  return r;
}

async function waitFor(cond: () => boolean, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await sleep(20);
  }
}

function call(sock: string, name: string, body: unknown, timeoutMs = 2_000): Promise<{ status: number; json: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { socketPath: sock, method: 'POST', path: `/${name}`, headers: { Accept: 'application/vnd.docker.plugins.v1.2+json' }, timeout: timeoutMs },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('no answer')));
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

afterEach(async () => {
  for (const r of running.splice(0)) {
    if (r.proc.exitCode === null && r.proc.signalCode === null) {
      r.proc.kill('SIGKILL');
      await r.exit;
    }
    rmSync(r.dir, { recursive: true, force: true });
  }
});

describe('netdriver (mode ok)', () => {
  it('answers the remote network driver protocol and keeps state', async () => {
    const d = start({});
    await waitFor(() => existsSync(d.sock));
    expect(await call(d.sock, 'NetworkDriver.GetCapabilities', {})).toEqual({ status: 200, json: { Scope: 'local', ConnectivityScope: 'local' } });

    // An endpoint on a network the driver never saw is refused in the protocol's error shape.
    const orphan = await call(d.sock, 'NetworkDriver.CreateEndpoint', { NetworkID: 'n1', EndpointID: 'e1' });
    expect(orphan).toEqual({ status: 500, json: { Err: 'network n1 not found' } });

    expect((await call(d.sock, 'NetworkDriver.CreateNetwork', { NetworkID: 'n1', Options: {}, IPv4Data: [] })).status).toBe(200);
    expect(await call(d.sock, 'NetworkDriver.CreateNetwork', { NetworkID: 'n1' })).toEqual({ status: 500, json: { Err: 'network n1 already exists' } });
    expect((await call(d.sock, 'NetworkDriver.CreateEndpoint', { NetworkID: 'n1', EndpointID: 'e1', Interface: { Address: '10.0.0.2/24' } })).json).toEqual({});
    expect((await call(d.sock, 'NetworkDriver.Join', { NetworkID: 'n1', EndpointID: 'e1', SandboxKey: '/var/run/docker/netns/x' })).status).toBe(200);
    expect((await call(d.sock, 'NetworkDriver.EndpointOperInfo', { NetworkID: 'n1', EndpointID: 'e1' })).json).toEqual({
      Value: { network: 'n1', address: '10.0.0.2/24', joined: true },
    });
    for (const c of ['ProgramExternalConnectivity', 'RevokeExternalConnectivity', 'Leave', 'DeleteEndpoint', 'DiscoverNew', 'DiscoverDelete', 'FreeNetwork']) {
      expect((await call(d.sock, `NetworkDriver.${c}`, { NetworkID: 'n1', EndpointID: 'e1' })).status, c).toBe(200);
    }
    expect((await call(d.sock, 'NetworkDriver.AllocateNetwork', { NetworkID: 'n1' })).json).toEqual({ Options: {} });
    expect((await call(d.sock, 'NetworkDriver.DeleteNetwork', { NetworkID: 'n1' })).status).toBe(200);
    expect((await call(d.sock, 'NetworkDriver.Nope', {})).status).toBe(404);

    const seen = (await call(d.sock, 'Plugsmith.Calls', {})).json as { Calls: { call: string }[]; Networks: string[] };
    expect(seen.Networks).toEqual([]);
    expect(seen.Calls.map((c) => c.call).slice(0, 3)).toEqual(['NetworkDriver.GetCapabilities', 'NetworkDriver.CreateEndpoint', 'NetworkDriver.CreateNetwork']);
    expect(d.out()).toMatch(/netdriver: NetworkDriver\.CreateNetwork network=n1\n/);
  });

  it('exits promptly on SIGTERM and removes its socket', async () => {
    const d = start({});
    await waitFor(() => existsSync(d.sock));
    d.proc.kill('SIGTERM');
    expect(await d.exit).toEqual({ code: 0, signal: null });
    expect(existsSync(d.sock)).toBe(false);
  });
});

describe('netdriver fault modes', () => {
  it('silent: accepts connections and never answers', async () => {
    const d = start({ MODE: 'silent' });
    await waitFor(() => existsSync(d.sock));
    await expect(call(d.sock, 'NetworkDriver.GetCapabilities', {}, 700)).rejects.toThrow('no answer');
  });

  it('no-socket: stays alive and never listens', async () => {
    const d = start({ MODE: 'no-socket' });
    await waitFor(() => d.out().includes('starting: mode=no-socket'));
    await sleep(500);
    expect(d.proc.exitCode).toBeNull();
    expect(existsSync(d.sock)).toBe(false);
  });

  it('refuses an unknown mode', async () => {
    const d = start({ MODE: 'bogus' });
    expect((await d.exit).code).toBe(2);
    expect(d.out()).toContain('unknown MODE "bogus"');
  });
});
