/**
 * The captured exchanges with the real netmaster (shared/contiv/netmaster-api), in the order they
 * happened, as one list a test can replay. Two sources: index.jsonl (curl captures, one envelope
 * per file) and netctl/requests.jsonl (every call netctl made, through a recording proxy). The
 * netctl session built the reference state between the "fresh" captures and the /plugin/* calls,
 * and its error/inspect commands ran after the error captures (its `global set --fwd-mode bridge`
 * counts 7 vxlan networks, so blue:bad14 — index 65 — already existed; its `endpoint inspect
 * web-1` finds an endpoint made by the /plugin/* calls), hence the interleaving below.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Exchange {
  /** Stable id: the envelope file name, or `netctl#<line>`. */
  id: string;
  method: string;
  path: string;
  /** undefined = no body; a string is sent as is (malformed bodies are captured as text). */
  body: unknown;
  contentType: string | null;
  expect: {
    status: number;
    contentType: string | null;
    /** Parsed JSON, or the text. */
    body: unknown;
    isJson: boolean;
  };
}

/** shared/ sits beside the repository (CI puts a copy there too). */
export function capturesDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const repoRoot = join(here, '..', '..', '..', '..');
  return join(repoRoot, '..', 'shared', 'contiv', 'netmaster-api');
}

export function capturesAvailable(): boolean {
  return existsSync(join(capturesDir(), 'index.jsonl'));
}

interface Envelope {
  request: { method: string; path: string; content_type: string | null; body: unknown };
  response: { status: number; headers: Record<string, string>; body_kind: string; body: unknown };
}

function fromEnvelope(dir: string, file: string): Exchange {
  const e = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Envelope;
  const header = (name: string) => Object.entries(e.response.headers).find(([k]) => k.toLowerCase() === name)?.[1] ?? null;
  const ct = header('content-type');
  // An empty body was recorded as JSON null; it is compared as the empty text it was.
  const empty = header('content-length') === '0';
  return {
    id: file,
    method: e.request.method,
    path: e.request.path,
    body: e.request.body === null ? undefined : e.request.body,
    contentType: e.request.content_type,
    expect: empty
      ? { status: e.response.status, contentType: ct, body: '', isJson: false }
      : { status: e.response.status, contentType: ct, body: e.response.body, isJson: e.response.body_kind === 'json' },
  };
}

interface NetctlLine {
  netctl: string;
  method: string;
  path: string;
  request_body: unknown;
  status: number;
  response_content_type: string | null;
  response_body: unknown;
}

function fromNetctl(line: NetctlLine, n: number): Exchange {
  // The proxy stored JSON bodies parsed and text bodies as strings; a handler error is text.
  const isJson = !(typeof line.response_body === 'string' && (line.status !== 200 || !line.response_content_type?.includes('json')));
  return {
    id: `netctl#${n}`,
    method: line.method,
    path: line.path,
    body: line.request_body === null ? undefined : line.request_body,
    contentType: null,
    expect: { status: line.status, contentType: line.response_content_type, body: line.response_body, isJson },
  };
}

/** Every captured exchange, in replay order. */
export function loadExchanges(dir = capturesDir()): Exchange[] {
  const index = readFileSync(join(dir, 'index.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { file: string });
  const curl = index.map((i) => fromEnvelope(dir, i.file));
  const netctl = readFileSync(join(dir, 'netctl', 'requests.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l, n) => fromNetctl(JSON.parse(l) as NetctlLine, n));
  const firstPlugin = curl.findIndex((x) => x.path.startsWith('/plugin/'));
  const finalState = curl.findIndex((x, i) => i > firstPlugin && x.path === '/version');
  const netctlErrors = netctl.findIndex((x) => x.expect.status === 500 && x.path.startsWith('/api/v1/networks/') && x.method === 'POST');
  if (firstPlugin < 0 || finalState < 0 || netctlErrors < 0) throw new Error('capture layout changed: cannot place the netctl session');
  return [
    ...curl.slice(0, firstPlugin),
    ...netctl.slice(0, netctlErrors),
    ...curl.slice(firstPlugin, finalState),
    ...netctl.slice(netctlErrors),
    ...curl.slice(finalState),
  ];
}
