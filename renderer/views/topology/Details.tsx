/** The side panel: the clicked node's facts, why it is not ok, what it links to, and its raw JSON per source. */
import type { TopologyModel, TopologyNode } from '../../../electron/ipc/types';
import type { MessageKey } from '../../i18n';
import type { T } from '../../i18n/useT';
import { nodeDetail } from './TopoNode';
import { useEscape } from '../../components/useEscape';

export function Details({ node, model, t, onSelect }: { node: TopologyNode | null; model: TopologyModel | null; t: T; onSelect: (id: string | null) => void }) {
  // Esc closes the details, as on the Plugins screen.
  useEscape(() => onSelect(null), !!node);
  if (!node || !model) return <aside className="topo-details topo-details-empty">{t('topology.details.none')}</aside>;
  const byId = new Map(model.nodes.map((n) => [n.id, n]));
  const links = model.edges
    .filter((e) => e.source === node.id || e.target === node.id)
    .map((e) => ({ e, other: byId.get(e.source === node.id ? e.target : e.source) }))
    .filter((l): l is { e: (typeof l)['e']; other: TopologyNode } => !!l.other);
  return (
    <aside className="topo-details" aria-label={t('topology.details.title')} data-testid="topo-details">
      <header>
        <h3>{node.label}</h3>
        <button type="button" className="button" onClick={() => onSelect(null)} aria-label={t('topology.details.close')}>
          ×
        </button>
      </header>
      <dl>
        <dt>{t('topology.details.kind')}</dt>
        <dd>{t(`topology.kind.${node.kind}` as MessageKey)}</dd>
        <dt>{t('topology.details.status')}</dt>
        <dd className={`topo-status-text-${node.status}`}>{t(`topology.status.${node.status}` as MessageKey)}</dd>
        {node.reason ? (
          <>
            <dt>{t('topology.details.reason')}</dt>
            <dd data-testid="topo-reason">{node.reason}</dd>
          </>
        ) : null}
        {nodeDetail(node, t) ? (
          <>
            <dt>{t('topology.details.detail')}</dt>
            <dd>{nodeDetail(node, t)}</dd>
          </>
        ) : null}
        <dt>{t('topology.details.host')}</dt>
        <dd>{node.host}</dd>
        <dt>{t('topology.details.sources')}</dt>
        <dd>{node.sources.join(', ')}</dd>
        <dt>{t('topology.details.id')}</dt>
        <dd>
          <code>{node.id}</code>
        </dd>
      </dl>
      <h4>{t('topology.details.links')}</h4>
      <ul className="topo-links" data-testid="topo-links">
        {links.map(({ e, other }) => (
          <li key={e.id} data-kind={e.kind}>
            <span className="topo-link-kind">{t(`topology.edge.${e.kind}` as MessageKey)}</span>{' '}
            <button type="button" className="linklike" onClick={() => onSelect(other.id)}>
              {other.label}
            </button>{' '}
            <span className="topo-link-other-kind">({t(`topology.kind.${other.kind}` as MessageKey)})</span>
            {e.via ? <span className="topo-link-via"> — {e.via}</span> : null}
          </li>
        ))}
      </ul>
      <h4>{t('topology.details.raw')}</h4>
      <pre className="topo-raw" data-testid="topo-raw">
        {JSON.stringify(node.raw, null, 2)}
      </pre>
    </aside>
  );
}
