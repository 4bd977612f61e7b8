/**
 * The merge on real shapes: netmaster's objects as the real netmaster sent them (the captures in
 * shared/contiv/netmaster-api), Docker networks as the engine's inspect returns them (through the
 * same toNetwork/toPlugin the source uses), OVS state as readOvsState builds it (buildOvsState
 * over decoded rows).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HostFacts } from '../../ipc/types';
import type { EndpointGroup, EndpointOper, Network, Tenant } from '../netmaster/types';
import { buildOvsState, type OvsState } from '../host/ovsdb/state';
import { toNetwork, toPlugin, type DockerSnapshot } from './docker-source';
import { contivNameOf, mergeTopology, type TopologyInputs } from './merge';
import type { SourceName, SourceStatus } from './model';
import type { NetmasterSnapshot } from './netmaster-source';

const CAPTURES = join(__dirname, '../../../../shared/contiv/netmaster-api');
const body = <T>(file: string): T => (JSON.parse(readFileSync(join(CAPTURES, file), 'utf8')) as { response: { body: T } }).response.body;

const EP_WEB1 = 'a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1';
const AT = '2026-01-01T00:00:00.000Z';

function netmaster(): NetmasterSnapshot {
  const networks = body<Network[]>('api_v1_networks.json');
  const endpoints: Record<string, EndpointOper[] | null> = {};
  for (const n of networks) endpoints[n.key] = [];
  endpoints['blue:net1'] = (body<{ Oper: { endpoints: EndpointOper[] } }>('api_v1_inspect_networks_blue_net1__with_netplugin.json').Oper.endpoints);
  return { url: 'http://127.0.0.1:9999', tenants: body<Tenant[]>('api_v1_tenants.json'), networks, endpointGroups: body<EndpointGroup[]>('api_v1_endpointGroups.json'), endpoints, at: AT };
}

/** Decoded OVSDB rows (what values.decodeRow gives) for contivVxlanBridge + contivh0 + a web-1 port, and a bridge without datapath. */
function ovs(): OvsState {
  const row = (o: Record<string, unknown>) => o as never;
  const tables = {
    Open_vSwitch: new Map([['root', row({ bridges: ['br1', 'br2'], manager_options: [], next_cfg: 5, cur_cfg: 5 })]]),
    Bridge: new Map([
      ['br1', row({ name: 'contivVxlanBridge', ports: ['p1', 'p2'], datapath_type: 'netdev', datapath_id: '0000aabbccddeeff', controller: [], external_ids: {} })],
      ['br2', row({ name: 'plugsmithSysBr', ports: ['p3'], datapath_type: '', datapath_id: null, controller: [], external_ids: {} })],
    ]),
    Port: new Map([
      ['p1', row({ name: 'contivh0', interfaces: ['i1'], tag: null, external_ids: { 'endpoint-id': 'contivh0-host-access' } })],
      ['p2', row({ name: 'vvport1', interfaces: ['i2'], tag: 1, external_ids: {} })],
      ['p3', row({ name: 'plugsmithSysBr', interfaces: ['i3'], tag: null, external_ids: {} })],
    ]),
    Interface: new Map([
      ['i1', row({ name: 'contivh0', type: 'internal', ofport: 1, mac_in_use: '02:00:00:00:00:01', admin_state: 'up', link_state: 'up', error: null, external_ids: { 'endpoint-id': 'contivh0-host-access' } })],
      // netplugin tags the Interface too; here only the Interface, so the Port-or-Interface rule is tested.
      ['i2', row({ name: 'vvport1', type: 'internal', ofport: 2, mac_in_use: null, admin_state: 'up', link_state: 'up', error: null, external_ids: { 'endpoint-id': EP_WEB1 } })],
      ['i3', row({ name: 'plugsmithSysBr', type: 'internal', ofport: -1, mac_in_use: null, admin_state: null, link_state: null, error: 'could not open network device plugsmithSysBr (No such device)', external_ids: {} })],
    ]),
  };
  return buildOvsState(tables, { target: 'unix:/run/ovs/db.sock', host: 'node1' });
}

function host(ifaces = ['lo', 'eth0', 'contivh0']): HostFacts {
  return {
    hostname: 'node1',
    interfaces: ifaces.map((ifname) => ({ ifname, up: true })),
    addresses: ifaces.includes('contivh0') ? [{ ifname: 'contivh0', address: '172.19.255.254', prefixlen: 16, family: 'inet' }] : [],
    defaultRouteInterfaces: ['eth0'],
    source: 'ip -j addr',
  };
}

function docker(contivEnabled = true): DockerSnapshot {
  const plugin = toPlugin({
    Id: 'p'.repeat(64),
    Name: 'contiv/v2plugin:latest',
    Enabled: contivEnabled,
    Config: { Interface: { Types: ['docker.networkdriver/1.0', 'docker.ipamdriver/1.0'], Socket: 'netplugin.sock' }, Env: [{ Name: 'CONTIV_ROLE', Value: 'master' }] },
  });
  const net = (name: string, containers: Record<string, unknown> = {}) =>
    toNetwork({ Id: `${name}-id`, Name: name, Driver: 'contiv/v2plugin:latest', Scope: 'global', IPAM: { Driver: 'contiv/v2plugin:latest', Config: [{ Subnet: '10.1.1.0/24', Gateway: '10.1.1.254' }] }, Containers: containers as never });
  return {
    engineHost: 'unix:///var/run/docker.sock',
    engineName: 'node1',
    local: true,
    networks: [
      net('net1/blue', { [EP_WEB1]: { Name: 'web-1', EndpointID: EP_WEB1, MacAddress: '02:02:0a:01:01:02', IPv4Address: '10.1.1.2/24', IPv6Address: '' } }),
      net('web/blue'),
      net('default-net'),
      toNetwork({ Id: 'b', Name: 'bridge', Driver: 'bridge', Scope: 'local', IPAM: { Driver: 'default', Config: [{ Subnet: '172.17.0.0/16' }] } }),
    ],
    containers: [{ id: EP_WEB1, name: 'web-1', state: 'running', status: 'Up', image: 'alpine', raw: {} }],
    plugins: [plugin],
    at: AT,
  };
}

const ok = (source: SourceName): SourceStatus => ({ source, state: 'ok', checkedAt: AT, dataAt: AT });

function inputs(over: Partial<TopologyInputs> = {}): TopologyInputs {
  return {
    host: { status: ok('host'), data: host() },
    ovs: { status: ok('ovs'), data: ovs() },
    docker: { status: ok('docker'), data: docker() },
    netmaster: { status: ok('netmaster'), data: netmaster() },
    at: AT,
    reason: 'test',
    ...over,
  };
}

const edge = (m: ReturnType<typeof mergeTopology>, a: string, b: string) => m.edges.find((e) => e.source === a && e.target === b);

describe('mergeTopology', () => {
  it('names netmaster docker networks as <net>/<tenant>, or <net> in tenant default', () => {
    expect(contivNameOf('net1/blue')).toEqual({ name: 'net1', tenant: 'blue' });
    expect(contivNameOf('default-net')).toEqual({ name: 'default-net', tenant: 'default' });
  });

  it('links Docker networks to their Contiv network or endpoint group', () => {
    const m = mergeTopology(inputs());
    expect(edge(m, 'docker-net:net1/blue', 'contiv-net:blue:net1')?.kind).toBe('same');
    expect(edge(m, 'docker-net:web/blue', 'epg:blue:web')?.kind).toBe('same');
    expect(edge(m, 'docker-net:default-net', 'contiv-net:default:default-net')?.via).toBe('name (tenant default)');
    // The engine's own bridge network has no Contiv twin.
    expect(m.edges.filter((e) => e.source === 'docker-net:bridge' && e.kind === 'same')).toEqual([]);
  });

  it('links contivh0 to its port on contivVxlanBridge, and an endpoint to its port by external_ids:endpoint-id', () => {
    const m = mergeTopology(inputs());
    expect(edge(m, 'if:node1:contivh0', 'ovs-port:contivVxlanBridge:contivh0')?.kind).toBe('same');
    expect(edge(m, `endpoint:${EP_WEB1}`, 'ovs-port:contivVxlanBridge:vvport1')?.via).toBe('external_ids:endpoint-id');
    // Docker and netmaster name the same endpoint: one node, both sources, both raw objects.
    const ep = m.nodes.find((n) => n.id === `endpoint:${EP_WEB1}`)!;
    expect(ep.sources.sort()).toEqual(['docker', 'netmaster']);
    expect(Object.keys(ep.raw).sort()).toEqual(['docker', 'netmaster']);
    expect(edge(m, 'epg:blue:web', `endpoint:${EP_WEB1}`)?.kind).toBe('member');
    expect(edge(m, 'contiv-net:blue:net1', `endpoint:${EP_WEB1}`)?.kind).toBe('contains');
  });

  it('shows a bridge without datapath as missing with the reason, and a failed interface as error', () => {
    const m = mergeTopology(inputs());
    const br = m.nodes.find((n) => n.id === 'ovs-br:plugsmithSysBr')!;
    expect(br.status).toBe('missing');
    expect(br.reason).toMatch(/datapath does not exist/);
    expect(m.nodes.find((n) => n.id === 'ovs-port:plugsmithSysBr:plugsmithSysBr')).toMatchObject({ status: 'error', reason: expect.stringContaining('No such device') });
    expect(m.nodes.find((n) => n.id === 'ovs-br:contivVxlanBridge')!.status).toBe('ok');
  });

  it('adds contivh0 as missing while a Contiv plugin is enabled and the host has none — and not when it is disabled', () => {
    const without = host(['lo', 'eth0']);
    const m = mergeTopology(inputs({ host: { status: ok('host'), data: without } }));
    const c = m.nodes.find((n) => n.id === 'if:node1:contivh0')!;
    expect(c).toMatchObject({ kind: 'interface', status: 'missing' });
    expect(c.reason).toMatch(/contiv\/v2plugin:latest is enabled/);
    const off = mergeTopology(inputs({ host: { status: ok('host'), data: without }, docker: { status: ok('docker'), data: docker(false) } }));
    expect(off.nodes.find((n) => n.id === 'if:node1:contivh0')).toBeUndefined();
  });

  it('adds the contivh0 port as missing when OVS has no such port', () => {
    const o = ovs();
    o.bridges[0].ports = o.bridges[0].ports.filter((p) => p.name !== 'contivh0');
    const m = mergeTopology(inputs({ ovs: { status: ok('ovs'), data: o } }));
    expect(m.nodes.find((n) => n.id === 'ovs-port:contivVxlanBridge:contivh0')?.status).toBe('missing');
  });

  it('a down interface nothing uses (ifb0) is "down · unused", not degraded; a down one with an address, the default route or an OVS port is', () => {
    const h = host(['lo', 'eth0', 'contivh0', 'ifb0']);
    const down = (names: string[]) => ({ ...h, interfaces: h.interfaces.map((i) => ({ ...i, up: !names.includes(i.ifname) })) });
    const m = mergeTopology(inputs({ host: { status: ok('host'), data: down(['ifb0', 'eth0', 'contivh0', 'lo']) } }));
    const node = (n: string) => m.nodes.find((x) => x.id === `if:node1:${n}`);
    expect(node('ifb0')).toMatchObject({ status: 'ok', detail: 'down · unused' });
    expect(node('ifb0')?.reason).toBeUndefined();
    expect(node('eth0')).toMatchObject({ status: 'degraded', reason: expect.stringContaining('default route') });
    expect(node('contivh0')).toMatchObject({ status: 'degraded', reason: expect.stringContaining('address') });
    expect(node('contivh0')?.reason).toContain('OVS port');
    // lo with no address in this fixture and nothing on it: unused too.
    expect(node('lo')?.status).toBe('ok');
  });

  it('a plugin node carries the plugin service’s health: enabled but silent is an error in the Plugins screen’s words, and its networks are degraded', () => {
    const d = docker();
    const silent = { ...d, plugins: d.plugins.map((p) => ({ ...p, health: { state: 'not-answering' as const, detail: 'no answer within 3000 ms to /NetworkDriver.GetCapabilities', checkedAt: AT } })) };
    const m = mergeTopology(inputs({ docker: { status: ok('docker'), data: silent } }));
    const node = m.nodes.find((n) => n.id === 'plugin:contiv/v2plugin:latest');
    expect(node).toMatchObject({ status: 'error', detail: 'enabled, not answering · Contiv', reason: expect.stringContaining('no answer within 3000 ms') });
    expect(node?.plugin).toMatchObject({ enabled: true, contiv: true, health: { state: 'not-answering' } });
    expect(m.nodes.find((n) => n.id === 'docker-net:net1/blue')).toMatchObject({ status: 'degraded', reason: 'its driver contiv/v2plugin:latest is enabled, not answering' });
    // Not checked yet: "checking", never a bare "ok · enabled".
    const fresh = mergeTopology(inputs()).nodes.find((n) => n.id === 'plugin:contiv/v2plugin:latest');
    expect(fresh).toMatchObject({ status: 'ok', detail: 'enabled (checking…) · Contiv' });
  });

  it('marks an endpoint on a Contiv network without its OVS port as degraded', () => {
    const o = ovs();
    o.bridges[0].ports = o.bridges[0].ports.filter((p) => p.name !== 'vvport1');
    const m = mergeTopology(inputs({ ovs: { status: ok('ovs'), data: o } }));
    expect(m.nodes.find((n) => n.id === `endpoint:${EP_WEB1}`)).toMatchObject({ status: 'degraded', reason: expect.stringContaining(EP_WEB1) });
  });

  it('keeps a down source’s last nodes in red with why, while the others stay ok', () => {
    const down: SourceStatus = { source: 'ovs', state: 'unreachable', reason: 'ovsdb-server is not running', checkedAt: AT, dataAt: AT };
    const m = mergeTopology(inputs({ ovs: { status: down, data: ovs() } }));
    const port = m.nodes.find((n) => n.id === 'ovs-port:contivVxlanBridge:contivh0')!;
    expect(port.status).toBe('error');
    expect(port.reason).toMatch(/ovs is unreachable \(ovsdb-server is not running\)/);
    expect(m.nodes.find((n) => n.id === 'if:node1:contivh0')!.status).toBe('ok');
    expect(m.nodes.find((n) => n.id === 'docker-net:net1/blue')!.status).toBe('ok');
    // The host node is named by the host source too: it stays ok.
    expect(m.nodes.find((n) => n.id === 'host:node1')!.status).toBe('ok');
    expect(m.sources.find((s) => s.source === 'ovs')!.state).toBe('unreachable');
  });

  it('draws nothing for a skipped source (a remote engine: not this machine)', () => {
    const skipped: SourceStatus = { source: 'host', state: 'skipped', reason: 'the engine at tcp://10.0.0.5:2376 is another machine', checkedAt: AT };
    const m = mergeTopology(inputs({ host: { status: skipped, data: null } }));
    expect(m.nodes.some((n) => n.kind === 'interface')).toBe(false);
    expect(m.sources[0]).toMatchObject({ source: 'host', state: 'skipped' });
  });

  it('is stable: same inputs, same ids and order; every edge joins two drawn nodes', () => {
    const a = mergeTopology(inputs());
    const b = mergeTopology(inputs());
    expect(a.nodes.map((n) => n.id)).toEqual(b.nodes.map((n) => n.id));
    const ids = new Set(a.nodes.map((n) => n.id));
    for (const e of a.edges) expect(ids.has(e.source) && ids.has(e.target), e.id).toBe(true);
    expect(new Set(a.nodes.map((n) => n.kind))).toEqual(new Set(['host', 'interface', 'ovs-bridge', 'ovs-port', 'docker-network', 'container', 'endpoint', 'tenant', 'contiv-network', 'endpoint-group', 'plugin']));
  });
});
