/**
 * The layout worker: elk's layered algorithm for the small tangled groups the first (fast) pass
 * drew (layout-core.ts), off the main thread, so neither elk's load (~0.3 s) nor its layouts ever
 * hold up the first draw or freeze the window. elk.bundled runs its own code synchronously here (no
 * nested worker, no eval: fine under the CSP). Groups come in one message and go back in one; a
 * group elk fails on is left out of the answer and keeps its fast layout.
 */
import ELK, { type ElkNode } from 'elkjs/lib/elk.bundled.js';
import { NODE_H, NODE_W, type GroupInput, type GroupLayout } from './layout-core';

const elk = new ELK();

const OPTIONS = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.spacing.nodeNode': '18',
  'elk.layered.spacing.nodeNodeBetweenLayers': '60',
  'elk.edgeRouting': 'POLYLINE',
  // Disconnected pieces of a group side by side rather than in one long column.
  'elk.separateConnectedComponents': 'true',
  'elk.layered.thoroughness': '3',
};

async function layoutGroup(g: GroupInput): Promise<GroupLayout> {
  const graph: ElkNode = {
    id: 'root',
    layoutOptions: OPTIONS,
    children: g.nodes.map((id) => ({ id, width: NODE_W, height: NODE_H })),
    edges: g.edges.map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
  };
  const res = await elk.layout(graph);
  const positions: GroupLayout['positions'] = {};
  for (const c of res.children ?? []) positions[c.id] = { x: c.x ?? 0, y: c.y ?? 0 };
  return { positions, width: res.width ?? 0, height: res.height ?? 0 };
}

self.onmessage = async (ev: MessageEvent<{ id: number; groups: GroupInput[] }>) => {
  const { id, groups } = ev.data;
  const out: Record<string, GroupLayout> = {};
  for (const g of groups) {
    try {
      out[g.signature] = await layoutGroup(g);
    } catch {
      // Left out: the fast layout stays (layout-core applyRefined).
    }
  }
  (self as unknown as Worker).postMessage({ id, out });
};
