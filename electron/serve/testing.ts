/**
 * Test helpers for serve mode: a real server over real services (no engine:
 * DOCKER_HOST points at a socket that does not exist), a tiny built renderer in a
 * temp folder, and raw HTTP / WebSocket clients that can forge Host and Origin
 * the way a hostile page or a rebinding DNS name would.
 */
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import WebSocket from 'ws';
import { createServices, type Services } from '../services/index';
import { startServe, type ServeHandle, type ServeOptions } from './server';

export interface Fixture {
  services: Services;
  server: ServeHandle;
  port: number;
  home: string;
  close(): Promise<void>;
}

/** @param env the services' environment on top of a private home and no engine (e.g. a DOCKER_HOST of the test's own). */
export async function startFixture(extra: Partial<ServeOptions> = {}, env: Record<string, string> = {}): Promise<Fixture> {
  const home = mkdtempSync(join(tmpdir(), 'plugsmith-serve-'));
  const rendererDir = join(home, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Plugsmith</title><script type="module" src="./assets/app.js"></script>');
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log("app")\n');
  const services = await createServices({ env: { PLUGSMITH_HOME: join(home, 'home'), DOCKER_HOST: 'unix:///nonexistent.sock', ...env }, watch: true });
  const server = await startServe({ services, rendererDir, ...extra });
  return {
    services,
    server,
    port: Number(new URL(server.origin).port),
    home,
    async close() {
      await server.close();
      services.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export function get(port: number, path: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET', headers: { Host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Exchanges the server's token for a session cookie, as a browser opening the printed URL does. */
export async function login(f: Fixture): Promise<string> {
  const res = await get(f.port, `/?token=${encodeURIComponent(f.server.token)}`);
  const setCookie = ([] as string[]).concat(res.headers['set-cookie'] ?? [])[0];
  if (!setCookie) throw new Error(`no cookie: ${res.status}`);
  return setCookie.split(';')[0];
}

/** Opens a WebSocket; resolves with the socket, or with the HTTP status the upgrade was refused with. */
export function openWs(port: number, headers: Record<string, string>): Promise<{ ws?: WebSocket; fr?: Frames; refused?: number }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, { headers: { Host: `127.0.0.1:${port}`, ...headers } });
    // Collect from the start: the server's hello can arrive in the same tick as 'open'.
    const fr = frames(ws);
    ws.once('open', () => resolve({ ws, fr }));
    ws.once('unexpected-response', (_req, res) => {
      resolve({ refused: res.statusCode });
      res.resume();
      ws.terminate();
    });
    ws.once('error', () => resolve({ refused: -1 }));
  });
}

export type Frames = ReturnType<typeof frames>;

/** Collects parsed frames so a test can wait for the one it expects. */
export function frames(ws: WebSocket) {
  const seen: any[] = [];
  const waiters: { pred: (m: any) => boolean; resolve: (m: any) => void }[] = [];
  ws.on('message', (raw) => {
    const m = JSON.parse(raw.toString());
    seen.push(m);
    for (const w of [...waiters]) if (w.pred(m)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(m);
    }
  });
  return {
    seen,
    next(pred: (m: any) => boolean, timeoutMs = 5000): Promise<any> {
      const hit = seen.find(pred);
      if (hit) return Promise.resolve(hit);
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error('timed out waiting for a frame')), timeoutMs);
        waiters.push({ pred, resolve: (m) => (clearTimeout(t), resolve(m)) });
      });
    },
  };
}
