/** `plugsmith topology` as text: per-source status first (what is down and why), then nodes and edges. */
import type { TopologyModel } from './model';

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ')).join('\n');
}

export function formatTopology(m: TopologyModel): string {
  const out: string[] = [];
  out.push(table([['SOURCE', 'STATE', 'TARGET', 'DETAIL'], ...m.sources.map((s) => [s.source, s.state, s.target ?? '-', s.reason ?? ''])]));
  out.push('');
  out.push(
    table([
      ['KIND', 'ID', 'STATUS', 'DETAIL'],
      ...m.nodes.map((n) => [n.kind, n.id, n.status, [n.detail, n.reason].filter(Boolean).join(' — ')]),
    ]),
  );
  out.push('');
  out.push(table([['EDGE', 'FROM', 'TO', 'VIA'], ...m.edges.map((e) => [e.kind, e.source, e.target, e.via ?? ''])]));
  const down = m.sources.filter((s) => s.state !== 'ok').length;
  out.push('');
  out.push(`${m.nodes.length} nodes, ${m.edges.length} edges; ${m.sources.length - down} of ${m.sources.length} sources ok`);
  return out.join('\n') + '\n';
}
