/**
 * Level of detail: at the zoom that fits a whole host, a node's 13 px label is drawn at ~5 px
 * and reads as noise. Below LOD_ZOOM each group shows a summary instead (its name and how many
 * of its nodes are not ok, at a size readable on screen); zoomed in, the nodes' own words.
 * Pure: the view reads React Flow's zoom and applies these.
 */
import type { NodeStatus } from '../../../electron/services/topology/model';

/** Below this zoom a node's label is under ~8 px on screen: summaries instead of details. */
export const LOD_ZOOM = 0.6;

export type Lod = 'summary' | 'detail';

export function lodFor(zoom: number): Lod {
  return zoom < LOD_ZOOM ? 'summary' : 'detail';
}

export interface GroupSummary {
  total: number;
  /** Nodes whose status is not ok, by status (worst first when shown). */
  problems: Partial<Record<Exclude<NodeStatus, 'ok'>, number>>;
  /** The worst status in the group: the frame's colour. */
  worst: NodeStatus;
}

const RANK: Record<NodeStatus, number> = { ok: 0, degraded: 1, missing: 2, error: 3 };

export function groupSummaries(nodes: readonly { group: string; status: NodeStatus }[]): Map<string, GroupSummary> {
  const out = new Map<string, GroupSummary>();
  for (const n of nodes) {
    let g = out.get(n.group);
    if (!g) out.set(n.group, (g = { total: 0, problems: {}, worst: 'ok' }));
    g.total++;
    if (n.status !== 'ok') g.problems[n.status] = (g.problems[n.status] ?? 0) + 1;
    if (RANK[n.status] > RANK[g.worst]) g.worst = n.status;
  }
  return out;
}

/** True when `next` holds a group `prev` did not (not on the first draw: React Flow fits that itself). */
export function hasNewGroup(prev: ReadonlySet<string> | null, next: Iterable<string>): boolean {
  if (!prev) return false;
  for (const k of next) if (!prev.has(k)) return true;
  return false;
}
