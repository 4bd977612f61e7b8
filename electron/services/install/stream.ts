/**
 * `POST /plugins/pull` and `POST /plugins/{name}/upgrade` through the engine: the privileges as
 * the JSON body, the registry credentials in X-Registry-Auth, and a stream of JSON progress lines
 * back. The engine answers HTTP 200 before it knows the outcome, so failures ("incorrect
 * privileges", a broken download) come as an `error` line: the stream is read to its end and
 * judged here. Refusals known before streaming (no such plugin, name taken, registry
 * unresolvable) come as a plain HTTP error.
 */
import type { IncomingMessage } from 'node:http';
import type { Engine } from '../docker/engine';
import { PlugsmithError } from '../errors';
import { readJsonLines } from '../docker/json-lines';
import type { RegistryAuth } from '../build/push';
import type { Privilege } from '../../ipc/types';

export interface ProgressOut {
  log(line: string, stream?: 'stdout' | 'stderr' | 'info'): void;
  /** Bytes done / total over every layer seen so far. */
  bytes?(done: number, total: number): void;
  signal?: AbortSignal;
}

interface ProgressLine {
  status?: string;
  id?: string;
  progress?: string;
  progressDetail?: { current?: number; total?: number };
  error?: string;
  errorDetail?: { message?: string };
}

/** The engine wants privileges PascalCase, exactly as GET /plugins/privileges answers them. */
export const toEngine = (ps: Privilege[]) => ps.map((p) => ({ Name: p.name, Description: p.description, Value: p.value }));

/** Sends a pull/upgrade request and reads its stream; resolves with the digest it reported, throws with the engine's words. */
export async function streamPluginPull(
  engine: Engine,
  req: { path: string; query: Record<string, string>; privileges: Privilege[]; auth: RegistryAuth | null },
  out: ProgressOut,
): Promise<{ digest: string | null }> {
  // The privileges are the JSON body; the query goes in the URL.
  const res = await engine.request<IncomingMessage>({ method: 'POST', path: req.path, query: req.query, body: toEngine(req.privileges), auth: req.auth, stream: true, signal: out.signal });
  let error: string | null = null;
  let digest: string | null = null;
  const layers = new Map<string, { current: number; total: number }>();
  const handle = (m: ProgressLine) => {
    if (m.error || m.errorDetail) {
      error = m.errorDetail?.message ?? m.error ?? 'failed';
      out.log(error, 'stderr');
      return;
    }
    if (!m.status) return;
    const d = /Digest: (sha256:[0-9a-f]{64})/.exec(m.status);
    if (d) digest = d[1];
    if (m.id && m.progressDetail?.total) {
      layers.set(m.id, { current: m.progressDetail.current ?? 0, total: m.progressDetail.total });
      let done = 0;
      let total = 0;
      for (const l of layers.values()) {
        done += l.current;
        total += l.total;
      }
      out.bytes?.(done, total);
      return; // byte counters: progress, not log lines
    }
    out.log(`${m.id ? `${m.id}: ` : ''}${m.status}`, 'stdout');
  };
  await readJsonLines(res, { object: (o) => handle(o as ProgressLine), text: (line) => out.log(line) }, { what: `POST ${req.path}`, signal: out.signal });
  if (out.signal?.aborted) throw new PlugsmithError('jobs/cancelled', 'Cancelled', `POST ${req.path}`);
  if (error) throw new PlugsmithError('install/engine-refused', error, error);
  return { digest };
}
