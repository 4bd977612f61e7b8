/**
 * Serve under load and abuse (issue 15, items 2–6): the real server module over the real services,
 * the engine being the test's private dockerd behind a counting proxy (engine-proxy.ts), loopback
 * only. Each abuse is bounded in count; each test prints what it cost — engine requests and
 * connections, memory (RSS and heap after a GC) — and the answer latency a normal client (its own
 * socket, and a plain page load) saw meanwhile. Bounds are asserted on counts and memory with wide
 * margins, never on time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Socket } from 'node:net';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import WebSocket from 'ws';
import { testEngineHost, SKIP_REASON } from '../services/docker/testing/harness';
import { startEngineProxy, type EngineProxy, type EngineCounts } from './engine-proxy';
import { startFixture, login, openWs, get, type Fixture, type Frames } from './testing';
import { MAX_FRAME_BYTES } from './server';
import { CALLS_AT_ONCE, COSTLY_TOPICS } from '../ipc/web';

const host = testEngineHost();
if (!host) console.warn(`serve abuse suite skipped: ${SKIP_REASON}`);

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const MB = 1024 * 1024;
const PING_MS = 300;
const UNAUTH_MS = 1_500;
const UNAUTH_MAX = 64;

function memory() {
  gc();
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed + m.arrayBuffers };
}
const mb = (n: number) => `${(n / MB).toFixed(1)} MB`;

function engineDiff(a: EngineCounts, b: EngineCounts) {
  const req: Record<string, number> = {};
  for (const [k, v] of Object.entries(b.requests)) if (v - (a.requests[k] ?? 0)) req[k] = v - (a.requests[k] ?? 0);
  return { connections: b.connections - a.connections, maxOpen: b.maxOpen, requests: req };
}

function stats(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => (s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))].toFixed(1) : '-');
  return `n=${s.length} median ${q(0.5)} ms, p95 ${q(0.95)} ms, max ${q(1)} ms`;
}

describe.skipIf(!host)('serve under abuse (issue 15)', () => {
  let proxy: EngineProxy;
  let f: Fixture;
  let cookie: string;
  let origin: string;
  let normal: { ws: WebSocket; fr: Frames };
  let callId = 1_000_000;

  const ws = async () => {
    const r = await openWs(f.port, { Origin: origin, Cookie: cookie });
    if (!r.ws) throw new Error(`upgrade refused: ${r.refused}`);
    await r.fr!.next((m) => m.type === 'hello');
    return { ws: r.ws, fr: r.fr! };
  };

  /** A normal client's view during an abuse: its own socket's call, and a page load, every 50 ms. */
  async function during<T>(what: string, abuse: () => Promise<T>): Promise<T> {
    const calls: number[] = [];
    const pages: number[] = [];
    const pageStatus = new Set<number>();
    let done = false;
    const sampler = (async () => {
      while (!done) {
        const id = callId++;
        let t = performance.now();
        normal.ws.send(JSON.stringify({ type: 'call', id, method: 'state:get', args: { key: 'abuse.probe' } }));
        await normal.fr.next((m) => m.type === 'result' && m.id === id, 60_000);
        calls.push(performance.now() - t);
        t = performance.now();
        const res = await get(f.port, '/', { Cookie: cookie });
        pageStatus.add(res.status);
        pages.push(performance.now() - t);
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    const before = { mem: memory(), engine: proxy.counts() };
    proxy.resetMax();
    let result: T;
    try {
      result = await abuse();
    } finally {
      done = true;
      await sampler;
    }
    const after = { mem: memory(), engine: proxy.counts() };
    console.log(
      [
        `── ${what}`,
        `   memory  rss ${mb(before.mem.rss)} → ${mb(after.mem.rss)}, heap+buffers ${mb(before.mem.heap)} → ${mb(after.mem.heap)} (after GC)`,
        `   engine  ${JSON.stringify(engineDiff(before.engine, after.engine))}`,
        `   normal client: call ${stats(calls)}; page load ${stats(pages)} (status ${[...pageStatus].join(',')})`,
      ].join('\n'),
    );
    // The normal client was answered throughout (a failed probe throws out of the sampler above).
    expect([...pageStatus]).toEqual([200]);
    return result!;
  }

  beforeAll(async () => {
    proxy = await startEngineProxy(host!.replace(/^unix:\/\//, ''));
    f = await startFixture(
      { pingIntervalMs: PING_MS, unauthenticatedTimeoutMs: UNAUTH_MS, maxUnauthenticated: UNAUTH_MAX },
      { DOCKER_HOST: proxy.host },
    );
    cookie = await login(f);
    origin = `http://127.0.0.1:${f.port}`;
    normal = await ws();
    // Let the engine watcher settle (its first /plugins), so what follows counts the abuse alone.
    const id = callId++;
    normal.ws.send(JSON.stringify({ type: 'call', id, method: 'plugins:list', args: {} }));
    expect((await normal.fr.next((m) => m.type === 'result' && m.id === id, 30_000)).envelope.ok).toBe(true);
  }, 60_000);

  afterAll(async () => {
    normal?.ws.terminate();
    await f?.close();
    await proxy?.close();
  });

  it('2: doctor-logs for 400 made-up names share one engine look; each is refused, and a client holds few', async () => {
    const SOCKETS = 8;
    const NAMES = 50;
    const clients = await Promise.all(Array.from({ length: SOCKETS }, () => ws()));
    const before = proxy.counts();
    const outcome = await during(`doctor-logs: ${SOCKETS} sockets × ${NAMES} made-up plugin names`, async () => {
      let sub = 1;
      const answers: Promise<any>[] = [];
      for (const c of clients) {
        for (let i = 0; i < NAMES; i++) {
          const id = sub++;
          c.ws.send(JSON.stringify({ type: 'subscribe', sub: id, topic: 'doctor-logs', params: { plugin: `abuse/made-up-${id}:latest` }, fromSeq: 0 }));
          answers.push(
            c.fr.next(
              (m) => m.sub === id && (m.type === 'subscribe-error' || (m.type === 'event' && ['no-plugin', 'local', 'engine-error'].includes(m.event.data.state?.mode))),
              30_000,
            ),
          );
        }
      }
      return Promise.all(answers);
    });
    const after = proxy.counts();
    const refusedByCap = outcome.filter((m) => m.type === 'subscribe-error');
    const noPlugin = outcome.filter((m) => m.type === 'event');
    console.log(`   ${noPlugin.length} told "no such plugin", ${refusedByCap.length} refused by the per-client cap (${refusedByCap[0]?.error.code})`);
    // The cap: each client holds at most COSTLY_TOPICS['doctor-logs'] log tails.
    expect(noPlugin.length).toBe(SOCKETS * COSTLY_TOPICS['doctor-logs']!);
    expect(refusedByCap.every((m) => m.error.code === 'serve/too-many-subscriptions')).toBe(true);
    for (const m of noPlugin) expect(m.event.data.state.message).toMatch(/^No plugin "abuse\/made-up-\d+:latest" is installed on /);
    // One shared look, not one per name (the watcher may add a /plugins of its own).
    const info = (after.requests['/info'] ?? 0) - (before.requests['/info'] ?? 0);
    const plugins = (after.requests['/plugins'] ?? 0) - (before.requests['/plugins'] ?? 0);
    expect(info).toBeLessThanOrEqual(4);
    expect(plugins).toBeLessThanOrEqual(8);
    for (const c of clients) c.ws.terminate();
  });

  it('2: the per-client cap counts live log tails only: a client that stops following may follow other names', async () => {
    const c = await ws();
    const cap = COSTLY_TOPICS['doctor-logs']!;
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < cap; i++) {
        const id = round * 100 + i;
        c.ws.send(JSON.stringify({ type: 'subscribe', sub: id, topic: 'doctor-logs', params: { plugin: `abuse/again-${id}:latest` }, fromSeq: 0 }));
        const m = await c.fr.next((x) => x.sub === id && (x.type === 'subscribe-error' || x.event?.data.state?.mode === 'no-plugin'), 30_000);
        expect(m.type).toBe('event');
        c.ws.send(JSON.stringify({ type: 'unsubscribe', sub: id }));
      }
    }
    c.ws.terminate();
  });

  it('3: 20,000 job subscriptions to never-seen ids leave nothing behind (unsubscribed, or closed with the socket)', async () => {
    const hub = f.services.hub;
    const channels = hub.size;
    const mem0 = memory();
    await during('job: 20,000 subscribe+unsubscribe of made-up ids, then 5 sockets × 200 held and closed', async () => {
      const c = await ws();
      for (let batch = 0; batch < 20; batch++) {
        for (let i = 0; i < 1_000; i++) {
          const sub = batch * 1_000 + i;
          c.ws.send(JSON.stringify({ type: 'subscribe', sub, topic: 'job', params: { id: `job-never-${sub.toString(36)}` }, fromSeq: 0 }));
          c.ws.send(JSON.stringify({ type: 'unsubscribe', sub }));
        }
        // Frames are handled in order: the answer to this call means the batch is through.
        const id = callId++;
        c.ws.send(JSON.stringify({ type: 'call', id, method: 'jobs:list', args: {} }));
        await c.fr.next((m) => m.type === 'result' && m.id === id, 30_000);
      }
      c.ws.terminate();
      const held = await Promise.all(Array.from({ length: 5 }, () => ws()));
      let sub = 0;
      for (const h of held) for (let i = 0; i < 200; i++) h.ws.send(JSON.stringify({ type: 'subscribe', sub: sub++, topic: 'job', params: { id: `job-held-${sub.toString(36)}` }, fromSeq: 0 }));
      for (const h of held) {
        const id = callId++;
        h.ws.send(JSON.stringify({ type: 'call', id, method: 'jobs:list', args: {} }));
        await h.fr.next((m) => m.type === 'result' && m.id === id, 30_000);
      }
      expect(hub.size).toBeGreaterThanOrEqual(channels + 1_000);
      await Promise.all(held.map((h) => new Promise((r) => (h.ws.once('close', r), h.ws.close()))));
    });
    // The server drops a socket's subscriptions on its close; give its close handler the turn it needs.
    const end = Date.now() + 10_000;
    while (hub.size > channels && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    expect(hub.size).toBe(channels);
    expect(memory().heap - mem0.heap).toBeLessThan(32 * MB);
  });

  it('4: a burst of 5,000 plugins:list from one client runs a few at a time; the rest wait or are refused, each answered', async () => {
    const BURST = 5_000;
    const c = await ws();
    const answers = await during(`calls: a burst of ${BURST} plugins:list on one socket`, async () => {
      const first = callId;
      for (let i = 0; i < BURST; i++) c.ws.send(JSON.stringify({ type: 'call', id: callId++, method: 'plugins:list', args: {} }));
      const last = callId - 1;
      await c.fr.next((m) => m.type === 'result' && m.id === last, 90_000);
      // Answers come back in any order: wait until every id has its answer.
      const end = Date.now() + 90_000;
      const mine = () => c.fr.seen.filter((m) => m.type === 'result' && m.id >= first && m.id <= last);
      while (mine().length < BURST && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
      return mine();
    });
    const busy = answers.filter((m) => !m.envelope.ok && m.envelope.error.code === 'serve/too-busy');
    const ok = answers.filter((m) => m.envelope.ok);
    console.log(`   ${ok.length} answered, ${busy.length} refused with serve/too-busy ("${busy[0]?.envelope.error.message}"), engine connections at once ≤ ${proxy.counts().maxOpen}`);
    expect(answers.length).toBe(BURST);
    expect(ok.length + busy.length).toBe(BURST);
    expect(busy.length).toBeGreaterThan(0);
    // A handful at once: this client's calls plus the watcher's event stream and the normal client's probe.
    expect(proxy.counts().maxOpen).toBeLessThanOrEqual(CALLS_AT_ONCE + 8);
    c.ws.terminate();
  });

  it('5: frames past the cap close the socket with 1009 before they are read; memory comes back; the largest real save still goes through', async () => {
    const dir = join(f.home, 'frames');
    const target = join(dir, 'big.json');
    const big = 'x'.repeat(MAX_FRAME_BYTES + MB);
    // The folder exists and is opened (files scope), so only the frame cap stands between the frame and a write.
    mkdirSync(dir, { recursive: true });
    const allowId = callId++;
    normal.ws.send(JSON.stringify({ type: 'call', id: allowId, method: 'files:allow', args: { folder: f.home } }));
    expect((await normal.fr.next((m) => m.type === 'result' && m.id === allowId)).envelope.ok).toBe(true);
    const mem0 = memory();
    const codes = await during(`frames: 20 sockets each sending one ${mb(big.length)} frame`, async () => {
      const clients = await Promise.all(Array.from({ length: 20 }, () => ws()));
      return Promise.all(
        clients.map(
          (c, i) =>
            new Promise<number>((resolve) => {
              c.ws.once('close', (code) => resolve(code));
              c.ws.send(JSON.stringify({ type: 'call', id: i, method: 'files:write', args: { path: target, text: big } }));
            }),
        ),
      );
    });
    // Client and server share this process: the figures above still count the 20 clients' own copies of their frames.
    console.log(`   close codes: ${[...new Set(codes)].join(',')}; heap+buffers after GC, clients gone: ${mb(mem0.heap)} → ${mb(memory().heap)}`);
    expect(codes.every((c) => c === 1009)).toBe(true);
    expect(existsSync(target)).toBe(false);
    expect(memory().heap - mem0.heap).toBeLessThan(64 * MB);

    // A 4 MiB file of short lines: its JSON frame is about twice that, and it is saved.
    const c = await ws();
    const text = '{}\n'.repeat((4 * MB) / 3);
    const id = callId++;
    c.ws.send(JSON.stringify({ type: 'call', id, method: 'files:write', args: { path: join(f.home, 'legit.json'), text } }));
    const res = await c.fr.next((m) => m.type === 'result' && m.id === id, 30_000);
    expect(res.envelope.ok, JSON.stringify(res.envelope.error)).toBe(true);
    c.ws.terminate();
  });

  it('6: connections that never sign in are bounded and timed out, so page loads still answer', async () => {
    const FLOOD = 400;
    const sockets: Socket[] = [];
    let closedByServer = 0;
    await during(`idle: ${FLOOD} TCP connections that never send a byte`, async () => {
      for (let i = 0; i < FLOOD; i++) {
        const s = connect(f.port, '127.0.0.1');
        s.on('error', () => undefined);
        s.on('close', () => closedByServer++);
        sockets.push(s);
        if (i % 50 === 49) await new Promise((r) => setTimeout(r, 10));
      }
      // All connected, and the server holds at most UNAUTH_MAX of them.
      await Promise.all(sockets.map((s) => (s.readyState === 'opening' ? new Promise((r) => (s.once('connect', r), s.once('close', r))) : null)));
      const end = Date.now() + 30_000;
      while (closedByServer < FLOOD - UNAUTH_MAX && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
      expect(closedByServer).toBeGreaterThanOrEqual(FLOOD - UNAUTH_MAX);
    });
    // The rest go when their time is up.
    const end = Date.now() + 30_000;
    while (closedByServer < FLOOD && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    expect(closedByServer).toBe(FLOOD);
  });

  it('6: a socket that stops answering pings is dropped; an idle one that answers stays', async () => {
    const deaf = new WebSocket(`ws://127.0.0.1:${f.port}/ws`, { headers: { Host: `127.0.0.1:${f.port}`, Origin: origin, Cookie: cookie }, autoPong: false });
    const idle = await ws();
    let idleClosed = false;
    idle.ws.once('close', () => (idleClosed = true));
    let pings = 0;
    idle.ws.on('ping', () => pings++);
    const code = await new Promise<number>((resolve) => deaf.once('close', (c) => resolve(c)));
    console.log(`── ping: the deaf socket was dropped (close ${code}); the idle one answered ${pings} pings meanwhile`);
    expect(code).toBe(1006);
    // Three more ping rounds: the idle socket is still open.
    const until = pings + 3;
    while (pings < until) await new Promise((r) => setTimeout(r, PING_MS / 3));
    expect(idleClosed).toBe(false);
    idle.ws.terminate();
  });
});
