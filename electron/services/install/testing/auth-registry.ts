/**
 * A real registry that wants credentials: Debian's docker-registry with htpasswd (basic) auth on
 * 127.0.0.1, the way a private registry is often run. The user and its bcrypt hash are fixed
 * here (a throwaway registry that lives for one test file); stopped by pid. Test helper only.
 * Same start-up as build/testing/registry.ts, plus the auth section.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, REGISTRY_BINARY, type Registry } from '../../build/testing/registry';

export const AUTH_USER = 'tester';
export const AUTH_PASSWORD = 'plugsmith-registry-secret-7f3a';
/** bcrypt (cost 4) of AUTH_PASSWORD, made with Python's crypt.crypt(..., METHOD_BLOWFISH). */
const AUTH_HASH = '$2b$04$eh2krkfOd202uvSoKWW5VuJN9BYdjzqMkzbg3FfIDaB3/PiZbGbMy';

export async function startAuthRegistry(): Promise<Registry> {
  if (!existsSync(REGISTRY_BINARY)) throw new Error(`${REGISTRY_BINARY} is missing: apt-get install docker-registry`);
  const dir = mkdtempSync(join(tmpdir(), 'plugsmith-auth-registry-'));
  const port = await freePort();
  writeFileSync(join(dir, 'htpasswd'), `${AUTH_USER}:${AUTH_HASH}\n`);
  const config = join(dir, 'config.yml');
  writeFileSync(
    config,
    `version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n    rootdirectory: ${join(dir, 'data')}\nauth:\n  htpasswd:\n    realm: plugsmith-test\n    path: ${join(dir, 'htpasswd')}\nhttp:\n  addr: 127.0.0.1:${port}\n`,
  );
  const child = spawn(REGISTRY_BINARY, ['serve', config], { stdio: 'ignore' });
  const address = `127.0.0.1:${port}`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    // Up when it answers at all: 401 is its answer to an anonymous /v2/.
    const status = await fetch(`http://${address}/v2/`).then((r) => r.status, () => 0);
    if (status === 401) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`docker-registry (htpasswd) did not start on ${address} (last status ${status})`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    address,
    async stop() {
      if (child.exitCode === null && child.pid) {
        process.kill(child.pid, 'SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
