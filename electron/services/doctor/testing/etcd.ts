/**
 * A real etcd for tests: Debian's /usr/bin/etcd on 127.0.0.1, free ports, a temp data dir,
 * stopped by its pid. Test helper only.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '../../build/testing/registry';

export const ETCD_BIN = '/usr/bin/etcd';

export function etcdSkipReason(): string | null {
  return existsSync(ETCD_BIN) ? null : `${ETCD_BIN} not installed (apt-get install etcd-server)`;
}

export interface TestEtcd {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

export async function startEtcd(): Promise<TestEtcd> {
  const dir = mkdtempSync(join(tmpdir(), 'psd-etcd-'));
  const [client, peer] = [await freePort(), await freePort()];
  const url = `http://127.0.0.1:${client}`;
  const child: ChildProcess = spawn(
    ETCD_BIN,
    [
      '--name', 'doctor-test', '--data-dir', join(dir, 'data'),
      '--listen-client-urls', url, '--advertise-client-urls', url,
      '--listen-peer-urls', `http://127.0.0.1:${peer}`, '--initial-advertise-peer-urls', `http://127.0.0.1:${peer}`,
      '--initial-cluster', `doctor-test=http://127.0.0.1:${peer}`,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => {
    if (stderr.length < 20_000) stderr += c.toString();
  });
  let exited = false;
  child.on('exit', () => (exited = true));
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline && !exited) {
    try {
      const r = await fetch(`${url}/health`, { signal: AbortSignal.timeout(500) });
      if (r.ok) break;
    } catch {
      // not up yet
    }
    await sleep(100);
  }
  const stop = async () => {
    if (!exited && child.pid) {
      child.kill('SIGTERM');
      for (let i = 0; i < 100 && !exited; i++) await sleep(50);
      if (!exited) child.kill('SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  };
  if (exited || Date.now() >= deadline) {
    await stop();
    throw new Error(`etcd did not come up on ${url}\n${stderr.slice(-2000)}`);
  }
  return { url, pid: child.pid!, stop };
}
