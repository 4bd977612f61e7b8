/**
 * The merge: every source's latest snapshot → one graph. Pure (no I/O, no clock but the inputs'),
 * so it is unit-tested with real captured shapes and re-run on every change of any source.
 *
 * Cross-links, where two sources name the same thing:
 *  - a Docker network made by netmaster (`<net>/<tenant>`, or `<net>` in tenant `default`) ↔ its
 *    Contiv network or endpoint group;
 *  - an endpoint (Docker's EndpointID, netmaster's endpointID — the same id) ↔ the OVS port whose
 *    Port or Interface carries `external_ids:endpoint-id` = that id (netplugin tags both);
 *  - a host interface ↔ the OVS port of the same name (contivh0 ↔ its port on contivVxlanBridge).
 * Things that should exist and do not become `missing` nodes with the reason: contivh0 (and its
 * bridge and port) while a Contiv plugin is enabled, a bridge whose datapath was never created.
 * A source that is down keeps its last nodes, marked `error` with why, so the view turns that part
 * red instead of letting it vanish.
 */
import type { HostFacts } from '../../ipc/types';
import type { OvsState } from '../host/ovsdb/state';
import { driverPlugin, type DockerSnapshot } from './docker-source';
import type { NetmasterSnapshot } from './netmaster-source';
import { HEALTH_WORDS_EN, healthTextEn, healthWord } from '../../ipc/health';
import type { PluginHealth } from '../../ipc/types';
import type { EdgeKind, NodeKind, NodeStatus, SourceName, SourceStatus, TopologyEdge, TopologyModel, TopologyNode } from './model';

export interface SourceReading<T> {
  status: SourceStatus;
  /** The last data the source gave (kept while it is down, null if it never answered). */
  data: T | null;
}

export interface TopologyInputs {
  host: SourceReading<HostFacts>;
  ovs: SourceReading<OvsState>;
  docker: SourceReading<DockerSnapshot>;
  netmaster: SourceReading<NetmasterSnapshot>;
  at: string;
  reason: string;
}

export const CONTIV_HOST_PORT = 'contivh0';
export const CONTIV_VXLAN_BRIDGE = 'contivVxlanBridge';
const ENDPOINT_ID = 'endpoint-id';

class Graph {
  nodes = new Map<string, TopologyNode>();
  edges = new Map<string, TopologyEdge>();

  node(n: Omit<TopologyNode, 'sources' | 'raw'> & { source: SourceName; raw?: unknown }): TopologyNode {
    const have = this.nodes.get(n.id);
    if (have) {
      // A second source names the same thing: one node, both sources, both raw objects.
      if (!have.sources.includes(n.source)) have.sources.push(n.source);
      if (n.raw !== undefined) have.raw[n.source] = n.raw;
      if (!have.detail && n.detail) have.detail = n.detail;
      if (worse(n.status, have.status)) {
        have.status = n.status;
        have.reason = n.reason;
      }
      return have;
    }
    const { source, raw, ...rest } = n;
    const node: TopologyNode = { ...rest, sources: [source], raw: raw === undefined ? {} : { [source]: raw } };
    this.nodes.set(n.id, node);
    return node;
  }

  edge(source: string, target: string, kind: EdgeKind, via?: string): void {
    const id = `${kind}:${source}->${target}`;
    if (!this.edges.has(id)) this.edges.set(id, { id, source, target, kind, ...(via ? { via } : {}) });
  }
}

const UNCHECKED: PluginHealth = { state: 'unchecked', detail: '', checkedAt: null };

const RANK: Record<NodeStatus, number> = { ok: 0, degraded: 1, missing: 2, error: 3 };
const worse = (a: NodeStatus, b: NodeStatus) => RANK[a] > RANK[b];

export const ids = {
  host: (h: string) => `host:${h}`,
  iface: (h: string, name: string) => `if:${h}:${name}`,
  bridge: (name: string) => `ovs-br:${name}`,
  port: (bridge: string, name: string) => `ovs-port:${bridge}:${name}`,
  dockerNet: (name: string) => `docker-net:${name}`,
  container: (id: string) => `container:${id}`,
  endpoint: (id: string) => `endpoint:${id}`,
  plugin: (name: string) => `plugin:${name}`,
  tenant: (name: string) => `tenant:${name}`,
  contivNet: (key: string) => `contiv-net:${key}`,
  group: (key: string) => `epg:${key}`,
};

/** `net1/blue` → {name: net1, tenant: blue}; `net1` → tenant default (netmaster's docker-mode names). */
export function contivNameOf(dockerNetwork: string): { name: string; tenant: string } {
  const i = dockerNetwork.lastIndexOf('/');
  return i > 0 ? { name: dockerNetwork.slice(0, i), tenant: dockerNetwork.slice(i + 1) } : { name: dockerNetwork, tenant: 'default' };
}

/**
 * A down interface is only a problem when something relies on it: it has an address, carries a
 * default route, or is an OVS port (contivh0, an uplink). A spare one (`ifb0`, `dummy0`, an unused
 * NIC) is down by design: shown as "down · unused", not degraded.
 */
export function interfaceStatus(i: { ifname: string; up: boolean }, facts: HostFacts, ovsPorts: ReadonlySet<string>): { status: NodeStatus; reason?: string; unused?: true } {
  if (i.up) return { status: 'ok' };
  const uses = [
    ...(facts.addresses.some((a) => a.ifname === i.ifname) ? ['it has an address'] : []),
    ...(facts.defaultRouteInterfaces.includes(i.ifname) ? ['it carries the default route'] : []),
    ...(ovsPorts.has(i.ifname) ? ['it is an OVS port'] : []),
  ];
  if (!uses.length) return { status: 'ok', unused: true };
  return { status: 'degraded', reason: `the interface is down (no UP flag) while ${uses.join(' and ')}` };
}

function addHost(g: Graph, facts: HostFacts, ovsPorts: ReadonlySet<string>): string {
  const h = facts.hostname;
  const group = `host:${h}`;
  g.node({ id: ids.host(h), kind: 'host', label: h, detail: facts.source.split(',')[0], status: 'ok', source: 'host', host: h, group, raw: { hostname: h, source: facts.source, defaultRouteInterfaces: facts.defaultRouteInterfaces } });
  for (const i of facts.interfaces) {
    const addrs = facts.addresses.filter((a) => a.ifname === i.ifname).map((a) => `${a.address}/${a.prefixlen}`);
    const id = ids.iface(h, i.ifname);
    const st = interfaceStatus(i, facts, ovsPorts);
    g.node({
      id,
      kind: 'interface',
      label: i.ifname,
      detail: st.unused ? 'down · unused' : addrs.join(' '),
      status: st.status,
      ...(st.reason ? { reason: st.reason } : {}),
      source: 'host',
      host: h,
      group,
      raw: { ...i, addresses: facts.addresses.filter((a) => a.ifname === i.ifname), defaultRoute: facts.defaultRouteInterfaces.includes(i.ifname) },
    });
    g.edge(ids.host(h), id, 'contains');
  }
  return h;
}

function addOvs(g: Graph, ovs: OvsState, hostName: string): void {
  g.node({ id: ids.host(hostName), kind: 'host', label: hostName, status: 'ok', source: 'ovs', host: hostName, group: `host:${hostName}` });
  for (const b of ovs.bridges) {
    const bid = ids.bridge(b.name);
    const group = `bridge:${b.name}`;
    g.node({
      id: bid,
      kind: 'ovs-bridge',
      label: b.name,
      detail: `datapath ${b.datapathType}${b.datapathId ? ` · ${b.datapathId}` : ''}`,
      status: b.datapathExists ? 'ok' : 'missing',
      ...(b.datapathExists
        ? {}
        : { reason: `its ${b.datapathType} datapath does not exist: OVS never set datapath_id (ovs-vsctl add-br succeeds even when ovs-vswitchd cannot create the datapath — for "system", the openvswitch kernel module must be loaded)` }),
      source: 'ovs',
      host: hostName,
      group,
      raw: { ...b, ports: b.ports.map((p) => p.name) },
    });
    g.edge(ids.host(hostName), bid, 'contains');
    for (const p of b.ports) {
      const pid = ids.port(b.name, p.name);
      const broken = p.interfaces.find((i) => i.error || i.ofport === -1);
      const types = [...new Set(p.interfaces.map((i) => i.type))].join(',');
      const ofports = p.interfaces.map((i) => i.ofport).filter((x) => x !== null);
      g.node({
        id: pid,
        kind: 'ovs-port',
        label: p.name,
        detail: `${types}${ofports.length ? ` · ofport ${ofports.join(',')}` : ''}${p.tag !== null ? ` · tag ${p.tag}` : ''}`,
        status: broken ? 'error' : 'ok',
        ...(broken ? { reason: broken.error ?? `OVS could not add interface ${broken.name} (ofport -1)` } : {}),
        source: 'ovs',
        host: hostName,
        group,
        raw: p,
      });
      g.edge(bid, pid, 'contains');
    }
  }
}

function addDocker(g: Graph, d: DockerSnapshot): void {
  const host = `engine ${d.engineName ?? d.engineHost}`;
  const group = `docker:${d.engineHost}`;
  for (const p of d.plugins) {
    if (!p.types.some((t) => /networkdriver|ipamdriver/i.test(t))) continue;
    const health = p.health ?? UNCHECKED;
    const word = healthWord(p.enabled, health);
    g.node({
      id: ids.plugin(p.name),
      kind: 'plugin',
      label: p.name,
      detail: `${healthTextEn(p.enabled, health)}${p.contiv ? ' · Contiv' : ''}`,
      status: word === 'disabled' ? 'degraded' : word === 'notAnswering' ? 'error' : 'ok',
      ...(word === 'disabled' ? { reason: 'the plugin is disabled' } : word === 'notAnswering' ? { reason: `${HEALTH_WORDS_EN.notAnswering}: ${health.detail}` } : {}),
      source: 'docker',
      host,
      group,
      raw: p.raw,
      plugin: { enabled: p.enabled, health, contiv: p.contiv },
    });
  }
  const containers = new Map(d.containers.map((c) => [c.id, c]));
  for (const n of d.networks) {
    const nid = ids.dockerNet(n.name);
    const plugin = driverPlugin(n.driver, d.plugins);
    const driverWord = plugin ? healthWord(plugin.enabled, plugin.health ?? UNCHECKED) : null;
    const down = driverWord === 'disabled' || driverWord === 'notAnswering';
    g.node({
      id: nid,
      kind: 'docker-network',
      label: n.name,
      detail: [n.driver, ...n.subnets.map((s) => s.subnet), n.scope].filter(Boolean).join(' · '),
      status: down ? 'degraded' : 'ok',
      ...(down ? { reason: `its driver ${plugin!.name} is ${HEALTH_WORDS_EN[driverWord!]}` } : {}),
      source: 'docker',
      host,
      group,
      raw: n.raw,
    });
    if (plugin) g.edge(ids.plugin(plugin.name), nid, 'drives');
    for (const e of n.endpoints) {
      const c = containers.get(e.containerId);
      const cid = ids.container(e.containerId);
      const running = !c || c.state === 'running';
      g.node({
        id: cid,
        kind: 'container',
        label: c?.name ?? e.name,
        detail: c ? `${c.image} · ${c.state}` : undefined,
        status: running ? 'ok' : 'degraded',
        ...(running ? {} : { reason: `the container is ${c!.state}` }),
        source: 'docker',
        host,
        group,
        raw: c?.raw ?? { Id: e.containerId, Name: e.name },
      });
      if (!e.endpointId) continue;
      const eid = ids.endpoint(e.endpointId);
      g.node({
        id: eid,
        kind: 'endpoint',
        label: `${e.name} @ ${n.name}`,
        detail: [e.ipv4, e.mac].filter(Boolean).join(' · '),
        status: 'ok',
        source: 'docker',
        host,
        group,
        raw: { network: n.name, ...e },
      });
      g.edge(nid, eid, 'contains');
      g.edge(cid, eid, 'member');
    }
  }
}

function addNetmaster(g: Graph, nm: NetmasterSnapshot): void {
  const host = `netmaster ${nm.url}`;
  const groupOf = (tenant: string) => `tenant:${tenant}`;
  for (const t of nm.tenants) {
    g.node({ id: ids.tenant(t.tenantName), kind: 'tenant', label: t.tenantName, status: 'ok', source: 'netmaster', host, group: groupOf(t.tenantName), raw: t });
  }
  for (const n of nm.networks) {
    const id = ids.contivNet(n.key);
    const eps = nm.endpoints[n.key];
    g.node({
      id,
      kind: 'contiv-network',
      label: n.networkName,
      detail: [n.encap, n.subnet, n.nwType === 'infra' ? 'infra' : null, n.pktTag ? `tag ${n.pktTag}` : null].filter(Boolean).join(' · '),
      status: 'ok',
      source: 'netmaster',
      host,
      group: groupOf(n.tenantName),
      raw: { ...n, endpoints: eps },
    });
    g.edge(ids.tenant(n.tenantName), id, 'contains');
    for (const e of eps ?? []) {
      if (!e.endpointID) continue;
      const eid = ids.endpoint(e.endpointID);
      g.node({
        id: eid,
        kind: 'endpoint',
        label: `${e.containerName ?? e.endpointID.slice(0, 12)} @ ${n.networkName}`,
        detail: [e.ipAddress?.[0], e.macAddress, e.homingHost].filter(Boolean).join(' · '),
        status: 'ok',
        source: 'netmaster',
        host,
        group: groupOf(n.tenantName),
        raw: e,
      });
      g.edge(id, eid, 'contains');
      // endpointGroupKey is `<group>:<tenant>` (sic, reversed from the object key).
      if (e.endpointGroupKey) {
        const [grp, tenant] = e.endpointGroupKey.split(':');
        if (grp && tenant) g.edge(ids.group(`${tenant}:${grp}`), eid, 'member');
      }
    }
  }
  for (const eg of nm.endpointGroups) {
    const id = ids.group(eg.key);
    g.node({
      id,
      kind: 'endpoint-group',
      label: eg.groupName,
      detail: [eg.networkName, ...(eg.policies ?? [])].filter(Boolean).join(' · '),
      status: 'ok',
      source: 'netmaster',
      host,
      group: groupOf(eg.tenantName),
      raw: eg,
    });
    g.edge(ids.tenant(eg.tenantName), id, 'contains');
    if (eg.networkName) g.edge(ids.contivNet(`${eg.tenantName}:${eg.networkName}`), id, 'member');
  }
}

function crossLink(g: Graph, inp: TopologyInputs, hostName: string | null): void {
  const nm = inp.netmaster.data;
  const d = inp.docker.data;
  const ovs = inp.ovs.data;
  // Docker network ↔ Contiv network / endpoint group, by netmaster's naming.
  if (nm && d) {
    for (const n of d.networks) {
      const { name, tenant } = contivNameOf(n.name);
      for (const target of [ids.contivNet(`${tenant}:${name}`), ids.group(`${tenant}:${name}`)]) {
        if (g.nodes.has(target)) g.edge(ids.dockerNet(n.name), target, 'same', tenant === 'default' && !n.name.includes('/') ? 'name (tenant default)' : 'name <net>/<tenant>');
      }
    }
  }
  if (ovs) {
    // Endpoint ↔ OVS port by netplugin's tag on the Port or any of its Interfaces.
    const byEndpoint = new Map<string, string>();
    for (const b of ovs.bridges) {
      for (const p of b.ports) {
        const tags = [p.externalIds[ENDPOINT_ID], ...p.interfaces.map((i) => i.externalIds[ENDPOINT_ID])].filter(Boolean);
        for (const t of tags) byEndpoint.set(t, ids.port(b.name, p.name));
      }
    }
    for (const n of g.nodes.values()) {
      if (n.kind !== 'endpoint') continue;
      const epId = n.id.slice('endpoint:'.length);
      const port = byEndpoint.get(epId);
      if (port) g.edge(n.id, port, 'same', 'external_ids:endpoint-id');
    }
    // Host interface ↔ OVS port of the same name (internal ports are host interfaces: contivh0).
    if (hostName && inp.host.data) {
      const ifnames = new Set(inp.host.data.interfaces.map((i) => i.ifname));
      for (const b of ovs.bridges) {
        for (const p of b.ports) {
          for (const i of p.interfaces) {
            if (ifnames.has(i.name)) g.edge(ids.iface(hostName, i.name), ids.port(b.name, p.name), 'same', `interface ${i.name}`);
          }
        }
      }
    }
  }
}

/** Contiv enabled → contivh0, its bridge and its port should exist; say which do not. */
function expectContiv(g: Graph, inp: TopologyInputs, hostName: string | null): void {
  const contiv = (inp.docker.data?.plugins ?? []).filter((p) => p.enabled && p.contiv);
  if (contiv.length === 0 || inp.docker.status.state !== 'ok') return;
  const names = contiv.map((p) => p.name).join(', ');
  const host = inp.host.data;
  if (host && inp.host.status.state === 'ok' && hostName && !host.interfaces.some((i) => i.ifname === CONTIV_HOST_PORT)) {
    const id = ids.iface(hostName, CONTIV_HOST_PORT);
    g.node({
      id,
      kind: 'interface',
      label: CONTIV_HOST_PORT,
      status: 'missing',
      reason: `${names} is enabled, so netplugin's host-access port ${CONTIV_HOST_PORT} (default 172.19.255.254/16) should exist on ${hostName}; it does not (netplugin did not start, or failed before creating it)`,
      source: 'host',
      host: hostName,
      group: `host:${hostName}`,
    });
    g.edge(ids.host(hostName), id, 'contains');
  }
  const ovs = inp.ovs.data;
  if (ovs && inp.ovs.status.state === 'ok') {
    const ovsHost = ovs.source.host;
    const br = ovs.bridges.find((b) => b.name === CONTIV_VXLAN_BRIDGE);
    if (!br) {
      g.node({
        id: ids.bridge(CONTIV_VXLAN_BRIDGE),
        kind: 'ovs-bridge',
        label: CONTIV_VXLAN_BRIDGE,
        status: 'missing',
        reason: `${names} is enabled, so netplugin should have created ${CONTIV_VXLAN_BRIDGE} in OVS (${ovs.source.target}); it is not there`,
        source: 'ovs',
        host: ovsHost,
        group: `bridge:${CONTIV_VXLAN_BRIDGE}`,
      });
      g.edge(ids.host(ovsHost), ids.bridge(CONTIV_VXLAN_BRIDGE), 'contains');
    }
    if (!br?.ports.some((p) => p.name === CONTIV_HOST_PORT)) {
      const pid = ids.port(CONTIV_VXLAN_BRIDGE, CONTIV_HOST_PORT);
      g.node({
        id: pid,
        kind: 'ovs-port',
        label: CONTIV_HOST_PORT,
        status: 'missing',
        reason: `${names} is enabled, so ${CONTIV_VXLAN_BRIDGE} should carry the internal port ${CONTIV_HOST_PORT}; it does not`,
        source: 'ovs',
        host: ovsHost,
        group: `bridge:${CONTIV_VXLAN_BRIDGE}`,
      });
      g.edge(ids.bridge(CONTIV_VXLAN_BRIDGE), pid, 'contains');
      if (hostName) g.edge(ids.iface(hostName, CONTIV_HOST_PORT), pid, 'same', `interface ${CONTIV_HOST_PORT}`);
    }
    // A container endpoint on a Contiv-driven network should have its OVS port.
    const d = inp.docker.data!;
    const contivDriven = new Set(d.networks.filter((n) => driverPlugin(n.driver, contiv)).map((n) => n.name));
    const linkedEndpoints = new Set([...g.edges.values()].filter((x) => x.kind === 'same' && x.via === 'external_ids:endpoint-id').map((x) => x.source));
    for (const n of d.networks) {
      if (!contivDriven.has(n.name)) continue;
      for (const e of n.endpoints) {
        const eid = ids.endpoint(e.endpointId);
        const node = g.nodes.get(eid);
        if (node && !linkedEndpoints.has(eid) && node.status === 'ok') {
          node.status = 'degraded';
          node.reason = `no OVS port carries external_ids:endpoint-id=${e.endpointId} (netplugin tags the port it makes for each endpoint)`;
        }
      }
    }
  }
}

/** A source that is down keeps its last nodes, in red, with why. */
function markStale(g: Graph, inp: TopologyInputs): void {
  const stale = new Map<SourceName, SourceStatus>();
  for (const s of [inp.host, inp.ovs, inp.docker, inp.netmaster]) {
    if (s.status.state !== 'ok' && s.data) stale.set(s.status.source, s.status);
  }
  if (stale.size === 0) return;
  for (const n of g.nodes.values()) {
    const down = n.sources.filter((s) => stale.has(s));
    if (down.length === 0 || down.length < n.sources.length) continue;
    const st = stale.get(down[0])!;
    n.status = 'error';
    n.reason = `${st.source} is ${st.state}${st.reason ? ` (${st.reason})` : ''}; showing what it reported${st.dataAt ? ` at ${st.dataAt}` : ''}`;
  }
}

export function mergeTopology(inp: TopologyInputs): TopologyModel {
  const g = new Graph();
  const ovsPorts = new Set((inp.ovs.data?.bridges ?? []).flatMap((b) => b.ports.flatMap((p) => [p.name, ...p.interfaces.map((i) => i.name)])));
  const hostName = inp.host.data ? addHost(g, inp.host.data, ovsPorts) : null;
  if (inp.ovs.data) addOvs(g, inp.ovs.data, hostName ?? inp.ovs.data.source.host);
  if (inp.docker.data) addDocker(g, inp.docker.data);
  if (inp.netmaster.data) addNetmaster(g, inp.netmaster.data);
  crossLink(g, inp, hostName ?? inp.ovs.data?.source.host ?? null);
  expectContiv(g, inp, hostName);
  markStale(g, inp);
  // Edges only between drawn nodes (an endpoint group named by a network that netmaster no longer lists).
  const edges = [...g.edges.values()].filter((e) => g.nodes.has(e.source) && g.nodes.has(e.target));
  return {
    nodes: [...g.nodes.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    edges: edges.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    sources: [inp.host.status, inp.ovs.status, inp.docker.status, inp.netmaster.status],
    at: inp.at,
    reason: inp.reason,
  };
}

export type { NodeKind };
