/**
 * Docker as a topology source: the engine's networks (driver, IPAM subnets, scope), the
 * containers on each with their endpoints, and the managed plugins (the drivers). `GET /networks`
 * leaves `Containers` empty, so each network is inspected on its own (`GET /networks/{id}`).
 * One bounded read; live updates come from the engine's event stream (sources.ts).
 */
import type { PluginHealth } from '../../ipc/types';
import type { Engine } from '../docker/engine';
import { isContivConfig } from '../config/contiv/is-contiv';
import type { ContivConfigView } from '../config/contiv/view';

export interface DockerEndpoint {
  containerId: string;
  name: string;
  endpointId: string;
  mac: string;
  ipv4: string;
  ipv6: string;
}

export interface DockerNetwork {
  id: string;
  name: string;
  driver: string;
  scope: string;
  internal: boolean;
  ipamDriver: string;
  subnets: { subnet: string; gateway?: string }[];
  labels: Record<string, string>;
  endpoints: DockerEndpoint[];
  /** The inspect JSON as the engine sent it. */
  raw: unknown;
}

export interface DockerContainer {
  id: string;
  name: string;
  state: string;
  status: string;
  image: string;
  raw: unknown;
}

export interface DockerPlugin {
  id: string;
  name: string;
  enabled: boolean;
  /** `docker.networkdriver/1.0`, … */
  types: string[];
  /** Contiv's by its config (services/config/contiv: one rule for every screen). */
  contiv: boolean;
  /** The plugin service's health (a call on its socket): the same one the Plugins screen shows. Absent: not known yet. */
  health?: PluginHealth;
  raw: unknown;
}

export interface DockerSnapshot {
  /** The engine address as configured (unix:///var/run/docker.sock, tcp://…). */
  engineHost: string;
  /** The engine's own name for its machine (`docker info` Name). */
  engineName: string | null;
  /** The engine runs on this machine (a unix socket): this host's interfaces and OVS are its. */
  local: boolean;
  networks: DockerNetwork[];
  containers: DockerContainer[];
  plugins: DockerPlugin[];
  at: string;
}

interface RawNetwork {
  Id: string;
  Name: string;
  Driver?: string;
  Scope?: string;
  Internal?: boolean;
  Labels?: Record<string, string> | null;
  IPAM?: { Driver?: string; Config?: { Subnet?: string; Gateway?: string }[] | null } | null;
  Containers?: Record<string, { Name?: string; EndpointID?: string; MacAddress?: string; IPv4Address?: string; IPv6Address?: string }> | null;
}

interface RawContainer {
  Id: string;
  Names?: string[];
  State?: string;
  Status?: string;
  Image?: string;
}

interface RawPlugin {
  Id: string;
  Name: string;
  Enabled: boolean;
  Config?: ContivConfigView & { Interface?: { Types?: unknown[] | null } | null };
}

const TIMEOUT_MS = 5_000;

function typeString(t: unknown): string {
  if (typeof t === 'string') return t;
  if (t && typeof t === 'object') {
    const o = t as { Prefix?: string; Capability?: string; Version?: string };
    return `${o.Prefix ?? 'docker'}.${o.Capability ?? ''}/${o.Version ?? ''}`;
  }
  return String(t);
}

export function toNetwork(n: RawNetwork): DockerNetwork {
  return {
    id: n.Id,
    name: n.Name,
    driver: n.Driver ?? '',
    scope: n.Scope ?? '',
    internal: !!n.Internal,
    ipamDriver: n.IPAM?.Driver ?? '',
    subnets: (n.IPAM?.Config ?? []).filter((c) => c.Subnet).map((c) => ({ subnet: c.Subnet!, ...(c.Gateway ? { gateway: c.Gateway } : {}) })),
    labels: n.Labels ?? {},
    endpoints: Object.entries(n.Containers ?? {})
      .map(([cid, c]) => ({
        containerId: cid,
        name: c.Name ?? cid.slice(0, 12),
        endpointId: c.EndpointID ?? '',
        mac: c.MacAddress ?? '',
        ipv4: c.IPv4Address ?? '',
        ipv6: c.IPv6Address ?? '',
      }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    raw: n,
  };
}

export function toPlugin(p: RawPlugin): DockerPlugin {
  return {
    id: p.Id,
    name: p.Name,
    enabled: p.Enabled,
    types: (p.Config?.Interface?.Types ?? []).map(typeString),
    contiv: isContivConfig(p.Config ?? null),
    raw: p,
  };
}

/** One consistent-enough read of the engine (networks are inspected in parallel). */
export async function readDockerSnapshot(engine: Engine, signal?: AbortSignal): Promise<DockerSnapshot> {
  const req = <T>(path: string, query?: Record<string, string | number | boolean>) =>
    engine.request<T>({ method: 'GET', path, query, signal, timeoutMs: TIMEOUT_MS });
  const [info, list, containers, plugins] = await Promise.all([
    req<{ Name?: string }>('/info').catch(() => ({}) as { Name?: string }),
    req<RawNetwork[]>('/networks'),
    req<RawContainer[]>('/containers/json', { all: 1 }),
    req<RawPlugin[]>('/plugins'),
  ]);
  const networks = await Promise.all(
    list.map(async (n) => {
      try {
        return toNetwork(await req<RawNetwork>(`/networks/${encodeURIComponent(n.Id)}`));
      } catch {
        // Removed between the list and the inspect: what the list said is still true enough.
        return toNetwork(n);
      }
    }),
  );
  return {
    engineHost: engine.host,
    engineName: info.Name ?? null,
    local: engine.isLocal,
    networks: networks.sort((a, b) => a.name.localeCompare(b.name)),
    containers: containers
      .map((c) => ({ id: c.Id, name: (c.Names?.[0] ?? c.Id.slice(0, 12)).replace(/^\//, ''), state: c.State ?? '', status: c.Status ?? '', image: c.Image ?? '', raw: c }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    plugins: plugins.map(toPlugin).sort((a, b) => a.name.localeCompare(b.name)),
    at: new Date().toISOString(),
  };
}

/** The plugin that drives a network: managed drivers are named `name:tag` (the engine adds `:latest`). */
export function driverPlugin(driver: string, plugins: DockerPlugin[]): DockerPlugin | undefined {
  return plugins.find((p) => p.name === driver || p.name === `${driver}:latest`);
}
