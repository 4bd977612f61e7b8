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
 *   server → {type:'hello', instance}  first frame; a new instance means sequence numbers restarted
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
  | { type: 'hello'; instance: string }
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
}

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
  const subs = new Map<WireId, () => void>();
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
    const dispose = subs.get(sub);
    subs.delete(sub);
    dispose?.();
  };

  const dispose = () => {
    if (closed) return;
    closed = true;
    for (const sub of [...subs.keys()]) dropSub(sub);
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
        void dispatch(services.handlers, msg.method, msg.args).then((envelope) => send({ type: 'result', id, envelope }));
        return;
      }
      case 'subscribe': {
        const sub = msg.sub;
        if (!isWireId(sub)) return ws.close(CLOSE_POLICY, 'subscribe without a valid sub');
        dropSub(sub); // a reused id replaces the old subscription instead of leaking it
        try {
          // Replayed events may arrive synchronously inside this call; register the
          // disposer afterwards, and honour an unsubscribe that raced in meanwhile.
          const off = openSubscription(services.events, msg.topic, msg.params, msg.fromSeq, (event) =>
            send({ type: 'event', sub, event }),
          );
          if (closed) off();
          else subs.set(sub, off);
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
  send({ type: 'hello', instance: opts.instance });
  return dispose;
}
