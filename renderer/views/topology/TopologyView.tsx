/**
 * The Topology screen: the live merged graph (host, OVS, Docker, netmaster), laid out per group
 * in a worker, with a banner for each source that is down (the rest still shows), search, a
 * filter by kind, a details panel with the raw JSON, and SVG/PNG export.
 */
import '@xyflow/react/dist/style.css';
import { Background, Controls, MiniMap, ReactFlow, type Edge, type Node } from '@xyflow/react';
import { useEffect, useMemo, useRef, useState } from 'react';
import { NODE_KINDS, type NodeKind } from '../../../electron/services/topology/model';
import type { MessageKey } from '../../i18n';
import { useT } from '../../i18n/useT';
import { downSources, visibleGraph } from '../../stores/topology';
import { Details } from './Details';
import { download, svgToPng, toSvg } from './export';
import { LayoutCache, NODE_H, NODE_W, placeGraph, type Placement } from './layout-core';
import { LayoutWorker } from './layout';
import { GroupFrame, TopoNode, type GroupData, type TopoNodeData } from './TopoNode';
import { useTopology, useTopologyStore } from './useTopology';

const nodeTypes = { topo: TopoNode, frame: GroupFrame };

export function TopologyView() {
  const t = useT();
  const store = useTopologyStore();
  const model = useTopology((s) => s.model);
  const error = useTopology((s) => s.error);
  const search = useTopology((s) => s.search);
  const hidden = useTopology((s) => s.hidden);
  const selectedId = useTopology((s) => s.selectedId);

  useEffect(() => store.getState().start(), [store]);
  useEffect(() => {
    if (model) performance.mark('topology:model');
  }, [model]);

  const worker = useRef<LayoutWorker | null>(null);
  const cache = useRef(new LayoutCache());
  useEffect(() => {
    worker.current = new LayoutWorker();
    return () => {
      worker.current?.dispose();
      worker.current = null;
    };
  }, []);

  const graph = useMemo(() => visibleGraph(model, search, hidden), [model, search, hidden]);
  const [placed, setPlaced] = useState<{ graph: typeof graph; placement: Placement } | null>(null);
  useEffect(() => {
    let alive = true;
    const w = worker.current ?? new LayoutWorker();
    if (!worker.current) worker.current = w;
    void placeGraph(graph.nodes, graph.edges, cache.current, w.run).then((placement) => {
      if (alive) setPlaced({ graph, placement });
    });
    return () => {
      alive = false;
    };
  }, [graph]);

  const rf = useMemo(() => {
    if (!placed) return { nodes: [] as Node[], edges: [] as Edge[] };
    const { positions, groups } = placed.placement;
    const frames: Node<GroupData>[] = groups.map((g) => ({
      id: `frame:${g.key}`,
      type: 'frame',
      position: { x: g.x, y: g.y },
      width: g.width,
      height: g.height,
      data: { label: g.key },
      draggable: false,
      selectable: false,
      zIndex: -1,
    }));
    const nodes: Node<TopoNodeData>[] = placed.graph.nodes
      .filter((n) => positions[n.id])
      .map((n) => ({
        id: n.id,
        type: 'topo',
        position: positions[n.id],
        width: NODE_W,
        height: NODE_H,
        data: { node: n, kindLabel: t(`topology.kind.${n.kind}` as MessageKey), statusLabel: t(`topology.status.${n.status}` as MessageKey), selected: n.id === selectedId },
      }));
    const edges: Edge[] = placed.graph.edges.map((e) => ({
      id: e.id,
      source: e.source,
      target: e.target,
      type: 'straight',
      className: `topo-edge topo-edge-${e.kind}`,
      animated: false,
      focusable: false,
    }));
    return { nodes: [...frames, ...nodes] as Node[], edges };
  }, [placed, selectedId, t]);

  useEffect(() => {
    if (!placed || placed.graph.nodes.length === 0 || performance.getEntriesByName('topology:model').length === 0) return;
    // The first frame after React committed the laid-out graph, measured from the latest model:
    // layout + first draw, as the benchmark reads it.
    requestAnimationFrame(() => performance.measure('topology:draw', 'topology:model'));
  }, [placed]);

  const down = downSources(model);
  const selected = model?.nodes.find((n) => n.id === selectedId) ?? null;
  const counts = useMemo(() => {
    const c = new Map<NodeKind, number>();
    for (const n of model?.nodes ?? []) c.set(n.kind, (c.get(n.kind) ?? 0) + 1);
    return c;
  }, [model]);

  const exportAs = async (kind: 'svg' | 'png') => {
    if (!placed) return;
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
          <button type="button" onClick={() => void exportAs('svg')} disabled={!placed}>
            {t('topology.exportSvg')}
          </button>
          <button type="button" onClick={() => void exportAs('png')} disabled={!placed}>
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
          {s.reason ? `: ${s.reason}` : ''}
          {s.target ? <span className="muted"> ({s.target})</span> : null}
          {s.dataAt && s.state !== 'skipped' ? <span className="muted"> · {t('topology.lastSeen', { at: new Date(s.dataAt).toLocaleTimeString() })}</span> : null}
        </div>
      ))}

      <div className="topology-toolbar">
        <input type="search" placeholder={t('topology.search')} aria-label={t('topology.search')} value={search} onChange={(e) => store.getState().setSearch(e.target.value)} />
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
        <div className="topology-canvas" data-testid="topo-canvas" data-placed={placed ? 'yes' : 'no'}>
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
            <Background />
            <Controls showInteractive={false} />
            <MiniMap pannable zoomable nodeStrokeWidth={3} />
          </ReactFlow>
        </div>
        <Details node={selected} model={model} t={t} onSelect={(id) => store.getState().select(id)} />
      </div>
    </section>
  );
}
