/**
 * A stand-in for Contiv's netmaster, for tests: a real HTTP server on 127.0.0.1 (port 0) that
 * follows the captured contract of netmaster 1.1.0-rc.1-470 (shared/contiv/netmaster-api) —
 * gorilla/mux routing (trailing slashes required, `404 page not found` for an unknown route *or*
 * a wrong method, never 405), 500 + text (+ Go-style frames) for handler errors, 200 on create,
 * DELETE answering the key as a JSON string, lists in random order, the daemon routes sending
 * JSON as `text/plain`, `/services` answering 500 `key not found` while there are none.
 * contract.test.ts replays every capture against it, so it cannot drift from the real one.
 *
 * `onDockerNetwork` lets a test have it create the Docker network for each network and group
 * (`<net>/<tenant>`, or `<net>` in tenant default) as the real one does in docker mode; see
 * engineDockerNetworkHook in docker-hook.ts.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OBJECT_TYPES, type ObjectType } from '../types';
import { GoJsonError, goDecode } from './go-json';
import { NetmasterState, NmError, type DockerNetworkHook } from './state';

export interface TestNetmasterOptions {
  onDockerNetwork?: DockerNetworkHook;
  version?: { GitCommit: string; Version: string; BuildTime: string };
  /** What `/info` reports as this host's address. */
  localIp?: string;
  /** What `/info` reports as the leader's address (netmaster's advertised listen URL); default: this server. */
  leaderIp?: string;
  /** Global settings at start (netmaster's flags). */
  globals?: { fwdMode?: string; arpMode?: string; vlans?: string; vxlans?: string; pvtSubnet?: string };
  /** Keep list order as stored (only for a test that must not depend on randomness). */
  stableOrder?: boolean;
}

export interface TestNetmaster {
  url: string;
  port: number;
  state: NetmasterState;
  close(): Promise<void>;
}

const TEXT = 'text/plain; charset=utf-8';
const JSON_CT = 'application/json';
const TYPES = new Set<string>(OBJECT_TYPES);

export async function startTestNetmaster(opts: TestNetmasterOptions = {}): Promise<TestNetmaster> {
  const state = new NetmasterState(opts.onDockerNetwork, opts.globals);
  const server: Server = createServer((req, res) => {
    handle(state, opts, req, res).catch((err: unknown) => send(res, 500, TEXT, `${err instanceof Error ? err.message : String(err)}\n`));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    state,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function send(res: ServerResponse, status: number, contentType: string | null, body: string): void {
  const headers: Record<string, string> = {};
  if (contentType) headers['Content-Type'] = contentType;
  res.writeHead(status, headers);
  res.end(body);
}

/** Go's json.Encoder: the value and a newline. */
function sendJson(res: ServerResponse, value: unknown, contentType = JSON_CT): void {
  send(res, 200, contentType, `${JSON.stringify(value)}\n`);
}

/** A handler error as netmaster writes it: first line, then (for core.Errorf) Go-style frames. */
function sendError(res: ServerResponse, err: unknown): void {
  if (err instanceof NmError) {
    const frames = err.stack_ ? 'plugsmith/test-netmaster.handler [test-netmaster.ts]\nnet/http.HandlerFunc.ServeHTTP [server.go 2109]\n\n' : '';
    send(res, 500, TEXT, `${err.message}\n${frames}`);
    return;
  }
  send(res, 500, TEXT, `${err instanceof Error ? err.message : String(err)}\n`);
}

function notFound(res: ServerResponse): void {
  send(res, 404, TEXT, '404 page not found\n');
}

function shuffle<T>(items: T[], stable: boolean | undefined): T[] {
  if (stable) return items;
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

async function handle(state: NetmasterState, opts: TestNetmasterOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = req.method ?? 'GET';
  const path = (req.url ?? '/').split('?')[0];
  const seg = path.split('/').map((s) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  });
  const order = <T>(items: T[]) => shuffle(items, opts.stableOrder);

  // ---- /api/v1 (contivModel.AddRoutes) ----
  if (seg[1] === 'api' && seg[2] === 'v1') {
    const last = seg[seg.length - 1];
    if (last !== '') return notFound(res); // no trailing slash: no route
    if (seg[3] === 'inspect' && seg.length === 7 && method === 'GET') {
      try {
        if (seg[4] === 'endpoints') return sendJson(res, { Oper: state.inspectEndpoint(seg[5]) });
        if (!TYPES.has(seg[4])) return notFound(res);
        return sendJson(res, state.inspect(seg[4] as ObjectType, seg[5]));
      } catch (err) {
        return sendError(res, err);
      }
    }
    if (!TYPES.has(seg[3])) return notFound(res);
    const type = seg[3] as ObjectType;
    if (seg.length === 5 && method === 'GET') return sendJson(res, order(state.list(type)));
    if (seg.length !== 6 || seg[4] === '') return notFound(res);
    const key = seg[4];
    try {
      switch (method) {
        case 'GET':
          return sendJson(res, state.mustGet(type, key));
        case 'POST':
        case 'PUT': {
          // The API ignores Content-Type: a text/plain POST creates the object all the same.
          const text = await readBody(req);
          let body: unknown;
          try {
            body = goDecode(text);
          } catch (err) {
            if (err instanceof GoJsonError) throw new NmError(err.message);
            throw err;
          }
          return sendJson(res, await state.write(type, key, body));
        }
        case 'DELETE':
          await state.remove(type, key);
          return sendJson(res, key);
        default:
          return notFound(res);
      }
    } catch (err) {
      return sendError(res, err);
    }
  }

  // ---- /plugin/* (subrouter: POST with Content-Type exactly application/json) ----
  if (seg[1] === 'plugin' && seg.length === 3) {
    const handlers: Record<string, (b: Record<string, unknown>) => unknown> = {
      allocAddress: (b) => state.allocAddress(b),
      releaseAddress: (b) => state.releaseAddress(b),
      createEndpoint: (b) => state.createEndpoint(b),
      deleteEndpoint: (b) => state.deleteEndpoint(b),
      updateEndpoint: (b) => state.updateEndpoint(b),
    };
    const h = handlers[seg[2]];
    if (!h || method !== 'POST' || req.headers['content-type'] !== 'application/json') return notFound(res);
    try {
      let body: unknown;
      try {
        body = goDecode(await readBody(req));
      } catch (err) {
        if (err instanceof GoJsonError) throw new NmError(err.message);
        throw err;
      }
      return sendJson(res, h((body ?? {}) as Record<string, unknown>));
    } catch (err) {
      return sendError(res, err);
    }
  }

  // ---- daemon routes (JSON sent as text/plain) ----
  if (method === 'GET' && path === '/version') {
    return sendJson(res, opts.version ?? { GitCommit: 'plugsmith-test', Version: 'test-netmaster', BuildTime: '' }, TEXT);
  }
  if (method === 'GET' && path === '/info') {
    return sendJson(
      res,
      { 'current-state': 'leader', 'leader-ip': opts.leaderIp ?? `127.0.0.1:${(req.socket.localPort ?? 0).toString()}`, 'local-ip': opts.localIp ?? '127.0.0.1', 'netmaster-nodes': ['127.0.0.1'], 'netplugin-nodes': [] },
      TEXT,
    );
  }
  if (method === 'GET' && path === '/services') {
    const all = state.serviceStates();
    if (all.length === 0) {
      return send(res, 500, TEXT, 'key not found\nplugsmith/test-netmaster.(*EtcdStateDriver).ReadAll [test-netmaster.ts]\n\n');
    }
    return sendJson(res, order(all), TEXT);
  }
  if (method === 'GET' && seg[1] === 'service' && seg.length === 3) return sendJson(res, state.serviceById(seg[2]), TEXT);
  if (method === 'GET' && path === '/debug/ofnet') {
    return sendJson(res, { MyAddr: '127.0.0.1', MyPort: 9001, AgentDb: {}, EndpointDb: {}, PolicyDb: state.ofnetPolicyDb(), AgentStats: null }, TEXT);
  }
  if (method === 'DELETE' && seg[1] === 'debug' && seg[2] === 'epcleanup' && seg[3] === 'tenant' && seg.length === 7) {
    const text = state.epCleanup(seg[4], seg[5], seg[6]);
    // An unknown category: the handler returns without writing — 200, no body, no type.
    return text === null ? send(res, 200, null, '') : send(res, 200, TEXT, text);
  }
  return notFound(res);
}
