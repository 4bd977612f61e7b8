import { describe, expect, it } from 'vitest';
import { LayoutCache, NODE_H, NODE_W, isForest, layeredLayout, placeGraph, splitGroups, type GroupInput, type GroupLayout } from './layout-core';

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

  it('a live update re-lays only the groups that changed; the others keep their exact positions', async () => {
    const cache = new LayoutCache();
    const asked: string[][] = [];
    const run = async (gs: GroupInput[]) => {
      asked.push(gs.map((g) => g.key));
      const out: Record<string, GroupLayout> = {};
      for (const g of gs) out[g.signature] = layeredLayout(g.nodes, g.edges);
      return out;
    };
    const nodes = [
      { id: 'h', group: 'host:n1', kind: 'host' },
      { id: 'i', group: 'host:n1', kind: 'interface' },
      { id: 'b', group: 'bridge:br0', kind: 'ovs-bridge' },
    ];
    const edges = [{ id: 'e', source: 'h', target: 'i' }];
    const first = await placeGraph(nodes, edges, cache, run);
    expect(first.computed).toBe(2);
    const second = await placeGraph([...nodes, { id: 'p', group: 'bridge:br0', kind: 'ovs-port' }], [...edges, { id: 'f', source: 'b', target: 'p' }], cache, run);
    expect(second.computed).toBe(1);
    expect(asked.at(-1)).toEqual(['bridge:br0']);
    expect(second.positions.h).toEqual(first.positions.h);
    expect(second.positions.i).toEqual(first.positions.i);
  });
});
