/**
 * renderer/api.ts against a real serve-mode server (real services, no engine):
 * the `ws` package's client stands in for the browser's WebSocket (same
 * onopen/onmessage surface), carrying the session cookie a browser would.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import WebSocket from 'ws';
import { startFixture, login, type Fixture } from '../electron/serve/testing';
import { createWsApi, createIpcApi, ApiError, type SocketLike, type TransportState } from './api';
import { dispatch, openSubscription } from '../electron/ipc/dispatch';
import { requestNames, type EventEnvelope } from '../electron/ipc/contract';
import type { PlugsmithBridge } from '../electron/preload';
import { MAX_FRAME_BYTES } from '../electron/serve/server';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The error a promise rejects with; fails the test if it resolves. */
const rejection = (p: Promise<unknown>): Promise<ApiError> =>
  p.then(
    (v) => {
      throw new Error(`expected a rejection, got ${JSON.stringify(v)}`);
    },
    (e: unknown) => e as ApiError,
  );

const until = async (cond: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
};

function opener(f: Fixture, cookie: string, sockets: WebSocket[]) {
  return () => {
    const ws = new WebSocket(`ws://127.0.0.1:${f.port}/ws`, { headers: { Cookie: cookie, Origin: f.server.origin } });
    sockets.push(ws);
    return ws as unknown as SocketLike;
  };
}

describe('renderer api over the serve WebSocket', () => {
  let f: Fixture;
  let cookie: string;
  beforeAll(async () => {
    f = await startFixture();
    cookie = await login(f);
  });
  afterAll(() => f.close());

  it('returns results and rejects with ApiError carrying code and message', async () => {
    const client = createWsApi({ url: 'unused', open: opener(f, cookie, []) });
    const status = await client.api.call('engine:status', {});
    expect(status.state).toBe('unreachable');
    const err = await rejection(client.api.call('plugins:inspect', { name: '' }));
    expect(err).toBeInstanceOf(ApiError);
    expect(err.code).toBe('ipc/invalid-args');
    expect(err.message).toContain('plugins:inspect');
    client.close();
  });

  it('reconnects, replays what it missed from the last sequence number, and shows nothing twice', async () => {
    const sockets: WebSocket[] = [];
    const client = createWsApi({ url: 'unused', open: opener(f, cookie, sockets), minBackoffMs: 100 });
    const states: TransportState[] = [];
    client.connectionState.subscribe((s) => states.push(s));
    const got: EventEnvelope[] = [];
    const key = 'job-replay-1';
    client.api.subscribe('job', { id: key }, 0, (e) => got.push(e));
    for (let i = 1; i <= 3; i++) f.services.hub.publish('job', key, { type: 'log', line: `line ${i}` });
    await until(() => got.length === 3);

    sockets[0].terminate();
    await until(() => client.connectionState.get() === 'reconnecting');
    // Published while the page is cut off: must arrive after the reconnect, once.
    for (let i = 4; i <= 5; i++) f.services.hub.publish('job', key, { type: 'log', line: `line ${i}` });
    // A call made while disconnected waits for the connection instead of failing.
    const jobs = client.api.call('jobs:list', {});
    await until(() => got.length === 5);
    expect(await jobs).toEqual(expect.any(Array));
    f.services.hub.publish('job', key, { type: 'log', line: 'line 6' });
    await until(() => got.length === 6);
    await new Promise((r) => setTimeout(r, 100));
    expect(got.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(got.map((e) => (e.data as { line: string }).line)).toEqual(['line 1', 'line 2', 'line 3', 'line 4', 'line 5', 'line 6']);
    expect(states).toEqual(['reconnecting', 'connected']);
    expect(sockets.length).toBe(2);
    client.close();
  });

  it('stops delivering after unsubscribe, and a sticky stream is not repeated by a reconnect', async () => {
    const sockets: WebSocket[] = [];
    const client = createWsApi({ url: 'unused', open: opener(f, cookie, sockets), minBackoffMs: 50 });
    const engine: EventEnvelope[] = [];
    client.api.subscribe('engine', {}, 0, (e) => engine.push(e));
    const job: EventEnvelope[] = [];
    const off = client.api.subscribe('job', { id: 'job-unsub-1' }, 0, (e) => job.push(e));
    await until(() => engine.length === 1);
    sockets[0].terminate();
    await until(() => sockets.length === 2 && client.connectionState.get() === 'connected');
    await client.api.call('jobs:list', {});
    expect(engine.length).toBe(1);
    off();
    await client.api.call('jobs:list', {}); // the unsubscribe frame is ahead of this call on the socket
    f.services.hub.publish('job', 'job-unsub-1', { type: 'log', line: 'late' });
    await client.api.call('jobs:list', {});
    expect(job).toEqual([]);
    client.close();
  });

  it('starts over from sequence 1 when the server is a new process', async () => {
    const other = await startFixture();
    const otherCookie = await login(other);
    const sockets: WebSocket[] = [];
    const toFirst = opener(f, cookie, sockets);
    const toOther = opener(other, otherCookie, sockets);
    const client = createWsApi({ url: 'unused', open: (u) => (sockets.length === 0 ? toFirst() : toOther()), minBackoffMs: 50 });
    const got: string[] = [];
    const key = 'job-restart-1';
    client.api.subscribe('job', { id: key }, 0, (e) => got.push(`${e.seq}:${(e.data as { line: string }).line}`));
    for (let i = 1; i <= 4; i++) f.services.hub.publish('job', key, { type: 'log', line: `old ${i}` });
    await until(() => got.length === 4);
    other.services.hub.publish('job', key, { type: 'log', line: 'new 1' });
    sockets[0].terminate();
    await until(() => got.length === 5);
    expect(got[4]).toBe('1:new 1');
    client.close();
    await other.close();
  });

  it('refuses a request larger than the server takes before sending it, and keeps the socket (issue 15)', async () => {
    const sockets: WebSocket[] = [];
    const client = createWsApi({ url: 'unused', open: opener(f, cookie, sockets) });
    await client.api.call('jobs:list', {});
    const err = await rejection(client.api.call('files:write', { path: join(f.home, 'huge.json'), text: '\n'.repeat(MAX_FRAME_BYTES / 2 + 1) }));
    expect(err.code).toBe('transport/too-big');
    expect(err.message).toBe('files:write is too large to send to Plugsmith serve (at most 9 MB per request); it was not run.');
    expect(existsSync(join(f.home, 'huge.json'))).toBe(false);
    expect(await client.api.call('jobs:list', {})).toEqual(expect.any(Array));
    expect(sockets.length).toBe(1);
    client.close();
  });

  it('says "too big", not "lost", when the server closes for a too-big frame (1009)', async () => {
    const fake: SocketLike & { sent: string[] } = { readyState: 1, sent: [], send: (d) => fake.sent.push(d), close: () => undefined, onopen: null, onclose: null, onerror: null, onmessage: null };
    const client = createWsApi({ url: 'unused', open: () => fake, minBackoffMs: 60_000 });
    fake.onmessage!({ data: JSON.stringify({ type: 'hello', instance: 'a' }) });
    const call = rejection(client.api.call('config:lint', { text: 'x' }));
    expect(fake.sent).toHaveLength(1);
    fake.onclose!({ code: 1009 });
    const err = await call;
    expect(err.code).toBe('transport/too-big');
    expect(err.message).toBe('config:lint is too large to send to Plugsmith serve; it was not run.');
    client.close();
  });

  it('gives up on a call after the queue timeout when no connection can be made', async () => {
    const client = createWsApi({ url: 'unused', open: opener(f, 'plugsmith_session=expired', []), queueTimeoutMs: 300, minBackoffMs: 50 });
    const err = await rejection(client.api.call('engine:status', {}));
    expect(err).toBeInstanceOf(ApiError);
    expect(err.code).toBe('transport/disconnected');
    expect(client.connectionState.get()).toBe('reconnecting');
    client.close();
  });
});

describe('renderer api over the preload bridge', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await startFixture();
  });
  afterAll(() => f.close());

  // The bridge as the preload builds it, over the same dispatch the IPC binding uses.
  const bridge = () => {
    const b: Record<string, unknown> = {};
    for (const name of requestNames) b[name] = (args: unknown) => dispatch(f.services.handlers, name, args);
    const subs = new Map<string, () => void>();
    let n = 0;
    b.subscribe = async (topic: string, params: unknown, fromSeq: number, cb: (e: EventEnvelope) => void) => {
      try {
        const id = `s${++n}`;
        subs.set(id, openSubscription(f.services.events, topic, params, fromSeq, cb));
        return { ok: true, result: id };
      } catch (e) {
        return { ok: false, error: { code: (e as { code: string }).code, message: (e as Error).message } };
      }
    };
    b.unsubscribe = async (id: string) => subs.get(id)?.();
    return b as unknown as PlugsmithBridge;
  };

  it('unwraps envelopes into results and ApiErrors', async () => {
    const api = createIpcApi(bridge());
    expect((await api.call('settings:get', {})).language).toMatch(/^(en|zh-CN)$/);
    const err = await rejection(api.call('jobs:get', { id: 'nope' }));
    expect(err).toBeInstanceOf(ApiError);
    expect(err.code).toBe('ipc/invalid-args');
  });

  it('delivers events and honours an unsubscribe made before the subscription was confirmed', async () => {
    const api = createIpcApi(bridge());
    const got: EventEnvelope[] = [];
    api.subscribe('engine', {}, 0, (e) => got.push(e));
    await until(() => got.length === 1);
    const late: EventEnvelope[] = [];
    const off = api.subscribe('job', { id: 'job-ipc-1' }, 0, (e) => late.push(e));
    off();
    await new Promise((r) => setTimeout(r, 20));
    f.services.hub.publish('job', 'job-ipc-1', { type: 'log', line: 'x' });
    expect(late).toEqual([]);
  });
});
