/**
 * The Topology screen: the live merged graph (host, OVS, Docker, netmaster), laid out per group
 * (a linear first pass at once, elk's refinement of small tangled groups from a worker when it is
 * done — layout-core.ts), with a banner for each source that is down (the rest still shows),
 * search, a filter by kind, a details panel with the raw JSON, and SVG/PNG export. A big graph
 * first shows its leading groups at a readable zoom (fitTarget); only what is on screen is drawn.
 */
import '@xyflow/react/dist/style.css';
import { Background, Controls, MiniMap, Position, ReactFlow, ReactFlowProvider, useReactFlow, useStore, useStoreApi, type Edge, type Node, type NodeHandle } from '@xyflow/react';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { NODE_KINDS, type NodeKind } from '../../../electron/services/topology/model';
import type { MessageKey } from '../../i18n';
import { useT } from '../../i18n/useT';
import { downSources, visibleGraph } from '../../stores/topology';
import { Details } from './Details';
import { download, svgToPng, toSvg } from './export';
import { LayoutCache, NODE_H, NODE_W, applyRefined, fitTarget, placeGraph } from './layout-core';
import { LayoutWorker } from './layout';
import { GroupFrame, TopoNode, nodeDetail, type GroupData, type TopoNodeData } from './TopoNode';
import { useTopology, useTopologyStore } from './useTopology';
import { groupSummaries, hasNewGroup, lodFor } from './lod';
import type { T } from '../../i18n/useT';
import type { GroupSummary } from './lod';

/** A group's summary in words: how many nodes, and which are not ok (worst first). */
function summaryText(s: GroupSummary | undefined, t: T): string {
  if (!s) return '';
  const parts = (['error', 'missing', 'degraded'] as const).filter((k) => s.problems[k]).map((k) => `${s.problems[k]} ${t(`topology.status.${k}` as MessageKey)}`);
  return `${t('topology.group.nodes', { count: s.total })} · ${parts.length ? parts.join(', ') : t('topology.group.allOk')}`;
}

/**
 * Tells the canvas which level of detail the zoom calls for (data-lod) and the zoom's inverse
 * (--topo-inv-zoom, so a summary keeps a readable size on screen). Written to the element, not
 * through React state: zooming re-renders nothing but this.
 */
function ZoomLod({ canvas }: { canvas: React.RefObject<HTMLDivElement | null> }) {
  const zoom = useStore((s) => s.transform[2]);
  useLayoutEffect(() => {
    const el = canvas.current;
    if (!el) return;
    el.dataset.lod = lodFor(zoom);
    el.style.setProperty('--topo-inv-zoom', String(Math.min(12, 1 / zoom)));
  }, [zoom, canvas]);
  return null;
}

const nodeTypes = { topo: TopoNode, frame: GroupFrame };

/**
 * Every node's size and handles are known here (fixed-size nodes), so they are given to React
 * Flow up front (`measured`, `handles`): it then draws edges and fits the view in the same pass as
 * the nodes, instead of drawing, measuring each node through a ResizeObserver, fitting, and
 * drawing again with the fitted view's nodes (which cost a second long task of ~0.7 s at 500
 * nodes). Handle points match TopoNode's <Handle>s (left and right, centred) and export.ts.
 */
const TOPO_SIZE = { width: NODE_W, height: NODE_H };
const TOPO_HANDLES: NodeHandle[] = [
  { type: 'target', position: Position.Left, x: 0, y: NODE_H / 2 - 0.5, width: 1, height: 1 },
  { type: 'source', position: Position.Right, x: NODE_W - 1, y: NODE_H / 2 - 0.5, width: 1, height: 1 },
];
const NO_HANDLES: NodeHandle[] = [];

/** The screen, inside its own React Flow store (the view sets the first fit's options on it directly). */
export function TopologyView() {
  return (
    <ReactFlowProvider>
      <TopologyScreen />
    </ReactFlowProvider>
  );
}

function TopologyScreen() {
  const t = useT();
  const flow = useStoreApi();
  const store = useTopologyStore();
  const model = useTopology((s) => s.model);
  const error = useTopology((s) => s.error);
  const search = useTopology((s) => s.search);
  const hidden = useTopology((s) => s.hidden);
  const selectedId = useTopology((s) => s.selectedId);

  useEffect(() => store.getState().start(), [store]);

  const worker = useRef<LayoutWorker | null>(null);
  const cache = useRef(new LayoutCache());
  // Groups handed to the worker and not answered yet (not asked twice).
  const inFlight = useRef(new Set<string>());
  useEffect(() => {
    worker.current = new LayoutWorker();
    return () => {
      worker.current?.dispose();
      worker.current = null;
      // The disposed worker answers nothing: a new one must be free to ask again.
      inFlight.current.clear();
    };
  }, []);

  const graph = useMemo(() => visibleGraph(model, search, hidden), [model, search, hidden]);
  // Bumped when elk's refinements land in the cache: re-place from the cache (no layout work).
  const [refined, setRefined] = useState(0);
  // The first pass is synchronous and linear (layout-core): positions in the same render as the model.
  const placed = useMemo(() => {
    const t0 = performance.now();
    const placement = placeGraph(graph.nodes, graph.edges, cache.current);
    // The layout's share of the first draw (the benchmark prints it beside the total).
    if (graph.nodes.length) performance.measure('topology:layout', { start: t0, end: performance.now() });
    return { graph, model, placement };
  }, [graph, model, refined]);

  // elk refines the small tangled groups in the worker; applied once, when it is done.
  useEffect(() => {
    const todo = placed.placement.refine.filter((g) => !inFlight.current.has(g.signature));
    const w = worker.current;
    if (!todo.length || !w) return;
    for (const g of todo) inFlight.current.add(g.signature);
    void w.run(todo).then((out) => {
      if (worker.current !== w) return; // the screen went away (or StrictMode remounted it)
      for (const g of todo) inFlight.current.delete(g.signature);
      if (applyRefined(cache.current, todo, out)) setRefined((n) => n + 1);
    });
  }, [placed]);

  // React Flow node objects are kept across updates when nothing drawn changed, so a live update
  // (or a refinement, or a selection) re-renders only the nodes that did change.
  const prevNodes = useRef(new Map<string, { key: string; node: Node<TopoNodeData> }>());
  const prevEdges = useRef(new Map<string, Edge>());
  const rf = useMemo(() => {
    const { positions, groups } = placed.placement;
    const summaries = groupSummaries(placed.graph.nodes);
    const frames: Node<GroupData>[] = groups.map((g) => ({
      id: `frame:${g.key}`,
      type: 'frame',
      position: { x: g.x, y: g.y },
      width: g.width,
      height: g.height,
      measured: { width: g.width, height: g.height },
      handles: NO_HANDLES,
      data: { label: g.key, summary: summaryText(summaries.get(g.key), t), worst: summaries.get(g.key)?.worst ?? 'ok' },
      draggable: false,
      selectable: false,
      zIndex: -1,
    }));
    const nextNodes = new Map<string, { key: string; node: Node<TopoNodeData> }>();
    const nodes: Node<TopoNodeData>[] = [];
    for (const n of placed.graph.nodes) {
      const p = positions[n.id];
      if (!p) continue;
      const selected = n.id === selectedId;
      const kindLabel = t(`topology.kind.${n.kind}` as MessageKey);
      const statusLabel = t(`topology.status.${n.status}` as MessageKey);
      const detail = nodeDetail(n, t);
      const key = [p.x, p.y, n.kind, n.status, n.label, detail, n.reason ?? '', selected ? 1 : 0, kindLabel, statusLabel].join('\u0000');
      const have = prevNodes.current.get(n.id);
      const node: Node<TopoNodeData> =
        have && have.key === key
          ? have.node
          : {
              id: n.id,
              type: 'topo',
              position: p,
              width: NODE_W,
              height: NODE_H,
              measured: TOPO_SIZE,
              handles: TOPO_HANDLES,
              data: { node: n, kindLabel, statusLabel, detail, selected },
            };
      nextNodes.set(n.id, { key, node });
      nodes.push(node);
    }
    prevNodes.current = nextNodes;
    const nextEdges = new Map<string, Edge>();
    const edges: Edge[] = placed.graph.edges.map((e) => {
      // An edge id is its kind, source and target: the same id draws the same edge.
      const edge = prevEdges.current.get(e.id) ?? { id: e.id, source: e.source, target: e.target, type: 'straight', className: `topo-edge topo-edge-${e.kind}`, animated: false, focusable: false };
      nextEdges.set(e.id, edge);
      return edge;
    });
    prevEdges.current = nextEdges;
    return { nodes: [...frames, ...nodes] as Node[], edges, fit: fitTarget(groups, placed.graph.nodes) };
  }, [placed, selectedId, t]);

  // The first fit (React Flow's `fitView`, queued until the first nodes come) must use this
  // graph's options. As a prop, fitViewOptions would reach React Flow's store only after the nodes
  // (its store updater sets `nodes` first, and fits right there once the nodes have sizes): a
  // layout effect runs before that, so the fit happens with the nodes, at the right zoom, once.
  useLayoutEffect(() => {
    if (flow.getState().fitViewQueued) flow.setState({ fitViewOptions: rf.fit });
  }, [flow, rf.fit]);

  // New groups arriving (a bridge, a tenant, another engine's networks) may be off screen: fit
  // again so they are seen. The first draw is React Flow's own fit; a search or filter that only
  // hides groups moves nothing.
  const { fitView } = useReactFlow();
  const groupKeys = useRef<Set<string> | null>(null);
  useEffect(() => {
    const keys = placed.placement.groups.map((g) => g.key);
    if (!keys.length) return;
    const isNew = hasNewGroup(groupKeys.current, keys);
    groupKeys.current = new Set([...(groupKeys.current ?? []), ...keys]);
    if (isNew) void fitView(rf.fit);
  }, [placed, rf.fit, fitView]);

  const canvasRef = useRef<HTMLDivElement | null>(null);

  // The minimap draws every node (it ignores onlyRenderVisibleElements): it comes after the first
  // draw rather than in it, so the graph shows first.
  const [miniMap, setMiniMap] = useState(false);
  const measuredFor = useRef<unknown>(null);
  useEffect(() => {
    if (placed.graph.nodes.length === 0 || placed.model === measuredFor.current) return;
    const first = measuredFor.current === null;
    measuredFor.current = placed.model;
    // The first frame after React committed the laid-out graph of a new model, measured from when
    // the store got it: layout + first draw, as the benchmark reads it (refinements are not counted).
    requestAnimationFrame(() => {
      if (performance.getEntriesByName('topology:model').length) performance.measure('topology:draw', 'topology:model');
      // After that frame is painted (a task queued from the frame runs after it).
      if (first) setTimeout(() => setMiniMap(true), 0);
    });
  }, [placed]);

  const down = downSources(model);
  const selected = model?.nodes.find((n) => n.id === selectedId) ?? null;
  const counts = useMemo(() => {
    const c = new Map<NodeKind, number>();
    for (const n of model?.nodes ?? []) c.set(n.kind, (c.get(n.kind) ?? 0) + 1);
    return c;
  }, [model]);

  const exportAs = async (kind: 'svg' | 'png') => {
    const svg = toSvg(placed.graph.nodes, placed.graph.edges, placed.placement.positions, placed.placement.groups);
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    if (kind === 'svg') download(new Blob([svg], { type: 'image/svg+xml' }), `topology-${stamp}.svg`);
    else download(await svgToPng(svg), `topology-${stamp}.png`);
  };

  return (
    <section className="topology" aria-labelledby="topology-title">
      <header className="topology-head">
        <div>
          <h2 id="topology-title">{t('topology.title')}</h2>
          <p className="muted">{t('topology.subtitle')}</p>
        </div>
        <div className="topology-actions">
          <button type="button" className="button" onClick={() => void exportAs('svg')} disabled={placed.graph.nodes.length === 0}>
            {t('topology.exportSvg')}
          </button>
          <button type="button" className="button" onClick={() => void exportAs('png')} disabled={placed.graph.nodes.length === 0}>
            {t('topology.exportPng')}
          </button>
        </div>
      </header>

      {error ? (
        <div className="topo-banner topo-banner-error" role="alert">
          {t('topology.error')}: {error.message}
        </div>
      ) : null}
      {down.map((s) => (
        <div key={s.source} className={`topo-banner topo-banner-${s.state}`} role={s.state === 'skipped' ? 'status' : 'alert'} data-testid="topo-banner" data-source={s.source} data-state={s.state}>
          <strong>{t(`topology.source.${s.source}` as MessageKey)}</strong> — {t(`topology.sourceState.${s.state}` as MessageKey)}
          {/* No netmaster named: the place to name it is the Netmaster screen (its address is every screen's), not a CLI flag. */}
          {s.error?.code === 'netmaster/not-named' ? (
            <>
              : {t('topology.netmaster.notNamed')}{' '}
              <a href="#/netmaster" data-testid="topo-open-netmaster">
                {t('topology.netmaster.open')}
              </a>
            </>
          ) : s.reason ? (
            `: ${s.reason}`
          ) : (
            ''
          )}
          {s.target ? <span className="muted"> ({s.target})</span> : null}
          {s.dataAt && s.state !== 'skipped' ? <span className="muted"> · {t('topology.lastSeen', { at: new Date(s.dataAt).toLocaleTimeString() })}</span> : null}
        </div>
      ))}

      <div className="topology-toolbar">
        <input type="search" className="input topology-search" placeholder={t('topology.search')} aria-label={t('topology.search')} value={search} onChange={(e) => store.getState().setSearch(e.target.value)} />
        <fieldset className="topo-kinds">
          <legend>{t('topology.filter')}</legend>
          {NODE_KINDS.map((k) => (
            <label key={k} className={`topo-kind-toggle topo-kind-${k}`}>
              <input type="checkbox" checked={!hidden.includes(k)} onChange={() => store.getState().toggleKind(k)} />
              {t(`topology.kind.${k}` as MessageKey)} <span className="muted">{counts.get(k) ?? 0}</span>
            </label>
          ))}
        </fieldset>
        <span className="muted topo-count" data-testid="topo-count">
          {model ? t('topology.count', { nodes: graph.nodes.length, edges: graph.edges.length }) : t('topology.loading')}
        </span>
      </div>

      <div className="topology-body">
        <div className="topology-canvas" ref={canvasRef} data-testid="topo-canvas" data-placed={model ? 'yes' : 'no'}>
          {model && graph.nodes.length === 0 ? <p className="topo-empty">{t('topology.empty')}</p> : null}
          <ReactFlow
            nodes={rf.nodes}
            edges={rf.edges}
            nodeTypes={nodeTypes}
            onNodeClick={(_e, n) => {
              if (n.type === 'topo') store.getState().select(n.id);
            }}
            onPaneClick={() => store.getState().select(null)}
            nodesDraggable={false}
            nodesConnectable={false}
            edgesFocusable={false}
            onlyRenderVisibleElements
            fitView
            minZoom={0.02}
            maxZoom={2}
            proOptions={{ hideAttribution: true }}
          >
            <ZoomLod canvas={canvasRef} />
            <Background />
            <Controls showInteractive={false} />
            {miniMap ? <MiniMap pannable zoomable nodeStrokeWidth={3} /> : null}
          </ReactFlow>
        </div>
        <Details node={selected} model={model} t={t} onSelect={(id) => store.getState().select(id)} />
      </div>
    </section>
  );
}
