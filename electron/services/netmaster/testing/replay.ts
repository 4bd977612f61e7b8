/**
 * Replays captured exchanges against a netmaster and says, for each, whether status, content
 * type and body match — list order ignored (netmaster's lists are Go map order), 500 texts by
 * their first line (the rest is a Go stack trace of the real binary).
 */
import type { Exchange } from './captures';

export interface ReplayResult {
  id: string;
  ok: boolean;
  status: number;
  contentType: string | null;
  body: unknown;
  problems: string[];
}

export async function sendExchange(baseUrl: string, x: Exchange): Promise<{ status: number; contentType: string | null; text: string }> {
  const headers: Record<string, string> = {};
  if (x.contentType) headers['Content-Type'] = x.contentType;
  let body: string | undefined;
  if (x.body !== undefined) body = typeof x.body === 'string' ? x.body : JSON.stringify(x.body);
  const res = await fetch(baseUrl + x.path, { method: x.method, headers, body, signal: AbortSignal.timeout(5000) });
  return { status: res.status, contentType: res.headers.get('content-type'), text: await res.text() };
}

/** Objects with sorted keys; arrays of objects as sets (sorted by their canonical text). */
export function canonical(v: unknown): unknown {
  if (Array.isArray(v)) {
    const items = v.map(canonical);
    if (items.some((i) => i !== null && typeof i === 'object')) return items.sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
    return items;
  }
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
    );
  }
  return v;
}

const firstLine = (s: string) => s.split('\n')[0];

export function compare(x: Exchange, got: { status: number; contentType: string | null; text: string }): ReplayResult {
  const problems: string[] = [];
  if (got.status !== x.expect.status) problems.push(`status ${got.status} != ${x.expect.status}`);
  if ((got.contentType ?? null) !== (x.expect.contentType ?? null)) problems.push(`content-type ${got.contentType} != ${x.expect.contentType}`);
  let body: unknown = got.text;
  if (x.expect.isJson) {
    try {
      body = JSON.parse(got.text);
    } catch {
      problems.push(`body is not JSON: ${got.text.slice(0, 120)}`);
    }
    const a = JSON.stringify(canonical(body));
    const b = JSON.stringify(canonical(x.expect.body));
    if (a !== b) problems.push(`body ${a.slice(0, 4000)}\n   != ${b.slice(0, 4000)}`);
  } else {
    const want = String(x.expect.body ?? '');
    const same = x.expect.status === 500 ? firstLine(got.text) === firstLine(want) : got.text === want;
    if (!same) problems.push(`text ${JSON.stringify(got.text.slice(0, 200))} != ${JSON.stringify(want.slice(0, 200))}`);
  }
  return { id: x.id, ok: problems.length === 0, status: got.status, contentType: got.contentType, body, problems };
}
