import { describe, expect, it } from 'vitest';
import {
  FIT_ALL_MAX,
  FIT_LEAD_NODES,
  LayoutCache,
  NODE_H,
  NODE_W,
  applyRefined,
  dagLayout,
  fitTarget,
  isForest,
  layeredLayout,
  placeGraph,
  splitGroups,
  type LEdge,
  type LNode,
} from './layout-core';

const star = (n: number) => ({
  ids: ['br', ...Array.from({ length: n }, (_, i) => `p${i}`)],
  edges: Array.from({ length: n }, (_, i) => ({ id: `e${i}`, source: 'br', target: `p${i}` })),
});

function overlaps(pos: Record<string, { x: number; y: number }>): boolean {
  const ps = Object.values(pos);
  for (let i = 0; i < ps.length; i++)
    for (let j = i + 1; j < ps.length; j++) if (Math.abs(ps[i].x - ps[j].x) < NODE_W && Math.abs(ps[i].y - ps[j].y) < NODE_H) return true;
  return false;
}

describe('layout core', () => {
  it('lays a bridge and its ports out in layers, parent left of children, compact and without overlap', () => {
    const { ids, edges } = star(200);
    expect(isForest(ids, edges)).toBe(true);
    const l = layeredLayout(ids, edges);
    expect(Object.keys(l.positions).sort()).toEqual([...ids].sort());
    expect(l.positions.br.x).toBeLessThan(l.positions.p0.x);
    expect(overlaps(l.positions)).toBe(false);
    // 200 ports wrap into columns instead of one 200-row column.
    expect(l.height).toBeLessThan(40 * (NODE_H + 18));
  });

  it('places every node of a cyclic group too', () => {
    const ids = ['a', 'b', 'c'];
    const edges = [{ source: 'a', target: 'b' }, { source: 'b', target: 'c' }, { source: 'c', target: 'a' }];
    expect(isForest(ids, edges)).toBe(false);
    expect(Object.keys(layeredLayout(ids, edges).positions).sort()).toEqual(ids);
  });

  it('cuts by group, keeps cross-group edges out of group layouts, and orders host, bridge, docker, tenant', () => {
    const groups = splitGroups(
      [
        { id: 't', group: 'tenant:blue', kind: 'tenant' },
        { id: 'h', group: 'host:n1', kind: 'host' },
        { id: 'b', group: 'bridge:br0', kind: 'ovs-bridge' },
        { id: 'p', group: 'bridge:br0', kind: 'ovs-port' },
      ],
      [{ id: 'x', source: 'h', target: 'b' }, { id: 'y', source: 'b', target: 'p' }],
    );
    expect(groups.map((g) => g.key)).toEqual(['host:n1', 'bridge:br0', 'tenant:blue']);
    expect(groups[1].edges.map((e) => e.id)).toEqual(['y']);
  });

  it('a live update re-lays only the groups that changed; the others keep their exact positions', () => {
    const cache = new LayoutCache();
    const nodes = [
      { id: 'h', group: 'host:n1', kind: 'host' },
      { id: 'i', group: 'host:n1', kind: 'interface' },
      { id: 'b', group: 'bridge:br0', kind: 'ovs-bridge' },
    ];
    const edges = [{ id: 'e', source: 'h', target: 'i' }];
    const first = placeGraph(nodes, edges, cache);
    expect(first.computed).toBe(2);
    const again = placeGraph(nodes, edges, cache);
    expect(again.computed).toBe(0);
    expect(again.positions).toEqual(first.positions);
    const second = placeGraph([...nodes, { id: 'p', group: 'bridge:br0', kind: 'ovs-port' }], [...edges, { id: 'f', source: 'b', target: 'p' }], cache);
    expect(second.computed).toBe(1);
    expect(second.positions.h).toEqual(first.positions.h);
    expect(second.positions.i).toEqual(first.positions.i);
  });

  it('the first pass is complete and asks elk only for small tangled groups; its answer replaces the fast layout once', () => {
    const g = tenant(4);
    const cache = new LayoutCache();
    const first = placeGraph(g.nodes, g.edges, cache);
    // Every node placed at once, no worker involved.
    expect(Object.keys(first.positions).sort()).toEqual(g.nodes.map((n) => n.id).sort());
    expect(first.refine.map((x) => x.key)).toEqual(['tenant:blue']);
    // Trees (the host) are final already: elk is not asked.
    expect(first.refine.some((x) => x.key.startsWith('host:'))).toBe(false);
    const sig = first.refine[0].signature;
    const elkSays = { positions: Object.fromEntries(first.refine[0].nodes.map((id, k) => [id, { x: 0, y: k * 100 }])), width: NODE_W, height: 1000 };
    expect(applyRefined(cache, first.refine, { [sig]: elkSays })).toBe(1);
    const after = placeGraph(g.nodes, g.edges, cache);
    expect(after.refine).toEqual([]);
    expect(after.computed).toBe(0);
    const frame = after.groups.find((x) => x.key === 'tenant:blue')!;
    // elk's positions, offset by the group's frame and padding.
    for (const id of first.refine[0].nodes) expect(after.positions[id], id).toEqual({ x: frame.x + 36 + elkSays.positions[id].x, y: frame.y + 36 + elkSays.positions[id].y });
    // elk failing on a group (left out of the answer) keeps the fast layout and asks again next time.
    const other = new LayoutCache();
    const p = placeGraph(g.nodes, g.edges, other);
    expect(applyRefined(other, p.refine, {})).toBe(0);
    expect(placeGraph(g.nodes, g.edges, other).refine.length).toBe(1);
  });
});

/** A tenant with networks and groups, each group a member of its network: not a tree (a group has two parents). */
function tenant(nets: number): { nodes: LNode[]; edges: LEdge[] } {
  const nodes: LNode[] = [
    { id: 'tenant:blue', group: 'tenant:blue', kind: 'tenant' },
    { id: 'host:h', group: 'host:h', kind: 'host' },
    { id: 'if:h:eth0', group: 'host:h', kind: 'interface' },
  ];
  const edges: LEdge[] = [{ id: 'c:h', source: 'host:h', target: 'if:h:eth0' }];
  for (let i = 0; i < nets; i++) {
    nodes.push({ id: `contiv-net:blue:n${i}`, group: 'tenant:blue', kind: 'contiv-network' }, { id: `epg:blue:g${i}`, group: 'tenant:blue', kind: 'endpoint-group' });
    edges.push(
      { id: `c:n${i}`, source: 'tenant:blue', target: `contiv-net:blue:n${i}` },
      { id: `c:g${i}`, source: 'tenant:blue', target: `epg:blue:g${i}` },
      // Crossed on purpose: group i belongs to network (nets-1-i), so id order alone would cross every edge.
      { id: `m:g${i}`, source: `contiv-net:blue:n${nets - 1 - i}`, target: `epg:blue:g${i}` },
    );
  }
  return { nodes, edges };
}

function crossings(pos: Record<string, { x: number; y: number }>, edges: { source: string; target: string }[]): number {
  let n = 0;
  for (let i = 0; i < edges.length; i++)
    for (let j = i + 1; j < edges.length; j++) {
      const [a, b] = [edges[i], edges[j]];
      if (pos[a.source].x !== pos[b.source].x || pos[a.target].x !== pos[b.target].x) continue;
      if ((pos[a.source].y - pos[b.source].y) * (pos[a.target].y - pos[b.target].y) < 0) n++;
    }
  return n;
}

describe('dagLayout (the fast pass for small tangled groups)', () => {
  it('puts each node right of everything that points to it, without overlap, and orders layers to avoid crossings', () => {
    const g = tenant(5);
    const ids = g.nodes.filter((n) => n.group === 'tenant:blue').map((n) => n.id);
    const inner = g.edges.filter((e) => ids.includes(e.source) && ids.includes(e.target));
    const l = dagLayout(ids, inner);
    expect(Object.keys(l.positions).sort()).toEqual([...ids].sort());
    for (const e of inner) expect(l.positions[e.source].x, `${e.source} → ${e.target}`).toBeLessThan(l.positions[e.target].x);
    // Longest path: tenant | networks | groups (a group is after its network, not beside it).
    expect(new Set(ids.map((id) => l.positions[id].x)).size).toBe(3);
    expect(overlaps(l.positions)).toBe(false);
    const memberEdges = inner.filter((e) => e.id.startsWith('m:'));
    expect(crossings(l.positions, memberEdges)).toBe(0);
    expect(l.width).toBe(3 * NODE_W + 2 * 70);
    for (const p of Object.values(l.positions)) {
      expect(p.x + NODE_W).toBeLessThanOrEqual(l.width);
      expect(p.y + NODE_H).toBeLessThanOrEqual(l.height);
    }
  });

  it('breaks cycles where they are entered and still places every node', () => {
    const ids = ['r', 'a', 'b', 'c'];
    const edges = [
      { source: 'r', target: 'a' },
      { source: 'a', target: 'b' },
      { source: 'b', target: 'c' },
      { source: 'c', target: 'a' },
    ];
    const l = dagLayout(ids, edges);
    expect(l.positions.r.x).toBeLessThan(l.positions.a.x);
    expect(l.positions.a.x).toBeLessThan(l.positions.b.x);
    expect(l.positions.b.x).toBeLessThan(l.positions.c.x);
    expect(overlaps(l.positions)).toBe(false);
    // A pure cycle has no root: it is cut at the first node.
    const ring = dagLayout(['x', 'y'], [{ source: 'x', target: 'y' }, { source: 'y', target: 'x' }]);
    expect(ring.positions.x.x).toBeLessThan(ring.positions.y.x);
  });
});

describe('fitTarget (what the first view shows)', () => {
  const groupsOf = (sizes: number[]) => {
    const nodes = sizes.flatMap((n, g) => Array.from({ length: n }, () => ({ group: `g${g}` })));
    const groups = sizes.map((_, g) => ({ key: `g${g}`, x: 0, y: 0, width: 10, height: 10 }));
    return { nodes, groups };
  };

  it('a small graph: the whole of it', () => {
    const { nodes, groups } = groupsOf([10, FIT_ALL_MAX - 10]);
    expect(fitTarget(groups, nodes)).toEqual({ padding: 0.1 });
  });

  it('a big graph: the leading groups up to the budget, at a readable zoom — at least one group even when it alone is bigger', () => {
    const { nodes, groups } = groupsOf([60, 80, 30, 2000]);
    expect(fitTarget(groups, nodes)).toMatchObject({ nodes: [{ id: 'frame:g0' }, { id: 'frame:g1' }], minZoom: expect.any(Number) });
    expect(60 + 80).toBeLessThanOrEqual(FIT_LEAD_NODES);
    const huge = groupsOf([2000, 5]);
    expect(fitTarget(huge.groups, huge.nodes).nodes).toEqual([{ id: 'frame:g0' }]);
  });
});
