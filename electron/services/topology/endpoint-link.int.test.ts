/**
 * Container endpoint ↔ OVS port on real parts. The test netmaster makes the Docker network through
 * the tests' engine (driven by the example network plugin, marked Contiv-shaped); a real container
 * (a FROM-scratch node image, built here) runs on it; then the test does netplugin's share by hand:
 * it tells netmaster about the endpoint (`POST /plugin/createEndpoint` with Docker's EndpointID, as
 * netplugin's CreateEndpoint does) and adds an internal OVS port on contivVxlanBridge tagged
 * `external_ids:endpoint-id=<that id>` on both Port and Interface (inside the OVS's own network
 * namespace, datapath netdev). The live model must link container → endpoint → OVS port, turn the
 * endpoint degraded when the port goes, and follow the container going away.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removePluginQuietly } from '../docker/testing/fixtures';
import { SKIP_REASON, testEngineHost, wire, type Wired } from '../docker/testing/harness';
import { NetmasterClient } from '../netmaster/client';
import type { TestNetmaster } from '../netmaster/testing/test-netmaster';
import { makeContivShape, ovsSkipReason, startOvs, type StartedOvs } from '../../../scripts/test-env/ovs.mjs';
import type { TopologyModel } from './model';
import { TopologySources } from './sources';
import { enableContivShapedPlugin, startNetmasterWithNet1, watchTopology } from './testing/contiv-bed';
import { buildIdleImage, removeImageQuietly } from './testing/idle-image';

const host = testEngineHost();
const skip = !host ? SKIP_REASON : ovsSkipReason();
const BRIDGE = 'contivVxlanBridge';
/** netplugin names the ports it makes `vvport<N>`. */
const PORT = 'vvport1';

describe.skipIf(!!skip)(`container endpoint ↔ OVS port on real parts${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let w: Wired;
  let ovs: StartedOvs;
  let nm: TestNetmaster;
  let plugin = '';
  let image = '';
  let containerId = '';
  let endpointId = '';
  let sources: TopologySources | null = null;
  let release = () => {};
  const tenant = `t${Date.now().toString(36)}`;
  const dockerNet = `net1/${tenant}`;
  const containerName = `plugsmith-it-ep-${Date.now().toString(36)}`;
  let watch: ReturnType<typeof watchTopology>;

  const until = (what: string, pred: (m: TopologyModel) => boolean, ms = 30_000): Promise<TopologyModel> =>
    watch.until(pred, ms, (last) => {
      const mine = last?.nodes.filter((n) => n.id.includes(endpointId || '\0') || n.id.includes(containerId || '\0') || n.id.includes(PORT)).map((n) => ({ id: n.id, status: n.status, reason: n.reason, sources: n.sources }));
      return `${what}: not seen within ${ms} ms; sources ${JSON.stringify(last?.sources.map((s) => [s.source, s.state, s.reason]))}; this test's nodes ${JSON.stringify(mine)}`;
    });
  const node = (m: TopologyModel, id: string) => m.nodes.find((n) => n.id === id);
  const edge = (m: TopologyModel, a: string, b: string) => m.edges.find((e) => e.source === a && e.target === b);
  const epNode = () => `endpoint:${endpointId}`;
  const portNode = `ovs-port:${BRIDGE}:${PORT}`;

  /** What netplugin sends netmaster for a new endpoint (ROUTES.md: /plugin/createEndpoint). */
  const netplugin = async (call: 'createEndpoint' | 'deleteEndpoint', body: Record<string, unknown>) => {
    const res = await fetch(`${nm.url}/plugin/${call}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(5_000) });
    if (!res.ok) throw new Error(`test netmaster /plugin/${call}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<Record<string, unknown>>;
  };
  const tagPort = (id: string) =>
    ovs.vsctl(['add-port', BRIDGE, PORT, '--', 'set', 'interface', PORT, 'type=internal', `external_ids:endpoint-id=${id}`, '--', 'set', 'port', PORT, `external_ids:endpoint-id=${id}`]);

  beforeAll(async () => {
    w = wire(host!);
    ovs = await startOvs({ netns: true });
    await makeContivShape(ovs.dbSock, { netns: ovs.netns, systemBridge: null });
    plugin = await enableContivShapedPlugin(w.engine, 'topo-ep');
    image = await buildIdleImage(w.engine);
    // Internal (see the hook): a container on it gets no docker_gwbridge in the host's namespace.
    nm = await startNetmasterWithNet1(w.engine, plugin, tenant, '10.204.1', { internal: true });

    const made = await w.engine.request<{ Id: string }>({
      method: 'POST',
      path: '/containers/create',
      query: { name: containerName },
      body: { Image: image, HostConfig: { NetworkMode: dockerNet } },
      timeoutMs: 30_000,
    });
    containerId = made.Id;
    await w.engine.request({ method: 'POST', path: `/containers/${containerId}/start`, timeoutMs: 30_000 });
    const inspect = await w.engine.request<{ State: { Running: boolean }; NetworkSettings: { Networks: Record<string, { EndpointID: string; IPAddress: string }> } }>({ method: 'GET', path: `/containers/${containerId}/json` });
    expect(inspect.State.Running, 'the idle container stays up').toBe(true);
    const ep = inspect.NetworkSettings.Networks[dockerNet];
    expect(ep?.EndpointID, `the container is on ${dockerNet}: ${JSON.stringify(inspect.NetworkSettings.Networks)}`).toMatch(/^[0-9a-f]{64}$/);
    endpointId = ep.EndpointID;

    sources = new TopologySources({ engine: () => w.engine, hub: w.hub, netmasterUrl: async () => nm.url, ovsdb: ovs.dbSock, netmasterPollMs: 300, retryMinMs: 200, retryMaxMs: 1_000 });
    watch = watchTopology(w.hub);
    release = sources.acquire();
  }, 240_000);

  afterAll(async () => {
    release();
    sources?.stop();
    // Each step on its own: one failure must not leave the rest behind.
    if (containerId) await w.engine.request({ method: 'DELETE', path: `/containers/${containerId}`, query: { force: 1 }, timeoutMs: 30_000 }).catch(() => undefined);
    if (nm) {
      await netplugin('deleteEndpoint', { TenantName: tenant, NetworkName: 'net1', ServiceName: '', EndpointID: endpointId }).catch(() => undefined);
      await new NetmasterClient({ url: nm.url }).delete('networks', `${tenant}:net1`).catch(() => undefined);
      await nm.close();
    }
    if (plugin) await removePluginQuietly(w.engine, plugin);
    if (image) await removeImageQuietly(w.engine, image);
    await ovs?.stop({ remove: true });
  }, 120_000);

  it('before netplugin tags a port, the Docker endpoint is there but degraded: no OVS port carries its id', async () => {
    const m = await until('the container and its endpoint', (x) => !!edge(x, `container:${containerId}`, epNode()));
    expect(node(m, `container:${containerId}`)?.label).toBe(containerName);
    // Internal (see the hook): the engine made no docker_gwbridge in the host's namespace for it.
    const nets = await w.engine.request<{ Name: string }[]>({ method: 'GET', path: '/networks' });
    expect(nets.map((n) => n.Name)).not.toContain('docker_gwbridge');
    expect(edge(m, `docker-net:${dockerNet}`, epNode())?.kind).toBe('contains');
    const ep = node(m, epNode())!;
    expect(ep.status).toBe('degraded');
    expect(ep.reason).toContain(`external_ids:endpoint-id=${endpointId}`);
  }, 60_000);

  it('netplugin’s share (netmaster endpoint + tagged OVS port) links container → endpoint → OVS port', async () => {
    const made = await netplugin('createEndpoint', {
      TenantName: tenant,
      NetworkName: 'net1',
      ServiceName: '',
      EndpointID: endpointId,
      EPCommonName: containerName,
      ConfigEP: { Container: containerId, Host: 'plugsmith-it', IPAddress: '10.204.1.1', ServiceName: '' },
    });
    expect((made.EndpointConfig as { endpointID: string }).endpointID).toBe(endpointId);
    await tagPort(endpointId);
    const m = await until('the endpoint linked to its port', (x) => !!edge(x, epNode(), portNode) && (node(x, epNode())?.sources.length ?? 0) === 2);
    const ep = node(m, epNode())!;
    expect(ep.status).toBe('ok');
    expect(ep.sources.sort()).toEqual(['docker', 'netmaster']);
    expect(edge(m, `container:${containerId}`, epNode())?.kind).toBe('member');
    expect(edge(m, epNode(), portNode)).toMatchObject({ kind: 'same', via: 'external_ids:endpoint-id' });
    expect(edge(m, `contiv-net:${tenant}:net1`, epNode())?.kind).toBe('contains');
    expect(edge(m, `ovs-br:${BRIDGE}`, portNode)?.kind).toBe('contains');
    const port = node(m, portNode)!;
    expect(port.status).toBe('ok');
    expect(port.detail).toMatch(/^internal · ofport \d+/);
    // The tag as OVS stores it, in the raw Port the details panel shows.
    expect((port.raw.ovs as { externalIds: Record<string, string> }).externalIds['endpoint-id']).toBe(endpointId);
  }, 60_000);

  it('removing the OVS port drops the link and turns the endpoint degraded; adding it back restores both', async () => {
    await ovs.vsctl(['del-port', BRIDGE, PORT]);
    const gone = await until('the link gone', (x) => !!node(x, epNode()) && !node(x, portNode));
    expect(edge(gone, epNode(), portNode)).toBeUndefined();
    expect(node(gone, epNode())).toMatchObject({ status: 'degraded' });
    expect(node(gone, epNode())!.reason).toMatch(/^no OVS port carries external_ids:endpoint-id=/);
    await tagPort(endpointId);
    const back = await until('the link back', (x) => !!edge(x, epNode(), portNode));
    expect(node(back, epNode())?.status).toBe('ok');
  }, 60_000);

  it('the container going away shows live: its node leaves, netmaster’s endpoint stays linked until netplugin cleans up', async () => {
    await w.engine.request({ method: 'DELETE', path: `/containers/${containerId}`, query: { force: 1 }, timeoutMs: 30_000 });
    const m = await until('the container gone', (x) => !node(x, `container:${containerId}`));
    // Netmaster still reports the endpoint (netplugin has not deleted it yet), and the port is still tagged.
    expect(node(m, epNode())?.sources).toEqual(['netmaster']);
    expect(edge(m, epNode(), portNode)?.kind).toBe('same');
    // netplugin's DeleteEndpoint: netmaster forgets it, the port goes.
    await netplugin('deleteEndpoint', { TenantName: tenant, NetworkName: 'net1', ServiceName: '', EndpointID: endpointId });
    await ovs.vsctl(['del-port', BRIDGE, PORT]);
    const clean = await until('the endpoint and port gone', (x) => !node(x, epNode()) && !node(x, portNode));
    expect(clean.edges.filter((e) => e.source === epNode() || e.target === epNode())).toEqual([]);
    containerId = '';
  }, 60_000);
});
