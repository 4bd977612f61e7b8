/**
 * The test netmaster making Docker networks through the tests' real dockerd, as netmaster does
 * in docker mode, with a fixture plugin as the network driver.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixturePlugin, removePluginQuietly } from '../../docker/testing/fixtures';
import { SKIP_REASON, testEngineHost, uniqueName, wire, type Wired } from '../../docker/testing/harness';
import { NetmasterClient } from '../client';
import { engineDockerNetworkHook } from './docker-hook';
import { startTestNetmaster, type TestNetmaster } from './test-netmaster';

const host = testEngineHost();

if (!host) {
  describe.skip(`test netmaster docker networks — skipped: ${SKIP_REASON}`, () => {
    it('needs a test engine', () => {});
  });
} else {
  describe('test netmaster docker networks on a real engine', () => {
    let w: Wired;
    let plugin = '';
    let nm: TestNetmaster;
    const log: { action: 'create' | 'delete'; name: string; tenant: string }[] = [];

    beforeAll(async () => {
      w = wire(host);
      const fx = await createFixturePlugin(w.engine, { name: uniqueName('nm'), mode: 'ok' });
      plugin = fx.name;
      await w.engine.request({ method: 'POST', path: `/plugins/${encodeURIComponent(plugin)}/enable`, query: { timeout: 30 }, timeoutMs: 40_000 });
      nm = await startTestNetmaster({ onDockerNetwork: engineDockerNetworkHook(w.engine, { driver: plugin, ipamDriver: 'default', log }) });
    });
    afterAll(async () => {
      await nm?.close();
      if (plugin) await removePluginQuietly(w.engine, plugin);
    });

    const networkNames = async () =>
      (await w.engine.request<{ Name: string; Driver: string }[]>({ method: 'GET', path: '/networks' })).filter((n) => n.Driver === plugin).map((n) => n.Name).sort();

    it('creates <net>/<tenant>, <group>/<tenant> and <net> in default, and removes them on delete', async () => {
      const c = new NetmasterClient({ url: nm.url });
      const tenant = `t${Date.now().toString(36)}`;
      await c.create('tenants', { tenantName: tenant });
      await c.create('networks', { tenantName: tenant, networkName: 'net1', subnet: '10.201.1.0/24', gateway: '10.201.1.254' });
      await c.create('endpointGroups', { tenantName: tenant, groupName: 'web', networkName: 'net1' });
      await c.create('networks', { tenantName: 'default', networkName: `dn${tenant}`, subnet: '10.202.1.0/24' });
      expect(await networkNames()).toEqual([`dn${tenant}`, `net1/${tenant}`, `web/${tenant}`].sort());

      await c.delete('endpointGroups', `${tenant}:web`);
      await c.delete('networks', `${tenant}:net1`);
      await c.delete('networks', `default:dn${tenant}`);
      expect(await networkNames()).toEqual([]);
      expect(log.map((l) => `${l.action} ${l.name}`)).toEqual([
        `create net1/${tenant}`,
        `create web/${tenant}`,
        `create dn${tenant}`,
        `delete web/${tenant}`,
        `delete net1/${tenant}`,
        `delete dn${tenant}`,
      ]);
    });
  });
}
