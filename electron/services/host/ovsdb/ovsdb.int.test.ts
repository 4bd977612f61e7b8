/**
 * The OVSDB client and state reader against a real ovsdb-server + ovs-vswitchd (Debian's
 * openvswitch-switch, userspace datapath), started by scripts/test-env/ovs.mjs with
 * ovs-vswitchd in a network namespace of its own. What OVS reports is checked against a
 * second, independent source each time (ovs-vsctl's JSON output, `ip -j link` in the
 * namespace, the vswitchd log), never against values written into this test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, chmodSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { makeContivShape, ovsSkipReason, startOvs, type ContivShape, type StartedOvs } from '../../../../scripts/test-env/ovs.mjs';
import { freePort } from '../../build/testing/registry';
import { OvsdbClient } from './client';
import { dumpFlows } from './flows';
import { probeOvs, readOvsState, watchOvs, type OvsState } from './state';

const run = promisify(execFile);
const skip = ovsSkipReason();

async function until<T>(what: string, f: () => T | Promise<T>, timeoutMs = 30_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await f();
    if (v) return v as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** `ovs-vsctl --format=json list <table>` → rows as {column: raw OVSDB value}: the independent reading. */
async function vsctlList(ovs: StartedOvs, table: string, columns: string[]): Promise<Record<string, unknown>[]> {
  const { stdout } = await ovs.vsctl(['--format=json', `--columns=${columns.join(',')}`, 'list', table]);
  const j = JSON.parse(stdout) as { headings: string[]; data: unknown[][] };
  return j.data.map((row) => Object.fromEntries(j.headings.map((h, i) => [h, row[i]])));
}

/** Running, as opposed to gone or a zombie (a zombie has closed all its sockets). */
function processRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

describe.skipIf(skip)(`OVSDB client on a real Open vSwitch${skip ? ` — skipped: ${skip}` : ''}`, () => {
  let ovs: StartedOvs;
  let shape: ContivShape;
  let managerPort: number;
  let client: OvsdbClient;

  beforeAll(async () => {
    const t0 = Date.now();
    ovs = await startOvs();
    managerPort = await freePort();
    shape = await makeContivShape(ovs.dbSock, { netns: ovs.netns, manager: `ptcp:${managerPort}:127.0.0.1` });
    // Printed, not asserted (tests never assert timings): the report quotes these.
    console.log(`[ovs] started in ${ovs.ms.total} ms (${JSON.stringify(ovs.ms)}); Contiv shape made in ${Date.now() - t0 - ovs.ms.total} ms`);
    client = await OvsdbClient.connect(ovs.db);
  });

  afterAll(async () => {
    client?.close();
    if (ovs) await ovs.stop();
  });

  it('list_dbs names the Open_vSwitch database', async () => {
    const dbs = await client.listDbs();
    expect(dbs).toContain('Open_vSwitch');
    const schema = await client.getSchema('Open_vSwitch');
    expect(schema.version).toBe(JSON.parse(readFileSync('/usr/share/openvswitch/vswitch.ovsschema', 'utf8')).version);
  });

  it('readOvsState sees the Contiv shape, agreeing with ovs-vsctl and the namespace', async () => {
    // contivh0's admin state follows `ip link set up` only once vswitchd has polled the device.
    const state = await until('contivh0 admin_state up', async () => {
      const s = await readOvsState(client);
      const i = s.bridges.find((b) => b.name === 'contivVxlanBridge')?.ports.find((p) => p.name === 'contivh0')?.interfaces[0];
      return i?.adminState === 'up' ? s : null;
    });
    const listed = await vsctlList(ovs, 'Bridge', ['name', 'datapath_id', 'datapath_type']);
    expect(state.bridges.map((b) => b.name)).toEqual(listed.map((r) => String(r.name)).sort());
    for (const row of listed) {
      const b = state.bridges.find((x) => x.name === row.name)!;
      // ovs-vsctl prints an empty optional column as ["set", []].
      const dpid = Array.isArray(row.datapath_id) ? null : String(row.datapath_id);
      expect(b.datapathId).toBe(dpid);
      expect(b.datapathExists).toBe(dpid !== null && dpid !== '');
      expect(b.datapathType).toBe(String(row.datapath_type) || 'system');
    }

    const vx = state.bridges.find((b) => b.name === 'contivVxlanBridge')!;
    expect(vx).toMatchObject({ datapathType: 'netdev', datapathExists: true });
    expect(vx.datapathId).toMatch(/^[0-9a-f]{16}$/);
    expect(state.bridges.find((b) => b.name === 'contivVlanBridge')).toMatchObject({ datapathType: 'netdev', datapathExists: true });

    const port = vx.ports.find((p) => p.name === 'contivh0')!;
    expect(port.externalIds['endpoint-id']).toBe(shape.contivh0.endpointId);
    const iface = port.interfaces[0];
    expect(iface).toMatchObject({ name: 'contivh0', type: 'internal', error: null, adminState: 'up' });
    expect(iface.externalIds['endpoint-id']).toBe(shape.contivh0.endpointId);
    expect(iface.ofport).toBeGreaterThan(0);
    // The kernel side, read in vswitchd's namespace: the same MAC, and the address given there.
    const { stdout } = await ovs.inNetns(['ip', '-j', 'addr', 'show', 'dev', 'contivh0']);
    const link = JSON.parse(stdout)[0];
    expect(iface.mac).toBe(link.address);
    expect(link.addr_info.map((a: { local: string; prefixlen: number }) => `${a.local}/${a.prefixlen}`)).toContain(shape.contivh0.address);

    // The bridge on the default datapath: the row exists, ovs-vsctl said nothing fatal (exit 0), no datapath.
    const sys = state.bridges.find((b) => b.name === shape.systemBridge!.name)!;
    expect(sys).toMatchObject({ datapathType: 'system', datapathExists: false, datapathId: null });
    expect(shape.systemBridge!.vsctlStderr).toContain(`Error detected while setting up '${sys.name}'`);
    expect(shape.systemBridge!.logLine).toMatch(new RegExp(`failed to create bridge ${sys.name}: No such file or directory`));

    expect(state.managers).toEqual([{ target: `ptcp:${managerPort}:127.0.0.1`, connected: expect.any(Boolean) }]);
    const version = (await run('ovs-vsctl', ['--version'])).stdout.split('\n')[0];
    expect(version).toContain(`(Open vSwitch) ${state.ovsVersion}`);
    const schemaVersion = JSON.parse(readFileSync('/usr/share/openvswitch/vswitch.ovsschema', 'utf8')).version;
    expect(state.schemaVersion).toBe(schemaVersion);
    expect(state.dbVersion).toBe(schemaVersion);
    expect(state.curCfg).toBe(state.nextCfg);
    expect(state.source.target).toBe(ovs.db);
  });

  it('speaks the same protocol over the tcp:127.0.0.1 form (the manager listener)', async () => {
    const tcp = await OvsdbClient.connect(`tcp:127.0.0.1:${managerPort}`);
    try {
      const state = await readOvsState(tcp);
      expect(state.bridges.map((b) => b.name)).toEqual((await readOvsState(client)).bridges.map((b) => b.name));
    } finally {
      tcp.close();
    }
  });

  it('answers the echo keep-alives ovsdb-server sends on an idle tcp connection, and stays connected', async () => {
    const tcp = await OvsdbClient.connect(`tcp:127.0.0.1:${managerPort}`);
    try {
      // ovsdb-server probes a passive tcp connection after 5 s of silence and drops it 5 s after an unanswered probe.
      await until('an echo from ovsdb-server', () => tcp.echoesAnswered > 0, 12_000);
      await new Promise((r) => setTimeout(r, 5_500));
      expect(tcp.closed).toBe(false);
      expect(await tcp.listDbs()).toContain('Open_vSwitch');
    } finally {
      tcp.close();
    }
  }, 30_000);

  it('monitor delivers an update when a port is added and removed with ovs-vsctl', async () => {
    const seen: OvsState[] = [];
    const w = await watchOvs(client, (s) => seen.push(s));
    try {
      expect(w.initial.bridges.find((b) => b.name === 'contivVxlanBridge')!.ports.map((p) => p.name)).not.toContain('vport1');
      await ovs.vsctl(['add-port', 'contivVxlanBridge', 'vport1', '--', 'set', 'interface', 'vport1', 'type=internal', '--', 'set', 'port', 'vport1', 'tag=42', 'external_ids:endpoint-id=ep-9f2']);
      const added = await until('vport1 in an update', () =>
        seen.map((s) => s.bridges.find((b) => b.name === 'contivVxlanBridge')?.ports.find((p) => p.name === 'vport1')).find((p) => p && p.interfaces[0]?.ofport),
      );
      expect(added).toMatchObject({ tag: 42, externalIds: { 'endpoint-id': 'ep-9f2' }, interfaces: [{ name: 'vport1', type: 'internal' }] });
      const n = seen.length;
      await ovs.vsctl(['del-port', 'contivVxlanBridge', 'vport1']);
      await until('vport1 gone', () => seen.length > n && !seen[seen.length - 1].bridges.find((b) => b.name === 'contivVxlanBridge')!.ports.some((p) => p.name === 'vport1'));
    } finally {
      await w.cancel();
    }
    const after = seen.length;
    // Cancelled: no more updates. Not judged after a fixed pause (which proves nothing on a loaded machine):
    // a control monitor on the same connection must see the change, and a round trip on that connection
    // after it comes back only once ovsdb-server has sent everything queued before it — so an update for
    // the cancelled monitor, had there been one, has been handled by then.
    const control: OvsState[] = [];
    const c = await watchOvs(client, (st) => control.push(st));
    try {
      await ovs.vsctl(['br-set-external-id', 'contivVlanBridge', 'touched', 'yes']);
      await until('the change in the control monitor', () => control.some((st) => st.bridges.find((b) => b.name === 'contivVlanBridge')?.externalIds.touched === 'yes'));
      await client.listDbs();
    } finally {
      await c.cancel();
    }
    expect(seen.length).toBe(after);
  });

  it('dumpFlows on a netdev bridge returns the default NORMAL flow, and flows added with ovs-ofctl', async () => {
    const before = await dumpFlows('contivVxlanBridge', { rundir: ovs.rundir });
    expect(before.command).toEqual(['ovs-ofctl', '-O', 'OpenFlow13', 'dump-flows', 'contivVxlanBridge']);
    expect(before.flows).toEqual([expect.objectContaining({ table: 0, priority: 0, match: '', actions: 'NORMAL', cookie: '0x0' })]);
    await run('ovs-ofctl', ['-O', 'OpenFlow13', 'add-flow', 'contivVxlanBridge', 'cookie=0x2a,table=0,priority=100,ip,nw_dst=10.1.1.0/24,actions=drop'], { env: ovs.env });
    const after = await dumpFlows('contivVxlanBridge', { rundir: ovs.rundir });
    expect(after.flows.find((f) => f.cookie === '0x2a')).toMatchObject({ table: 0, priority: 100, match: 'ip,nw_dst=10.1.1.0/24', actions: 'drop', nPackets: 0 });
  });

  it('dumpFlows on the bridge with no datapath fails with ovs-ofctl’s words', async () => {
    await expect(dumpFlows(shape.systemBridge!.name, { rundir: ovs.rundir })).rejects.toMatchObject({ code: 'ovs/ofctl-failed', message: expect.stringContaining(shape.systemBridge!.name) });
  });

  it('probeOvs as a user who may not open the socket: skipped, needs root — not a failure', async () => {
    // The real client, bundled, run as nobody against a root-only socket like the system's (srwxr-x---).
    const dir = mkdtempSync('/tmp/psprobe-');
    try {
      chmodSync(dir, 0o755);
      const out = join(dir, 'probe.mjs');
      await build({
        stdin: { contents: `import { probeOvs } from './state'; probeOvs(process.argv[2]).then((r) => process.stdout.write(JSON.stringify(r)));`, resolveDir: __dirname, loader: 'ts' },
        bundle: true, platform: 'node', format: 'esm', outfile: out, logLevel: 'silent',
      });
      chmodSync(out, 0o644);
      const mode = (await run('stat', ['-c', '%a', ovs.dbSock])).stdout.trim();
      await run('chmod', ['0750', ovs.dbSock]);
      try {
        const { stdout } = await run(process.execPath, [out, ovs.db], { uid: 65534, gid: 65534 });
        expect(JSON.parse(stdout)).toMatchObject({ status: 'skipped', reason: 'needs root', error: { code: 'ovs/needs-root' } });
      } finally {
        await run('chmod', [mode, ovs.dbSock]);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a hung ovsdb-server (SIGSTOP): the call fails at its bound, and answers again after SIGCONT', async () => {
    const slow = await OvsdbClient.connect(ovs.db, { callTimeoutMs: 500 });
    const pid = ovs.pids.ovsdbServer;
    process.kill(pid, 'SIGSTOP');
    try {
      const t0 = Date.now();
      await expect(slow.listDbs()).rejects.toMatchObject({ code: 'ovs/timeout' });
      expect(Date.now() - t0).toBeLessThan(2_000);
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    expect(await slow.listDbs()).toContain('Open_vSwitch');
    slow.close();
  });

  it('ovsdb-server dies: pending calls are rejected at once, later calls and probes say ovs/not-running; restarted, state is back', async () => {
    const watcher = await OvsdbClient.connect(ovs.db);
    const ended = new Promise((r) => watcher.onClose(r));
    await watchOvs(watcher, () => undefined);
    const pid = ovs.pids.ovsdbServer;
    process.kill(pid, 'SIGSTOP'); // so the call below is surely pending when the server dies
    const pending = client.call('get_schema', ['Open_vSwitch'], 4_000);
    await new Promise((r) => setTimeout(r, 100));
    const t0 = Date.now();
    process.kill(pid, 'SIGKILL');
    await expect(pending).rejects.toMatchObject({ code: 'ovs/not-running', message: expect.stringContaining('get_schema was pending') });
    expect(Date.now() - t0).toBeLessThan(2_000);
    expect(await ended).toMatchObject({ code: 'ovs/not-running' });
    await expect(client.listDbs()).rejects.toMatchObject({ code: 'ovs/not-running' });
    // The kernel closes a killed process's listening socket only as it finishes exiting; until
    // then a connect can still be accepted and then reset. Wait for the exit (zombie = exited).
    for (let i = 0; i < 100 && processRunning(pid); i++) await new Promise((r) => setTimeout(r, 50));
    // A SIGKILLed server leaves its socket file: nothing listens on it.
    expect(existsSync(ovs.dbSock)).toBe(true);
    expect(await probeOvs(ovs.db)).toMatchObject({ status: 'error', error: { code: 'ovs/not-running', message: expect.stringContaining('nothing listens on it') } });

    await ovs.startDb();
    client = await OvsdbClient.connect(ovs.db);
    const back = await probeOvs(ovs.db);
    expect(back.status).toBe('ok');
    if (back.status === 'ok') expect(back.state.bridges.map((b) => b.name)).toContain('contivVxlanBridge');

    // A clean stop removes the socket: the message says so.
    await ovs.stopDb();
    await expect(client.listDbs()).rejects.toMatchObject({ code: 'ovs/not-running' });
    expect(await probeOvs(ovs.db)).toMatchObject({ status: 'error', error: { code: 'ovs/not-running', message: `ovsdb-server is not running: no socket at ${ovs.dbSock}` } });
    await ovs.startDb();
  });
});
