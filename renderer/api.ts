/**
 * The renderer's one client of the contract. In Electron it talks to the preload
 * bridge (`window.plugsmith`); in a browser (serve mode) to the WebSocket on the
 * page's own origin. Both give the same PlugsmithApi and reject with the same
 * ApiError built from the contract's envelope, engine words intact.
 *
 * The WebSocket client survives a dropped connection: it reconnects with
 * backoff, re-subscribes every live subscription from the last sequence number
 * it saw (so nothing is missed or shown twice), and holds calls made meanwhile
 * for a while before giving up with `transport/disconnected`. A request larger than the server
 * takes (its hello says how large) is refused here with `transport/too-big`, nothing sent, instead
 * of costing the page its socket; a server that closes for a too-big frame (1009) says the same.
 * The server's own bounds (`serve/too-busy`, `serve/too-many-subscriptions`) arrive as ApiErrors.
 *
 * Type-only imports from electron/: the renderer never loads Node or zod.
 */
import type { PlugsmithApi, EventEnvelope, EventName, RequestName, ResponseEnvelope } from '../electron/ipc/contract';
import type { ServerFrame, ClientFrame } from '../electron/ipc/web';
import type { PlugsmithBridge } from '../electron/preload';
import type { ErrorEnvelope } from '../electron/services/errors';

declare global {
  interface Window {
    plugsmith?: PlugsmithBridge;
  }
}

export class ApiError extends Error {
  readonly code: string;
  readonly detail?: string;
  constructor(envelope: ErrorEnvelope) {
    super(envelope.message);
    this.name = 'ApiError';
    this.code = envelope.code;
    this.detail = envelope.detail;
  }
}

function unwrap<R>(envelope: ResponseEnvelope): R {
  if (envelope.ok) return envelope.result as R;
  throw new ApiError(envelope.error);
}

export type TransportState = 'connected' | 'reconnecting';

export interface ConnectionState {
  get(): TransportState;
  subscribe(cb: (state: TransportState) => void): () => void;
}

function observable(initial: TransportState) {
  let value = initial;
  const listeners = new Set<(s: TransportState) => void>();
  return {
    state: {
      get: () => value,
      subscribe(cb: (s: TransportState) => void) {
        listeners.add(cb);
        return () => listeners.delete(cb);
      },
    } as ConnectionState,
    set(next: TransportState) {
      if (next === value) return;
      value = next;
      for (const l of [...listeners]) l(next);
    },
  };
}

// ---- Electron: the preload bridge -------------------------------------------------

export function createIpcApi(bridge: PlugsmithBridge): PlugsmithApi {
  return {
    async call(method, args) {
      const fn = bridge[method as RequestName];
      if (typeof fn !== 'function') throw new ApiError({ code: 'ipc/unknown-method', message: `Unknown request: ${String(method)}` });
      return unwrap(await fn(args));
    },
    subscribe(topic, params, fromSeq, onEvent) {
      let disposed = false;
      let sub: string | null = null;
      void bridge.subscribe(topic, params, fromSeq, onEvent as (e: EventEnvelope) => void).then((answer) => {
        if (!answer.ok) return console.error(`Subscription to ${topic} refused: ${answer.error.message}`);
        sub = answer.result;
        if (disposed) void bridge.unsubscribe(sub);
      });
      return () => {
        if (disposed) return;
        disposed = true;
        if (sub) void bridge.unsubscribe(sub);
      };
    },
  };
}

// ---- Serve mode: the WebSocket ----------------------------------------------------

/** The part of the browser WebSocket the client uses (the `ws` package's client fits too, for tests). */
export interface SocketLike {
  readyState: number;
  send(data: string): void;
  close(): void;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
}

export interface WsApiOptions {
  url: string;
  open?: (url: string) => SocketLike;
  /** How long a call made while disconnected waits for the connection. */
  queueTimeoutMs?: number;
  minBackoffMs?: number;
  maxBackoffMs?: number;
}

interface PendingCall {
  frame: ClientFrame & { type: 'call' };
  resolve(v: unknown): void;
  reject(e: Error): void;
  sent: boolean;
  timer?: ReturnType<typeof setTimeout>;
}

interface LiveSub {
  topic: EventName;
  params: unknown;
  /** The last sequence number delivered: a re-subscribe asks from here, and anything at or below is a duplicate. */
  lastSeq: number;
  onEvent(e: EventEnvelope): void;
}

const OPEN = 1;
/** RFC 6455: the peer closed because a message was too big to process. */
const CLOSE_TOO_BIG = 1009;

/** UTF-8 length of s, computed only when its character count leaves the answer open. */
function tooBig(s: string, max: number): boolean {
  if (s.length > max) return true;
  if (s.length * 3 <= max) return false;
  return new TextEncoder().encode(s).length > max;
}

const MB = 1024 * 1024;

export interface WsApi {
  api: PlugsmithApi;
  connectionState: ConnectionState;
  close(): void;
}

export function createWsApi(opts: WsApiOptions): WsApi {
  const open = opts.open ?? ((url: string) => new WebSocket(url) as unknown as SocketLike);
  const queueTimeoutMs = opts.queueTimeoutMs ?? 15_000;
  const minBackoff = opts.minBackoffMs ?? 250;
  const maxBackoff = opts.maxBackoffMs ?? 5_000;
  // Optimistic until a connection actually fails, so the first paint does not flash "reconnecting…".
  const conn = observable('connected');
  const pending = new Map<number, PendingCall>();
  const subs = new Map<number, LiveSub>();
  let socket: SocketLike | null = null;
  let ready = false; // true after the server's hello on the current socket
  let instance: string | null = null;
  let maxFrameBytes: number | null = null;
  let nextId = 1;
  let nextSub = 1;
  let failures = 0;
  let closed = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  const disconnected = (message: string) => new ApiError({ code: 'transport/disconnected', message });
  const tooBigError = (method: string, detail?: string) =>
    new ApiError({
      code: 'transport/too-big',
      message: `${method} is too large to send to Plugsmith serve${maxFrameBytes ? ` (at most ${(maxFrameBytes / MB).toFixed(0)} MB per request)` : ''}; it was not run.`,
      detail,
    });

  const sendFrame = (frame: ClientFrame) => {
    if (!socket || !ready || socket.readyState !== OPEN) return false;
    socket.send(JSON.stringify(frame));
    return true;
  };

  const sendCall = (p: PendingCall) => {
    if (!socket || !ready || socket.readyState !== OPEN) return;
    const text = JSON.stringify(p.frame);
    // The server would close the socket on it (and every other call in flight with it): refuse here.
    if (maxFrameBytes && tooBig(text, maxFrameBytes)) {
      pending.delete(p.frame.id as number);
      if (p.timer) clearTimeout(p.timer);
      p.reject(tooBigError(p.frame.method, `${text.length} characters of JSON; the server takes frames of at most ${maxFrameBytes} bytes`));
      return;
    }
    socket.send(text);
    p.sent = true;
    if (p.timer) clearTimeout(p.timer);
    p.timer = undefined;
  };

  const subscribeFrame = (id: number, s: LiveSub): ClientFrame => ({ type: 'subscribe', sub: id, topic: s.topic, params: s.params, fromSeq: s.lastSeq });

  const onFrame = (frame: ServerFrame) => {
    switch (frame.type) {
      case 'hello': {
        // Another server process numbers its streams from 1 again: ask for everything it has.
        if (instance !== null && instance !== frame.instance) for (const s of subs.values()) s.lastSeq = 0;
        instance = frame.instance;
        maxFrameBytes = frame.maxFrameBytes ?? null;
        ready = true;
        failures = 0;
        for (const [id, s] of subs) sendFrame(subscribeFrame(id, s));
        for (const p of pending.values()) if (!p.sent) sendCall(p);
        conn.set('connected');
        return;
      }
      case 'result': {
        const p = pending.get(frame.id as number);
        if (!p) return;
        pending.delete(frame.id as number);
        if (frame.envelope.ok) p.resolve(frame.envelope.result);
        else p.reject(new ApiError(frame.envelope.error));
        return;
      }
      case 'event': {
        const s = subs.get(frame.sub as number);
        if (!s || frame.event.seq <= s.lastSeq) return;
        s.lastSeq = frame.event.seq;
        s.onEvent(frame.event);
        return;
      }
      case 'subscribe-error': {
        const s = subs.get(frame.sub as number);
        subs.delete(frame.sub as number);
        if (s) console.error(`Subscription to ${s.topic} refused: ${frame.error.message}`);
        return;
      }
    }
  };

  const scheduleReconnect = () => {
    if (closed || retryTimer) return;
    const delay = Math.min(maxBackoff, minBackoff * 2 ** Math.min(failures, 10));
    failures++;
    // Jitter keeps several tabs from hammering a restarting server in step.
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      connect();
    }, delay * (0.75 + Math.random() * 0.5));
  };

  const onLost = (s: SocketLike, code?: number) => {
    if (socket !== s) return;
    socket = null;
    ready = false;
    if (closed) return;
    conn.set('reconnecting');
    // A call already sent may or may not have run; resending could enable twice. Say so instead.
    // Closed for a too-big frame: the server read none of it, but which call it was is unknown.
    for (const [id, p] of pending) {
      if (!p.sent) continue;
      pending.delete(id);
      p.reject(
        code === CLOSE_TOO_BIG
          ? tooBigError(p.frame.method, 'the server closed the connection (1009: message too big); this request or another sent with it was too large')
          : disconnected('The connection to Plugsmith was lost before it answered; the request may or may not have run.'),
      );
    }
    scheduleReconnect();
  };

  function connect() {
    if (closed) return;
    let s: SocketLike;
    try {
      s = open(opts.url);
    } catch {
      conn.set('reconnecting');
      scheduleReconnect();
      return;
    }
    socket = s;
    s.onmessage = (ev) => {
      if (socket !== s) return;
      let frame: ServerFrame;
      try {
        frame = JSON.parse(String(ev.data));
      } catch {
        return;
      }
      onFrame(frame);
    };
    s.onclose = (ev) => onLost(s, (ev as { code?: number } | null)?.code);
    s.onerror = () => {
      // 'close' follows 'error' in browsers; closing here covers clients that do not.
      try {
        s.close();
      } catch {
        /* already closed */
      }
      onLost(s);
    };
  }

  const api: PlugsmithApi = {
    call(method, args) {
      return new Promise((resolve, reject) => {
        if (closed) return reject(disconnected('The connection to Plugsmith is closed.'));
        const id = nextId++;
        const p: PendingCall = { frame: { type: 'call', id, method, args }, resolve: resolve as (v: unknown) => void, reject, sent: false };
        pending.set(id, p);
        sendCall(p);
        if (!p.sent && pending.get(id) === p) {
          p.timer = setTimeout(() => {
            if (pending.get(id) !== p || p.sent) return;
            pending.delete(id);
            reject(disconnected(`No connection to Plugsmith for ${Math.round(queueTimeoutMs / 1000)} s; ${method} was not sent.`));
          }, queueTimeoutMs);
        }
      });
    },
    subscribe(topic, params, fromSeq, onEvent) {
      const id = nextSub++;
      const s: LiveSub = { topic, params, lastSeq: fromSeq, onEvent: onEvent as (e: EventEnvelope) => void };
      subs.set(id, s);
      sendFrame(subscribeFrame(id, s));
      return () => {
        if (subs.delete(id)) sendFrame({ type: 'unsubscribe', sub: id });
      };
    },
  };

  connect();
  return {
    api,
    connectionState: conn.state,
    close() {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      socket?.close();
      socket = null;
      for (const [id, p] of pending) {
        pending.delete(id);
        if (p.timer) clearTimeout(p.timer);
        p.reject(disconnected('The connection to Plugsmith is closed.'));
      }
      subs.clear();
    },
  };
}

// ---- The default transport, picked on first use -----------------------------------

let chosen: { api: PlugsmithApi; connectionState: ConnectionState } | null = null;

function transport() {
  if (!chosen) {
    if (window.plugsmith) {
      chosen = { api: createIpcApi(window.plugsmith), connectionState: observable('connected').state };
    } else {
      const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
      chosen = createWsApi({ url: `${scheme}://${location.host}/ws` });
    }
  }
  return chosen;
}

export const api: PlugsmithApi = {
  call: (method, args) => transport().api.call(method, args),
  subscribe: (topic, params, fromSeq, onEvent) => transport().api.subscribe(topic, params, fromSeq, onEvent),
};

export const connectionState: ConnectionState = {
  get: () => transport().connectionState.get(),
  subscribe: (cb) => transport().connectionState.subscribe(cb),
};
