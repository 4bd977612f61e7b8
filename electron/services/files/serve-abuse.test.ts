/**
 * Load-and-abuse, files through the real `plugsmith serve` (issue 15 item 1 as it was found): four
 * files:read of FIFOs over the WebSocket, then files:list and a page load must still answer — before
 * the fix the four reads held all of Node's file threads and serve stopped serving its own page.
 * Also the scope over the wire: /etc/shadow refused with how to allow it. Loopback only.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { get, login, openWs, startFixture, type Fixture, type Frames } from '../../serve/testing';

describe('files through serve under abuse', () => {
  let f: Fixture;
  let cookie: string;
  let dir: string;
  const fifos: string[] = [];
  beforeAll(async () => {
    f = await startFixture();
    cookie = await login(f);
    dir = mkdtempSync(join(tmpdir(), 'plugsmith-serve-fifo-'));
  });
  afterEach(() => {
    // Lets a reader stuck in open() (the bug) go, so a failing run still ends.
    for (const p of fifos.splice(0)) {
      try {
        closeSync(openSync(p, constants.O_WRONLY | constants.O_NONBLOCK));
      } catch {
        // ENXIO: nobody is reading it
      }
    }
  });
  afterAll(async () => {
    await f.close();
    rmSync(dir, { recursive: true, force: true });
  });

  let next = 0;
  const call = async (fr: Frames, ws: { send(s: string): void }, method: string, args: unknown) => {
    const id = ++next;
    ws.send(JSON.stringify({ type: 'call', id, method, args }));
    return (await fr.next((m) => m.type === 'result' && m.id === id, 30_000)).envelope;
  };

  it('four FIFO reads are refused; files:list and the page still answer', async () => {
    const { ws, fr } = await openWs(f.port, { Origin: `http://127.0.0.1:${f.port}`, Cookie: cookie });
    await fr!.next((m) => m.type === 'hello');
    writeFileSync(join(dir, 'config.json'), '{}');
    for (let i = 1; i <= 4; i++) {
      execFileSync('mkfifo', [join(dir, `pipe${i}`)]);
      fifos.push(join(dir, `pipe${i}`));
    }
    expect(await call(fr!, ws!, 'files:allow', { folder: dir })).toMatchObject({ ok: true });
    const t0 = performance.now();
    const reads = await Promise.all([1, 2, 3, 4].map((i) => call(fr!, ws!, 'files:read', { path: join(dir, `pipe${i}`) })));
    for (const r of reads) expect(r).toMatchObject({ ok: false, error: { code: 'files/not-a-file' } });
    const list = await call(fr!, ws!, 'files:list', { path: dir });
    expect(list.ok && list.result.map((e: { name: string }) => e.name)).toEqual(['config.json', 'pipe1', 'pipe2', 'pipe3', 'pipe4']);
    const page = await get(f.port, '/', { Cookie: cookie });
    expect(page.status).toBe(200);
    const shadow = await call(fr!, ws!, 'files:read', { path: '/etc/shadow' });
    expect(shadow).toMatchObject({ ok: false, error: { code: 'files/protected', message: expect.stringContaining('PLUGSMITH_FILES_ALLOW') } });
    console.log(`[files abuse via serve] held: 4 FIFO reads refused, then files:list and GET / (HTTP ${page.status}) answered in ${Math.round(performance.now() - t0)} ms all told; /etc/shadow refused (files/protected)`);
    ws!.close();
  });
});
