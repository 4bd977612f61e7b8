/** One drawn node (status in colour and in words, so red is never the only signal) and a group frame. */
import { Handle, Position, type NodeProps, type Node } from '@xyflow/react';
import { memo } from 'react';
import type { TopologyNode } from '../../../electron/ipc/types';

export type TopoNodeData = { node: TopologyNode; kindLabel: string; statusLabel: string; selected: boolean };
export type GroupData = { label: string };

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
        {n.detail ? <span> · {n.detail}</span> : null}
      </div>
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </div>
  );
});

export const GroupFrame = memo(function GroupFrame({ data }: NodeProps<Node<GroupData>>) {
  return (
    <div className="topo-group" data-testid="topo-group">
      <span className="topo-group-label">{data.label}</span>
    </div>
  );
});
