/**
 * The plugin service against a real dockerd and the real example driver: the happy
 * path from create to remove with a network in between, and `set` with the engine's
 * own refusals. Runs as root (the plugin socket folder is root-only, so health is
 * really probed).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PluginSummary } from '../../ipc/types';
import type { EnginePlugin } from './plugin-model';
import { PlugsmithError } from '../errors';
import { createFixturePlugin, removePluginQuietly } from './testing/fixtures';
import { driverCalls } from './testing/driver-client';
import { SKIP_REASON, testEngineHost, uniqueName, wire, type Wired } from './testing/harness';

const host = testEngineHost();

if (!host) {
  describe.skip(`plugins on a real engine — skipped: ${SKIP_REASON}`, () => {
    it('needs a test engine', () => undefined);
  });
} else {
  describe('plugins on a real engine', () => {
    let w: Wired;
    const created: string[] = [];

    beforeAll(() => {
      w = wire(host);
    });

    afterAll(async () => {
      for (const n of created) await removePluginQuietly(w.engine, n);
    });

    const inspect = (name: string) => w.engine.request<EnginePlugin>({ method: 'GET', path: `/plugins/${encodeURIComponent(name)}/json` });

    it('creates, enables (answering), carries a network, disables and removes a plugin', async () => {
      const fx = await createFixturePlugin(w.engine, { name: uniqueName('ok'), mode: 'ok' });
      created.push(fx.name);
      console.info(`fixture create: ${fx.createMs} ms for ${(fx.rootfsBytes / 1e6).toFixed(1)} MB of rootfs`);

      const listed = await w.plugins.list();
      const mine = listed.find((p) => p.name === fx.name);
      expect(mine?.enabled).toBe(false);
      expect(mine?.capabilities).toEqual([{ type: 'docker.networkdriver/1.0', kind: 'network' }]);

      const job = await w.jobs.wait(w.plugins.enable(fx.name).id);
      expect(job.error).toBeNull();
      expect(job.state).toBe('succeeded');
      const summary = job.result as PluginSummary;
      expect(summary.health.state).toBe('answering');
      expect(summary.health.detail).toMatch(/GetCapabilities .*HTTP 200/);
      const raw = await inspect(fx.name);
      expect(raw.Enabled).toBe(true);

      // The engine registers a managed network driver under its full name:tag only.
      await expect(
        w.engine.request({ method: 'POST', path: '/networks/create', body: { Name: `n-${Date.now()}`, Driver: fx.name.replace(/:latest$/, '') } }),
      ).rejects.toThrow(/could not resolve driver/);

      const netName = `plugsmith-it-net-${Date.now()}`;
      const net = await w.engine.request<{ Id: string }>({ method: 'POST', path: '/networks/create', body: { Name: netName, Driver: fx.name, CheckDuplicate: true } });
      expect(net.Id).toMatch(/^[0-9a-f]{64}$/);
      const seen = await driverCalls(raw.Id);
      expect(seen.Calls.map((c) => c.call)).toContain('NetworkDriver.GetCapabilities');
      expect(seen.Calls.filter((c) => c.call === 'NetworkDriver.CreateNetwork').map((c) => c.networkId)).toEqual([net.Id]);
      expect(seen.Networks).toEqual([net.Id]);

      // A network made with the plugin blocks a plain disable.
      const blocked = await w.jobs.wait(w.plugins.disable(fx.name).id);
      expect(blocked.state).toBe('failed');
      expect(blocked.error?.message).toMatch(/in use/);

      await w.engine.request({ method: 'DELETE', path: `/networks/${net.Id}` });
      const after = await driverCalls(raw.Id);
      expect(after.Calls.map((c) => c.call)).toContain('NetworkDriver.DeleteNetwork');
      expect(after.Networks).toEqual([]);

      const off = await w.jobs.wait(w.plugins.disable(fx.name).id);
      expect(off.error).toBeNull();
      expect((off.result as PluginSummary).enabled).toBe(false);
      expect((await inspect(fx.name)).Enabled).toBe(false);

      await w.plugins.remove(fx.name);
      expect((await w.plugins.list()).some((p) => p.name === fx.name)).toBe(false);
      await expect(w.plugins.inspect(fx.name)).rejects.toMatchObject({ code: 'plugins/not-found' });
    });

    it('sets settings only while disabled, and shows the engine’s own refusals', async () => {
      const fx = await createFixturePlugin(w.engine, { name: uniqueName('set'), mode: 'ok' });
      created.push(fx.name);

      const updated = await w.plugins.set(fx.name, [
        { key: 'DEBUG', value: '1' },
        { key: 'logs', value: '/var/tmp' },
      ]);
      expect(updated.settings.find((s) => s.name === 'DEBUG')?.value).toBe('1');
      const raw = await inspect(fx.name);
      expect(raw.Settings?.Env).toContain('DEBUG=1');
      expect(raw.Settings?.Mounts?.find((m) => m.Name === 'logs')?.Source).toBe('/var/tmp');

      // The engine's words, untouched, for a key it does not have and one it will not change.
      const unknown = await w.plugins.set(fx.name, [{ key: 'NO_SUCH_KEY', value: 'x' }]).catch((e: unknown) => e);
      expect(unknown).toBeInstanceOf(PlugsmithError);
      expect((unknown as PlugsmithError).message).toContain('setting "NO_SUCH_KEY" not found in the plugin configuration');
      const fixed = await w.plugins.set(fx.name, [{ key: 'SCOPE', value: 'global' }]).catch((e: unknown) => e);
      expect(fixed).toBeInstanceOf(PlugsmithError);
      expect((fixed as PlugsmithError).message).toContain('"SCOPE" is not settable');
      expect((await inspect(fx.name)).Settings?.Env).toContain('SCOPE=local');

      const on = await w.jobs.wait(w.plugins.enable(fx.name).id);
      expect(on.state).toBe('succeeded');
      expect((on.result as PluginSummary).health.state).toBe('answering');
      // The setting reached the plugin's process, not just the engine's record.
      expect((await driverCalls((await inspect(fx.name)).Id)).Env).toMatchObject({ DEBUG: '1', MODE: 'ok', SCOPE: 'local' });
      const refused = await w.plugins.set(fx.name, [{ key: 'DEBUG', value: '0' }]).catch((e: unknown) => e);
      expect(refused).toMatchObject({ code: 'plugins/set-enabled' });
      expect((await inspect(fx.name)).Settings?.Env).toContain('DEBUG=1');

      const off = await w.jobs.wait(w.plugins.disable(fx.name).id);
      expect(off.state).toBe('succeeded');
      await w.plugins.remove(fx.name);
    });
  });
}
