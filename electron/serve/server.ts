/**
 * `plugsmith serve`: the built renderer plus the contract's WebSocket on one
 * port, loopback only unless told otherwise. See auth.ts for who gets in and
 * ../ipc/web.ts for what they can say once in.
 */
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { readFileSync, existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import type { Duplex } from 'node:stream';
import type { Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { PlugsmithError } from '../services/errors';
import { bindConnection, type WireServices } from '../ipc/web';
import { newSecret, secretEquals, isLoopbackHost, isLoopbackAddress, originMatchesHost, readCookie, Sessions, sessionCookie, SESSION_COOKIE } from './auth';
import { serveStatic, sendText } from './static';
import { sendUnauthorized } from './unauthorized';

export interface ServeOptions {
  services: WireServices;
  host?: string;
  port?: number;
  /** Needed to listen on anything but loopback; then TLS is required too. */
  allowRemote?: boolean;
  /** PEM text or paths to PEM files. */
  tls?: { cert: string; key: string };
  /** The built renderer; defaults to dist/renderer next to the bundle. */
  rendererDir?: string;
  /** Largest WebSocket frame accepted from a client; a larger one closes the socket with 1009. */
  maxMessageBytes?: number;
  /** How often each WebSocket is pinged; one that has not answered the previous ping is dropped. */
  pingIntervalMs?: number;
  /** Connections that have not shown a token or session cookie yet, at most; the oldest goes first. */
  maxUnauthenticated?: number;
  /** How long a connection may stay without showing a token or session cookie. */
  unauthenticatedTimeoutMs?: number;
  /** Open WebSockets, at most (each is a page: tabs, reconnects); one more is refused with 503. */
  maxSockets?: number;
}

/**
 * The largest legitimate client frame is a whole config file going to files:write or config:lint:
 * the editor opens files of up to 4 MiB (files.ts), and JSON at most doubles such text (a newline
 * or quote becomes two characters), plus the envelope. Anything bigger is not a request we would
 * run, and holding it costs its size in memory per socket.
 */
export const MAX_FRAME_BYTES = 2 * 4 * 1024 * 1024 + 1024 * 1024;
/** A page's socket answers pings on its own (browsers do it below the page); a dead peer does not. */
export const PING_INTERVAL_MS = 30_000;
/**
 * A browser shows its token or cookie in its first request, milliseconds after connecting; a
 * connection that has not after a few seconds is not a page load, and a flood of them must not
 * take the file descriptors page loads need.
 */
export const UNAUTHENTICATED_MAX = 128;
export const UNAUTHENTICATED_TIMEOUT_MS = 5_000;
export const SOCKETS_MAX = 64;

export interface ServeHandle {
  /** What to open: carries the token once; the page then lives on the cookie. */
  url: string;
  origin: string;
  token: string;
  close(): Promise<void>;
}

function defaultRendererDir(): string {
  // In the bundle (dist/cli.cjs, dist/electron/main.cjs) __dirname exists; from sources, use the project's dist.
  const here = typeof __dirname === 'string' ? __dirname : null;
  const candidates = [here && join(here, 'renderer'), here && join(here, '..', 'renderer'), resolve('dist', 'renderer')].filter(Boolean) as string[];
  return candidates.find((d) => existsSync(join(d, 'index.html'))) ?? candidates[candidates.length - 1];
}

function pem(value: string, what: string): string {
  if (value.includes('-----BEGIN')) return value;
  try {
    return readFileSync(value, 'utf8');
  } catch (err) {
    throw new PlugsmithError('serve/tls-unreadable', `Cannot read the TLS ${what} ${value}: ${(err as Error).message}`);
  }
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return hostname();
  return host.includes(':') ? `[${host}]` : host;
}

export async function startServe(opts: ServeOptions): Promise<ServeHandle> {
  const host = opts.host ?? '127.0.0.1';
  const allowRemote = !!opts.allowRemote;
  if (!isLoopbackAddress(host) && !allowRemote) {
    throw new PlugsmithError(
      'serve/remote-refused',
      `Refusing to listen on ${host}: the serve token grants root on this host through the Docker socket. Use an SSH tunnel to 127.0.0.1, or pass --allow-remote with --tls-cert and --tls-key.`,
    );
  }
  if (allowRemote && !isLoopbackAddress(host) && (!opts.tls?.cert || !opts.tls?.key)) {
    throw new PlugsmithError('serve/tls-required', `--allow-remote on ${host} needs TLS: pass --tls-cert FILE and --tls-key FILE.`);
  }
  const rendererDir = opts.rendererDir ?? defaultRendererDir();
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new PlugsmithError('serve/no-renderer', `No built renderer in ${rendererDir}: run \`npm run build\` first.`);
  }

  const secure = !!opts.tls;
  const token = newSecret();
  const instance = newSecret().slice(0, 16);
  const sessions = new Sessions();
  const hostAllowed = (h: string | undefined) => allowRemote || isLoopbackHost(h);

  // Connections that have not shown who they are, oldest first (a Map keeps insertion order).
  const maxUnauth = opts.maxUnauthenticated ?? UNAUTHENTICATED_MAX;
  const unauthMs = opts.unauthenticatedTimeoutMs ?? UNAUTHENTICATED_TIMEOUT_MS;
  const unauthenticated = new Map<Socket, NodeJS.Timeout>();
  const trust = (socket: Socket | Duplex) => {
    const t = unauthenticated.get(socket as Socket);
    if (t === undefined) return;
    clearTimeout(t);
    unauthenticated.delete(socket as Socket);
  };
  const onConnection = (socket: Socket) => {
    if (unauthenticated.size >= maxUnauth) {
      const [oldest] = unauthenticated.keys();
      trust(oldest);
      oldest.destroy();
    }
    const timer = setTimeout(() => {
      unauthenticated.delete(socket);
      socket.destroy();
    }, unauthMs);
    timer.unref();
    unauthenticated.set(socket, timer);
    socket.once('close', () => trust(socket));
  };

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    if (!hostAllowed(req.headers.host)) return sendText(res, 403, 'Forbidden: this server answers only to a loopback host name.\n');
    const url = new URL(req.url ?? '/', 'http://placeholder');
    const given = url.searchParams.get('token');
    if (given !== null) {
      if (!secretEquals(given, token)) return sendUnauthorized(req, res, 'wrong-token', secure);
      trust(req.socket);
      // Trade the token for a session cookie and drop it from the address bar (and history, and Referer).
      url.searchParams.delete('token');
      const location = url.pathname + (url.search || '');
      return sendText(res, 303, 'See other\n', { Location: location, 'Set-Cookie': sessionCookie(sessions.mint(), secure) });
    }
    if (!sessions.has(readCookie(req, SESSION_COOKIE))) return sendUnauthorized(req, res, 'missing', secure);
    trust(req.socket);
    if (url.pathname === '/ws') return sendText(res, 426, 'Upgrade required\n', { Upgrade: 'websocket' });
    serveStatic(rendererDir, req, res, url.pathname).catch(() => res.destroy());
  };

  const server: Server = secure
    ? createHttpsServer({ cert: pem(opts.tls!.cert, 'certificate'), key: pem(opts.tls!.key, 'key'), handshakeTimeout: unauthMs }, onRequest)
    : createHttpServer(onRequest);
  // Over TLS the request's socket is the TLS one: track that (a handshake that never ends is bounded by handshakeTimeout).
  server.on(secure ? 'secureConnection' : 'connection', onConnection);

  const maxFrameBytes = opts.maxMessageBytes ?? MAX_FRAME_BYTES;
  const maxSockets = opts.maxSockets ?? SOCKETS_MAX;
  const wss = new WebSocketServer({ noServer: true, maxPayload: maxFrameBytes });
  const sockets = new Set<WebSocket>();
  const alive = new WeakSet<WebSocket>();

  // Ping every socket; one that did not answer the previous ping is gone (a dead peer, a
  // suspended laptop, a stalled tunnel) and is dropped, taking its subscriptions with it.
  const pinger = setInterval(() => {
    for (const ws of sockets) {
      if (!alive.has(ws)) {
        ws.terminate();
        continue;
      }
      alive.delete(ws);
      ws.ping();
    }
  }, opts.pingIntervalMs ?? PING_INTERVAL_MS);
  pinger.unref();

  const refuse = (socket: Duplex, status: 401 | 403 | 404 | 503, text: string) => {
    // end() flushes the answer before closing; destroy() could drop it unsent.
    socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${text.length + 1}\r\n\r\n${text}\n`);
  };

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'http://placeholder');
    if (url.pathname !== '/ws') return refuse(socket, 404, 'Not Found');
    if (!hostAllowed(req.headers.host)) return refuse(socket, 403, 'Forbidden');
    if (!originMatchesHost(req.headers.origin, req.headers.host, secure)) return refuse(socket, 403, 'Forbidden');
    if (!sessions.has(readCookie(req, SESSION_COOKIE))) return refuse(socket, 401, 'Unauthorized');
    if (sockets.size >= maxSockets) return refuse(socket, 503, 'Service Unavailable');
    trust(socket);
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      alive.add(ws);
      ws.on('pong', () => alive.add(ws));
      ws.on('close', () => sockets.delete(ws));
      bindConnection(ws, opts.services, { instance, maxFrameBytes });
    });
  });

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(new PlugsmithError(`serve/${err.code ?? 'listen'}`, `Cannot listen on ${host}:${opts.port ?? 0}: ${err.message}`)),
    );
    server.listen(opts.port ?? 0, host, () => resolveListen());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port ?? 0;
  const origin = `${secure ? 'https' : 'http'}://${urlHost(host)}:${port}`;

  return {
    url: `${origin}/?token=${token}`,
    origin,
    token,
    close: () =>
      new Promise<void>((done) => {
        clearInterval(pinger);
        for (const t of unauthenticated.values()) clearTimeout(t);
        unauthenticated.clear();
        for (const ws of sockets) ws.terminate();
        wss.close();
        server.close(() => done());
        server.closeAllConnections?.();
      }),
  };
}
