import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { connect } from 'node:net';
import { startFixture, login, openWs, type Fixture } from './testing';
import { MAX_FRAME_BYTES } from './server';

describe('serve mode WebSocket', () => {
  let f: Fixture;
  let cookie: string;
  let origin: string;
  beforeAll(async () => {
    f = await startFixture();
    cookie = await login(f);
    origin = `http://127.0.0.1:${f.port}`;
  });
  afterAll(() => f.close());

  it('refuses an upgrade without the session cookie', async () => {
    expect((await openWs(f.port, { Origin: origin })).refused).toBe(401);
    expect((await openWs(f.port, { Origin: origin, Cookie: 'plugsmith_session=nope' })).refused).toBe(401);
  });

  it('refuses a foreign or missing Origin, even with the cookie', async () => {
    for (const o of ['http://evil.example', `http://localhost:${f.port}`, `https://127.0.0.1:${f.port}`, `http://127.0.0.1:${f.port + 1}`]) {
      expect((await openWs(f.port, { Origin: o, Cookie: cookie })).refused, o).toBe(403);
    }
    expect((await openWs(f.port, { Cookie: cookie })).refused).toBe(403);
  });

  it('refuses a non-loopback Host', async () => {
    expect((await openWs(f.port, { Host: 'evil.example', Origin: 'http://evil.example', Cookie: cookie })).refused).toBe(403);
  });

  it('answers calls with the contract envelopes', async () => {
    const { ws, fr } = await openWs(f.port, { Origin: origin, Cookie: cookie });
    expect((await fr!.next((m) => m.type === 'hello')).instance).toMatch(/^[A-Za-z0-9_-]{16}$/);

    ws!.send(JSON.stringify({ type: 'call', id: 1, method: 'engine:status', args: {} }));
    const status = await fr!.next((m) => m.type === 'result' && m.id === 1);
    expect(status.envelope.ok).toBe(true);
    expect(status.envelope.result.state).toBe('unreachable');

    ws!.send(JSON.stringify({ type: 'call', id: 2, method: 'plugins:inspect', args: { name: '' } }));
    const bad = await fr!.next((m) => m.type === 'result' && m.id === 2);
    expect(bad.envelope).toMatchObject({ ok: false, error: { code: 'ipc/invalid-args' } });

    ws!.send(JSON.stringify({ type: 'call', id: 'x', method: 'shell:exec', args: {} }));
    const unknown = await fr!.next((m) => m.type === 'result' && m.id === 'x');
    expect(unknown.envelope).toMatchObject({ ok: false, error: { code: 'ipc/unknown-method' } });
    ws!.close();
  });

  it('delivers the sticky engine status to a new subscriber, and refuses an unknown topic', async () => {
    const { ws, fr } = await openWs(f.port, { Origin: origin, Cookie: cookie });
    ws!.send(JSON.stringify({ type: 'subscribe', sub: 's1', topic: 'engine', params: {}, fromSeq: 0 }));
    const ev = await fr!.next((m) => m.type === 'event' && m.sub === 's1');
    expect(ev.event.topic).toBe('engine');
    expect(ev.event.seq).toBeGreaterThan(0);
    expect(ev.event.data.state).toBe('unreachable');

    ws!.send(JSON.stringify({ type: 'subscribe', sub: 's2', topic: 'nope', params: {}, fromSeq: 0 }));
    const err = await fr!.next((m) => m.type === 'subscribe-error' && m.sub === 's2');
    expect(err.error.code).toBe('ipc/unknown-topic');
    ws!.close();
  });

  it('disposes a connection\'s subscriptions when it closes', async () => {
    const { ws, fr } = await openWs(f.port, { Origin: origin, Cookie: cookie });
    ws!.send(JSON.stringify({ type: 'subscribe', sub: 1, topic: 'jobs', params: {}, fromSeq: 0 }));
    ws!.send(JSON.stringify({ type: 'call', id: 1, method: 'jobs:list', args: {} }));
    await fr!.next((m) => m.type === 'result');
    const listeners = () => (f.services.hub as any).channels.get('jobs\u0000').listeners.size as number;
    const before = listeners();
    expect(before).toBeGreaterThan(0);
    ws!.close();
    await new Promise((r) => ws!.once('close', r));
    await new Promise((r) => setTimeout(r, 50));
    expect(listeners()).toBe(before - 1);
  });

  it('closes the connection on a frame that is not JSON', async () => {
    const { ws } = await openWs(f.port, { Origin: origin, Cookie: cookie });
    const code = await new Promise<number>((resolve) => {
      ws!.once('close', (c) => resolve(c));
      ws!.send('{not json');
    });
    expect(code).toBe(1003);
  });

  it('bounds the size of a client frame to what a whole config file needs, and says so in hello', async () => {
    const { ws, fr } = await openWs(f.port, { Origin: origin, Cookie: cookie });
    expect((await fr!.next((m) => m.type === 'hello')).maxFrameBytes).toBe(MAX_FRAME_BYTES);
    expect(MAX_FRAME_BYTES).toBeLessThan(10 * 1024 * 1024);
    const code = await new Promise<number>((resolve) => {
      ws!.once('close', (c) => resolve(c));
      ws!.send(JSON.stringify({ type: 'call', id: 1, method: 'files:write', args: { path: '/tmp/x', text: 'a'.repeat(MAX_FRAME_BYTES) } }));
    });
    expect(code).toBe(1009);
  });
});

describe('serve mode connection bounds', () => {
  let f: Fixture;
  let cookie: string;
  let origin: string;
  beforeAll(async () => {
    f = await startFixture({ maxUnauthenticated: 4, unauthenticatedTimeoutMs: 60_000, maxSockets: 2 });
    cookie = await login(f);
    origin = `http://127.0.0.1:${f.port}`;
  });
  afterAll(() => f.close());

  it('holds at most maxUnauthenticated connections that have not signed in: the oldest go first', async () => {
    const closed: number[] = [];
    const sockets = [];
    for (let i = 0; i < 10; i++) {
      const s = connect(f.port, '127.0.0.1');
      s.on('error', () => undefined);
      s.on('close', () => closed.push(i));
      await new Promise((r) => s.once('connect', r));
      sockets.push(s);
    }
    const end = Date.now() + 10_000;
    while (closed.length < 6 && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
    expect(closed.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5]);
    // A page load still gets in (and its socket, once signed in, no longer counts).
    const { ws } = await openWs(f.port, { Origin: origin, Cookie: cookie });
    expect(ws).toBeDefined();
    ws!.close();
    sockets.forEach((s) => s.destroy());
  });

  it('refuses a WebSocket past maxSockets with 503', async () => {
    const a = await openWs(f.port, { Origin: origin, Cookie: cookie });
    const b = await openWs(f.port, { Origin: origin, Cookie: cookie });
    expect((await openWs(f.port, { Origin: origin, Cookie: cookie })).refused).toBe(503);
    a.ws!.close();
    await new Promise((r) => a.ws!.once('close', r));
    const end = Date.now() + 5_000;
    let c = await openWs(f.port, { Origin: origin, Cookie: cookie });
    while (c.refused && Date.now() < end) c = await openWs(f.port, { Origin: origin, Cookie: cookie });
    expect(c.ws).toBeDefined();
    b.ws!.close();
    c.ws!.close();
  });

  it('times out a connection that never signs in', async () => {
    const g = await startFixture({ unauthenticatedTimeoutMs: 200 });
    try {
      const s = connect(g.port, '127.0.0.1');
      s.on('error', () => undefined);
      await new Promise((r) => s.once('close', r));
    } finally {
      await g.close();
    }
  });
});
