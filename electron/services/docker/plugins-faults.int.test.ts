/**
 * The two enable faults ENGINE-NOTES describes, reproduced with the real example driver
 * on a real dockerd: a plugin that never opens its socket (the engine's dial error must
 * reach the user, and the plugin must read as disabled), and one that listens but never
 * answers (the engine calls it enabled; Plugsmith must say "not answering").
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PluginSummary } from '../../ipc/types';
import type { JobEvent } from '../../ipc/types';
import { healthTextEn } from '../../ipc/health';
import { EventHub } from '../events/hub';
import { JobManager } from '../jobs/jobs';
import { TopologySources } from '../topology/sources';
import { PluginService } from './plugins';
import { createFixturePlugin, removePluginQuietly } from './testing/fixtures';
import { SKIP_REASON, testEngineHost, uniqueName, wire, type Wired } from './testing/harness';

const host = testEngineHost();

if (!host) {
  describe.skip(`plugin enable faults on a real engine — skipped: ${SKIP_REASON}`, () => {
    it('needs a test engine', () => undefined);
  });
} else {
  describe('plugin enable faults on a real engine', () => {
    let w: Wired;
    const created: string[] = [];

    beforeAll(() => {
      w = wire(host);
    });

    afterAll(async () => {
      for (const n of created) await removePluginQuietly(w.engine, n);
    });

    it('reports the engine’s dial error when the socket never appears, and the plugin stays disabled', async () => {
      const fx = await createFixturePlugin(w.engine, { name: uniqueName('nosock'), mode: 'no-socket' });
      created.push(fx.name);
      const started = Date.now();
      const job = await w.jobs.wait(w.plugins.enable(fx.name).id);
      console.info(`no-socket enable failed after ${((Date.now() - started) / 1000).toFixed(1)} s`);
      expect(job.state).toBe('failed');
      expect(job.error?.message).toMatch(/dial unix \/run\/docker\/plugins\/[0-9a-f]{64}\/netdriver\.sock: connect: no such file or directory/);
      const p = await w.plugins.inspect(fx.name);
      expect(p.enabled).toBe(false);
      expect(p.health.state).toBe('disabled');
    });

    it('says "not answering" for a plugin the engine calls enabled but that never replies', async () => {
      const fx = await createFixturePlugin(w.engine, { name: uniqueName('silent'), mode: 'silent' });
      created.push(fx.name);
      const started = Date.now();
      const info = w.plugins.enable(fx.name);
      // Progress keeps coming while the engine works, so the switch is never frozen.
      const stages: string[] = [];
      const unsubscribe = w.hub.subscribe<JobEvent>('job', info.id, 0, (e) => {
        if (e.data.type === 'progress') stages.push(e.data.stage);
      });
      const job = await w.jobs.wait(info.id);
      unsubscribe();
      const seconds = (Date.now() - started) / 1000;
      console.info(`silent enable "succeeded" after ${seconds.toFixed(1)} s`);
      expect(job.error).toBeNull();
      expect(job.state).toBe('succeeded');
      const summary = job.result as PluginSummary;
      expect(summary.enabled).toBe(true);
      expect(summary.health.state).toBe('not-answering');
      expect(summary.health.detail).toMatch(/no answer within/);
      expect(stages.filter((s) => /^waiting for the engine \(\d+ s\)$/.test(s)).length).toBeGreaterThan(5);
      // The list shows the same verdict, not a fresh "unchecked".
      const listed = (await w.plugins.list()).find((p) => p.name === fx.name);
      expect(listed?.health.state).toBe('not-answering');

      // A fresh process (the CLI: `plugins ls`, `topology`) has checked nothing yet: it checks
      // the socket now and says what the Plugins screen says, never `unchecked` or "ok · enabled".
      const freshHub = new EventHub();
      const fresh = new PluginService({ engine: () => w.engine, hub: freshHub, jobs: new JobManager(freshHub), enableTimeoutSeconds: () => 10 });
      const ls = (await fresh.listChecked()).find((p) => p.name === fx.name)!;
      expect(ls.health.state).toBe('not-answering');
      expect(healthTextEn(ls.enabled, ls.health)).toBe('enabled, not answering');
      const topo = new TopologySources({
        engine: () => w.engine,
        netmasterUrl: async () => null,
        ovsdb: 'unix:/nonexistent/plugsmith-no-ovs.sock',
        readHost: async () => ({ hostname: 'test', addresses: [], interfaces: [], defaultRouteInterfaces: [], source: 'test' }),
        pluginHealth: (o) => new PluginService({ engine: () => w.engine, hub: freshHub, jobs: new JobManager(freshHub), enableTimeoutSeconds: () => 10 }).healthById(o),
      });
      const node = (await topo.readOnce('test')).nodes.find((n) => n.id === `plugin:${fx.name}`);
      expect(node).toMatchObject({ status: 'error', detail: 'enabled, not answering', reason: expect.stringMatching(/^enabled, not answering: .*no answer within/) });
      expect(node?.plugin?.health.state).toBe('not-answering');

      const off = await w.jobs.wait(w.plugins.disable(fx.name).id);
      expect(off.state).toBe('succeeded');
    });
  });
}
