/**
 * The single request path both transports share: look the method up in the
 * contract, validate its argument against the entry's schema, run the handler,
 * and answer with the envelope. Nothing reaches a handler unvalidated, and no
 * handler error crosses a transport as anything but {code, message, detail}.
 */
import { requests, events, type Handlers, type ResponseEnvelope, type EventName, type EventSource, type EventEnvelope } from './contract';
import { toEnvelope, PlugsmithError } from '../services/errors';

function isRequestName(m: string): m is keyof typeof requests {
  return Object.prototype.hasOwnProperty.call(requests, m);
}

export function isEventName(t: string): t is EventName {
  return Object.prototype.hasOwnProperty.call(events, t);
}

export async function dispatch(handlers: Handlers, method: unknown, rawArgs: unknown): Promise<ResponseEnvelope> {
  try {
    if (typeof method !== 'string' || !isRequestName(method)) {
      throw new PlugsmithError('ipc/unknown-method', `Unknown request: ${String(method).slice(0, 80)}`);
    }
    const parsed = requests[method].args.safeParse(rawArgs ?? {});
    if (!parsed.success) {
      throw new PlugsmithError(
        'ipc/invalid-args',
        `Invalid arguments for ${method}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(args)'}: ${i.message}`).join('; ')}`,
        JSON.stringify(parsed.error.issues),
      );
    }
    const handler = handlers[method] as (a: unknown) => Promise<unknown>;
    const result = await handler(parsed.data);
    return { ok: true, result: result === undefined ? null : result };
  } catch (err) {
    return { ok: false, error: toEnvelope(err) };
  }
}

/** Validates a subscription and opens it; throws PlugsmithError on a bad topic or params. */
export function openSubscription(
  source: EventSource,
  topic: unknown,
  rawParams: unknown,
  fromSeq: unknown,
  onEvent: (e: EventEnvelope) => void,
): () => void {
  if (typeof topic !== 'string' || !isEventName(topic)) {
    throw new PlugsmithError('ipc/unknown-topic', `Unknown event stream: ${String(topic).slice(0, 80)}`);
  }
  const parsed = events[topic].params.safeParse(rawParams ?? {});
  if (!parsed.success) {
    throw new PlugsmithError('ipc/invalid-args', `Invalid subscription to ${topic}: ${parsed.error.message}`);
  }
  const seq = typeof fromSeq === 'number' && Number.isInteger(fromSeq) && fromSeq >= 0 ? fromSeq : 0;
  return source.subscribe(topic, parsed.data as never, seq, onEvent as never);
}
