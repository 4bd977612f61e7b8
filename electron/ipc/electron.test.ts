/**
 * The Electron binding without an Electron binary: ipcMain and webContents are
 * stood in by the few members the binding touches; the services are real (no
 * engine reachable), so envelopes and events are the real ones.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServices, type Services } from '../services/index';
import { requestNames } from './contract';
import { bindIpc, trustedSender, pageUrl, EVENT_CHANNEL, SUBSCRIBE_CHANNEL, UNSUBSCRIBE_CHANNEL } from './electron';

const APP_URL = 'file:///opt/Plugsmith/resources/app.asar/dist/renderer/index.html';

class FakeContents extends EventEmitter {
  sent: unknown[][] = [];
  destroyed = false;
  mainFrame = { processId: 4, routingId: 1, parent: null, url: APP_URL };
  constructor(readonly id: number) {
    super();
  }
  isDestroyed() {
    return this.destroyed;
  }
  send(...args: unknown[]) {
    this.sent.push(args);
  }
}

function fakeIpcMain() {
  const handlers = new Map<string, (event: any, ...args: any[]) => any>();
  return {
    handlers,
    handle: (name: string, fn: any) => {
      if (handlers.has(name)) throw new Error(`second handler for ${name}`);
      handlers.set(name, fn);
    },
    removeHandler: (name: string) => handlers.delete(name),
    invoke: async (name: string, event: any, ...args: any[]) => handlers.get(name)!(event, ...args),
  };
}

describe('Electron IPC binding', () => {
  let services: Services;
  let home: string;
  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'plugsmith-ipc-'));
    services = await createServices({ env: { PLUGSMITH_HOME: home, DOCKER_HOST: 'unix:///nonexistent.sock' }, watch: true });
  });
  afterAll(() => {
    services.close();
    rmSync(home, { recursive: true, force: true });
  });

  const setup = () => {
    const ipc = fakeIpcMain();
    const win = new FakeContents(7);
    const binding = bindIpc(ipc as any, services, trustedSender(() => win as any, APP_URL));
    const from = (c: FakeContents, frame: any = c.mainFrame) => ({ sender: c, senderFrame: frame });
    return { ipc, win, binding, from };
  };

  it('binds exactly one handler per contract entry, plus the event channels', () => {
    const { ipc, binding } = setup();
    expect([...ipc.handlers.keys()].sort()).toEqual([...requestNames, SUBSCRIBE_CHANNEL, UNSUBSCRIBE_CHANNEL].sort());
    binding.dispose();
    expect(ipc.handlers.size).toBe(0);
  });

  it('answers the main window with dispatch envelopes', async () => {
    const { ipc, win, from, binding } = setup();
    const status = await ipc.invoke('engine:status', from(win), {});
    expect(status).toMatchObject({ ok: true, result: { state: 'unreachable' } });
    expect(await ipc.invoke('plugins:inspect', from(win), { name: 'bad name!' })).toMatchObject({ ok: false, error: { code: 'ipc/invalid-args' } });
    binding.dispose();
  });

  it('refuses other windows, subframes, foreign pages and a destroyed frame', async () => {
    const { ipc, win, from, binding } = setup();
    const other = new FakeContents(8);
    const cases = [
      from(other),
      from(win, { ...win.mainFrame, parent: win.mainFrame, routingId: 2 }),
      from(win, { ...win.mainFrame, url: 'https://evil.example/index.html' }),
      from(win, { ...win.mainFrame, url: 'file:///tmp/index.html' }),
      from(win, null),
    ];
    for (const event of cases) {
      expect(await ipc.invoke('settings:get', event, {})).toMatchObject({ ok: false, error: { code: 'ipc/forbidden' } });
      expect(await ipc.invoke(SUBSCRIBE_CHANNEL, event, { sub: 'a', topic: 'engine', params: {}, fromSeq: 0 })).toMatchObject({ ok: false });
    }
    // The page's own URL with a hash route is still our page.
    expect(await ipc.invoke('settings:get', from(win, { ...win.mainFrame, url: `${APP_URL}#/plugins` }), {})).toMatchObject({ ok: true });
    binding.dispose();
  });

  it('pushes subscribed events to the sender, and stops on unsubscribe', async () => {
    const { ipc, win, from, binding } = setup();
    expect(await ipc.invoke(SUBSCRIBE_CHANNEL, from(win), { sub: 's1', topic: 'engine', params: {}, fromSeq: 0 })).toEqual({ ok: true, result: 's1' });
    const [channel, sub, event] = win.sent[0] as [string, string, any];
    expect(channel).toBe(EVENT_CHANNEL);
    expect(sub).toBe('s1');
    expect(event).toMatchObject({ topic: 'engine', data: { state: 'unreachable' } });
    expect(binding.subscriptionCount(win.id)).toBe(1);
    await ipc.invoke(UNSUBSCRIBE_CHANNEL, from(win), 's1');
    expect(binding.subscriptionCount(win.id)).toBe(0);
    expect(await ipc.invoke(SUBSCRIBE_CHANNEL, from(win), { sub: 's2', topic: 'nope', params: {}, fromSeq: 0 })).toMatchObject({
      ok: false,
      error: { code: 'ipc/unknown-topic' },
    });
    binding.dispose();
  });

  it('drops a page\'s subscriptions when it reloads or its contents are destroyed, but not on a hash change', async () => {
    const { ipc, win, from, binding } = setup();
    const sub = (id: string) => ipc.invoke(SUBSCRIBE_CHANNEL, from(win), { sub: id, topic: 'jobs', params: {}, fromSeq: 0 });
    await sub('a');
    await sub('b');
    win.emit('did-start-navigation', { isMainFrame: true, isSameDocument: true });
    expect(binding.subscriptionCount(win.id)).toBe(2);
    win.emit('did-start-navigation', { isMainFrame: true, isSameDocument: false });
    expect(binding.subscriptionCount(win.id)).toBe(0);
    for (let i = 0; i < 20; i++) {
      await sub(`r${i}`);
      win.emit('did-start-navigation', { isMainFrame: true, isSameDocument: false });
    }
    // Listeners are per webContents, not per page: reloads do not pile them up.
    expect(win.listenerCount('did-start-navigation')).toBe(1);
    await sub('c');
    win.destroyed = true;
    win.emit('destroyed');
    expect(binding.subscriptionCount(win.id)).toBe(0);
    binding.dispose();
  });

  it('compares pages without query or fragment', () => {
    expect(pageUrl(`${APP_URL}?x=1#/a`)).toBe(APP_URL);
    expect(pageUrl('not a url')).toBe('');
  });
});
