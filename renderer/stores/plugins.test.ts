import { describe, expect, it } from 'vitest';
import type { JobInfo, PluginSummary } from '../../electron/ipc/types';
import { createPluginsStore, sameRef } from './plugins';
import { createTestApi, flush, testPlugin } from './test-double';

const NAME = 'example/netdrv:latest';

const plugin = (enabled: boolean, over: Partial<PluginSummary> = {}): PluginSummary => testPlugin(NAME, enabled, over);

function job(id: string, over: Partial<JobInfo> = {}): JobInfo {
  return {
    id,
    kind: 'plugins:enable',
    target: NAME,
    title: `Enable ${NAME}`,
    state: 'running',
    progress: null,
    stage: 'starting',
    command: `docker plugin enable ${NAME}`,
    startedAt: 'then',
    endedAt: null,
    error: null,
    result: null,
    lastSeq: 0,
    ...over,
  };
}

const snapshot = (plugins: PluginSummary[], reason = 'test') => ({ plugins, reason, at: new Date().toISOString() });

describe('plugins store', () => {
  it('fills from plugins:list, then follows the snapshot stream, and unsubscribes on dispose', async () => {
    const t = createTestApi({ 'plugins:list': () => [plugin(false)], 'jobs:list': () => [] });
    const store = createPluginsStore(t.api);
    const dispose = store.getState().start();
    await flush();
    expect(store.getState().loaded).toBe(true);
    expect(store.getState().plugins.map((p) => p.enabled)).toEqual([false]);

    // Enabled from a terminal: the snapshot alone flips it.
    t.emit('plugins', snapshot([plugin(true)]));
    expect(store.getState().plugins[0].enabled).toBe(true);

    expect(t.listeners('plugins')).toBe(1);
    dispose();
    expect(t.listeners('plugins')).toBe(0);
    t.emit('plugins', snapshot([]));
    expect(store.getState().plugins).toHaveLength(1);
  });

  it('a list answer arriving after a snapshot does not overwrite the newer snapshot', async () => {
    let answer!: (p: PluginSummary[]) => void;
    const t = createTestApi({ 'plugins:list': () => new Promise((r) => (answer = r)), 'jobs:list': () => [] });
    const store = createPluginsStore(t.api);
    store.getState().start();
    t.emit('plugins', snapshot([plugin(true)]));
    answer([plugin(false)]);
    await flush();
    expect(store.getState().plugins[0].enabled).toBe(true);
  });

  it('an enable shows busy with the job stage, then the real state from the snapshot', async () => {
    const t = createTestApi({ 'plugins:list': () => [plugin(false)], 'jobs:list': () => [], 'plugins:enable': () => ({ jobId: 'job-1' }) });
    const store = createPluginsStore(t.api);
    store.getState().start();
    await flush();

    const pending = store.getState().setEnabled(NAME, true);
    expect(store.getState().busy[NAME]).toMatchObject({ jobId: null, action: 'enable' });
    await pending;
    expect(t.calls.find((c) => c.method === 'plugins:enable')?.args).toEqual({ name: NAME });
    expect(store.getState().busy[NAME].jobId).toBe('job-1');
    expect(store.getState().lastAction[NAME]).toBe('enable');

    t.emit('job', { type: 'progress', progress: 0.3, stage: 'waiting for the engine (12 s)', at: 'x' }, 'job-1');
    expect(store.getState().busy[NAME].stage).toBe('waiting for the engine (12 s)');

    // Clicking again while busy does nothing.
    await store.getState().setEnabled(NAME, false);
    expect(t.calls.filter((c) => c.method === 'plugins:disable')).toHaveLength(0);

    t.emit('plugins', snapshot([plugin(true, { health: { state: 'not-answering', detail: 'no answer in 5 s', checkedAt: 'now' } })]));
    t.emit('job', { type: 'state', job: job('job-1', { state: 'succeeded', stage: 'succeeded' }), at: 'x' }, 'job-1');
    expect(store.getState().busy[NAME]).toBeUndefined();
    expect(store.getState().errors[NAME]).toBeUndefined();
    expect(store.getState().plugins[0].health.state).toBe('not-answering');
    await flush();
    expect(t.listeners('job:job-1')).toBe(0);
  });

  it('a failed enable returns to the real state and keeps the engine’s own error text', async () => {
    const dial = 'dial unix /run/docker/plugins/abc123/net.sock: connect: no such file or directory';
    const t = createTestApi({ 'plugins:list': () => [plugin(false)], 'jobs:list': () => [], 'plugins:enable': () => ({ jobId: 'job-2' }) });
    const store = createPluginsStore(t.api);
    store.getState().start();
    await flush();
    await store.getState().setEnabled(NAME, true);

    t.emit('plugins', snapshot([plugin(false)], 'enable failed'));
    t.emit(
      'job',
      { type: 'state', job: job('job-2', { state: 'failed', error: { code: 'engine/http-500', message: dial, detail: '{"message":"…"}' } }), at: 'x' },
      'job-2',
    );
    const s = store.getState();
    expect(s.busy[NAME]).toBeUndefined();
    expect(s.plugins[0].enabled).toBe(false);
    expect(s.errors[NAME]).toEqual({ action: 'enable', code: 'engine/http-500', message: dial, detail: '{"message":"…"}' });

    // A later snapshot does not erase it; a new attempt does.
    t.emit('plugins', snapshot([plugin(false)], 'safety re-read'));
    expect(store.getState().errors[NAME]?.message).toBe(dial);
    void store.getState().setEnabled(NAME, true);
    expect(store.getState().errors[NAME]).toBeUndefined();
  });

  it('a refused request (not a job) shows the error and frees the switch', async () => {
    const t = createTestApi({
      'plugins:list': () => [plugin(true)],
      'jobs:list': () => [],
      'plugins:disable': () => Promise.reject({ code: 'engine/http-409', message: 'plugin example/netdrv:latest is in use', detail: 'raw' }),
    });
    const store = createPluginsStore(t.api);
    store.getState().start();
    await flush();
    await store.getState().setEnabled(NAME, false);
    expect(store.getState().busy[NAME]).toBeUndefined();
    expect(store.getState().errors[NAME]).toMatchObject({ action: 'disable', message: 'plugin example/netdrv:latest is in use', detail: 'raw' });
  });

  it('a reload mid-enable picks the running job up again, busy, replayed from the start', async () => {
    const t = createTestApi({
      'plugins:list': () => [plugin(false)],
      // The service may list the target without its tag (e.g. started as `example/netdrv`).
      'jobs:list': () => [job('job-3', { target: 'example/netdrv', stage: 'waiting for the engine (3 s)' }), job('job-old', { state: 'failed' })],
    });
    // Events the previous page already saw: the new page replays them from seq 0.
    t.emit('job', { type: 'state', job: job('job-3'), at: 'x' }, 'job-3');
    t.emit('job', { type: 'progress', progress: 0.2, stage: 'waiting for the engine (4 s)', at: 'x' }, 'job-3');

    const store = createPluginsStore(t.api);
    store.getState().start();
    await flush();
    expect(store.getState().busy[NAME]).toMatchObject({ jobId: 'job-3', action: 'enable', stage: 'waiting for the engine (4 s)' });
    expect(Object.keys(store.getState().busy)).toEqual([NAME]);
    expect(t.listeners('job:job-old')).toBe(0);

    t.emit('job', { type: 'progress', progress: 0.3, stage: 'waiting for the engine (5 s)', at: 'x' }, 'job-3');
    expect(store.getState().busy[NAME].stage).toBe('waiting for the engine (5 s)');
    t.emit('job', { type: 'state', job: job('job-3', { state: 'succeeded' }), at: 'x' }, 'job-3');
    expect(store.getState().busy[NAME]).toBeUndefined();
  });

  it('a job that ended while the screen was away is settled when it comes back', async () => {
    const t = createTestApi({ 'plugins:list': () => [plugin(false)], 'jobs:list': () => [], 'plugins:enable': () => ({ jobId: 'job-4' }) });
    const store = createPluginsStore(t.api);
    const dispose = store.getState().start();
    await flush();
    await store.getState().setEnabled(NAME, true);
    dispose();
    t.emit('job', { type: 'state', job: job('job-4', { state: 'failed', error: { code: 'x', message: 'boom' } }), at: 'x' }, 'job-4');
    expect(store.getState().busy[NAME]).toBeDefined(); // nobody listening

    store.getState().start();
    await flush();
    expect(store.getState().busy[NAME]).toBeUndefined();
    expect(store.getState().errors[NAME]?.message).toBe('boom');
  });

  it('saving settings returns the engine’s refusal verbatim, or updates the plugin', async () => {
    const refusal = 'cannot set on an active plugin';
    let refuse = true;
    const t = createTestApi({
      'plugins:list': () => [plugin(false)],
      'jobs:list': () => [],
      'plugins:set': ({ name }) => (refuse ? Promise.reject({ code: 'engine/http-500', message: refusal }) : plugin(false, { name, description: 'changed' })),
    });
    const store = createPluginsStore(t.api);
    store.getState().start();
    await flush();
    const err = await store.getState().saveSettings(NAME, [{ key: 'DEBUG', value: '1' }]);
    expect(err).toEqual({ code: 'engine/http-500', message: refusal });
    refuse = false;
    expect(await store.getState().saveSettings(NAME, [{ key: 'DEBUG', value: '1' }])).toBeNull();
    expect(store.getState().plugins[0].description).toBe('changed');
  });

  it('remove drops the plugin at once and reports a refusal', async () => {
    let refuse = true;
    const t = createTestApi({
      'plugins:list': () => [plugin(true)],
      'jobs:list': () => [],
      'plugins:remove': ({ name }) => (refuse ? Promise.reject({ code: 'engine/http-409', message: 'plugin is enabled' }) : { removed: name }),
    });
    const store = createPluginsStore(t.api);
    store.getState().start();
    await flush();
    expect((await store.getState().remove(NAME, false))?.message).toBe('plugin is enabled');
    expect(store.getState().plugins).toHaveLength(1);
    refuse = false;
    expect(await store.getState().remove(NAME, true)).toBeNull();
    expect(t.calls.at(-1)).toEqual({ method: 'plugins:remove', args: { name: NAME, force: true } });
    expect(store.getState().plugins).toHaveLength(0);
  });
});

describe('sameRef', () => {
  it('treats a missing tag as :latest, and nothing else as equal', () => {
    expect(sameRef('a/b', 'a/b:latest')).toBe(true);
    expect(sameRef('a/b:latest', 'a/b:latest')).toBe(true);
    expect(sameRef('a/b:v2', 'a/b:latest')).toBe(false);
    expect(sameRef('host:5000/a/b', 'host:5000/a/b:latest')).toBe(true);
  });
});
