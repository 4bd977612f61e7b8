/**
 * The Topology screen's state: the merged model from the sticky `topology` stream (subscribing
 * is what starts the sources on the service side; disposing stops them), what the user searches
 * and filters, and which node is open in the details panel. `visibleGraph` is the pure selector
 * the view draws from.
 */
import { createStore } from 'zustand/vanilla';
import type { PlugsmithApi } from '../../electron/ipc/contract';
import type { TopologyEdge, TopologyModel, TopologyNode, TopologyNodeKind } from '../../electron/ipc/types';
import { toErrorInfo, type ErrorInfo } from './errors';

export interface TopologyState {
  model: TopologyModel | null;
  error: ErrorInfo | null;
  search: string;
  /** Kinds the user switched off. */
  hidden: TopologyNodeKind[];
  selectedId: string | null;
  /** Subscribes to the live model; returns the disposer (call it on unmount). */
  start(): () => void;
  setSearch(s: string): void;
  toggleKind(k: TopologyNodeKind): void;
  select(id: string | null): void;
}

export type TopologyStore = ReturnType<typeof createTopologyStore>;

export function createTopologyStore(api: PlugsmithApi) {
  return createStore<TopologyState>()((set, get) => ({
    model: null,
    error: null,
    search: '',
    hidden: [],
    selectedId: null,
    start() {
      let off = () => {};
      try {
        off = api.subscribe('topology', {}, 0, (e) => {
          // Where "layout + first draw" starts (the view measures `topology:draw` from here).
          performance.mark('topology:model');
          set({ model: e.data, error: null });
        });
      } catch (err) {
        set({ error: toErrorInfo(err) });
      }
      // Until the first snapshot arrives (the sources are starting), one read fills the screen.
      if (!get().model) {
        api.call('topology:get', {}).then(
          (m) => {
            if (get().model) return;
            performance.mark('topology:model');
            set({ model: m });
          },
          (err: unknown) => set({ error: toErrorInfo(err) }),
        );
      }
      return off;
    },
    setSearch(search) {
      set({ search });
    },
    toggleKind(k) {
      const hidden = get().hidden;
      set({ hidden: hidden.includes(k) ? hidden.filter((x) => x !== k) : [...hidden, k] });
    },
    select(selectedId) {
      set({ selectedId });
    },
  }));
}

/** Matches a node by label, id, detail, reason or host, case-insensitively. */
export function matches(n: TopologyNode, q: string): boolean {
  if (!q) return true;
  const s = q.toLowerCase();
  return [n.label, n.id, n.detail ?? '', n.reason ?? '', n.host].some((x) => x.toLowerCase().includes(s));
}

/**
 * What to draw: nodes of the kinds not hidden; with a search, the matching nodes and their direct
 * neighbours (a match alone, cut from what it links to, says little). Edges only between drawn nodes.
 */
export function visibleGraph(model: TopologyModel | null, search: string, hidden: readonly TopologyNodeKind[]): { nodes: TopologyNode[]; edges: TopologyEdge[] } {
  if (!model) return { nodes: [], edges: [] };
  const hide = new Set(hidden);
  let nodes = model.nodes.filter((n) => !hide.has(n.kind));
  const q = search.trim();
  if (q) {
    const hit = new Set(nodes.filter((n) => matches(n, q)).map((n) => n.id));
    const keep = new Set(hit);
    for (const e of model.edges) {
      if (hit.has(e.source)) keep.add(e.target);
      if (hit.has(e.target)) keep.add(e.source);
    }
    nodes = nodes.filter((n) => keep.has(n.id));
  }
  const ids = new Set(nodes.map((n) => n.id));
  return { nodes, edges: model.edges.filter((e) => ids.has(e.source) && ids.has(e.target)) };
}

/** Sources that are not ok: one banner each. */
export function downSources(model: TopologyModel | null) {
  return (model?.sources ?? []).filter((s) => s.state !== 'ok');
}
