/**
 * The client's edge behaviour, against a socket peer the test controls byte by byte —
 * things a healthy ovsdb-server never does on demand (answer in one-byte pieces, send
 * garbage, stay silent). The real server is exercised in ovsdb.int.test.ts.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { OvsdbClient, applyUpdates, parseTarget, type TableCache } from './client';

const dir = mkdtempSync(join(tmpdir(), 'psovs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  servers = [];
});

/** A peer that hands each received JSON message to `onMessage` (messages from our client are never split here: it writes one per call). */
async function peer(onMessage: (msg: any, sock: Socket) => void): Promise<string> {
  const path = join(dir, `p${servers.length}-${Date.now()}.sock`);
  const server = createServer((sock) => {
    let buf = '';
    sock.on('data', (c) => {
      buf += c.toString();
      // Our client writes exactly one JSON object per write; the test peer splits on '}{' boundaries by parsing greedily.
      for (;;) {
        let end = -1;
        for (let i = 1; i <= buf.length; i++) {
          try {
            JSON.parse(buf.slice(0, i));
            end = i;
            break;
          } catch {
            // not complete yet
          }
        }
        if (end < 0) break;
        const msg = JSON.parse(buf.slice(0, end));
        buf = buf.slice(end);
        onMessage(msg, sock);
      }
    });
    sock.on('error', () => undefined);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(path, r));
  return path;
}

describe('parseTarget', () => {
  it('reads OVS’s spellings', () => {
    expect(parseTarget('unix:/var/run/openvswitch/db.sock')).toEqual({ kind: 'unix', path: '/var/run/openvswitch/db.sock' });
    expect(parseTarget('/tmp/x/db.sock')).toEqual({ kind: 'unix', path: '/tmp/x/db.sock' });
    expect(parseTarget('tcp:127.0.0.1:6640')).toEqual({ kind: 'tcp', host: '127.0.0.1', port: 6640 });
    expect(parseTarget('tcp:[::1]:6640')).toEqual({ kind: 'tcp', host: '::1', port: 6640 });
    expect(() => parseTarget('ptcp:6640')).toThrow(/not an OVSDB address/);
    expect(() => parseTarget('tcp:127.0.0.1:99999')).toThrow(/not an OVSDB address/);
  });
});

describe('OvsdbClient against a controlled peer', () => {
  it('reassembles a reply written one byte at a time, followed in the same stream by an echo', async () => {
    const path = await peer((msg, sock) => {
      if (msg.method === 'list_dbs') {
        const bytes = Buffer.from(JSON.stringify({ id: msg.id, result: ['Open_vSwitch', '_Server'], error: null }) + JSON.stringify({ method: 'echo', params: ['ka'], id: 'echo' }));
        let i = 0;
        const drip = () => {
          if (i < bytes.length) {
            sock.write(bytes.subarray(i, ++i));
            setImmediate(drip);
          }
        };
        drip();
      }
      if (msg.id === 'echo') sock.write(JSON.stringify({ id: 'x', result: msg.result, error: null })); // harmless: a reply to nothing
    });
    const c = await OvsdbClient.connect(`unix:${path}`);
    try {
      expect(await c.listDbs()).toEqual(['Open_vSwitch', '_Server']);
      for (let i = 0; i < 50 && c.echoesAnswered === 0; i++) await new Promise((r) => setTimeout(r, 10));
      expect(c.echoesAnswered).toBe(1);
    } finally {
      c.close();
    }
  });

  it('answers echo with the same id and params', async () => {
    let reply: any = null;
    const path = await peer((msg, sock) => {
      if (msg.method === 'list_dbs') sock.write(JSON.stringify({ method: 'echo', params: [1, 'two'], id: 'echo' }));
      else if (msg.id === 'echo') {
        reply = msg;
        sock.write(JSON.stringify({ id: 1, result: ['Open_vSwitch'], error: null }));
      }
    });
    const c = await OvsdbClient.connect(path);
    try {
      await c.listDbs();
      expect(reply).toEqual({ id: 'echo', result: [1, 'two'], error: null });
    } finally {
      c.close();
    }
  });

  it('a silent server: the call fails after its timeout, and the client still works afterwards', async () => {
    const path = await peer((msg, sock) => {
      if (msg.params?.[0] === 'answer-me') sock.write(JSON.stringify({ id: msg.id, result: {}, error: null }));
    });
    const c = await OvsdbClient.connect(path, { callTimeoutMs: 150 });
    try {
      const t0 = Date.now();
      await expect(c.call('get_schema', ['Open_vSwitch'])).rejects.toMatchObject({ code: 'ovs/timeout' });
      expect(Date.now() - t0).toBeLessThan(1_000);
      expect(await c.call('get_schema', ['answer-me'])).toEqual({});
    } finally {
      c.close();
    }
  });

  it('garbage on the wire: ovs/protocol, and every pending call is rejected with it', async () => {
    const path = await peer((msg, sock) => {
      if (msg.params?.[0] === 'trigger') sock.write('HTTP/1.1 400 Bad Request\r\n\r\n');
    });
    const c = await OvsdbClient.connect(path);
    const waiting = c.call('get_schema', ['never']);
    const trigger = c.call('get_schema', ['trigger']);
    await expect(waiting).rejects.toMatchObject({ code: 'ovs/protocol' });
    await expect(trigger).rejects.toMatchObject({ code: 'ovs/protocol', message: expect.stringMatching(/does not speak OVSDB/) });
    await expect(c.listDbs()).rejects.toMatchObject({ code: 'ovs/protocol' });
  });

  it('the peer closes: pending calls are rejected at once, not at their timeout', async () => {
    const path = await peer((msg, sock) => {
      if (msg.params?.[0] === 'bye') sock.destroy();
    });
    const c = await OvsdbClient.connect(path, { callTimeoutMs: 4_000 });
    const closed = new Promise((r) => c.onClose(r));
    const t0 = Date.now();
    const a = c.call('get_schema', ['pending']);
    const b = c.call('get_schema', ['bye']);
    await expect(a).rejects.toMatchObject({ code: 'ovs/not-running', message: expect.stringMatching(/get_schema was pending/) });
    await expect(b).rejects.toMatchObject({ code: 'ovs/not-running' });
    expect(Date.now() - t0).toBeLessThan(1_000);
    expect(await closed).toMatchObject({ code: 'ovs/not-running' });
  });

  it('an error reply keeps the server’s words', async () => {
    const path = await peer((msg, sock) => sock.write(JSON.stringify({ id: msg.id, result: null, error: { error: 'unknown database', details: 'get_schema request specifies unknown database Nope' } })));
    const c = await OvsdbClient.connect(path);
    try {
      await expect(c.getSchema('Nope')).rejects.toMatchObject({ code: 'ovs/rpc-error', message: expect.stringContaining('unknown database: get_schema request specifies unknown database Nope') });
    } finally {
      c.close();
    }
  });

  it('a failed operation inside a successful transact is an error', async () => {
    const path = await peer((msg, sock) => sock.write(JSON.stringify({ id: msg.id, result: [{ error: 'unknown table', details: 'No table named Brdge.' }], error: null })));
    const c = await OvsdbClient.connect(path);
    try {
      await expect(c.selectAll('Open_vSwitch', { Brdge: ['name'] })).rejects.toMatchObject({ code: 'ovs/rpc-error', message: expect.stringContaining('No table named Brdge.') });
    } finally {
      c.close();
    }
  });

  it('no socket: ovs/not-running naming the path', async () => {
    const path = join(dir, 'nothing-here.sock');
    await expect(OvsdbClient.connect(path)).rejects.toMatchObject({ code: 'ovs/not-running', message: `ovsdb-server is not running: no socket at ${path}` });
  });
});

describe('applyUpdates', () => {
  it('inserts, modifies (merging) and deletes rows', () => {
    const t: TableCache = new Map();
    applyUpdates(t, { Bridge: { u1: { new: { name: 'a', ports: ['set', []] } }, u2: { new: { name: 'b' } } } });
    applyUpdates(t, { Bridge: { u1: { old: { ports: ['set', []] }, new: { ports: ['uuid', 'p1'] } }, u2: { old: { name: 'b' } } } });
    expect([...t.get('Bridge')!.keys()]).toEqual(['u1']);
    expect(t.get('Bridge')!.get('u1')).toEqual({ name: 'a', ports: ['uuid', 'p1'], _uuid: ['uuid', 'u1'] });
  });
});
