/**
 * The contract's gate for the log tail and the bundle preview: a `doctor-logs` subscription with a
 * plugin name the engine would refuse, or an unknown parameter, never reaches the service; a
 * `doctor:bundle` naming something that is not a preview id is refused the same way; valid ones
 * get through with their parameters.
 */
import { describe, expect, it } from 'vitest';
import type { EventSource, Handlers } from '../../ipc/contract';
import { dispatch, openSubscription } from '../../ipc/dispatch';

describe('doctor-logs and bundle preview at the boundary', () => {
  const seen: unknown[] = [];
  const source: EventSource = {
    subscribe(_topic, params) {
      seen.push(params);
      return () => undefined;
    },
  };

  it('refuses bad subscription params before the service sees them', () => {
    for (const bad of [{ plugin: 'has space' }, { plugin: '' }, { plugin: 'ok', extra: 1 }, { plugin: 'x'.repeat(600) }]) {
      expect(() => openSubscription(source, 'doctor-logs', bad, 0, () => undefined)).toThrow(expect.objectContaining({ code: 'ipc/invalid-args' }));
    }
    expect(seen).toEqual([]);
    openSubscription(source, 'doctor-logs', { plugin: 'contiv/v2plugin:latest' }, 0, () => undefined);
    openSubscription(source, 'doctor-logs', {}, 0, () => undefined);
    expect(seen).toEqual([{ plugin: 'contiv/v2plugin:latest' }, {}]);
  });

  it('doctor:bundle takes only a real preview id; doctor:bundle-preview only a plugin', async () => {
    const calls: unknown[] = [];
    const handlers = {
      'doctor:bundle': async (a: unknown) => (calls.push(a), { path: '/tmp/x', bytes: 1, redactions: 0 }),
      'doctor:bundle-preview': async (a: unknown) => (calls.push(a), null),
    } as unknown as Handlers;
    const bad = await dispatch(handlers, 'doctor:bundle', { path: '/tmp/x.tar.gz', previewId: '../../etc/passwd' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'ipc/invalid-args' } });
    expect(await dispatch(handlers, 'doctor:bundle-preview', { path: '/tmp/x' })).toMatchObject({ ok: false, error: { code: 'ipc/invalid-args' } });
    expect(calls).toEqual([]);
    expect(await dispatch(handlers, 'doctor:bundle', { path: '/tmp/x.tar.gz', previewId: 'bp-0123456789abcdef' })).toMatchObject({ ok: true });
    expect(calls).toEqual([{ path: '/tmp/x.tar.gz', previewId: 'bp-0123456789abcdef' }]);
  });
});
