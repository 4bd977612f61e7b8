/**
 * The client against the test netmaster (real HTTP on loopback), and against servers that
 * misbehave on purpose (never answer, stall mid-body, refuse connections).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NetmasterClient, NetmasterError } from './client';
import { startTestNetmaster, type TestNetmaster } from './testing/test-netmaster';
import type { ObjectType } from './types';

let nm: TestNetmaster;
let client: NetmasterClient;

beforeEach(async () => {
  nm = await startTestNetmaster();
  client = new NetmasterClient({ url: `${nm.url}/` });
});
afterEach(async () => {
  await nm.close();
});

async function rejection(p: Promise<unknown>): Promise<NetmasterError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(NetmasterError);
    return err as NetmasterError;
  }
  throw new Error('expected a rejection');
}

async function buildBlue(): Promise<void> {
  await client.create('tenants', { tenantName: 'blue' });
  await client.create('networks', { tenantName: 'blue', networkName: 'net1', encap: 'vxlan', subnet: '10.1.1.0/24', gateway: '10.1.1.254' });
  await client.create('policys', { tenantName: 'blue', policyName: 'web-policy' });
  await client.create('endpointGroups', { tenantName: 'blue', groupName: 'web', networkName: 'net1', policies: ['web-policy'] });
  await client.create('rules', { tenantName: 'blue', policyName: 'web-policy', ruleId: '1', direction: 'in', protocol: 'tcp', port: 80, action: 'allow', priority: 10 });
}

/** An endpoint the way netplugin makes one (these routes are not part of the client). */
async function plugin(path: string, body: unknown): Promise<unknown> {
  const r = await fetch(`${nm.url}/plugin/${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  expect(r.status).toBe(200);
  return r.json();
}

describe('NetmasterClient against the test netmaster', () => {
  it('sees the fresh state: global and tenant default, other lists empty', async () => {
    expect((await client.list('tenants')).map((t) => t.key)).toEqual(['default']);
    expect((await client.list('globals'))[0]).toMatchObject({ key: 'global', fwdMode: 'routing', vxlans: '1-10000' });
    expect(await client.list('networks')).toEqual([]);
    expect(await client.list('volumes')).toEqual([]);
  });

  it('creates, reads, inspects, updates and deletes; lists come back sorted by key', async () => {
    await buildBlue();
    for (const t of ['zeta', 'alpha', 'mid']) await client.create('tenants', { tenantName: t });
    expect((await client.list('tenants')).map((t) => t.key)).toEqual(['alpha', 'blue', 'default', 'mid', 'zeta']);

    const net = await client.get('networks', 'blue:net1');
    expect(net).toMatchObject({ key: 'blue:net1', subnet: '10.1.1.0/24', nwType: 'data', links: { Tenant: { type: 'tenant', key: 'blue' } } });
    const ins = await client.inspect('networks', 'blue:net1');
    expect(ins.Oper).toMatchObject({ allocatedIPAddresses: '10.1.1.254', networkTag: 'net1.blue', externalPktTag: 1, pktTag: 1 });

    await client.create('netprofiles', { tenantName: 'blue', profileName: 'gold', bandwidth: '100mbps', DSCP: 6 });
    const updated = await client.update('endpointGroups', { tenantName: 'blue', groupName: 'web', networkName: 'net1', policies: ['web-policy'], netProfile: 'gold' });
    expect(updated).toMatchObject({ key: 'blue:web', netProfile: 'gold' });
    expect((await client.get('endpointGroups', 'blue:web')).links?.NetProfile).toEqual({ type: 'netprofile', key: 'blue:gold' });

    expect(await client.delete('rules', 'blue:web-policy:1')).toBe('blue:web-policy:1');
    expect(await client.list('rules')).toEqual([]);
  });

  it('reports a handler error by its first line and keeps the whole text as detail', async () => {
    const err = await rejection(client.create('networks', { tenantName: 'nosuch', networkName: 'n', subnet: '10.9.0.0/24' }));
    expect(err.code).toBe('netmaster/http-500');
    expect(err.status).toBe(500);
    expect(err.message).toBe('Tenant not found');
    expect(err.detail?.split('\n').length).toBeGreaterThan(2);
    expect(err.detail?.startsWith('Tenant not found\n')).toBe(true);

    await buildBlue();
    const inUse = await rejection(client.delete('networks', 'blue:net1'));
    expect(inUse.message).toBe('cannot delete net1 has 1 endpoint groups');
    const missing = await rejection(client.get('networks', 'blue:nosuch'));
    expect(missing.message).toBe('network not found');
  });

  it('says what a 404 means: unknown route or wrong method', async () => {
    const err = await rejection(client.list('nosuchType' as ObjectType));
    expect(err.code).toBe('netmaster/http-404');
    expect(err.message).toContain('unknown route or wrong method — netmaster answers 404 for both');
    expect(err.message).toContain('GET /api/v1/nosuchType/');
  });

  it('treats /services 500 "key not found" on a fresh netmaster as no services, and /service/{id} null as absent', async () => {
    expect(await client.services()).toEqual([]);
    expect(await client.service('svc-web:blue')).toBeNull();
    await buildBlue();
    await client.create('serviceLBs', { tenantName: 'blue', serviceName: 'svc-web', networkName: 'net1', selectors: ['app=web'], ports: ['80:8080:TCP'] });
    const all = await client.services();
    expect(all.map((s) => s.id)).toEqual(['svc-web:blue']);
    expect((await client.service('svc-web:blue'))?.ipaddress).toBe('10.1.1.1');
  });

  it('reads the daemon routes whose JSON comes as text/plain', async () => {
    const raw = await fetch(`${nm.url}/version`);
    expect(raw.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await client.version()).toMatchObject({ Version: 'test-netmaster' });
    expect(await client.info()).toMatchObject({ 'current-state': 'leader', 'netplugin-nodes': [] });
    expect(await client.ofnet()).toMatchObject({ MyPort: 9001, PolicyDb: {} });
  });

  it('inspects an endpoint and cleans endpoints up (200 either way: the text tells)', async () => {
    await buildBlue();
    await plugin('allocAddress', { NetworkID: 'net1:web.blue', AddressPool: '10.1.1.0/24', PreferredIPv4Address: '' });
    await plugin('createEndpoint', { TenantName: 'blue', NetworkName: 'net1', ServiceName: 'web', EndpointID: 'abcdef0123', EPCommonName: 'web-1', ConfigEP: { Container: 'abcdef0123', Host: 'vm', IPAddress: '10.1.1.1' } });
    const ep = await client.inspectEndpoint('web-1');
    expect(ep).toMatchObject({ endpointID: 'abcdef0123', ipAddress: ['10.1.1.1', ''], macAddress: '02:02:0a:01:01:01', endpointGroupKey: 'web:blue' });
    const missing = await rejection(client.inspectEndpoint('nosuch'));
    expect(missing.message).toBe('endpoint not found');
    expect(await client.epCleanup('blue', 'ep', 'abcdef')).toBe('Received request to cleanup Endpoint with ID: abcdef');
    await rejection(client.inspectEndpoint('web-1'));
  });
});

describe('NetmasterClient transport failures', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) {
      s.closeAllConnections();
      await new Promise((r) => s.close(r));
    }
  });
  async function listen(handler: Parameters<typeof createServer>[1]): Promise<string> {
    const s = createServer(handler);
    servers.push(s);
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
    return `127.0.0.1:${(s.address() as AddressInfo).port}`;
  }

  it('gives up on a server that never answers, within the bound', async () => {
    const url = await listen(() => {
      /* never answers */
    });
    const c = new NetmasterClient({ url, timeoutMs: 300 });
    const t0 = Date.now();
    const err = await rejection(c.list('tenants'));
    const took = Date.now() - t0;
    expect(err.code).toBe('netmaster/timeout');
    expect(err.message).toContain(`http://${url}`);
    expect(took).toBeGreaterThanOrEqual(250);
    expect(took).toBeLessThan(2000);
  });

  it('gives up on a server that stalls in the middle of the body', async () => {
    const url = await listen((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('[{"key":');
    });
    const err = await rejection(new NetmasterClient({ url, timeoutMs: 300 }).list('tenants'));
    expect(err.code).toBe('netmaster/timeout');
  });

  it('never waits longer than 5 s, whatever it is asked', () => {
    expect(new NetmasterClient({ url: 'x:1', timeoutMs: 60_000 }).timeoutMs).toBe(5000);
  });

  it('names the URL when nothing listens', async () => {
    const s = createServer();
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
    const port = (s.address() as AddressInfo).port;
    await new Promise((r) => s.close(r));
    const err = await rejection(new NetmasterClient({ url: `127.0.0.1:${port}` }).version());
    expect(err.code).toBe('netmaster/unreachable');
    expect(err.message).toBe(`netmaster at http://127.0.0.1:${port} is unreachable: connection refused`);
  });

  it('lets the caller cancel', async () => {
    const url = await listen(() => {
      /* never answers */
    });
    const ac = new AbortController();
    const p = new NetmasterClient({ url }).info({ signal: ac.signal });
    setTimeout(() => ac.abort(), 50);
    expect((await rejection(p)).code).toBe('netmaster/cancelled');
  });
});
