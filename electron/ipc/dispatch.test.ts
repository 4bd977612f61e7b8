import { describe, it, expect } from 'vitest';
import { dispatch, openSubscription } from './dispatch';
import type { Handlers, EventSource } from './contract';
import { PlugsmithError } from '../services/errors';

const calls: unknown[] = [];
const handlers = new Proxy({} as Handlers, {
  get: (_t, name) => async (args: unknown) => {
    calls.push([name, args]);
    if (name === 'plugins:remove') throw new PlugsmithError('engine/http-409', 'plugin "x" is in use', 'raw detail');
    return { echoed: args };
  },
});

describe('dispatch', () => {
  it('validates and passes parsed arguments to the handler', async () => {
    const r = await dispatch(handlers, 'plugins:enable', { name: 'contiv/v2plugin:latest' });
    expect(r).toEqual({ ok: true, result: { echoed: { name: 'contiv/v2plugin:latest' } } });
  });
  it('refuses unknown methods (including prototype names)', async () => {
    for (const m of ['nope', 'constructor', '__proto__', 42]) {
      const r = await dispatch(handlers, m, {});
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('ipc/unknown-method');
    }
  });
  it('refuses invalid arguments before the handler runs', async () => {
    calls.length = 0;
    for (const args of [{}, { name: '' }, { name: 'a b' }, { name: 'x', extra: 1 }, { name: '-rf' }]) {
      const r = await dispatch(handlers, 'plugins:enable', args);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('ipc/invalid-args');
    }
    const r = await dispatch(handlers, 'plugins:set', { name: 'p', values: [{ key: 'A=B', value: 'x' }] });
    expect(r.ok).toBe(false);
    expect(calls).toEqual([]);
  });
  it('a handler error crosses as the envelope, words intact', async () => {
    const r = await dispatch(handlers, 'plugins:remove', { name: 'x' });
    expect(r).toEqual({ ok: false, error: { code: 'engine/http-409', message: 'plugin "x" is in use', detail: 'raw detail' } });
  });
});

describe('openSubscription', () => {
  const source: EventSource = { subscribe: (_t, _p, _s, on) => (on({ topic: 'engine', seq: 1, data: {} as never } as never), () => undefined) };
  it('refuses unknown topics and bad params', () => {
    expect(() => openSubscription(source, 'nope', {}, 0, () => undefined)).toThrow(/Unknown event stream/);
    expect(() => openSubscription(source, 'job', { id: '../../etc' }, 0, () => undefined)).toThrow(/Invalid subscription/);
  });
  it('opens a valid one', () => {
    const got: unknown[] = [];
    openSubscription(source, 'engine', {}, 0, (e) => got.push(e));
    expect(got).toHaveLength(1);
  });
});
