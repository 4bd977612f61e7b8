/**
 * The netmaster store against an in-memory api double: the URL field is the netmasterUrl
 * setting (the address every screen resolves), calls go without a url and the service resolves it,
 * an unreachable netmaster stops at the status, stale answers are dropped, and create/delete
 * keep the twin or netmaster's error as they came.
 */
import { describe, expect, it } from 'vitest';
import type { NetmasterObject, NetmasterObjectType, NetmasterStatus } from '../../electron/ipc/types';
import { createNetmasterStore, LEGACY_URL_KEY } from './netmaster';
import { createTestApi, flush, type TestHandlers } from './test-double';

const LIVE: NetmasterStatus = {
  url: 'http://127.0.0.1:9999',
  source: { kind: 'request' },
  version: { Version: '1.1.0', GitCommit: 'abc', BuildTime: 'now' },
  info: { 'current-state': 'master', 'leader-ip': '127.0.0.1', 'local-ip': '127.0.0.1', 'netmaster-nodes': [], 'netplugin-nodes': [] },
};

/** A netmaster held in a map, per type, answering like the service does. */
function fakeNetmaster(initial: Partial<Record<NetmasterObjectType, NetmasterObject[]>> = { tenants: [{ key: 'default', tenantName: 'default' }] }) {
  const db = new Map<NetmasterObjectType, NetmasterObject[]>(Object.entries(initial) as [NetmasterObjectType, NetmasterObject[]][]);
  // The settings service's netmasterUrl, and the resolution every screen shares: the call's url, else the setting.
  const saved = { netmasterUrl: null as string | null };
  const resolve = (url?: string) => url ?? saved.netmasterUrl ?? LIVE.url;
  const handlers: TestHandlers = {
    'state:get': () => null,
    'state:set': () => null,
    'settings:get': () => ({ ...saved }) as never,
    'settings:update': (patch) => {
      Object.assign(saved, patch);
      return { ...saved } as never;
    },
    'netmaster:status': ({ url }) => ({ ...LIVE, url: resolve(url), source: url ? { kind: 'request' } : saved.netmasterUrl ? { kind: 'settings' } : LIVE.source }),
    'netmaster:list': ({ type }) => [...(db.get(type) ?? [])],
    'netmaster:inspect': ({ type, key }) => ({ Config: (db.get(type) ?? []).find((o) => o.key === key)!, Oper: { numEndpoints: 0 } }),
    'netmaster:create': ({ type, object }) => {
      const o = object as Record<string, unknown>;
      const key = type === 'tenants' ? String(o.tenantName) : `${o.tenantName}:${o.networkName}`;
      const stored = { ...o, key } as NetmasterObject;
      db.set(type, [...(db.get(type) ?? []), stored]);
      return { object: stored, netctl: `netctl ${type} ${key}` };
    },
    'netmaster:delete': ({ type, key }) => {
      db.set(type, (db.get(type) ?? []).filter((o) => o.key !== key));
      return { key, netctl: `netctl rm ${key}` };
    },
  };
  return { db, handlers, saved, resolve };
}

describe('netmaster store', () => {
  it('loads the netmasterUrl setting into the field; calls go without a url so the service resolves the same address the topology and doctor use', async () => {
    const nm = fakeNetmaster();
    nm.saved.netmasterUrl = 'http://10.0.0.5:9999';
    const t = createTestApi(nm.handlers);
    const s = createNetmasterStore(t.api);
    await s.getState().init();
    expect(s.getState().url).toBe('http://10.0.0.5:9999');
    expect(s.getState().status).toMatchObject({ url: 'http://10.0.0.5:9999', source: { kind: 'settings' } });
    const lists = t.calls.filter((c) => c.method === 'netmaster:list');
    expect(lists.map((c) => (c.args as { type: string }).type).sort()).toEqual(['endpointGroups', 'networks', 'policys', 'tenants']);
    for (const c of lists) expect((c.args as { url?: string }).url).toBeUndefined();
    expect(s.getState().lists.tenants?.items.map((o) => o.key)).toEqual(['default']);
  });

  it('Connect saves the field as the netmasterUrl setting (not a screen-only key) and reconnects; empty clears it', async () => {
    const nm = fakeNetmaster();
    const t = createTestApi(nm.handlers);
    const s = createNetmasterStore(t.api);
    await s.getState().init();
    expect(t.calls.find((c) => c.method === 'netmaster:status')!.args).toEqual({});
    await s.getState().setUrl('  127.0.0.1:4242 ');
    expect(t.calls.filter((c) => c.method === 'settings:update').at(-1)!.args).toEqual({ netmasterUrl: '127.0.0.1:4242' });
    expect(t.calls.some((c) => c.method === 'state:set')).toBe(false);
    expect(t.calls.filter((c) => c.method === 'netmaster:status').at(-1)!.args).toEqual({});
    expect(s.getState().status?.url).toBe('127.0.0.1:4242');
    await s.getState().setUrl('');
    expect(nm.saved.netmasterUrl).toBeNull();
  });

  it('a URL an earlier version kept for this screen alone becomes the setting, once', async () => {
    const nm = fakeNetmaster();
    const state = new Map<string, unknown>([[LEGACY_URL_KEY, 'http://10.0.0.7:9999']]);
    const t = createTestApi({ ...nm.handlers, 'state:get': ({ key }) => state.get(key) ?? null, 'state:set': ({ key, value }) => (state.set(key, value), null) });
    const s = createNetmasterStore(t.api);
    await s.getState().init();
    expect(nm.saved.netmasterUrl).toBe('http://10.0.0.7:9999');
    expect(state.get(LEGACY_URL_KEY)).toBeNull();
    expect(s.getState().url).toBe('http://10.0.0.7:9999');
  });

  it('when the setting cannot be saved, says why and still connects with the field for this session', async () => {
    const nm = fakeNetmaster();
    const t = createTestApi({ ...nm.handlers, 'settings:update': () => Promise.reject({ code: 'store/write-failed', message: 'settings.json is read-only' }) });
    const s = createNetmasterStore(t.api);
    await s.getState().init();
    await s.getState().setUrl('127.0.0.1:4242');
    expect(s.getState().saveError?.message).toBe('settings.json is read-only');
    expect(t.calls.filter((c) => c.method === 'netmaster:status').at(-1)!.args).toEqual({ url: '127.0.0.1:4242' });
  });

  it('a URL connected to while the saved one was still loading is kept, and is what the status is asked with', async () => {
    const nm = fakeNetmaster();
    let answer: (v: never) => void = () => undefined;
    const t = createTestApi({ ...nm.handlers, 'settings:get': () => new Promise((r) => (answer = r as (v: never) => void)) });
    const s = createNetmasterStore(t.api);
    const init = s.getState().init();
    await s.getState().setUrl('127.0.0.1:4242');
    answer({ netmasterUrl: null } as never); // nothing was saved before
    await init;
    expect(s.getState().url).toBe('127.0.0.1:4242');
    expect(s.getState().status?.url).toBe('127.0.0.1:4242');
  });

  it('stops at the status when netmaster is unreachable: the error is kept and no list is asked for', async () => {
    const nm = fakeNetmaster();
    const down: NetmasterStatus = { url: 'http://127.0.0.1:1', source: { kind: 'request' }, version: null, info: null, error: { code: 'netmaster/unreachable', message: 'netmaster at http://127.0.0.1:1 is unreachable: connection refused' } };
    const t = createTestApi({ ...nm.handlers, 'netmaster:status': () => down });
    const s = createNetmasterStore(t.api);
    await s.getState().init();
    expect(s.getState().status?.error?.code).toBe('netmaster/unreachable');
    expect(t.calls.some((c) => c.method === 'netmaster:list')).toBe(false);
    // A rejected status call (bad URL at the boundary) becomes a status too, never a stuck spinner.
    t.handlers['netmaster:status'] = () => Promise.reject({ code: 'invalid-args', message: 'url: a URL has no spaces' });
    await s.getState().refresh();
    expect(s.getState().statusLoading).toBe(false);
    expect(s.getState().status?.error?.message).toContain('no spaces');
  });

  it('drops a slow list from the previous URL once the URL changed', async () => {
    const nm = fakeNetmaster();
    let releaseOld!: () => void;
    const t = createTestApi({
      ...nm.handlers,
      'netmaster:list': ({ type, url }) =>
        nm.resolve(url) === 'old:1' && type === 'tenants'
          ? new Promise<NetmasterObject[]>((r) => (releaseOld = () => r([{ key: 'stale', tenantName: 'stale' }])))
          : [{ key: `from-${nm.resolve(url)}`, tenantName: 'x' }],
    });
    const s = createNetmasterStore(t.api);
    const first = s.getState().setUrl('old:1');
    await flush();
    await s.getState().setUrl('new:2');
    releaseOld();
    await first;
    expect(s.getState().lists.tenants?.items.map((o) => o.key)).toEqual(['from-new:2']);
  });

  it('create keeps the twin, reloads, and selects the new object with its inspect', async () => {
    const nm = fakeNetmaster({ tenants: [{ key: 'default', tenantName: 'default' }], networks: [] });
    const t = createTestApi(nm.handlers);
    const s = createNetmasterStore(t.api);
    await s.getState().init();
    s.getState().selectTab('networks');
    expect(await s.getState().create('networks', { tenantName: 'blue', networkName: 'net1' })).toBe(true);
    await flush();
    const st = s.getState();
    expect(st.action).toMatchObject({ kind: 'create', key: 'blue:net1', netctl: 'netctl networks blue:net1', error: null, busy: false });
    expect(st.lists.networks?.items.map((o) => o.key)).toEqual(['blue:net1']);
    expect(st.selected).toBe('blue:net1');
    expect(st.inspect?.data?.Oper).toEqual({ numEndpoints: 0 });
  });

  it("create failure keeps netmaster's first line as the message and the full text as detail", async () => {
    const nm = fakeNetmaster();
    const detail = 'network net1 conflicts with subnet 10.1.1.0/24\ngithub.com/contiv/netplugin/netmaster/master.CreateNetwork\n\t/go/src/x.go:42';
    const t = createTestApi({ ...nm.handlers, 'netmaster:create': () => Promise.reject({ code: 'netmaster/http-500', message: detail.split('\n')[0], detail }) });
    const s = createNetmasterStore(t.api);
    await s.getState().init();
    expect(await s.getState().create('networks', { tenantName: 'blue', networkName: 'net2' })).toBe(false);
    expect(s.getState().action?.error).toEqual({ code: 'netmaster/http-500', message: 'network net1 conflicts with subnet 10.1.1.0/24', detail });
    // Without a stack the text is the message again: no detail to unfold.
    t.handlers['netmaster:create'] = () => Promise.reject({ code: 'netmaster/http-500', message: 'subnet string invalid format', detail: 'subnet string invalid format\n' });
    await s.getState().create('networks', { tenantName: 'blue', networkName: 'net3' });
    expect(s.getState().action?.error).toEqual({ code: 'netmaster/http-500', message: 'subnet string invalid format' });
  });

  it('remove clears the selection of the removed object and reloads the list', async () => {
    const nm = fakeNetmaster({ tenants: [{ key: 'default', tenantName: 'default' }, { key: 'blue', tenantName: 'blue' }] });
    const t = createTestApi(nm.handlers);
    const s = createNetmasterStore(t.api);
    await s.getState().init();
    s.getState().select('blue');
    await flush();
    expect(await s.getState().remove('tenants', 'blue')).toBe(true);
    expect(s.getState().selected).toBeNull();
    expect(s.getState().inspect).toBeNull();
    expect(s.getState().action?.netctl).toBe('netctl rm blue');
    expect(s.getState().lists.tenants?.items.map((o) => o.key)).toEqual(['default']);
  });
});
