/**
 * Export of what is drawn, as SVG (written here from the laid-out positions: exact, small, no
 * DOM cloning) and PNG (that SVG drawn on a canvas through a blob: image — allowed by the CSP's
 * img-src). Downloads go through a blob: URL and an <a download>.
 */
import type { TopologyEdge, TopologyNode } from '../../../electron/ipc/types';
import { NODE_H, NODE_W, type PlacedGroup } from './layout-core';

const FILL: Record<TopologyNode['status'], string> = { ok: '#eef6ee', degraded: '#fff6dd', missing: '#fde8e8', error: '#fde8e8' };
const STROKE: Record<TopologyNode['status'], string> = { ok: '#4a8f4a', degraded: '#c49000', missing: '#c62828', error: '#c62828' };

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export function toSvg(nodes: TopologyNode[], edges: TopologyEdge[], positions: Record<string, { x: number; y: number }>, groups: PlacedGroup[]): string {
  const xs = [0, ...groups.map((g) => g.x + g.width)];
  const ys = [0, ...groups.map((g) => g.y + g.height)];
  const w = Math.ceil(Math.max(...xs)) + 20;
  const h = Math.ceil(Math.max(...ys)) + 20;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="-10 -10 ${w} ${h}" font-family="sans-serif" font-size="12">`);
  out.push(`<rect x="-10" y="-10" width="${w}" height="${h}" fill="#ffffff"/>`);
  for (const g of groups) {
    out.push(`<rect x="${g.x}" y="${g.y}" width="${g.width}" height="${g.height}" rx="8" fill="#f7f7fa" stroke="#c8c8d0"/>`);
    out.push(`<text x="${g.x + 10}" y="${g.y + 20}" fill="#555" font-weight="bold">${esc(g.key)}</text>`);
  }
  for (const e of edges) {
    const a = positions[e.source];
    const b = positions[e.target];
    if (!a || !b) continue;
    const dash = e.kind === 'same' ? ' stroke-dasharray="6 4"' : '';
    const color = e.kind === 'same' ? '#3367d6' : '#999';
    out.push(`<line x1="${a.x + NODE_W}" y1="${a.y + NODE_H / 2}" x2="${b.x}" y2="${b.y + NODE_H / 2}" stroke="${color}"${dash}/>`);
  }
  for (const n of nodes) {
    const p = positions[n.id];
    if (!p) continue;
    out.push(`<g><title>${esc(`${n.kind} ${n.id}${n.reason ? ` — ${n.reason}` : ''}`)}</title>`);
    out.push(`<rect x="${p.x}" y="${p.y}" width="${NODE_W}" height="${NODE_H}" rx="6" fill="${FILL[n.status]}" stroke="${STROKE[n.status]}" stroke-width="${n.status === 'ok' ? 1 : 2}"/>`);
    out.push(`<text x="${p.x + 8}" y="${p.y + 18}" font-weight="bold">${esc(cut(n.label, 28))}</text>`);
    out.push(`<text x="${p.x + 8}" y="${p.y + 36}" fill="#666" font-size="10">${esc(cut(`${n.kind}${n.detail ? ` · ${n.detail}` : ''}`, 34))}</text></g>`);
  }
  out.push('</svg>');
  return out.join('\n');
}

export function download(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The SVG rasterised at `scale`, capped so a huge graph stays within canvas limits. */
export async function svgToPng(svg: string, scale = 2): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new Error('the SVG could not be drawn'));
      img.src = url;
    });
    const s = Math.min(scale, 16384 / Math.max(img.width, img.height, 1));
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.floor(img.width * s));
    canvas.height = Math.max(1, Math.floor(img.height * s));
    const ctx = canvas.getContext('2d')!;
    ctx.scale(s, s);
    ctx.drawImage(img, 0, 0);
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}
