import { describe, expect, it } from 'vitest';
import type { TopologyModel, TopologyNode } from '../../electron/ipc/types';
import { createTestApi, flush } from './test-double';
import { createTopologyStore, downSources, visibleGraph } from './topology';

const node = (id: string, kind: TopologyNode['kind'], label = id): TopologyNode => ({ id, kind, label, status: 'ok', sources: ['ovs'], host: 'h', group: 'g', raw: {} });

const model = (over: Partial<TopologyModel> = {}): TopologyModel => ({
  nodes: [node('host:h', 'host', 'h'), node('if:h:contivh0', 'interface', 'contivh0'), node('ovs-port:br:contivh0', 'ovs-port', 'contivh0'), node('tenant:blue', 'tenant', 'blue')],
  edges: [
    { id: 'c1', source: 'host:h', target: 'if:h:contivh0', kind: 'contains' },
    { id: 's1', source: 'if:h:contivh0', target: 'ovs-port:br:contivh0', kind: 'same' },
  ],
  sources: [
    { source: 'host', state: 'ok', checkedAt: 't' },
    { source: 'ovs', state: 'unreachable', reason: 'ovsdb-server is not running', checkedAt: 't' },
  ],
  at: 't',
  reason: 'test',
  ...over,
});

describe('topology store', () => {
  it('follows the sticky stream and lets go of it on dispose', async () => {
    const t = createTestApi({ 'topology:get': async () => model({ reason: 'get' }) });
    const s = createTopologyStore(t.api);
    const off = s.getState().start();
    await flush();
    expect(s.getState().model?.reason).toBe('get');
    t.emit('topology', model({ reason: 'live' }));
    expect(s.getState().model?.reason).toBe('live');
    expect(t.listeners('topology')).toBe(1);
    off();
    expect(t.listeners('topology')).toBe(0);
  });

  it('a late topology:get answer does not overwrite a live snapshot', async () => {
    let answer: (m: TopologyModel) => void = () => {};
    const t = createTestApi({ 'topology:get': () => new Promise<TopologyModel>((r) => (answer = r)) });
    const s = createTopologyStore(t.api);
    s.getState().start();
    t.emit('topology', model({ reason: 'live' }));
    answer(model({ reason: 'stale get' }));
    await flush();
    expect(s.getState().model?.reason).toBe('live');
  });

  it('keeps the service error when the read fails', async () => {
    const t = createTestApi({ 'topology:get': async () => Promise.reject({ code: 'engine/unreachable', message: 'no engine' }) });
    const s = createTopologyStore(t.api);
    s.getState().start();
    await flush();
    expect(s.getState().error).toEqual({ code: 'engine/unreachable', message: 'no engine' });
  });
});

describe('visibleGraph', () => {
  it('hides kinds and the edges that touch them', () => {
    const g = visibleGraph(model(), '', ['ovs-port']);
    expect(g.nodes.map((n) => n.id)).not.toContain('ovs-port:br:contivh0');
    expect(g.edges.map((e) => e.id)).toEqual(['c1']);
  });

  it('a search keeps matches and their direct neighbours', () => {
    const g = visibleGraph(model(), 'CONTIVH0', []);
    expect(g.nodes.map((n) => n.id).sort()).toEqual(['host:h', 'if:h:contivh0', 'ovs-port:br:contivh0']);
    expect(visibleGraph(model(), 'blue', []).nodes.map((n) => n.id)).toEqual(['tenant:blue']);
  });

  it('lists each source that is down', () => {
    expect(downSources(model()).map((s) => s.source)).toEqual(['ovs']);
    expect(visibleGraph(null, '', [])).toEqual({ nodes: [], edges: [] });
  });
});
