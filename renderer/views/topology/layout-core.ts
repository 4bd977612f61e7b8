/**
 * Layout, in parts small enough to be fast at 2,000 nodes: the graph is cut into its groups
 * (a host, an OVS bridge, a netmaster tenant, a Docker engine), each group is laid out on its own,
 * and the groups are packed in rows. A group's layout is cached by its content (node and internal
 * edge ids), so a live update re-lays only the groups that changed and everything else stays
 * exactly where the user last saw it.
 *
 * Two passes, so the first draw never waits for elk:
 *  1. fast, on the main thread, linear in the group's size: a grid for one node, BFS layers for
 *     trees and big groups (layeredLayout), a small Sugiyama-style pass for small tangled groups
 *     (dagLayout: longest-path layers, barycenter ordering). ~20 ms for 2,000 nodes.
 *  2. refine, in the worker (layout.worker.ts): elk layered for the small tangled groups only
 *     (a tenant with its networks and groups), where it draws fewer crossings. Measured here, elk
 *     costs ~0.3 s to load in a fresh worker, ~0.7 s for its first layout (cold JIT) and then
 *     40–200 ms per 11-node group on a loaded 2-core machine — too slow to wait for, fine to
 *     apply when it is done. Its results replace the fast ones in the cache.
 * Pure (no DOM, no worker): the worker and the tests use it directly.
 */
export const NODE_W = 190;
export const NODE_H = 52;
const GROUP_PAD = 36;
const GROUP_GAP = 60;
const ROW_WIDTH = 2600;
const LAYER_GAP = 70;
const ROW_GAP = 18;
/**
 * Up to this size a group that is not a forest is refined by elk. elk layered needs 0.3–1.3 s
 * for a 58-node star (a bridge and its ports) — the common shape — so trees and big groups keep
 * the linear layouts.
 */
const ELK_MAX = 30;

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
  /** Who made it: the fast pass, or elk (final). Absent means final too. */
  by?: 'fast' | 'elk';
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
  /** Groups drawn from the fast pass that elk should refine (hand them to the worker). */
  refine: GroupInput[];
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
function gridLayout(ids: string[]): GroupLayout {
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

/**
 * A small Sugiyama-style layout for tangled groups (a tenant: networks, groups, endpoints that
 * belong to both): edges that close a cycle are set aside (DFS), nodes go to the layer of their
 * longest path from a root, then a few barycenter sweeps order each layer to cut crossings, and
 * each layer is centred on the tallest. Left to right, like elk's RIGHT.
 */
export function dagLayout(ids: string[], edges: { source: string; target: string }[]): GroupLayout {
  const inGroup = new Set(ids);
  const out = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const e of edges) if (inGroup.has(e.source) && inGroup.has(e.target) && e.source !== e.target) out.get(e.source)!.push(e.target);
  // DFS from every unvisited node in id order: back edges (to a node on the stack) are dropped; the
  // reversed post-order is a topological order of what is left.
  const state = new Map<string, 1 | 2>();
  const kept = new Map<string, string[]>(ids.map((id) => [id, []]));
  const post: string[] = [];
  const visit = (u: string) => {
    state.set(u, 1);
    for (const v of out.get(u)!) {
      const st = state.get(v);
      if (st === 1) continue;
      kept.get(u)!.push(v);
      if (!st) visit(v);
    }
    state.set(u, 2);
    post.push(u);
  };
  // Roots first, so a cycle is broken where it is entered, not at an arbitrary node.
  const hasIn = new Set(edges.filter((e) => inGroup.has(e.source) && e.source !== e.target).map((e) => e.target));
  for (const id of [...ids.filter((x) => !hasIn.has(x)), ...ids]) if (!state.has(id)) visit(id);
  const layerOf = new Map<string, number>();
  const preds = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const u of post.reverse()) {
    const lu = layerOf.get(u) ?? 0;
    layerOf.set(u, lu);
    for (const v of kept.get(u)!) {
      layerOf.set(v, Math.max(layerOf.get(v) ?? 0, lu + 1));
      preds.get(v)!.push(u);
    }
  }
  const layers: string[][] = [];
  for (const id of ids) (layers[layerOf.get(id)!] ??= []).push(id);
  const index = new Map<string, number>();
  const reindex = (layer: string[]) => layer.forEach((id, i) => index.set(id, i));
  layers.forEach(reindex);
  const succs = new Map<string, string[]>(ids.map((id) => [id, kept.get(id)!]));
  const sweep = (layer: string[], nb: Map<string, string[]>) => {
    const bary = new Map<string, number>();
    for (const id of layer) {
      const ns = nb.get(id)!;
      bary.set(id, ns.length ? ns.reduce((a, n) => a + index.get(n)!, 0) / ns.length : index.get(id)!);
    }
    // Stable: equal barycenters keep their order.
    layer.sort((a, b) => bary.get(a)! - bary.get(b)! || index.get(a)! - index.get(b)!);
    reindex(layer);
  };
  for (let pass = 0; pass < 4; pass++) {
    if (pass % 2 === 0) for (let l = 1; l < layers.length; l++) sweep(layers[l], preds);
    else for (let l = layers.length - 2; l >= 0; l--) sweep(layers[l], succs);
  }
  const tallest = Math.max(...layers.map((l) => l.length));
  const positions: GroupLayout['positions'] = {};
  layers.forEach((layer, l) => {
    const offset = ((tallest - layer.length) * (NODE_H + ROW_GAP)) / 2;
    layer.forEach((id, i) => (positions[id] = { x: l * (NODE_W + LAYER_GAP), y: offset + i * (NODE_H + ROW_GAP) }));
  });
  return { positions, width: layers.length * (NODE_W + LAYER_GAP) - LAYER_GAP, height: tallest * (NODE_H + ROW_GAP) - ROW_GAP };
}

/** Shelf-packs laid-out groups into rows, in group order, and offsets every node. */
function packGroups(groups: GroupInput[], layouts: Map<string, GroupLayout>): Omit<Placement, 'computed' | 'refine'> {
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

/** Up to this many nodes the first view fits the whole graph. */
export const FIT_ALL_MAX = 400;
/** Above it, the first view fits the leading groups (host, bridges, …) up to about this many nodes. */
export const FIT_LEAD_NODES = 150;
/** …and never zooms out further than this, so labels stay readable. */
const FIT_MIN_ZOOM = 0.35;

/**
 * What the first view fits (React Flow's fitViewOptions). A small graph: all of it. A big one:
 * fitting 2,000 nodes shows unreadable dots and makes React Flow draw every one of them; the
 * leading groups at a readable zoom show real words, and with onlyRenderVisibleElements only what
 * is on screen is drawn. The minimap shows the whole graph; pan or zoom out for the rest.
 */
export function fitTarget(groups: PlacedGroup[], nodes: { group: string }[]): { padding: number; nodes?: { id: string }[]; minZoom?: number } {
  if (nodes.length <= FIT_ALL_MAX) return { padding: 0.1 };
  const size = new Map<string, number>();
  for (const n of nodes) size.set(n.group, (size.get(n.group) ?? 0) + 1);
  const lead: { id: string }[] = [];
  let count = 0;
  for (const g of groups) {
    if (lead.length && count + (size.get(g.key) ?? 0) > FIT_LEAD_NODES) break;
    lead.push({ id: `frame:${g.key}` });
    count += size.get(g.key) ?? 0;
  }
  return { padding: 0.05, nodes: lead, minZoom: FIT_MIN_ZOOM };
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

/** Small and tangled (not a forest): the groups elk draws better than the linear layouts. */
function wantsElk(g: { nodes: string[]; edges: { source: string; target: string }[] }): boolean {
  return g.nodes.length > 1 && g.nodes.length <= ELK_MAX && !isForest(g.nodes, g.edges);
}

/** The first pass for one group: linear in its size, no elk. */
function fastLayout(g: GroupInput): GroupLayout {
  if (g.nodes.length === 1) return { ...gridLayout(g.nodes), by: 'fast' };
  if (wantsElk(g)) return { ...dagLayout(g.nodes, g.edges), by: 'fast' };
  // Final: elk would not do better on a tree or a big group (and is far slower there).
  return layeredLayout(g.nodes, g.edges);
}

/**
 * The whole first pass: cached groups reused, the others laid out now (fast), then packed.
 * Synchronous and cheap, so the first draw happens at once; `refine` lists what elk should redo.
 */
export function placeGraph(nodes: LNode[], edges: LEdge[], cache: LayoutCache): Placement {
  const groups = splitGroups(nodes, edges);
  let computed = 0;
  for (const g of groups) {
    if (cache.get(g.signature)) continue;
    cache.set(g.signature, fastLayout(g));
    computed++;
  }
  const layouts = new Map<string, GroupLayout>();
  for (const g of groups) layouts.set(g.signature, cache.get(g.signature)!);
  const refine = groups.filter((g) => layouts.get(g.signature)!.by === 'fast' && wantsElk(g));
  return { ...packGroups(groups, layouts), computed, refine };
}

/** Stores elk's layouts (the worker's answer); a group elk failed on keeps its fast layout. */
export function applyRefined(cache: LayoutCache, groups: GroupInput[], out: Record<string, GroupLayout>): number {
  let n = 0;
  for (const g of groups) {
    const l = out[g.signature];
    if (!l) continue;
    cache.set(g.signature, { ...l, by: 'elk' });
    n++;
  }
  return n;
}
