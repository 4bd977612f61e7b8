/**
 * The serve-mode transport: the contract over one WebSocket per page, JSON text
 * frames. Requests go through dispatch() and subscriptions through
 * openSubscription(), exactly like the Electron transport, so both answer with
 * the same envelopes. A connection's subscriptions die with it.
 *
 *   client → {type:'call', id, method, args}          server → {type:'result', id, envelope}
 *   client → {type:'subscribe', sub, topic, params, fromSeq}
 *                                                     server → {type:'event', sub, event}
 *                                                            | {type:'subscribe-error', sub, error}
 *   client → {type:'unsubscribe', sub}
 *   server → {type:'hello', instance, maxFrameBytes}  first frame; a new instance means sequence numbers
 *            restarted; a client frame larger than maxFrameBytes closes the socket with 1009
 *
 * One socket is one client, and a client cannot make the server do unbounded work: at most
 * `maxConcurrentCalls` calls run at once, `maxQueuedCalls` more wait their turn, and a call past
 * both is answered at once with `serve/too-busy` (nothing ran). Subscriptions are bounded too, in
 * all and per costly topic (`serve/too-many-subscriptions`).
 */
import type { WebSocket, RawData } from 'ws';
import type { Handlers, EventSource, EventEnvelope, ResponseEnvelope, EventName } from './contract';
import { dispatch, openSubscription } from './dispatch';
import { toEnvelope, type ErrorEnvelope } from '../services/errors';

export type WireId = string | number;

export type ClientFrame =
  | { type: 'call'; id: WireId; method: string; args: unknown }
  | { type: 'subscribe'; sub: WireId; topic: EventName; params: unknown; fromSeq: number }
  | { type: 'unsubscribe'; sub: WireId };

export type ServerFrame =
  | { type: 'hello'; instance: string; maxFrameBytes?: number }
  | { type: 'result'; id: WireId; envelope: ResponseEnvelope }
  | { type: 'event'; sub: WireId; event: EventEnvelope }
  | { type: 'subscribe-error'; sub: WireId; error: ErrorEnvelope };

export interface WireServices {
  handlers: Handlers;
  events: EventSource;
}

export interface ConnectionOptions {
  /** Identifies this server process, so a client can tell a restart (sequence numbers start again) from a reconnect. */
  instance: string;
  /**
   * A client that stops reading must not grow our memory without bound: past this
   * many unsent bytes the connection is closed and the client reconnects, replaying
   * from the last sequence number it saw.
   */
  maxBufferedBytes?: number;
  /** Told to the client in hello, so it can refuse a too-big request itself instead of losing the socket. */
  maxFrameBytes?: number;
  /** Calls running at once for this client (each may hold an engine connection). */
  maxConcurrentCalls?: number;
  /** Calls waiting behind those; one more is refused with serve/too-busy. */
  maxQueuedCalls?: number;
  /** Live subscriptions of this client, all topics together. */
  maxSubscriptions?: number;
}

/**
 * Defaults sized for one page: the renderer opens a screen with a handful of calls and a few
 * subscriptions (engine, plugins, jobs, one per followed job, topology, one log tail).
 */
export const CALLS_AT_ONCE = 8;
export const CALLS_QUEUED = 256;
export const SUBSCRIPTIONS_MAX = 256;
/**
 * Topics whose every subscription costs a live session on the server (the log tail follows files
 * and the engine's log for each plugin named): a page follows one; a few tabs share a socket each.
 */
export const COSTLY_TOPICS: Partial<Record<EventName, number>> = { 'doctor-logs': 4 };

/** Close codes (RFC 6455): 1003 data we cannot accept, 1008 policy, 1009 too big. */
const CLOSE_BAD_FRAME = 1003;
const CLOSE_POLICY = 1008;
const CLOSE_TOO_BIG = 1009;

function isWireId(v: unknown): v is WireId {
  return (typeof v === 'string' && v.length > 0 && v.length <= 64) || (typeof v === 'number' && Number.isSafeInteger(v));
}

/** Binds one open WebSocket to the services; returns a disposer (also run on close). */
export function bindConnection(ws: WebSocket, services: WireServices, opts: ConnectionOptions): () => void {
  const maxBuffered = opts.maxBufferedBytes ?? 64 * 1024 * 1024;
  const atOnce = opts.maxConcurrentCalls ?? CALLS_AT_ONCE;
  const maxQueued = opts.maxQueuedCalls ?? CALLS_QUEUED;
  const maxSubs = opts.maxSubscriptions ?? SUBSCRIPTIONS_MAX;
  const subs = new Map<WireId, { topic: unknown; off: () => void }>();
  const queue: { id: WireId; method: unknown; args: unknown }[] = [];
  let running = 0;
  let closed = false;

  const send = (frame: ServerFrame) => {
    if (closed || ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount > maxBuffered) {
      ws.close(CLOSE_TOO_BIG, 'client too slow');
      return;
    }
    ws.send(JSON.stringify(frame));
  };

  const dropSub = (sub: WireId) => {
    const s = subs.get(sub);
    subs.delete(sub);
    s?.off();
  };

  const dispose = () => {
    if (closed) return;
    closed = true;
    // Queued calls never start: nobody is left to read their answers.
    queue.length = 0;
    for (const sub of [...subs.keys()]) dropSub(sub);
  };

  const runNext = () => {
    while (!closed && running < atOnce && queue.length) {
      const c = queue.shift()!;
      running++;
      void dispatch(services.handlers, c.method, c.args).then((envelope) => {
        running--;
        send({ type: 'result', id: c.id, envelope });
        runNext();
      });
    }
  };

  const call = (id: WireId, method: unknown, args: unknown) => {
    if (queue.length >= maxQueued) {
      const error: ErrorEnvelope = {
        code: 'serve/too-busy',
        message: `Plugsmith is busy: this window already has ${running + queue.length} requests running or waiting, so ${String(method).slice(0, 80)} was not run. Try again in a moment.`,
        detail: `${running} running (at most ${atOnce} at once), ${queue.length} queued (at most ${maxQueued})`,
      };
      return send({ type: 'result', id, envelope: { ok: false, error } });
    }
    queue.push({ id, method, args });
    runNext();
  };

  const subscriptionRefusal = (topic: unknown): ErrorEnvelope | null => {
    if (subs.size >= maxSubs) {
      return { code: 'serve/too-many-subscriptions', message: `This window already follows ${subs.size} event streams (at most ${maxSubs}); close some screens or reload.` };
    }
    const cap = typeof topic === 'string' ? COSTLY_TOPICS[topic as EventName] : undefined;
    if (cap !== undefined) {
      let n = 0;
      for (const s of subs.values()) if (s.topic === topic) n++;
      if (n >= cap) return { code: 'serve/too-many-subscriptions', message: `This window already follows ${n} ${String(topic)} streams (at most ${cap}); stop one first.` };
    }
    return null;
  };

  const onFrame = (raw: RawData, isBinary: boolean) => {
    if (isBinary) return ws.close(CLOSE_BAD_FRAME, 'text frames only');
    let msg: Record<string, unknown>;
    try {
      msg = JSON.parse(raw.toString());
    } catch {
      return ws.close(CLOSE_BAD_FRAME, 'not JSON');
    }
    if (!msg || typeof msg !== 'object') return ws.close(CLOSE_BAD_FRAME, 'not an object');
    switch (msg.type) {
      case 'call': {
        const id = msg.id;
        if (!isWireId(id)) return ws.close(CLOSE_POLICY, 'call without a valid id');
        call(id, msg.method, msg.args);
        return;
      }
      case 'subscribe': {
        const sub = msg.sub;
        if (!isWireId(sub)) return ws.close(CLOSE_POLICY, 'subscribe without a valid sub');
        dropSub(sub); // a reused id replaces the old subscription instead of leaking it
        const refused = subscriptionRefusal(msg.topic);
        if (refused) return send({ type: 'subscribe-error', sub, error: refused });
        try {
          // Replayed events may arrive synchronously inside this call; register the
          // disposer afterwards, and honour an unsubscribe that raced in meanwhile.
          const off = openSubscription(services.events, msg.topic, msg.params, msg.fromSeq, (event) =>
            send({ type: 'event', sub, event }),
          );
          if (closed) off();
          else subs.set(sub, { topic: msg.topic, off });
        } catch (err) {
          send({ type: 'subscribe-error', sub, error: toEnvelope(err) });
        }
        return;
      }
      case 'unsubscribe': {
        if (isWireId(msg.sub)) dropSub(msg.sub);
        return;
      }
      default:
        return ws.close(CLOSE_POLICY, 'unknown frame type');
    }
  };

  ws.on('message', onFrame);
  ws.on('close', dispose);
  ws.on('error', dispose);
  send(opts.maxFrameBytes ? { type: 'hello', instance: opts.instance, maxFrameBytes: opts.maxFrameBytes } : { type: 'hello', instance: opts.instance });
  return dispose;
}
