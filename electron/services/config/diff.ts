/**
 * A draft config against the installed plugin's, field by field on the decoded configs (what
 * the engine holds), plus what a text diff would show but the engine does not care about: keys
 * written in another casing (same field) and keys the engine drops. Pure and browser-safe.
 */
import type { ConfigDiffEntry } from '../../ipc/types';
import { parseJson } from './json';
import { decodeConfig } from './decode';
import { fillTemplate, isTemplate } from './template';

/** Fields the engine writes itself at create: never a difference the user made. */
const ENGINE_WRITTEN = new Set(['rootfs', 'DockerVersion']);

function walk(path: string, a: unknown, b: unknown, out: ConfigDiffEntry[]) {
  if (JSON.stringify(a) === JSON.stringify(b)) return;
  const isObj = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v);
  if (isObj(a) && isObj(b)) {
    const ao = a as Record<string, unknown>;
    const bo = b as Record<string, unknown>;
    for (const k of new Set([...Object.keys(ao), ...Object.keys(bo)])) {
      if (path === '' && ENGINE_WRITTEN.has(k)) continue;
      const p = `${path}/${k}`;
      if (!(k in ao)) out.push({ pointer: p, kind: 'added', draft: bo[k] });
      else if (!(k in bo)) out.push({ pointer: p, kind: 'removed', installed: ao[k] });
      else walk(p, ao[k], bo[k], out);
    }
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (path === '/Env' && byName(path, a, b, out)) return;
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const p = `${path}/${i}`;
      if (i >= a.length) out.push({ pointer: p, kind: 'added', draft: b[i] });
      else if (i >= b.length) out.push({ pointer: p, kind: 'removed', installed: a[i] });
      else walk(p, a[i], b[i], out);
    }
    return;
  }
  out.push({ pointer: path, kind: 'changed', installed: a, draft: b });
}

/** `Name` of each entry when every entry has a distinct one; else null (positions are all there is). */
function names(list: unknown[]): string[] | null {
  const out = list.map((e) => (e && typeof e === 'object' && typeof (e as { Name?: unknown }).Name === 'string' ? (e as { Name: string }).Name : null));
  return out.every((n): n is string => n !== null) && new Set(out).size === out.length ? out : null;
}

/**
 * Env entries are found by name (the engine and `docker plugin set` do), so one inserted near the
 * top is one "added", not every later entry "changed". The pointer is the draft's index (the
 * installed one's for a removal). False when names are missing or repeated: compared by position.
 */
function byName(path: string, a: unknown[], b: unknown[], out: ConfigDiffEntry[]): boolean {
  const an = names(a);
  const bn = names(b);
  if (!an || !bn) return false;
  const ai = new Map(an.map((n, i) => [n, i]));
  const bi = new Map(bn.map((n, i) => [n, i]));
  an.forEach((n, i) => {
    const j = bi.get(n);
    if (j === undefined) out.push({ pointer: `${path}/${i}`, kind: 'removed', installed: a[i] });
    else walk(`${path}/${j}`, a[i], b[j], out);
  });
  bn.forEach((n, j) => {
    if (!ai.has(n)) out.push({ pointer: `${path}/${j}`, kind: 'added', draft: b[j] });
  });
  return true;
}

/**
 * Entries: canonical pointers (`/Env/3/Value`) for real differences; the user's own pointers
 * for casing-only keys and ignored keys. Null when the draft is not a config the engine accepts.
 */
export function diffConfig(draftText: string, installed: Record<string, unknown>, pluginName?: string): ConfigDiffEntry[] | null {
  const text = isTemplate(draftText) ? fillTemplate(draftText, pluginName).text : draftText;
  const { root } = parseJson(text);
  if (!root) return null;
  const d = decodeConfig(text, root);
  if (d.errors.length) return null;
  const out: ConfigDiffEntry[] = [];
  walk('', installed, d.config as unknown as Record<string, unknown>, out);
  for (const k of d.keys) {
    if (k.field === null) {
      let draft: unknown;
      try {
        draft = JSON.parse(text.slice(k.valueSpan.from, k.valueSpan.to));
      } catch {
        draft = text.slice(k.valueSpan.from, k.valueSpan.to);
      }
      out.push({ pointer: k.pointer, kind: 'ignored-key', draft });
    } else if (!k.exact) out.push({ pointer: k.pointer, kind: 'casing-only', draft: k.key, installed: k.field });
  }
  return out;
}
