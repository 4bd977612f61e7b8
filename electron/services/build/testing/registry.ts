/**
 * A real registry for the push tests: Debian's `docker-registry` (distribution v2) on 127.0.0.1 at
 * a free port, with its own temp config and storage, stopped by pid. A dockerd treats 127.0.0.0/8
 * registries as insecure-allowed, so plain HTTP works with no engine configuration. With htpasswd
 * it wants credentials (install-auth's registry).
 * Test helper only.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const REGISTRY_BINARY = '/usr/bin/docker-registry';

/**
 * A loopback port nothing listens on, for "the registry is down" tests where the engine dials it:
 * the discard port (9), which no test host serves — a port from freePort() would do only until
 * another process took it. Not for Node's own fetch: it refuses port 9 as a "bad port" unasked.
 */
export const NOTHING_LISTENS = 9;

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

export interface Registry {
  address: string;
  stop(): Promise<void>;
}

/** Basic auth for the registry: a user and its bcrypt hash (htpasswd's format). */
export interface Htpasswd {
  user: string;
  hash: string;
}

/** With `htpasswd`, the registry wants those credentials, the way a private registry is often run. */
export async function startRegistry(opts: { htpasswd?: Htpasswd } = {}): Promise<Registry> {
  if (!existsSync(REGISTRY_BINARY)) throw new Error(`${REGISTRY_BINARY} is missing: apt-get install docker-registry`);
  // freePort() frees the port before the registry binds it: another process may take it in between.
  // The registry then exits (bind: address already in use) — try again on a new port.
  const errors: string[] = [];
  for (let attempt = 0; attempt < 5; attempt++) {
    const started = await startOnce(opts, await freePort());
    if ('address' in started) return started;
    errors.push(started.error);
  }
  throw new Error(`docker-registry did not start after 5 ports:\n${errors.join('\n')}`);
}

async function startOnce(opts: { htpasswd?: Htpasswd }, port: number): Promise<Registry | { error: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'plugsmith-registry-'));
  let auth = '';
  if (opts.htpasswd) {
    writeFileSync(join(dir, 'htpasswd'), `${opts.htpasswd.user}:${opts.htpasswd.hash}\n`);
    auth = `auth:\n  htpasswd:\n    realm: plugsmith-test\n    path: ${join(dir, 'htpasswd')}\n`;
  }
  const config = join(dir, 'config.yml');
  writeFileSync(config, `version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n    rootdirectory: ${join(dir, 'data')}\n${auth}http:\n  addr: 127.0.0.1:${port}\n`);
  const child: ChildProcess = spawn(REGISTRY_BINARY, ['serve', config], { stdio: 'ignore' });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const address = `127.0.0.1:${port}`;
  // Up when it answers /v2/ as it should: 200, or 401 to an anonymous caller when it wants credentials.
  const upStatus = opts.htpasswd ? 401 : 200;
  const deadline = Date.now() + 15_000;
  for (;;) {
    const status = await fetch(`http://${address}/v2/`).then((r) => r.status, () => 0);
    // The answer counts only while our registry still runs: a process that took the port first would
    // answer too, and ours would have exited on the bind.
    if (status === upStatus && child.exitCode === null && child.signalCode === null) break;
    if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
      rmSync(dir, { recursive: true, force: true });
      return { error: `docker-registry${opts.htpasswd ? ' (htpasswd)' : ''} did not start on ${address} (last status ${status}, exit ${child.exitCode ?? child.signalCode})` };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    address,
    async stop() {
      if (child.exitCode === null && child.signalCode === null && child.pid) {
        process.kill(child.pid, 'SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
