/**
 * The Contiv-shaped setup the topology integration tests share: the example network plugin marked
 * Contiv's (a Contiv env entry, so isContivConfig says yes, as for contiv/v2plugin) and enabled; a
 * test netmaster that makes its Docker networks through that plugin, with one tenant and its
 * `net1`; and a watch on the live topology models a test waits on. Test helper only.
 */
import type { Engine } from '../../docker/engine';
import { createFixturePlugin } from '../../docker/testing/fixtures';
import { uniqueName } from '../../docker/testing/harness';
import type { EventHub } from '../../events/hub';
import { NetmasterClient } from '../../netmaster/client';
import { engineDockerNetworkHook, type DockerHookOptions } from '../../netmaster/testing/docker-hook';
import { startTestNetmaster, type TestNetmaster } from '../../netmaster/testing/test-netmaster';
import type { TopologyModel } from '../model';

/** The example driver with a Contiv env entry, installed and enabled; returns its name. */
export async function enableContivShapedPlugin(engine: Engine, prefix: string): Promise<string> {
  const fx = await createFixturePlugin(engine, {
    name: uniqueName(prefix),
    mode: 'ok',
    configure: (c) => c.env?.push({ name: 'CONTIV_ROLE', description: 'marks this fixture as Contiv-shaped', settable: ['value'], value: 'netplugin' }),
  });
  await engine.request({ method: 'POST', path: `/plugins/${encodeURIComponent(fx.name)}/enable`, query: { timeout: 30 }, timeoutMs: 40_000 });
  return fx.name;
}

/**
 * A test netmaster whose networks the engine makes with `plugin`, holding `tenant` and its net1 on
 * `<prefix>.0/24` (each test file its own prefix: they may share one engine).
 */
export async function startNetmasterWithNet1(engine: Engine, plugin: string, tenant: string, prefix: string, hook: Pick<DockerHookOptions, 'internal'> = {}): Promise<TestNetmaster> {
  const nm = await startTestNetmaster({ onDockerNetwork: engineDockerNetworkHook(engine, { driver: plugin, ipamDriver: 'default', ...hook }) });
  const c = new NetmasterClient({ url: nm.url });
  await c.create('tenants', { tenantName: tenant });
  await c.create('networks', { tenantName: tenant, networkName: 'net1', subnet: `${prefix}.0/24`, gateway: `${prefix}.254` });
  return nm;
}

/** Every topology model the hub publishes, and a wait for the first (or current) one that matches. */
export function watchTopology(hub: EventHub) {
  const models: TopologyModel[] = [];
  let waiters: { pred: (m: TopologyModel) => boolean; resolve: (m: TopologyModel) => void }[] = [];
  hub.subscribe<TopologyModel>('topology', '', 0, (e) => {
    models.push(e.data);
    const ready = waiters.filter((x) => x.pred(e.data));
    waiters = waiters.filter((x) => !ready.includes(x));
    for (const x of ready) x.resolve(e.data);
  });
  /** `failure` words the timeout from the last model seen (what a failing test needs to show). */
  const until = (pred: (m: TopologyModel) => boolean, ms: number, failure: (last: TopologyModel | undefined) => string): Promise<TopologyModel> => {
    const have = models.at(-1);
    if (have && pred(have)) return Promise.resolve(have);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(failure(models.at(-1)))), ms);
      waiters.push({ pred, resolve: (m) => (clearTimeout(t), resolve(m)) });
    });
  };
  return { until };
}
