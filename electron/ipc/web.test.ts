/**
 * The WebSocket transport's bounds per client (issue 15), on a stand-in socket and stand-in
 * services so that "a call still running" is a promise the test holds, not a race.
 */
import { describe, it, expect } from 'vitest';
import { EventEmitter } from 'node:events';
import type { WebSocket } from 'ws';
import { bindConnection, CALLS_AT_ONCE, CALLS_QUEUED, COSTLY_TOPICS, SUBSCRIPTIONS_MAX } from './web';
import type { Handlers, EventSource } from './contract';

class FakeSocket extends EventEmitter {
  readonly OPEN = 1;
  readyState = 1;
  bufferedAmount = 0;
  sent: any[] = [];
  closedWith: number | null = null;
  send(s: string) {
    this.sent.push(JSON.parse(s));
  }
  close(code: number) {
    this.closedWith = code;
    this.readyState = 3;
    this.emit('close');
  }
  frame(f: unknown) {
    this.emit('message', Buffer.from(JSON.stringify(f)), false);
  }
}

function held() {
  const waiting: (() => void)[] = [];
  let started = 0;
  const handlers = {
    'jobs:list': () => {
      started++;
      return new Promise((resolve) => waiting.push(() => resolve([])));
    },
  } as unknown as Handlers;
  return { handlers, waiting, started: () => started };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('WebSocket transport bounds', () => {
  it(`runs ${CALLS_AT_ONCE} calls at once, queues ${CALLS_QUEUED}, and refuses the next with serve/too-busy`, async () => {
    const ws = new FakeSocket();
    const h = held();
    bindConnection(ws as unknown as WebSocket, { handlers: h.handlers, events: { subscribe: () => () => undefined } }, { instance: 'i', maxFrameBytes: 1234 });
    expect(ws.sent[0]).toEqual({ type: 'hello', instance: 'i', maxFrameBytes: 1234 });
    const total = CALLS_AT_ONCE + CALLS_QUEUED + 5;
    for (let id = 1; id <= total; id++) ws.frame({ type: 'call', id, method: 'jobs:list', args: {} });
    await tick();
    expect(h.started()).toBe(CALLS_AT_ONCE);
    const busy = ws.sent.filter((m) => m.type === 'result');
    expect(busy.map((m) => m.id)).toEqual([total - 4, total - 3, total - 2, total - 1, total]);
    expect(busy[0].envelope).toMatchObject({ ok: false, error: { code: 'serve/too-busy' } });
    expect(busy[0].envelope.error.message).toMatch(/^Plugsmith is busy: .* jobs:list was not run\. Try again in a moment\.$/);

    // As calls end, queued ones start in order, never more than CALLS_AT_ONCE at a time.
    for (let round = 0; round < 40 && h.waiting.length; round++) {
      const running = h.waiting.splice(0);
      expect(running.length).toBeLessThanOrEqual(CALLS_AT_ONCE);
      running.forEach((r) => r());
      await tick();
    }
    const ok = ws.sent.filter((m) => m.type === 'result' && m.envelope.ok).map((m) => m.id);
    expect(ok).toEqual(Array.from({ length: CALLS_AT_ONCE + CALLS_QUEUED }, (_, i) => i + 1));
  });

  it('starts no queued call after the socket closed', async () => {
    const ws = new FakeSocket();
    const h = held();
    bindConnection(ws as unknown as WebSocket, { handlers: h.handlers, events: { subscribe: () => () => undefined } }, { instance: 'i' });
    for (let id = 1; id <= CALLS_AT_ONCE + 10; id++) ws.frame({ type: 'call', id, method: 'jobs:list', args: {} });
    await tick();
    ws.close(1000);
    h.waiting.splice(0).forEach((r) => r());
    await tick();
    expect(h.started()).toBe(CALLS_AT_ONCE);
  });

  it('bounds subscriptions: all topics together, and the costly ones per topic', () => {
    const ws = new FakeSocket();
    let open = 0;
    const events: EventSource = {
      subscribe: () => {
        open++;
        return () => void open--;
      },
    };
    bindConnection(ws as unknown as WebSocket, { handlers: {} as Handlers, events }, { instance: 'i' });
    const logs = COSTLY_TOPICS['doctor-logs']!;
    for (let sub = 0; sub < logs + 2; sub++) ws.frame({ type: 'subscribe', sub, topic: 'doctor-logs', params: {}, fromSeq: 0 });
    expect(open).toBe(logs);
    const refused = ws.sent.filter((m) => m.type === 'subscribe-error');
    expect(refused.map((m) => m.sub)).toEqual([logs, logs + 1]);
    expect(refused[0].error.code).toBe('serve/too-many-subscriptions');
    // One ended: another may start; re-subscribing under a live id replaces it, never counts twice.
    ws.frame({ type: 'unsubscribe', sub: 0 });
    ws.frame({ type: 'subscribe', sub: 'again', topic: 'doctor-logs', params: {}, fromSeq: 0 });
    ws.frame({ type: 'subscribe', sub: 'again', topic: 'doctor-logs', params: {}, fromSeq: 0 });
    expect(open).toBe(logs);
    for (let sub = 100; sub < 100 + SUBSCRIPTIONS_MAX + 3; sub++) ws.frame({ type: 'subscribe', sub, topic: 'job', params: { id: `job-x-${sub}` }, fromSeq: 0 });
    expect(open).toBe(SUBSCRIPTIONS_MAX);
    ws.close(1000);
    expect(open).toBe(0);
  });
});
