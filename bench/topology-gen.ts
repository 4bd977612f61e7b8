/** Generated topology inputs of a given size, shaped like a real Contiv host (for bench/topology.bench.ts). */
import type { HostFacts } from '../electron/ipc/types';
import type { OvsState } from '../electron/services/host/ovsdb/state';
import type { DockerSnapshot } from '../electron/services/topology/docker-source';
import type { TopologyInputs } from '../electron/services/topology/merge';
import type { NetmasterSnapshot } from '../electron/services/topology/netmaster-source';
import type { EndpointOper } from '../electron/services/netmaster/types';

const AT = '2026-01-01T00:00:00.000Z';
const hex = (i: number) => i.toString(16).padStart(64, '0');

/** About `n` merged nodes: interfaces, bridges with ports, Docker networks with containers, tenants with networks and groups. */
export function generateInputs(n: number, salt = 0): TopologyInputs {
  const ifaces = Math.round(n * 0.05);
  const bridges = Math.max(2, Math.round(n / 250));
  const nets = Math.max(2, Math.round(n * 0.02));
  const tenants = Math.max(1, Math.round(n / 250));
  const eps = Math.round(n * 0.22);
  const host: HostFacts = {
    hostname: 'bench',
    interfaces: Array.from({ length: ifaces }, (_, i) => ({ ifname: i === 0 ? 'contivh0' : `veth${i}`, up: true })),
    addresses: [{ ifname: 'contivh0', address: '172.19.255.254', prefixlen: 16, family: 'inet' }],
    defaultRouteInterfaces: [],
    source: 'generated',
  };
  const ovs: OvsState = {
    source: { target: 'unix:/bench', host: 'bench' },
    ovsVersion: null,
    dbVersion: null,
    schemaVersion: null,
    managers: [],
    nextCfg: 1,
    curCfg: 1,
    bridges: Array.from({ length: bridges }, (_, b) => ({
      name: b === 0 ? 'contivVxlanBridge' : `br${b}`,
      uuid: `b${b}`,
      datapathType: 'netdev',
      datapathId: b === bridges - 1 ? null : `dp${b}`,
      datapathExists: b !== bridges - 1,
      failMode: null,
      controller: [],
      externalIds: {},
      ports: Array.from({ length: Math.ceil(eps / bridges) }, (_, p) => {
        const e = b * Math.ceil(eps / bridges) + p;
        const id = hex(e + salt);
        return { name: `vvport${e}`, uuid: `p${e}`, tag: 1, externalIds: { 'endpoint-id': id }, interfaces: [{ name: `vvport${e}`, uuid: `i${e}`, type: 'internal', ofport: e + 1, mac: null, adminState: 'up', linkState: 'up', error: null, externalIds: { 'endpoint-id': id } }] };
      }),
    })),
  };
  const netName = (i: number) => `net${i}`;
  const tenantOf = (i: number) => `t${i % tenants}`;
  const docker: DockerSnapshot = {
    engineHost: 'unix:///bench',
    engineName: 'bench',
    local: true,
    plugins: [{ id: 'p', name: 'contiv/v2plugin:latest', enabled: true, types: ['docker.networkdriver/1.0'], contiv: true, raw: {} }],
    containers: Array.from({ length: eps }, (_, e) => ({ id: `c${e}`, name: `c${e}`, state: 'running', status: 'Up', image: 'alpine', raw: {} })),
    networks: Array.from({ length: nets }, (_, i) => ({
      id: `n${i}`,
      name: `${netName(i)}/${tenantOf(i)}`,
      driver: 'contiv/v2plugin:latest',
      scope: 'global',
      internal: false,
      ipamDriver: 'contiv/v2plugin:latest',
      subnets: [{ subnet: `10.${i % 250}.0.0/16` }],
      labels: {},
      endpoints: Array.from({ length: Math.ceil(eps / nets) }, (_, k) => i * Math.ceil(eps / nets) + k)
        .filter((e) => e < eps)
        .map((e) => ({ containerId: `c${e}`, name: `c${e}`, endpointId: hex(e + salt), mac: '', ipv4: `10.0.${e >> 8}.${e & 255}/16`, ipv6: '' })),
      raw: {},
    })),
    at: AT,
  };
  const endpoints: Record<string, EndpointOper[] | null> = {};
  for (let i = 0; i < nets; i++) {
    endpoints[`${tenantOf(i)}:${netName(i)}`] = docker.networks[i].endpoints.map((e) => ({ endpointID: e.endpointId, containerName: e.name, network: `${netName(i)}.${tenantOf(i)}`, endpointGroupKey: `g${i}:${tenantOf(i)}` }));
  }
  const netmaster: NetmasterSnapshot = {
    url: 'http://bench',
    tenants: Array.from({ length: tenants }, (_, t) => ({ key: `t${t}`, tenantName: `t${t}` })),
    networks: Array.from({ length: nets }, (_, i) => ({ key: `${tenantOf(i)}:${netName(i)}`, tenantName: tenantOf(i), networkName: netName(i), encap: 'vxlan' as const, subnet: `10.${i % 250}.0.0/16` })),
    endpointGroups: Array.from({ length: nets }, (_, i) => ({ key: `${tenantOf(i)}:g${i}`, tenantName: tenantOf(i), groupName: `g${i}`, networkName: netName(i) })),
    endpoints,
    at: AT,
  };
  const ok = (source: 'host' | 'ovs' | 'docker' | 'netmaster') => ({ source, state: 'ok' as const, checkedAt: AT, dataAt: AT });
  return { host: { status: ok('host'), data: host }, ovs: { status: ok('ovs'), data: ovs }, docker: { status: ok('docker'), data: docker }, netmaster: { status: ok('netmaster'), data: netmaster }, at: AT, reason: 'bench' };
}
