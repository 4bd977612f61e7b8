/**
 * The live topology on real parts: a userspace OVS with Contiv's shape (contivVxlanBridge, contivh0
 * with 172.19.255.254/16 inside the OVS's own network namespace, a bridge whose system datapath
 * fails), the tests' dockerd with a fixture network plugin that carries a Contiv env (so Plugsmith
 * treats it as Contiv's), and a test netmaster that makes the Docker network through that plugin.
 * Host facts are read by a process run inside the namespace (never contivh0 in the host's own).
 * Then ovsdb-server is stopped: OVS turns unreachable, its last nodes red, the rest stays ok.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostFacts } from '../../ipc/types';
import { removePluginQuietly } from '../docker/testing/fixtures';
import { SKIP_REASON, testEngineHost, wire, type Wired } from '../docker/testing/harness';
import { NetmasterClient } from '../netmaster/client';
import type { TestNetmaster } from '../netmaster/testing/test-netmaster';
import { makeContivShape, ovsSkipReason, startOvs, type StartedOvs } from '../../../scripts/test-env/ovs.mjs';
import type { TopologyModel } from './model';
import { TopologySources } from './sources';
import { enableContivShapedPlugin, startNetmasterWithNet1, watchTopology } from './testing/contiv-bed';

const host = testEngineHost();
const skip = !host ? SKIP_REASON : ovsSkipReason();

/** Runs the bundled host-facts reader inside the namespace and returns what it read. */
function readFactsIn(ns: string, script: string): Promise<HostFacts> {
  return new Promise((resolve, reject) =>
    execFile('ip', ['netns', 'exec', ns, process.execPath, script], { timeout: 20_000 }, (err, out, se) => (err ? reject(new Error(se || err.message)) : resolve(JSON.parse(out) as HostFacts))),
  );
}

describe.skipIf(!!skip)(`live topology on real OVS, dockerd and a test netmaster${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let w: Wired;
  let ovs: StartedOvs;
  let nm: TestNetmaster;
  let plugin = '';
  let dir = '';
  let sources: TopologySources;
  let release = () => {};
  const tenant = `t${Date.now().toString(36)}`;
  let watch: ReturnType<typeof watchTopology>;

  const until = (pred: (m: TopologyModel) => boolean, ms = 30_000): Promise<TopologyModel> =>
    watch.until(pred, ms, (last) => `no matching topology within ${ms} ms; last: ${JSON.stringify(last?.sources)}`);
  const state = (m: TopologyModel, s: string) => m.sources.find((x) => x.source === s)?.state;
  const node = (m: TopologyModel, id: string) => m.nodes.find((n) => n.id === id);
  const edge = (m: TopologyModel, a: string, b: string) => m.edges.find((e) => e.source === a && e.target === b);

  beforeAll(async () => {
    w = wire(host!);
    ovs = await startOvs({ netns: true });
    await makeContivShape(ovs.dbSock, { netns: ovs.netns });
    plugin = await enableContivShapedPlugin(w.engine, 'topo');
    nm = await startNetmasterWithNet1(w.engine, plugin, tenant, '10.203.1');

    dir = mkdtempSync(join(tmpdir(), 'plugsmith-topo-'));
    const script = join(dir, 'read-facts.cjs');
    await build({
      stdin: { contents: `import { readHostFacts } from ${JSON.stringify(join(__dirname, '../host/facts.ts'))};\nreadHostFacts().then((f) => process.stdout.write(JSON.stringify(f)));`, resolveDir: __dirname, loader: 'ts' },
      bundle: true,
      platform: 'node',
      format: 'cjs',
      outfile: script,
      logLevel: 'silent',
    });
    const ns = ovs.netns!;
    sources = new TopologySources({
      engine: () => w.engine,
      hub: w.hub,
      netmasterUrl: async () => nm.url,
      ovsdb: ovs.dbSock,
      readHost: () => readFactsIn(ns, script),
      netmasterPollMs: 500,
      retryMinMs: 200,
      retryMaxMs: 1_000,
    });
    watch = watchTopology(w.hub);
    release = sources.acquire();
  }, 120_000);

  afterAll(async () => {
    release();
    sources?.stop();
    if (nm) {
      const c = new NetmasterClient({ url: nm.url });
      await c.delete('networks', `${tenant}:net1`).catch(() => undefined);
      await nm.close();
    }
    if (plugin) await removePluginQuietly(w.engine, plugin);
    await ovs?.stop({ remove: true });
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('merges every source: contivh0 ↔ its port on contivVxlanBridge, the failed bridge missing, the Docker network ↔ its Contiv network', async () => {
    const m = await until((x) => ['host', 'ovs', 'docker', 'netmaster'].every((s) => state(x, s) === 'ok') && !!node(x, `docker-net:net1/${tenant}`));
    const h = m.nodes.find((n) => n.kind === 'host')!.label;
    const contivh0 = node(m, `if:${h}:contivh0`)!;
    expect(contivh0.status).toBe('ok');
    expect(contivh0.detail).toContain('172.19.255.254/16');
    expect(edge(m, `if:${h}:contivh0`, 'ovs-port:contivVxlanBridge:contivh0')?.kind).toBe('same');
    expect(edge(m, 'endpoint:contivh0-host-access', 'ovs-port:contivVxlanBridge:contivh0')).toBeUndefined(); // no such endpoint node: the id is netplugin's, not an endpoint's
    expect(node(m, 'ovs-br:contivVxlanBridge')?.status).toBe('ok');
    const sys = node(m, 'ovs-br:plugsmithSysBr')!;
    expect(sys.status).toBe('missing');
    expect(sys.reason).toMatch(/datapath does not exist/);
    expect(edge(m, `docker-net:net1/${tenant}`, `contiv-net:${tenant}:net1`)?.kind).toBe('same');
    expect(edge(m, `plugin:${plugin}`, `docker-net:net1/${tenant}`)?.kind).toBe('drives');
    expect(edge(m, `tenant:${tenant}`, `contiv-net:${tenant}:net1`)?.kind).toBe('contains');
    // contivh0 lives only in the namespace: the reading process ran there.
    expect(m.sources.find((s) => s.source === 'host')!.reason).toMatch(/^ip -j addr/);
  }, 60_000);

  it('follows netmaster live: a new endpoint group shows up with its Docker network', async () => {
    const c = new NetmasterClient({ url: nm.url });
    await c.create('endpointGroups', { tenantName: tenant, groupName: 'web', networkName: 'net1' });
    const m = await until((x) => !!edge(x, `docker-net:web/${tenant}`, `epg:${tenant}:web`));
    expect(edge(m, `contiv-net:${tenant}:net1`, `epg:${tenant}:web`)?.kind).toBe('member');
    await c.delete('endpointGroups', `${tenant}:web`);
    await until((x) => !node(x, `epg:${tenant}:web`) && !node(x, `docker-net:web/${tenant}`));
  }, 60_000);

  it('stopping ovsdb-server turns OVS unreachable and its part red, while the rest stays', async () => {
    await ovs.stopDb();
    const m = await until((x) => state(x, 'ovs') === 'unreachable');
    expect(state(m, 'docker')).toBe('ok');
    expect(state(m, 'netmaster')).toBe('ok');
    expect(state(m, 'host')).toBe('ok');
    const port = node(m, 'ovs-port:contivVxlanBridge:contivh0')!;
    expect(port.status).toBe('error');
    expect(port.reason).toMatch(/^ovs is unreachable/);
    expect(node(m, `docker-net:net1/${tenant}`)?.status).toBe('ok');
    const h = m.nodes.find((n) => n.kind === 'host')!.label;
    expect(node(m, `if:${h}:contivh0`)?.status).toBe('ok');
    // And back: the monitor reconnects when ovsdb-server returns.
    await ovs.startDb();
    const back = await until((x) => state(x, 'ovs') === 'ok');
    expect(node(back, 'ovs-port:contivVxlanBridge:contivh0')?.status).toBe('ok');
  }, 60_000);

  it('stops its sources when the last subscriber lets go', () => {
    expect(sources.live).toBe(true);
    release();
    expect(sources.live).toBe(false);
  });
});
