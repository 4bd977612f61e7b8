/**
 * The full doctor run (all 16 checks in parallel), on a healthy setup (target < 2 s) and with
 * netmaster and etcd hanging (accepting connections, never answering: bounded by the per-check
 * limit of 5 s). Real parts: a private dockerd (or PLUGSMITH_TEST_DOCKER_HOST), the Contiv-shaped
 * stand-in plugin enabled, a userspace OVS with the Contiv shape in its own namespace, Debian's
 * etcd behind a switchable proxy (so the plugin's store endpoint can hang without re-creating it),
 * and the test netmaster. Prints median / p95 per scenario and the slowest checks; asserts nothing.
 */
import { createServer, request, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../electron/services/docker/engine';
import { removePluginQuietly } from '../electron/services/docker/testing/fixtures';
import { startTestNetmaster } from '../electron/services/netmaster/testing/test-netmaster';
import { runDoctor } from '../electron/services/doctor/runner';
import { createStandin } from '../electron/services/doctor/testing/contiv-standin';
import { startEtcd } from '../electron/services/doctor/testing/etcd';
import type { DoctorReport } from '../electron/ipc/types';
import { makeContivShape, startOvs } from '../scripts/test-env/ovs.mjs';
import { engineHost, quantile } from './lib';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);

/** Forwards to `target`, or — switched to hang — accepts and never answers. */
async function switchable(target: string): Promise<{ url: string; hang: (on: boolean) => void; server: Server }> {
  let hanging = false;
  const server = createServer((req, res) => {
    if (hanging) return; // the connection stays open, nothing is ever written
    const up = request(`${target}${req.url}`, { method: req.method, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on('error', () => res.writeHead(502).end());
    req.pipe(up);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, hang: (on) => (hanging = on), server };
}

async function main() {
  const { host, stop: stopDockerd } = await engineHost();
  const engine = new Engine({ dockerHost: host, env: {} });
  const [etcd, nm, ovs] = await Promise.all([startEtcd(), startTestNetmaster(), startOvs()]);
  const store = await switchable(etcd.url);
  const nmProxy = await switchable(nm.url);
  const logDir = mkdtempSync(join(tmpdir(), 'psd-doc-bench-'));
  const name = `plugsmith-bench/contiv-${process.pid}:latest`;
  try {
    await makeContivShape(ovs.dbSock, { netns: ovs.netns, manager: 'ptcp:6640:127.0.0.1', masquerade: true, systemBridge: null });
    await createStandin(engine, {
      name,
      logDir,
      env: { CONTIV_NETPLUGIN_ETCD_ENDPOINTS: store.url, CONTIV_NETMASTER_PLUGIN_NAME: name, CONTIV_NETMASTER_EXTERNAL_ADDRESS: nmProxy.url.replace('http://', '') },
      checkModule: false,
    });
    await engine.request({ method: 'POST', path: `/plugins/${encodeURIComponent(name)}/enable`, query: { timeout: 30 }, timeoutMs: 60_000 });
    const opts = { engine, plugin: name, ovsdb: ovs.db, netns: ovs.netns, ovsLogs: [ovs.logs.ovsVswitchd] };

    const run = async (label: string, rounds: number) => {
      const ms: number[] = [];
      let last: DoctorReport | null = null;
      for (let i = 0; i < rounds; i++) {
        const t0 = performance.now();
        last = await runDoctor(opts);
        ms.push(Math.round(performance.now() - t0));
      }
      const counts = ['pass', 'warn', 'fail', 'skip'].map((s) => `${last!.checks.filter((c) => c.status === s).length} ${s}`).join(', ');
      const slow = [...last!.checks].sort((a, b) => b.ms - a.ms).slice(0, 4).map((c) => `${c.id} ${c.ms} ms (${c.status})`).join('; ');
      console.log(`${label.padEnd(28)} median ${quantile(ms, 0.5)} ms, p95 ${quantile(ms, 0.95)} ms, max ${Math.max(...ms)} ms over ${rounds} runs — ${counts}`);
      console.log(`${''.padEnd(28)} slowest: ${slow}`);
    };
    await runDoctor(opts); // warm-up (module loading, first ip/iptables exec)
    await run('healthy', ROUNDS);
    store.hang(true);
    nmProxy.hang(true);
    await run('netmaster + etcd hanging', Math.max(3, Math.round(ROUNDS / 3)));
    console.log('targets: healthy < 2000 ms; hanging bounded by the 5000 ms per-check limit (+ scheduling)');
  } finally {
    store.hang(false);
    nmProxy.hang(false);
    for (const s of [store.server, nmProxy.server]) s.closeAllConnections(), s.close();
    await removePluginQuietly(engine, name);
    await Promise.allSettled([etcd.stop(), nm.close(), ovs.stop({ remove: true })]);
    rmSync(logDir, { recursive: true, force: true });
    await stopDockerd();
  }
}

main().catch((e) => {
  console.error(`bench doctor: ${e.stack ?? e}`);
  process.exitCode = 1;
});
