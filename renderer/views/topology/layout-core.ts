/**
 * Layout, in parts small enough to be fast at 2,000 nodes: the graph is cut into its groups
 * (a host, an OVS bridge, a netmaster tenant, a Docker engine), each group is laid out on its own
 * (elk layered, in a worker — see layout.worker.ts), and the groups are packed in rows. A group's
 * layout is cached by its content (node and internal edge ids), so a live update re-lays only the
 * groups that changed and everything else stays exactly where the user last saw it.
 * Pure (no DOM, no worker): the worker and the tests use it directly.
 */
export const NODE_W = 190;
export const NODE_H = 52;
const GROUP_PAD = 36;
const GROUP_GAP = 60;
const ROW_WIDTH = 2600;
/**
 * Up to this size a group that is not a forest goes to elk. Measured here: elk layered needs
 * 0.3–1.3 s for a 58-node star (a bridge and its ports) — the common shape — so trees and big
 * groups get the BFS-layered layout below, which is linear.
 */
export const ELK_MAX = 30;

export interface LNode {
  id: string;
  group: string;
  kind: string;
}
export interface LEdge {
  id: string;
  source: string;
  target: string;
}

export interface GroupInput {
  key: string;
  signature: string;
  nodes: string[];
  edges: { id: string; source: string; target: string }[];
}

export interface GroupLayout {
  /** Positions relative to the group's top-left. */
  positions: Record<string, { x: number; y: number }>;
  width: number;
  height: number;
}

export interface PlacedGroup {
  key: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Placement {
  positions: Record<string, { x: number; y: number }>;
  groups: PlacedGroup[];
  /** Groups laid out afresh this time (the rest came from the cache). */
  computed: number;
}

const GROUP_ORDER = ['host', 'bridge', 'docker', 'tenant'];
const groupRank = (key: string) => {
  const i = GROUP_ORDER.indexOf(key.split(':')[0]);
  return i < 0 ? GROUP_ORDER.length : i;
};

/** Cuts the graph into groups with a content signature each (order-independent). */
export function splitGroups(nodes: LNode[], edges: LEdge[]): GroupInput[] {
  const byGroup = new Map<string, string[]>();
  const groupOf = new Map<string, string>();
  for (const n of nodes) {
    groupOf.set(n.id, n.group);
    let list = byGroup.get(n.group);
    if (!list) byGroup.set(n.group, (list = []));
    list.push(n.id);
  }
  const inner = new Map<string, LEdge[]>();
  for (const e of edges) {
    const g = groupOf.get(e.source);
    if (!g || g !== groupOf.get(e.target)) continue;
    let list = inner.get(g);
    if (!list) inner.set(g, (list = []));
    list.push(e);
  }
  return [...byGroup.entries()]
    .sort((a, b) => groupRank(a[0]) - groupRank(b[0]) || (a[0] < b[0] ? -1 : 1))
    .map(([key, ids]) => {
      const es = (inner.get(key) ?? []).map((e) => ({ id: e.id, source: e.source, target: e.target }));
      const sorted = [...ids].sort();
      return { key, nodes: sorted, edges: es, signature: `${sorted.join('|')}#${es.map((e) => e.id).sort().join('|')}` };
    });
}

/** A grid, for groups too big for elk (and the fallback if elk fails). */
export function gridLayout(ids: string[]): GroupLayout {
  const cols = Math.max(1, Math.ceil(Math.sqrt(ids.length * 1.6)));
  const positions: GroupLayout['positions'] = {};
  ids.forEach((id, i) => {
    positions[id] = { x: (i % cols) * (NODE_W + 24), y: Math.floor(i / cols) * (NODE_H + 24) };
  });
  const rows = Math.ceil(ids.length / cols);
  return { positions, width: Math.min(ids.length, cols) * (NODE_W + 24) - 24, height: rows * (NODE_H + 24) - 24 };
}

/** True when every node has at most one parent inside the group (bridge → ports, host → interfaces). */
export function isForest(ids: string[], edges: { source: string; target: string }[]): boolean {
  const parents = new Map<string, number>();
  for (const e of edges) parents.set(e.target, (parents.get(e.target) ?? 0) + 1);
  return ids.every((id) => (parents.get(id) ?? 0) <= 1) && edges.length < ids.length;
}

/**
 * Layered by breadth-first depth from the roots (nodes no edge points to), left to right; a
 * layer taller than ~sqrt(n) rows wraps into several columns so a bridge with 500 ports stays
 * compact. Children follow their first parent's order, so siblings stay together. Linear time.
 */
export function layeredLayout(ids: string[], edges: { source: string; target: string }[]): GroupLayout {
  const children = new Map<string, string[]>();
  const hasParent = new Set<string>();
  const inGroup = new Set(ids);
  for (const e of edges) {
    if (!inGroup.has(e.source) || !inGroup.has(e.target) || e.source === e.target) continue;
    let c = children.get(e.source);
    if (!c) children.set(e.source, (c = []));
    c.push(e.target);
    hasParent.add(e.target);
  }
  const depth = new Map<string, number>();
  const layers: string[][] = [];
  // Roots first, then whatever a cycle left unreached.
  const roots = ids.filter((id) => !hasParent.has(id));
  if (roots.length) {
    for (const id of roots) depth.set(id, 0);
    let frontier = roots;
    while (frontier.length) {
      const d = depth.get(frontier[0])!;
      (layers[d] ??= []).push(...frontier);
      const next: string[] = [];
      for (const id of frontier) {
        for (const c of children.get(id) ?? []) {
          if (depth.has(c)) continue;
          depth.set(c, d + 1);
          next.push(c);
        }
      }
      frontier = next;
    }
  }
  const rest = ids.filter((id) => !depth.has(id));
  if (rest.length) {
    const base = layers.length;
    for (const id of rest) depth.set(id, base);
    (layers[base] ??= []).push(...rest);
  }
  const maxRows = Math.max(8, Math.ceil(Math.sqrt(ids.length) * 1.5));
  const positions: GroupLayout['positions'] = {};
  let x = 0;
  let height = 0;
  for (const layer of layers) {
    if (!layer?.length) continue;
    const cols = Math.ceil(layer.length / maxRows);
    const rows = Math.ceil(layer.length / cols);
    layer.forEach((id, i) => {
      positions[id] = { x: x + Math.floor(i / rows) * (NODE_W + 24), y: (i % rows) * (NODE_H + 18) };
    });
    x += cols * (NODE_W + 24) - 24 + 70;
    height = Math.max(height, rows * (NODE_H + 18) - 18);
  }
  return { positions, width: Math.max(NODE_W, x - 70), height: Math.max(NODE_H, height) };
}

/** Shelf-packs laid-out groups into rows, in group order, and offsets every node. */
export function packGroups(groups: GroupInput[], layouts: Map<string, GroupLayout>): Omit<Placement, 'computed'> {
  const positions: Placement['positions'] = {};
  const placed: PlacedGroup[] = [];
  let x = 0;
  let y = 0;
  let rowH = 0;
  for (const g of groups) {
    const l = layouts.get(g.signature);
    if (!l) continue;
    const w = l.width + GROUP_PAD * 2;
    const h = l.height + GROUP_PAD * 2;
    if (x > 0 && x + w > ROW_WIDTH) {
      x = 0;
      y += rowH + GROUP_GAP;
      rowH = 0;
    }
    placed.push({ key: g.key, x, y, width: w, height: h });
    for (const [id, p] of Object.entries(l.positions)) positions[id] = { x: x + GROUP_PAD + p.x, y: y + GROUP_PAD + p.y };
    x += w + GROUP_GAP;
    rowH = Math.max(rowH, h);
  }
  return { positions, groups: placed };
}

/** Remembers group layouts by signature; bounded so a long live session does not grow forever. */
export class LayoutCache {
  private map = new Map<string, GroupLayout>();
  constructor(private readonly limit = 2000) {}
  get(sig: string): GroupLayout | undefined {
    return this.map.get(sig);
  }
  set(sig: string, l: GroupLayout): void {
    this.map.set(sig, l);
    if (this.map.size > this.limit) this.map.delete(this.map.keys().next().value!);
  }
  get size(): number {
    return this.map.size;
  }
}

/** The whole step: cached groups reused, the others computed by `run` (the worker), then packed. */
export async function placeGraph(
  nodes: LNode[],
  edges: LEdge[],
  cache: LayoutCache,
  run: (groups: GroupInput[]) => Promise<Record<string, GroupLayout>>,
): Promise<Placement> {
  const groups = splitGroups(nodes, edges);
  const todo = groups.filter((g) => !cache.get(g.signature));
  if (todo.length) {
    const out = await run(todo);
    for (const g of todo) cache.set(g.signature, out[g.signature] ?? gridLayout(g.nodes));
  }
  const layouts = new Map<string, GroupLayout>();
  for (const g of groups) layouts.set(g.signature, cache.get(g.signature)!);
  return { ...packGroups(groups, layouts), computed: todo.length };
}
