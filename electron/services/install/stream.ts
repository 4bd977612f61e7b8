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
  const res = await new Promise<IncomingMessage>((resolve, reject) => {
    engine.docker.modem.dial(
      {
        path: `${req.path}?`,
        method: 'POST',
        // An array body: the modem JSON-encodes `_body` (the privileges), `_query` is the query.
        options: { _query: req.query, _body: toEngine(req.privileges) },
        authconfig: req.auth ?? {},
        isStream: true,
        allowEmpty: true,
        abortSignal: out.signal,
        statusCodes: new Proxy({}, { get: (_t, code) => Number(code) >= 200 && Number(code) < 300 }),
      } as never,
      (err: unknown, data: unknown) => {
        if (!err) return resolve(data as IncomingMessage);
        const e = err as { statusCode?: number; json?: { message?: string } | Buffer; message?: string; code?: string };
        if (out.signal?.aborted) return reject(new PlugsmithError('jobs/cancelled', 'Cancelled'));
        if (e.statusCode) {
          const msg = e.json && !Buffer.isBuffer(e.json) && typeof e.json.message === 'string' ? e.json.message : Buffer.isBuffer(e.json) ? e.json.toString('utf8').trim() : (e.message ?? '');
          return reject(new PlugsmithError(`engine/http-${e.statusCode}`, msg || `HTTP ${e.statusCode}`, `POST ${req.path} → HTTP ${e.statusCode}\n${msg}`));
        }
        reject(new PlugsmithError('engine/unreachable', `Cannot reach the Docker engine at ${engine.host} (${e.code ?? e.message})`, e.message));
      },
    );
  });
  let error: string | null = null;
  let digest: string | null = null;
  const layers = new Map<string, { current: number; total: number }>();
  const handle = (line: string) => {
    let m: ProgressLine;
    try {
      m = JSON.parse(line);
    } catch {
      out.log(line);
      return;
    }
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
  await new Promise<void>((resolve, reject) => {
    let buf = '';
    res.setEncoding('utf8');
    res.on('data', (c: string) => {
      buf += c;
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl).trim();
        buf = buf.slice(nl + 1);
        if (line) handle(line);
      }
    });
    res.on('end', () => {
      if (buf.trim()) handle(buf.trim());
      resolve();
    });
    res.on('error', (e) => reject(out.signal?.aborted ? new PlugsmithError('jobs/cancelled', 'Cancelled') : new PlugsmithError('engine/unreachable', `The engine's stream broke: ${e.message}`)));
    res.on('aborted', () => reject(new PlugsmithError('engine/unreachable', 'The engine closed the stream before it finished')));
    out.signal?.addEventListener('abort', () => res.destroy(), { once: true });
  });
  if (error) throw new PlugsmithError('install/engine-refused', error, error);
  return { digest };
}
