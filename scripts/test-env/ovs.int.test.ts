/**
 * The test OVS starter itself (root only): its processes are really ovsdb-server and
 * ovs-vswitchd, vswitchd runs in the namespace the starter made, contivh0 exists there
 * and never in the host's namespace, the system's /var/run/openvswitch is not touched,
 * and stop() leaves no process, namespace or folder behind — also across processes
 * through the CLI form.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, readlinkSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { makeContivShape, ovsSkipReason, startOvs, type StartedOvs } from './ovs.mjs';
import { isAlive as alive } from './proc.mjs';

const run = promisify(execFile);
const skip = ovsSkipReason();
const SCRIPT = join(__dirname, 'ovs.mjs');
const SYSTEM_RUNDIR = '/var/run/openvswitch';

async function netnsList(): Promise<string[]> {
  const { stdout } = await run('ip', ['-j', 'netns', 'list']);
  return stdout.trim() ? (JSON.parse(stdout) as { name: string }[]).map((n) => n.name) : [];
}

async function hostLinks(): Promise<string[]> {
  return (JSON.parse((await run('ip', ['-j', 'link'])).stdout) as { ifname: string }[]).map((l) => l.ifname);
}

/** What the system's OVS folder holds (or that it does not exist): must be the same before and after. */
function systemRundir(): string {
  return existsSync(SYSTEM_RUNDIR) ? readdirSync(SYSTEM_RUNDIR).sort().join(',') : '(absent)';
}

describe.skipIf(skip)(`scripts/test-env/ovs.mjs${skip ? ` — skipped: ${skip}` : ''}`, () => {
  const started: StartedOvs[] = [];
  const systemBefore = systemRundir();

  afterAll(async () => {
    for (const o of started) await o.stop().catch(() => undefined); // only if a test failed half-way
  });

  it('refuses a folder whose socket paths would be too long', async () => {
    await expect(startOvs({ dir: `/tmp/${'x'.repeat(90)}` })).rejects.toThrow(/too long for OVS's sockets/);
  });

  it('starts ovsdb-server and ovs-vswitchd (vswitchd in its own namespace) and stops them by pid', async () => {
    const linksBefore = await hostLinks();
    const ovs = await startOvs();
    started.push(ovs);
    console.log(`[ovs] start-up ms: ${JSON.stringify(ovs.ms)}`);
    expect(readlinkSync(`/proc/${ovs.pids.ovsdbServer}/exe`)).toMatch(/ovsdb-server$/);
    expect(readlinkSync(`/proc/${ovs.pids.ovsVswitchd}/exe`)).toMatch(/ovs-vswitchd$/);
    expect(Number(readFileSync(join(ovs.dir, 'ovs-vswitchd.pid'), 'utf8'))).toBe(ovs.pids.ovsVswitchd);
    expect(statSync(ovs.dbSock).isSocket()).toBe(true);
    // vswitchd is in the namespace we made, the server in ours.
    expect(await netnsList()).toContain(ovs.netns);
    expect(readlinkSync(`/proc/${ovs.pids.ovsVswitchd}/ns/net`)).not.toBe(readlinkSync('/proc/self/ns/net'));
    expect(readlinkSync(`/proc/${ovs.pids.ovsdbServer}/ns/net`)).toBe(readlinkSync('/proc/self/ns/net'));

    const shape = await makeContivShape(ovs.dbSock, { netns: ovs.netns, masquerade: true });
    // contivh0 exists in the namespace, with its address, and nowhere on the host.
    const inNs = JSON.parse((await ovs.inNetns(['ip', '-j', 'addr', 'show', 'dev', 'contivh0'])).stdout)[0];
    expect(inNs.addr_info.some((a: { local: string; prefixlen: number }) => `${a.local}/${a.prefixlen}` === '172.19.255.254/16')).toBe(true);
    expect(await hostLinks()).toEqual(linksBefore);
    expect(shape.masquerade).toBe('172.19.0.0/16');
    const nat = (await ovs.inNetns(['iptables', '-t', 'nat', '-S', 'POSTROUTING'])).stdout;
    expect(nat).toContain('-A POSTROUTING -s 172.19.0.0/16 ! -o contivh0 -j MASQUERADE');
    expect(systemRundir()).toBe(systemBefore);

    const pids = { ...ovs.pids };
    const result = await ovs.stop();
    started.pop();
    expect(result).toMatchObject({ vswitchd: 'SIGTERM', server: 'SIGTERM', netnsDeleted: true, removedDir: true });
    expect(alive(pids.ovsdbServer)).toBe(false);
    expect(alive(pids.ovsVswitchd)).toBe(false);
    expect(await netnsList()).not.toContain(ovs.netns);
    expect(existsSync(ovs.dir)).toBe(false);
    expect(systemRundir()).toBe(systemBefore);
  });

  it('stopDb / startDb: the database goes away and comes back with its contents', async () => {
    const ovs = await startOvs();
    started.push(ovs);
    await ovs.vsctl(['add-br', 'br-keep', '--', 'set', 'bridge', 'br-keep', 'datapath_type=netdev']);
    const old = ovs.pids.ovsdbServer;
    expect(await ovs.stopDb()).toBe('SIGTERM');
    expect(alive(old)).toBe(false);
    await expect(ovs.vsctl(['--timeout=1', 'list-br'])).rejects.toThrow(/db\.sock/);
    await ovs.startDb();
    expect(ovs.pids.ovsdbServer).not.toBe(old);
    expect((await ovs.vsctl(['list-br'])).stdout.split('\n')).toContain('br-keep');
    await ovs.stop();
    started.pop();
  });

  it('CLI: start --contiv in one process, stop --remove from another', async () => {
    const { stdout } = await run(process.execPath, [SCRIPT, 'start', '--contiv']);
    const info = JSON.parse(stdout);
    try {
      expect(alive(info.pids.ovsdbServer) && alive(info.pids.ovsVswitchd)).toBe(true);
      expect(info.shape.systemBridge.logLine).toMatch(/failed to create bridge plugsmithSysBr/);
      expect(info.ms.total).toBeGreaterThan(0);
    } finally {
      const stopped = JSON.parse((await run(process.execPath, [SCRIPT, 'stop', info.dir, '--remove'])).stdout);
      expect(stopped).toMatchObject({ vswitchd: 'SIGTERM', server: 'SIGTERM', netnsDeleted: true });
    }
    expect(alive(info.pids.ovsdbServer) || alive(info.pids.ovsVswitchd)).toBe(false);
    expect(await netnsList()).not.toContain(info.netns);
    expect(existsSync(info.dir)).toBe(false);
  });
});
