/**
 * The preload as it ships: built by scripts/build.mjs into one file, which must
 * require nothing but 'electron' (the sandbox has nothing else), then run in a
 * VM context with a stand-in 'electron' module to see exactly what the page gets.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { requestNames } from './ipc/contract';
import { EVENT_CHANNEL, SUBSCRIBE_CHANNEL, UNSUBSCRIBE_CHANNEL } from './ipc/channels';

describe('the built preload', () => {
  let dir: string;
  let code: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'plugsmith-preload-'));
    execFileSync(process.execPath, ['scripts/build.mjs', '--only', 'preload', '--outdir', dir], { stdio: 'pipe' });
    code = readFileSync(join(dir, 'electron', 'preload.cjs'), 'utf8');
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is one file whose only require is electron', () => {
    const requires = [...code.matchAll(/\brequire\s*\(([^)]*)\)/g)].map((m) => m[1].trim());
    expect(requires).toEqual(['"electron"']);
    expect(code).not.toMatch(/\bimport\s*\(/);
    expect(code).not.toMatch(/\beval\s*\(|new Function\s*\(/);
    // The contract's schemas stay in the main process: zod is not shipped to the page.
    expect(code).not.toMatch(/zod|ZodError/i);
  });

  function load() {
    const exposed = new Map<string, any>();
    const invoked: unknown[][] = [];
    const listeners = new Map<string, (...a: unknown[]) => void>();
    const ipcRenderer = {
      on: (ch: string, fn: (...a: unknown[]) => void) => listeners.set(ch, fn),
      invoke: async (...args: unknown[]) => {
        invoked.push(args);
        return args[0] === SUBSCRIBE_CHANNEL ? { ok: true, result: (args[1] as { sub: string }).sub } : { ok: true, result: args[0] };
      },
      send: () => {
        throw new Error('the preload never sends fire-and-forget messages');
      },
    };
    const electron = { contextBridge: { exposeInMainWorld: (k: string, v: unknown) => exposed.set(k, v) }, ipcRenderer };
    const sandboxRequire = (name: string) => {
      if (name !== 'electron') throw new Error(`sandboxed preload cannot require ${name}`);
      return electron;
    };
    runInNewContext(code, { require: sandboxRequire, module: { exports: {} }, exports: {}, Object, Map, Promise, JSON });
    return { exposed, invoked, listeners, ipcRenderer };
  }

  it('exposes one method per contract entry plus subscribe/unsubscribe, and never ipcRenderer', async () => {
    const { exposed, invoked, ipcRenderer } = load();
    expect([...exposed.keys()]).toEqual(['plugsmith']);
    const bridge = exposed.get('plugsmith');
    expect(Object.isFrozen(bridge)).toBe(true);
    expect(Object.keys(bridge).sort()).toEqual([...requestNames, 'subscribe', 'unsubscribe'].sort());
    for (const value of Object.values(bridge)) {
      expect(value).not.toBe(ipcRenderer);
      expect(typeof value).toBe('function');
    }
    expect(await bridge['plugins:enable']({ name: 'contiv/v2plugin:latest' })).toEqual({ ok: true, result: 'plugins:enable' });
    expect(invoked.at(-1)).toEqual(['plugins:enable', { name: 'contiv/v2plugin:latest' }]);
  });

  it('routes events to their subscriber without handing the IPC event to the page', async () => {
    const { exposed, invoked, listeners } = load();
    const bridge = exposed.get('plugsmith');
    const seen: unknown[][] = [];
    const answer = await bridge.subscribe('engine', {}, 3, (...args: unknown[]) => seen.push(args));
    expect(answer.ok).toBe(true);
    expect(invoked.at(-1)).toEqual([SUBSCRIBE_CHANNEL, { sub: answer.result, topic: 'engine', params: {}, fromSeq: 3 }]);
    const ipcEvent = { sender: 'ipcRenderer itself' };
    const envelope = { topic: 'engine', seq: 4, data: { state: 'connected' } };
    listeners.get(EVENT_CHANNEL)!(ipcEvent, answer.result, envelope);
    listeners.get(EVENT_CHANNEL)!(ipcEvent, 'someone-else', envelope);
    expect(seen).toEqual([[envelope]]);
    await bridge.unsubscribe(answer.result);
    expect(invoked.at(-1)).toEqual([UNSUBSCRIBE_CHANNEL, answer.result]);
    listeners.get(EVENT_CHANNEL)!(ipcEvent, answer.result, envelope);
    expect(seen).toHaveLength(1);
  });
});
