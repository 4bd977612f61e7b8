/**
 * The netmaster service against the test netmaster (real HTTP on loopback): URL resolution in
 * its order, status of a live and of a dead netmaster, and create/delete with their netctl twins.
 */
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PluginSummary } from '../../ipc/types';
import { deleteTwin, NetmasterService, resolveNetmasterUrl } from './service';
import { startTestNetmaster, type TestNetmaster } from './testing/test-netmaster';

let nm: TestNetmaster;
beforeEach(async () => {
  nm = await startTestNetmaster();
});
afterEach(async () => {
  await nm.close();
});

function plugin(name: string, enabled: boolean, env: Record<string, string | null>): PluginSummary {
  return {
    id: name,
    name,
    description: '',
    documentation: '',
    enabled,
    capabilities: [],
    socket: '',
    settings: Object.entries(env).map(([k, v]) => ({ kind: 'env', name: k, description: '', value: v, settable: ['value'], settableFields: ['value'], locked: null, setKey: k })),
    health: { state: 'unchecked' } as PluginSummary['health'],
    raw: {},
  };
}

/** A port nothing listens on: bound, then released. */
async function deadPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe('resolveNetmasterUrl', () => {
  const plugins = async () => [plugin('other/x:latest', true, { FOO: 'bar' }), plugin('contiv/v2plugin:old', false, { listen_url: '10.0.0.9:9999' }), plugin('contiv/v2plugin:latest', true, { CONTIV_NETMASTER_EXTERNAL_ADDRESS: '0.0.0.0:9999' })];

  it('takes the explicit URL, then the env, then the setting, then an enabled Contiv plugin', async () => {
    const deps = { env: { PLUGSMITH_NETMASTER: 'envhost:9999' }, settingsUrl: () => 'http://saved:9999/', plugins };
    expect(await resolveNetmasterUrl(':7777', deps)).toEqual({ url: 'http://127.0.0.1:7777', source: { kind: 'request' } });
    expect(await resolveNetmasterUrl(undefined, deps)).toEqual({ url: 'http://envhost:9999', source: { kind: 'env', name: 'PLUGSMITH_NETMASTER' } });
    expect(await resolveNetmasterUrl(undefined, { ...deps, env: {} })).toEqual({ url: 'http://saved:9999', source: { kind: 'settings' } });
    // The enabled plugin wins over the disabled one listed before it; 0.0.0.0 is reached on loopback.
    expect(await resolveNetmasterUrl(undefined, { env: {}, settingsUrl: () => null, plugins })).toEqual({ url: 'http://127.0.0.1:9999', source: { kind: 'plugin', name: 'contiv/v2plugin:latest' } });
  });

  it('says nothing (null) when no source names netmaster, and survives an engine that is down', async () => {
    expect(await resolveNetmasterUrl(undefined, { env: {}, plugins: async () => [plugin('a/b:latest', true, { X: '1' })] })).toBeNull();
    expect(
      await resolveNetmasterUrl(undefined, {
        env: {},
        plugins: async () => {
          throw new Error('engine down');
        },
      }),
    ).toBeNull();
  });

  it('skips a plugin with a malformed address and keeps looking', async () => {
    const r = await resolveNetmasterUrl(undefined, { env: {}, plugins: async () => [plugin('bad/p:1', true, { listen_url: 'ftp://x' }), plugin('good/p:1', true, { listen_url: '10.1.2.3:9999' })] });
    expect(r).toEqual({ url: 'http://10.1.2.3:9999', source: { kind: 'plugin', name: 'good/p:1' } });
  });
});

describe('NetmasterService', () => {
  it('reports version and info of a live netmaster, with the URL and where it came from', async () => {
    const svc = new NetmasterService({ env: { PLUGSMITH_NETMASTER: nm.url } });
    const s = await svc.status();
    expect(s.url).toBe(nm.url);
    expect(s.source).toEqual({ kind: 'env', name: 'PLUGSMITH_NETMASTER' });
    expect(s.version?.Version).toBeTruthy();
    expect(s.info?.['current-state']).toBeTruthy();
    expect(s.error).toBeUndefined();
  });

  it('reports an unreachable netmaster as a status with the URL and the reason, not a throw', async () => {
    const port = await deadPort();
    const s = await new NetmasterService({ env: {} }).status(`127.0.0.1:${port}`);
    expect(s.url).toBe(`http://127.0.0.1:${port}`);
    expect(s.version).toBeNull();
    expect(s.error?.code).toBe('netmaster/unreachable');
    expect(s.error?.message).toContain(`127.0.0.1:${port}`);
  });

  it('reports no URL at all as netmaster/no-url, and list refuses with the same code', async () => {
    const svc = new NetmasterService({ env: {} });
    expect((await svc.status()).error?.code).toBe('netmaster/no-url');
    await expect(svc.list('tenants')).rejects.toMatchObject({ code: 'netmaster/no-url' });
  });

  it('creates a tenant and a network with their netctl twins, lists and inspects them, deletes with the twin', async () => {
    const svc = new NetmasterService({ env: {} });
    const t = await svc.create('tenants', { tenantName: 'blue' }, nm.url);
    expect(t).toMatchObject({ object: { key: 'blue', tenantName: 'blue' }, netctl: 'netctl tenant create blue' });
    const n = await svc.create('networks', { tenantName: 'blue', networkName: 'net1', encap: 'vxlan', subnet: '10.1.1.0/24', gateway: '10.1.1.254' }, nm.url);
    expect(n.object.key).toBe('blue:net1');
    expect(n.netctl).toBe('netctl network create -t blue -s 10.1.1.0/24 -g 10.1.1.254 net1');

    expect((await svc.list('tenants', nm.url)).map((x) => x.key)).toEqual(['blue', 'default']);
    const ins = await svc.inspect('networks', 'blue:net1', nm.url);
    expect(ins.Config.subnet).toBe('10.1.1.0/24');
    expect(ins.Oper).toBeTruthy();

    expect(await svc.delete('networks', 'blue:net1', nm.url)).toEqual({ key: 'blue:net1', netctl: 'netctl network rm -t blue net1' });
    expect((await svc.list('networks', nm.url)).map((x) => x.key)).toEqual([]);
  });

  it("passes netmaster's own error text through: an overlapping subnet is a 500 with its first line as message", async () => {
    const svc = new NetmasterService({ env: {} });
    await svc.create('tenants', { tenantName: 'blue' }, nm.url);
    await svc.create('networks', { tenantName: 'blue', networkName: 'net1', subnet: '10.1.1.0/24', gateway: '10.1.1.254' }, nm.url);
    const err = await svc.create('networks', { tenantName: 'blue', networkName: 'net2', subnet: '10.1.1.128/25', gateway: '10.1.1.129' }, nm.url).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'netmaster/http-500' });
    const e = err as { message: string; detail?: string };
    expect(e.message).toContain('conflicts with subnet');
    expect(e.message).not.toContain('\n');
    expect(e.detail?.startsWith(e.message)).toBe(true);
  });

  it('refuses an object without its name fields before asking netmaster (the key would read undefined)', async () => {
    const svc = new NetmasterService({ env: {} });
    await expect(svc.create('networks', { tenantName: 'blue' }, nm.url)).rejects.toMatchObject({ code: 'netmaster/bad-object', message: expect.stringContaining('networkName') });
    expect(nm.state.list('networks')).toEqual([]);
  });
});

describe('deleteTwin', () => {
  it('splits keys as the type keys them, and gives no twin for a key that does not fit', () => {
    expect(deleteTwin('tenants', 'blue')).toBe('netctl tenant rm blue');
    expect(deleteTwin('endpointGroups', 'blue:web')).toBe('netctl group rm -t blue web');
    expect(deleteTwin('policys', 'blue:p')).toBe('netctl policy rm -t blue p');
    expect(deleteTwin('rules', 'blue:p:1')).toBe('netctl policy rule-rm -t blue p 1');
    expect(deleteTwin('rules', 'blue:p')).toBeNull();
    expect(deleteTwin('appProfiles', 'blue:a')).toBeNull();
  });
});

describe('netmaster:* argument schemas (the boundary both transports check)', () => {
  it('takes the 14 types only, keys without control characters, and flat bounded objects', async () => {
    const { requests } = await import('../../ipc/contract');
    const ok = (name: keyof typeof requests, args: unknown) => requests[name].args.safeParse(args).success;
    expect(ok('netmaster:list', { type: 'networks' })).toBe(true);
    expect(ok('netmaster:list', { type: 'network' })).toBe(false);
    expect(ok('netmaster:inspect', { type: 'rules', key: 'blue:web-policy:1', url: '127.0.0.1:9999' })).toBe(true);
    expect(ok('netmaster:inspect', { type: 'rules', key: 'blue\n:x' })).toBe(false);
    expect(ok('netmaster:delete', { type: 'tenants', key: 'x'.repeat(513) })).toBe(false);
    expect(ok('netmaster:status', { url: 'http://a b' })).toBe(false);
    expect(ok('netmaster:create', { type: 'endpointGroups', object: { tenantName: 'blue', groupName: 'web', policies: ['p1'], pktTag: 5 } })).toBe(true);
    expect(ok('netmaster:create', { type: 'networks', object: { tenantName: { nested: true } } })).toBe(false);
    const wide = Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`f${i}`, 'x']));
    expect(ok('netmaster:create', { type: 'networks', object: wide })).toBe(false);
    expect(ok('netmaster:create', { type: 'networks', object: {}, extra: 1 })).toBe(false);
  });
});
