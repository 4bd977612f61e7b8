/** One drawn node (status in colour and in words, so red is never the only signal) and a group frame. */
import { Handle, Position, type NodeProps, type Node } from '@xyflow/react';
import { memo } from 'react';
import type { TopologyNode } from '../../../electron/ipc/types';
import { healthText } from '../../components/HealthBadge';
import type { T } from '../../i18n/useT';

/** `detail`: the line under the label as shown (a plugin's is its health in the Plugins screen's words, translated). */
export type TopoNodeData = { node: TopologyNode; kindLabel: string; statusLabel: string; detail: string; selected: boolean };

/** A node's detail line: a plugin's health as the Plugins screen words it (HealthBadge), else the source's detail. */
export function nodeDetail(n: TopologyNode, t: T): string {
  if (!n.plugin) return n.detail ?? '';
  return `${healthText(n.plugin.enabled, n.plugin.health, t).text}${n.plugin.contiv ? ' · Contiv' : ''}`;
}
/** `summary`: what the frame says when zoomed out (its nodes' words are too small to read then). */
export type GroupData = { label: string; summary: string; worst: TopologyNode['status'] };

export const TopoNode = memo(function TopoNode({ data }: NodeProps<Node<TopoNodeData>>) {
  const n = data.node;
  return (
    <div
      className={`topo-node topo-status-${n.status}${data.selected ? ' topo-selected' : ''}`}
      data-testid="topo-node"
      data-id={n.id}
      data-kind={n.kind}
      data-status={n.status}
      title={n.reason ?? n.id}
    >
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <div className="topo-node-label">{n.label}</div>
      <div className="topo-node-detail">
        <span className="topo-kind">{data.kindLabel}</span>
        {n.status !== 'ok' ? <span className="topo-node-status"> · {data.statusLabel}</span> : null}
        {data.detail ? <span data-testid="topo-node-detail"> · {data.detail}</span> : null}
      </div>
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </div>
  );
});

export const GroupFrame = memo(function GroupFrame({ data }: NodeProps<Node<GroupData>>) {
  return (
    <div className={`topo-group topo-group-worst-${data.worst}`} data-testid="topo-group" data-group={data.label}>
      <span className="topo-group-label">{data.label}</span>
      {/* Shown instead of the nodes' words below LOD_ZOOM (lod.ts; CSS keys on the canvas's data-lod), sized to read on screen. */}
      <div className="topo-group-summary" data-testid="topo-group-summary">
        <strong>{data.label}</strong>
        <span>{data.summary}</span>
      </div>
    </div>
  );
});
