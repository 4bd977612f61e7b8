/**
 * The topology's one model: what every source saw, merged into nodes and edges with stable ids,
 * plus each source's own status, so a view can show a banner for a source that is down and still
 * draw the rest. Type-only and browser-safe: the renderer imports these shapes through
 * electron/ipc/types.ts.
 */
import type { ErrorEnvelope } from '../errors';
import type { PluginHealth } from '../../ipc/types';

export type NodeKind =
  | 'host'
  | 'interface'
  | 'ovs-bridge'
  | 'ovs-port'
  | 'docker-network'
  | 'container'
  | 'endpoint'
  | 'tenant'
  | 'contiv-network'
  | 'endpoint-group'
  | 'plugin';

export const NODE_KINDS: readonly NodeKind[] = [
  'host',
  'interface',
  'ovs-bridge',
  'ovs-port',
  'docker-network',
  'container',
  'endpoint',
  'tenant',
  'contiv-network',
  'endpoint-group',
  'plugin',
];

/** ok; degraded (there, but something is off); missing (should exist and does not); error (the thing or its source failed). */
export type NodeStatus = 'ok' | 'degraded' | 'missing' | 'error';

export type SourceName = 'host' | 'ovs' | 'docker' | 'netmaster';

export interface TopologyNode {
  /** Stable across reads: built from names/ids the source itself uses (`ovs-port:contivVxlanBridge:contivh0`). */
  id: string;
  kind: NodeKind;
  label: string;
  /** One line under the label (an address, a driver, a subnet). */
  detail?: string;
  status: NodeStatus;
  /** Why the status is not ok, in words. */
  reason?: string;
  /** Which source(s) reported it (an endpoint can come from Docker and netmaster both). */
  sources: SourceName[];
  /** The machine the fact describes (a hostname, `engine <host>`, or `netmaster <url>`). */
  host: string;
  /** The drawing group: one per host, OVS bridge, netmaster tenant or Docker engine. */
  group: string;
  /** The source's own object(s), untouched, keyed by source. */
  raw: Partial<Record<SourceName, unknown>>;
  /** A plugin node's health, the plugin service's (electron/ipc/health.ts words it the same everywhere). */
  plugin?: { enabled: boolean; health: PluginHealth; contiv: boolean };
}

export type EdgeKind =
  /** parent holds child (host → interface, bridge → port, network → endpoint). */
  | 'contains'
  /** two sources name the same thing (Docker network ↔ Contiv network, endpoint ↔ OVS port, contivh0 ↔ its port). */
  | 'same'
  /** a plugin drives a Docker network. */
  | 'drives'
  /** a container's endpoint, a group's network. */
  | 'member';

export interface TopologyEdge {
  id: string;
  source: string;
  target: string;
  kind: EdgeKind;
  /** What made the link, e.g. `external_ids:endpoint-id`. */
  via?: string;
}

export type SourceState = 'ok' | 'unreachable' | 'skipped' | 'error';

export interface SourceStatus {
  source: SourceName;
  state: SourceState;
  /** Why it is not ok (a skip reason, the error's message); for ok, what was read. */
  reason?: string;
  error?: ErrorEnvelope;
  /** Where it was read from: the OVSDB socket, the engine address, the netmaster URL. */
  target?: string;
  /** When the data shown for this source was read (stale while the source is down). */
  dataAt?: string | null;
  checkedAt: string;
}

export interface TopologyModel {
  nodes: TopologyNode[];
  edges: TopologyEdge[];
  sources: SourceStatus[];
  /** When the model was merged, and why (an engine event, the OVSDB monitor, a poll). */
  at: string;
  reason: string;
}
