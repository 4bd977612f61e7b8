/**
 * An enable that collides with the engine's own start of the same plugin. Seen for real: right
 * after the doctor removed a containerd leftover the engine restarted the plugin by itself, and the
 * user's enable got 409 "task <id>: already exists" although the plugin came up a moment later.
 * The engine here is a stand-in for exactly those answers (the race cannot be timed on a real one);
 * the real wreck and clean-up are in doctor/checks/containerd-leftover.int.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { PlugsmithError } from '../errors';
import { EventHub } from '../events/hub';
import { JobManager } from '../jobs/jobs';
import type { Engine } from './engine';
import type { EnginePlugin } from './plugin-model';
import { PluginService } from './plugins';

const ID = '3e395a850520568fea2d1d54e4102e0e1074c31d79c9aff5027b13b9e1b749b7';
const NAME = 'example/netdrv:latest';

/** Answers like dockerd: the enable fails with `enableError`; the plugin shows enabled after `enabledAfterInspects` inspects. */
function engineThat(enableError: string, enabledAfterInspects: number): { engine: Engine; inspects: () => number } {
  let inspects = 0;
  const plugin = (enabled: boolean): EnginePlugin => ({ Id: ID, Name: NAME, Enabled: enabled, Config: { Interface: { Types: ['docker.networkdriver/1.0'], Socket: 'net.sock' } } });
  const request = async ({ method, path }: { method: string; path: string }): Promise<unknown> => {
    if (method === 'POST' && path.endsWith('/enable')) throw new PlugsmithError('engine/http-409', enableError, `POST ${path} → HTTP 409`);
    if (method === 'GET' && path === '/plugins') return [plugin(inspects > enabledAfterInspects)];
    if (method === 'GET' && path.endsWith('/json')) return plugin(++inspects > enabledAfterInspects);
    throw new Error(`unexpected ${method} ${path}`);
  };
  return { engine: { request, isLocal: true, host: 'unix:///stand-in.sock' } as unknown as Engine, inspects: () => inspects };
}

function service(engine: Engine): { plugins: PluginService; jobs: JobManager } {
  const hub = new EventHub();
  const jobs = new JobManager(hub);
  const plugins = new PluginService({
    engine: () => engine,
    hub,
    jobs,
    enableTimeoutSeconds: () => 10,
    probe: async () => ({ state: 'answering', detail: '', checkedAt: 'now' }),
    sleep: async () => undefined,
  });
  return { plugins, jobs };
}

describe('an enable that collides with the engine starting the plugin itself', () => {
  it.each([`task ${ID}: already exists`, 'error creating containerd container: id already in use'])('"%s", then the plugin comes up: the enable succeeds', async (msg) => {
    // Inspect #1 is the enable's "before"; the plugin is up from the third look after the failure.
    const { engine } = engineThat(msg, 3);
    const { plugins, jobs } = service(engine);
    const done = await jobs.wait(plugins.enable(NAME).id);
    expect(done.error ?? null).toBeNull();
    expect(done.state).toBe('succeeded');
  });

  it('the plugin never comes up: a bounded wait, then the leftover error that leads to the doctor', async () => {
    const { engine, inspects } = engineThat(`task ${ID}: already exists`, Number.POSITIVE_INFINITY);
    const { plugins, jobs } = service(engine);
    const done = await jobs.wait(plugins.enable(NAME).id);
    expect(done.state).toBe('failed');
    expect(done.error?.code).toBe('plugins/containerd-leftover');
    // 1 look before the enable, then at most 6 s / 0.5 s re-inspections.
    expect(inspects()).toBeLessThanOrEqual(1 + 12);
    expect(inspects()).toBeGreaterThan(2);
  });

  it('another engine error is not waited on', async () => {
    const { engine, inspects } = engineThat('dial unix /run/docker/plugins/x/net.sock: connect: no such file or directory', Number.POSITIVE_INFINITY);
    const { plugins, jobs } = service(engine);
    const done = await jobs.wait(plugins.enable(NAME).id);
    expect(done.state).toBe('failed');
    expect(inspects()).toBe(1);
  });
});
