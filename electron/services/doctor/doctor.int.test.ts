/**
 * The doctor on real failures, each made for real and then diagnosed: the test's own dockerd,
 * the Contiv-shaped stand-in plugin (testing/contiv-standin.ts) healthy and failing to enable,
 * a real userspace OVS in a namespace (contivh0 lives there), a real etcd, the test netmaster up,
 * down, answering 500 and hanging. "Healthy" is all green except the kernel-module check: this
 * machine has no openvswitch module, and the doctor must say so.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendFileSync, copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { makeContivShape, ovsSkipReason, startOvs, type StartedOvs } from '../../../scripts/test-env/ovs.mjs';
import { Engine } from '../docker/engine';
import { createFixturePlugin, removePluginQuietly } from '../docker/testing/fixtures';
import { testEngineHost, uniqueName, SKIP_REASON } from '../docker/testing/harness';
import { startTestNetmaster, type TestNetmaster } from '../netmaster/testing/test-netmaster';
import type { DoctorCheckResult, DoctorReport } from '../../ipc/types';
import type { DoctorOptions } from './facts';
import { runDoctor } from './runner';
import { doctorExitCode } from './verdict';
import { collectBundle, writeBundle } from './bundle';
import { createStandin } from './testing/contiv-standin';
import { etcdSkipReason, startEtcd, type TestEtcd } from './testing/etcd';
import { readTarGz } from './testing/tar-gz';
import { CHECK_IDS } from './check-ids';

const host = testEngineHost();
const skipWhy = !host ? SKIP_REASON : ovsSkipReason() ?? etcdSkipReason();
if (skipWhy) console.warn(`doctor integration skipped: ${skipWhy}`);

const PLANTED = { token: 'tok-PLANTED-4f9a1c', password: 'pw-PLANTED-77e2', urlPassword: 'urlpw-PLANTED-31', dockerPassword: 'dockerpw-PLANTED-58', etcdPassword: 'etcdpw-PLANTED-90' };

const byId = (r: DoctorReport, id: string): DoctorCheckResult => {
  const c = r.checks.find((x) => x.id === id);
  if (!c) throw new Error(`no check ${id}`);
  return c;
};
const statuses = (r: DoctorReport) => Object.fromEntries(r.checks.map((c) => [c.id, c.status]));

/** Every file of a .tar.gz, as text. */
async function extract(path: string): Promise<Record<string, string>> {
  return Object.fromEntries(Object.entries(await readTarGz(path)).map(([name, b]) => [name, b.toString('utf8')]));
}

describe.skipIf(!!skipWhy)('doctor on real failures', () => {
  let engine: Engine;
  let etcd: TestEtcd;
  let nm: TestNetmaster;
  let ovs: StartedOvs;
  let healthy: string;
  let logDir: string;
  const made: string[] = [];
  const dirs: string[] = [];
  const servers: Server[] = [];

  const opts = (extra: Partial<DoctorOptions> = {}): DoctorOptions => ({
    engine,
    plugin: healthy,
    ovsdb: ovs.db,
    netns: ovs.netns,
    ovsLogs: [ovs.logs.ovsVswitchd],
    ...extra,
  });
  const tempDir = (label: string) => {
    const d = mkdtempSync(join(tmpdir(), `psd-doc-${label}-`));
    dirs.push(d);
    return d;
  };

  beforeAll(async () => {
    engine = new Engine({ dockerHost: host!, env: {} });
    [etcd, nm, ovs] = await Promise.all([startEtcd(), startTestNetmaster(), startOvs()]);
    await makeContivShape(ovs.dbSock, { netns: ovs.netns, manager: 'ptcp:6640:127.0.0.1', masquerade: true, systemBridge: null });
    logDir = tempDir('healthy');
    healthy = uniqueName('contiv-ok');
    const full = `${healthy}:latest`;
    await createStandin(engine, {
      name: healthy,
      logDir,
      // The start script on this host has no modprobe that could work (REAL-FAILURES: "start script without modprobe").
      checkModule: false,
      env: {
        CONTIV_NETPLUGIN_ETCD_ENDPOINTS: etcd.url,
        CONTIV_NETMASTER_PLUGIN_NAME: full,
        CONTIV_NETMASTER_EXTERNAL_ADDRESS: `127.0.0.1:${nm.port}`,
        CONTIV_NETPLUGIN_VTEP_IP: '172.19.255.254',
        // Planted for the bundle test: none of these may survive redaction.
        API_TOKEN: PLANTED.token,
        ETCD_PASSWORD: PLANTED.password,
        CONTIV_NETPLUGIN_SYSLOG_URL: `udp://admin:${PLANTED.urlPassword}@127.0.0.1:514`,
      },
    });
    healthy = full;
    made.push(full);
    await engine.request({ method: 'POST', path: `/plugins/${encodeURIComponent(full)}/enable`, query: { timeout: 30 }, timeoutMs: 60_000 });
  });

  afterAll(async () => {
    for (const p of made) await removePluginQuietly(engine, p);
    for (const s of servers) s.closeAllConnections(), s.close();
    await Promise.allSettled([etcd?.stop(), nm?.close(), ovs?.stop({ remove: true })]);
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('healthy on the userspace datapath: every check passes, the missing module is not needed, the verdict healthy (exit 0); in well under 5 s', async () => {
    // What Contiv writes to its log folder on this host: ovs-vswitchd's own log, whose kernel-datapath
    // complaint ("Generic Netlink family 'ovs_datapath' does not exist") is expected on netdev bridges.
    await expect.poll(() => readFileSync(ovs.logs.ovsVswitchd, 'utf8'), { timeout: 30_000, interval: 200 }).toMatch(/ovs_datapath/);
    copyFileSync(ovs.logs.ovsVswitchd, join(logDir, 'ovs-vswitchd.log'));
    const r = await runDoctor(opts());
    const s = statuses(r);
    expect(s).toMatchObject({
      engine: 'pass', 'contiv-plugin': 'pass', 'plugin-socket': 'pass', 'plugin-mounts': 'pass', 'ovs-running': 'pass', 'ovs-bridges': 'pass',
      contivh0: 'pass', 'vlan-uplinks': 'pass', 'host-ips': 'pass', 'cluster-store': 'pass', netmaster: 'pass', 'networks-sync': 'pass',
      'plugin-logs': 'pass', 'docker-desktop': 'pass', 'plugin-generic': 'pass',
    });
    // Issue 10 item 1: no module here, but every Contiv bridge is netdev and the plugin answers — not needed, no failure.
    expect(s['ovs-kernel-module']).toBe('skip');
    expect(byId(r, 'ovs-kernel-module').evidence.join('\n')).toMatch(/not needed here — every Contiv bridge uses the userspace datapath/);
    expect(byId(r, 'plugin-logs').evidence.join('\n')).toMatch(/\[expected here: .*\] .*ovs-vswitchd\.log: .*Generic Netlink family 'ovs_datapath' does not exist/);
    expect(byId(r, 'plugin-logs').evidence.join('\n')).toMatch(/dockerd \(pid \d+\) standard error/);
    expect(r.verdict).toEqual({ status: 'healthy', causes: [] });
    expect(doctorExitCode(r)).toBe(0);
    expect(r.ms).toBeLessThan(5_000);
  });

  it('not root: what needs root can\'t be told — the verdict is can\'t tell with how to get it, never healthy, exit 0', async () => {
    // iptables -t nat needs CAP_NET_ADMIN: contivh0's MASQUERADE cannot be verified.
    const r = await runDoctor(opts({ isRoot: false }));
    expect(byId(r, 'contivh0').status).toBe('unknown');
    expect(r.verdict.status).toBe('unknown');
    expect(r.verdict.causes).toEqual([expect.objectContaining({ check: 'contivh0', status: 'unknown' })]);
    expect(r.verdict.needs?.join('\n')).toMatch(/root: the plugin folder \S+\/plugins\/[0-9a-f]{64} and the socket directory \S+ are root-only — run `sudo plugsmith doctor`/);
    expect(doctorExitCode(r)).toBe(0);
  });

  it('contivh0 left UP with no carrier after its OVS went away fails (not a pass); working but OVS unreadable is can\'t tell', async () => {
    // OVS gone, as when it ran inside the plugin and the plugin stopped: nothing answers on this socket.
    const noOvs = `unix:${join(tempDir('no-ovs'), 'db.sock')}`;
    const unread = byId(await runDoctor(opts({ ovsdb: noOvs }), undefined, undefined, ['contivh0']), 'contivh0');
    expect(unread.status).toBe('unknown');
    expect(unread.evidence.join('\n')).toMatch(/can't tell whether contivh0 is a port of contivVxlanBridge \(OVS state unavailable/);
    // The internal port goes with its bridge port; a tap of the same name is left UP with its address
    // and nothing behind it: `<NO-CARRIER,BROADCAST,MULTICAST,UP> state DOWN`, as after a disable.
    await ovs.vsctl(['del-port', 'contivVxlanBridge', 'contivh0']);
    await ovs.inNetns(['ip', 'tuntap', 'add', 'dev', 'contivh0', 'mode', 'tap']);
    try {
      await ovs.inNetns(['ip', 'addr', 'replace', '172.19.255.254/16', 'dev', 'contivh0']);
      await ovs.inNetns(['ip', 'link', 'set', 'contivh0', 'up']);
      const r = await runDoctor(opts({ ovsdb: noOvs }), undefined, undefined, ['contivh0']);
      expect(byId(r, 'contivh0').status).toBe('fail');
      expect(byId(r, 'contivh0').evidence.join('\n')).toMatch(/contivh0: DOWN \(UP flag set, state DOWN, NO-CARRIER\)/);
    } finally {
      await ovs.inNetns(['ip', 'link', 'del', 'contivh0']);
      await makeContivShape(ovs.dbSock, { netns: ovs.netns, manager: 'ptcp:6640:127.0.0.1', masquerade: false, systemBridge: null });
    }
    await expect.poll(async () => byId(await runDoctor(opts(), undefined, undefined, ['contivh0']), 'contivh0').status, { timeout: 30_000, interval: 200 }).toBe('pass');
  });

  it('netmaster down, answering 500, and hanging: fails, the hang within the 5 s bound', async () => {
    const down = await startTestNetmaster();
    const downUrl = down.url;
    await down.close();
    const r500 = createServer((_q, res) => res.writeHead(500, { 'Content-Type': 'text/plain' }).end('Internal error: etcd cluster is unavailable or misconfigured\n'));
    const hang = createServer(() => undefined); // accepts, never answers
    servers.push(r500, hang);
    await Promise.all([r500, hang].map((s) => new Promise<void>((res) => s.listen(0, '127.0.0.1', () => res()))));
    const url = (s: Server) => `http://127.0.0.1:${(s.address() as { port: number }).port}`;
    for (const [u, want] of [[downUrl, /ECONNREFUSED|refused|unreachable/i], [url(r500), /500|Internal error/], [url(hang), /within|timed out|timeout/i]] as const) {
      const t0 = Date.now();
      const r = await runDoctor(opts({ netmaster: u }), undefined, undefined, ['netmaster']);
      expect(byId(r, 'netmaster').status, u).toBe('fail');
      expect(byId(r, 'netmaster').evidence.join('\n')).toMatch(want);
      expect(Date.now() - t0).toBeLessThan(5_600);
    }
    const ok = await runDoctor(opts({ netmaster: nm.url }), undefined, undefined, ['netmaster']);
    expect(byId(ok, 'netmaster').status).toBe('pass');
  });

  it('a network made with `docker network create` is one netmaster does not know', async () => {
    const net = `rogue-${Date.now()}`;
    await engine.request({ method: 'POST', path: '/networks/create', body: { Name: net, Driver: healthy, CheckDuplicate: true }, timeoutMs: 20_000 });
    try {
      const r = await runDoctor(opts(), undefined, undefined, ['networks-sync']);
      expect(byId(r, 'networks-sync').status).toBe('fail');
      expect(byId(r, 'networks-sync').evidence.join('\n')).toContain(`${net}: a Docker network netmaster does not know`);
    } finally {
      await engine.request({ method: 'DELETE', path: `/networks/${net}`, timeoutMs: 20_000 });
    }
    expect(byId(await runDoctor(opts(), undefined, undefined, ['networks-sync']), 'networks-sync').status).toBe('pass');
  });

  it('OVS: vswitchd stopped, then ovsdb stopped, fail; started again, pass', async () => {
    await ovs.stopSwitch();
    try {
      const r = await runDoctor(opts(), undefined, undefined, ['ovs-running']);
      expect(byId(r, 'ovs-running').status).toBe('fail');
      expect(byId(r, 'ovs-running').evidence.join('\n')).toMatch(/ovs-vswitchd/);
    } finally {
      await ovs.startSwitch();
    }
    await ovs.stopDb();
    try {
      const r = await runDoctor(opts(), undefined, undefined, ['ovs-running', 'ovs-bridges', 'contivh0']);
      expect(byId(r, 'ovs-running').status).toBe('fail');
      // Issue 10: the bridges cannot be read — can't tell (was: skip), folded under OVS down, the cause.
      expect(byId(r, 'ovs-bridges').status).toBe('unknown');
      // The plugin runs and answers, OVS is down: ovs-running is the cause, the rest follows from it.
      expect(r.verdict.causes[0]).toMatchObject({ check: 'ovs-running', status: 'fail' });
      expect(r.verdict.causes[0].consequences).toEqual(expect.arrayContaining(['ovs-bridges', 'contivh0']));
      expect(r.verdict.causes[0].why).toMatch(/the plugin runs and answers, but OVS is down/);
    } finally {
      await ovs.startDb();
    }
    // Back up: ovsdb-server and vswitchd reconnect on their own schedule (slower on a loaded machine), so
    // wait for the observable outcome instead of a fixed pause: the check passes again, within 30 s.
    await expect.poll(async () => byId(await runDoctor(opts(), undefined, undefined, ['ovs-running']), 'ovs-running').status, { timeout: 30_000, interval: 200 }).toBe('pass');
  });

  it('a Contiv bridge on the default (system) datapath has no datapath here: fails, with vswitchd\'s line', async () => {
    // Re-created on the default (system) datapath, as netplugin does on a host without the module.
    await ovs.vsctl(['del-br', 'contivVlanBridge', '--', 'add-br', 'contivVlanBridge']);
    try {
      // vswitchd applies the change asynchronously (slower on a loaded machine): poll up to 30 s.
      let c = byId(await runDoctor(opts(), undefined, undefined, ['ovs-bridges']), 'ovs-bridges');
      for (let i = 0; i < 150 && (c.status !== 'fail' || !/ovs-vswitchd: /.test(c.evidence.join('\n'))); i++) {
        await sleep(200);
        c = byId(await runDoctor(opts(), undefined, undefined, ['ovs-bridges']), 'ovs-bridges');
      }
      expect(c.status).toBe('fail');
      expect(c.evidence.join('\n')).toMatch(/contivVlanBridge: datapath_type system, datapath_id \(empty\)/);
      expect(c.evidence.join('\n')).toMatch(/ovs-vswitchd: .*contivVlanBridge/);
    } finally {
      await ovs.vsctl(['del-br', 'contivVlanBridge', '--', 'add-br', 'contivVlanBridge', '--', 'set', 'bridge', 'contivVlanBridge', 'datapath_type=netdev']);
    }
    // vswitchd re-creates the netdev datapath asynchronously: wait for the check to pass again (bounded).
    await expect.poll(async () => byId(await runDoctor(opts(), undefined, undefined, ['ovs-bridges']), 'ovs-bridges').status, { timeout: 30_000, interval: 200 }).toBe('pass');
  });

  it('engine unreachable fails; a remote engine skips every host check instead of guessing', async () => {
    const gone = await runDoctor({ engine: new Engine({ dockerHost: 'unix:///tmp/psd-doc-no-such/docker.sock', env: {} }) }, undefined, undefined, ['engine']);
    expect(byId(gone, 'engine').status).toBe('fail');
    const remote = await runDoctor({ engine: new Engine({ dockerHost: 'tcp://127.0.0.1:1', env: {} }), plugin: 'x' }, undefined, undefined, ['engine', 'ovs-kernel-module']);
    expect(byId(remote, 'engine').status).toBe('fail');
    expect(byId(remote, 'ovs-kernel-module').evidence[0]).toBe('skipped: engine is remote — run plugsmith serve there');
  });

  it('failed enables: CONTIV_ROLE=master is only in the engine log; the missing module in plugin_bootup.log', async () => {
    const roleDir = tempDir('role');
    const modDir = tempDir('mod');
    const role = `${uniqueName('contiv-role')}:latest`;
    const mod = `${uniqueName('contiv-mod')}:latest`;
    await createStandin(engine, { name: role, logDir: roleDir, env: { CONTIV_ROLE: 'master', CONTIV_NETPLUGIN_VTEP_IP: '10.99.99.99', CONTIV_NETPLUGIN_VLAN_UPLINKS: 'psdnosuch0' } });
    made.push(role);
    await createStandin(engine, { name: mod, logDir: modDir, env: { CONTIV_NETMASTER_PLUGIN_NAME: mod, CONTIV_NETPLUGIN_ETCD_ENDPOINTS: etcd.url } });
    made.push(mod);
    // The seed's 2017 layout with the 2017 script: modprobe fails, "Load ovs FAILED!!!" in the bootup log.
    const oldDir = tempDir('2017');
    const old = `${uniqueName('contiv-2017')}:latest`;
    await createStandin(engine, { name: old, layout: '2017', logDir: oldDir, env: { cluster_store: etcd.url.replace('http://', 'etcd://') } });
    made.push(old);
    const enable = (n: string) => engine.request({ method: 'POST', path: `/plugins/${encodeURIComponent(n)}/enable`, query: { timeout: 15 }, timeoutMs: 60_000 }).then(() => 'enabled', (e: Error) => e.message);
    const enables = [enable(role), enable(mod), enable(old)];
    // The causes are written within the first second of each start, but three plugins starting at once on a
    // loaded machine can take much longer: wait for the very lines the checks below read (not a file's mere
    // existence, nor a fixed deadline after which the test went on regardless), bounded, saying what is missing.
    const has = (dir: string, line: string) => existsSync(join(dir, 'plugin_bootup.log')) && readFileSync(join(dir, 'plugin_bootup.log'), 'utf8').includes(line);
    const written = async () => ({
      'mod: modprobe line': has(modDir, 'modprobe: FATAL: Module openvswitch not found'),
      'mod: CRITICAL line': has(modDir, 'CRITICAL: Failed to load kernel module openvswitch'),
      '2017: Load ovs FAILED': has(oldDir, 'Load ovs FAILED!!!'),
      'engine log: CONTIV_ROLE': await engineLogHas('CONTIV_ROLE must be'),
    });
    await expect.poll(written, { timeout: 60_000, interval: 200 }).toEqual({ 'mod: modprobe line': true, 'mod: CRITICAL line': true, '2017: Load ovs FAILED': true, 'engine log: CONTIV_ROLE': true });

    const rr = await runDoctor(opts({ plugin: role }), undefined, undefined, ['contiv-plugin', 'plugin-logs', 'host-ips', 'vlan-uplinks']);
    expect(byId(rr, 'plugin-logs').status).toBe('fail');
    expect(byId(rr, 'plugin-logs').evidence.join('\n')).toMatch(/\[explains contiv-plugin\] engine log: CRITICAL: ENV CONTIV_ROLE must be in \[netmaster, netplugin\]/);
    expect(byId(rr, 'contiv-plugin').status).toBe('fail');
    expect(byId(rr, 'contiv-plugin').evidence.join('\n')).toMatch(/installed as/);
    expect(byId(rr, 'host-ips').status).toBe('fail');
    expect(byId(rr, 'vlan-uplinks').status).toBe('fail');

    // The verdict of a full run names the cause first, the rest folded under it.
    const vr = (await runDoctor(opts({ plugin: role }))).verdict;
    expect(vr.status).toBe('failing');
    expect(vr.causes[0].check).toBe('contiv-plugin');
    expect(vr.causes[0].consequences).toContain('plugin-logs');
    const fullMod = await runDoctor(opts({ plugin: mod }));
    expect(fullMod.verdict.causes[0]).toMatchObject({ check: 'ovs-kernel-module', status: 'fail' });
    expect(fullMod.verdict.causes[0].consequences).toEqual(expect.arrayContaining(['contiv-plugin', 'plugin-logs']));
    // Issue 10 item 5: this kernel has no /lib/modules: no modprobe can work, the netdev path leads; and no Enable (it would stop at modprobe again).
    expect(byId(fullMod, 'ovs-kernel-module').fix).toMatch(/^This kernel cannot load the module/);
    expect(byId(fullMod, 'contiv-plugin').action).toBeUndefined();
    expect(doctorExitCode(fullMod)).toBe(1);

    const rm = await runDoctor(opts({ plugin: mod }), undefined, undefined, ['plugin-logs', 'ovs-kernel-module', 'plugin-mounts']);
    expect(byId(rm, 'plugin-logs').status).toBe('fail');
    expect(byId(rm, 'plugin-logs').evidence.join('\n')).toMatch(/\[explains ovs-kernel-module\] .*plugin_bootup\.log: modprobe: FATAL: Module openvswitch not found/);
    expect(byId(rm, 'ovs-kernel-module').evidence.join('\n')).toMatch(/log \(.*plugin_bootup\.log\): CRITICAL: Failed to load kernel module openvswitch/);
    expect(byId(rm, 'plugin-mounts').status).toBe('pass');

    const r17 = await runDoctor(opts({ plugin: old }), undefined, undefined, ['plugin-logs', 'contiv-plugin']);
    expect(byId(r17, 'plugin-logs').evidence.join('\n')).toMatch(/\[explains ovs-kernel-module\] .*plugin_bootup\.log: Load ovs FAILED!!!/);
    // plugin_name keeps the seed's contiv/v2plugin:latest, not the name it was created under.
    expect(byId(r17, 'contiv-plugin').evidence.join('\n')).toMatch(/plugin_name is "contiv\/v2plugin:latest" but the plugin is installed as/);

    const results = await Promise.all(enables);
    expect(results[0]).toMatch(/netplugin\.sock/);
    expect(results[1]).toMatch(/netplugin\.sock/);
    expect(results[2]).toMatch(/netplugin\.sock/);
    // The folder its log mount needs, gone from the host: the next enable would fail at once.
    rmSync(modDir, { recursive: true, force: true });
    const gone = await runDoctor(opts({ plugin: mod }), undefined, undefined, ['plugin-mounts']);
    expect(byId(gone, 'plugin-mounts').status).toBe('fail');
    expect(byId(gone, 'plugin-mounts').evidence.join('\n')).toContain(`${modDir} → /var/log/contiv: MISSING`);
    // The verdict: the mount first (the engine cannot start the plugin), what the engine says is the OCI mount error, no Enable.
    const goneAll = await runDoctor(opts({ plugin: mod }));
    expect(goneAll.verdict.causes[0].check).toBe('plugin-mounts');
    expect(goneAll.verdict.causes[0].consequences).toContain('contiv-plugin');
    expect(byId(goneAll, 'contiv-plugin').evidence.join('\n')).toMatch(/at enable the engine says: OCI runtime create failed/);
    expect(byId(goneAll, 'contiv-plugin').action).toBeUndefined();

    async function engineLogHas(s: string): Promise<boolean> {
      const r = await runDoctor(opts({ plugin: role }), undefined, undefined, ['plugin-logs']);
      return byId(r, 'plugin-logs').evidence.join('\n').includes(s);
    }
  }, 150_000);

  it('a CONTIV_ROLE the 2019 script refuses, never enabled (no log line yet): the config is the cause, before the module; its fix is the role, not Enable', async () => {
    const dir = tempDir('role-cfg');
    const name = `${uniqueName('contiv-rolecfg')}:latest`;
    await createStandin(engine, { name, logDir: dir, env: { CONTIV_ROLE: 'master', CONTIV_NETMASTER_PLUGIN_NAME: name } });
    made.push(name);
    const r = await runDoctor(opts({ plugin: name }));
    expect(r.verdict.causes[0]).toMatchObject({ check: 'contiv-plugin', status: 'fail' });
    expect(r.verdict.causes[0].why).toMatch(/CONTIV_ROLE is "master"/);
    expect(r.verdict.causes.map((c) => c.check)).toContain('ovs-kernel-module');
    expect(byId(r, 'contiv-plugin').action).toMatchObject({ kind: 'open-editor', field: 'CONTIV_ROLE' });
    await removePluginQuietly(engine, name);
  });

  it('every plugin: an empty settable mount source and a network type that is not /1.0', async () => {
    const bad = uniqueName('generic-bad');
    await createFixturePlugin(engine, {
      name: bad,
      mode: 'ok',
      configure: (c) => {
        (c.mounts as { source: string }[])[0].source = '';
        (c.interface as { types: string[] }).types = ['docker.networkdriver/2.0'];
      },
    });
    made.push(`${bad}:latest`);
    const r = await runDoctor(opts(), undefined, undefined, ['plugin-generic']);
    const text = byId(r, 'plugin-generic').evidence.join('\n');
    expect(byId(r, 'plugin-generic').status).toBe('fail');
    expect(text).toContain(`${bad}:latest: settable mount logs is empty`);
    expect(text).toContain(`${bad}:latest: interface type docker.networkdriver/2.0`);
    await removePluginQuietly(engine, `${bad}:latest`);
  });

  it('bundle: the .tar.gz holds every part, and no planted secret survives anywhere in it (logs included)', async () => {
    // A log line that echoes secrets, as a misbehaving plugin would.
    appendFileSync(join(logDir, 'netplugin.log'), `level=info msg="store etcd://root:${PLANTED.etcdPassword}@10.0.0.1:2379 token ${PLANTED.token}"\n`);
    const out = join(tempDir('bundle'), 'doctor.tar.gz');
    const o = opts({ netmaster: nm.url });
    const report = await runDoctor(o);
    const { entries, redactions } = await collectBundle(o, report, { DOCKER_HOST: `tcp://ops:${PLANTED.dockerPassword}@127.0.0.1:2376` });
    const bytes = await writeBundle(out, entries);
    expect(bytes).toBe(statSync(out).size);
    expect(redactions).toBeGreaterThanOrEqual(5);
    const files = await extract(out);
    const names = Object.keys(files);
    for (const n of ['meta.json', 'engine/info.json', 'engine/version.json', 'plugins/inspect.json', 'doctor/report.json', 'doctor/report.md', 'ovs/state.json', 'host/ip-addr.txt', 'netmaster/inspect.json', 'logs/engine-plugin.log', 'logs/netplugin.log']) {
      expect(names).toContain(`plugsmith-doctor/${n}`);
    }
    const all = Object.values(files).join('\n');
    for (const secret of Object.values(PLANTED)) expect(all).not.toContain(secret);
    expect(files['plugsmith-doctor/logs/netplugin.log']).toContain('docker plugin listening');
    expect(JSON.parse(files['plugsmith-doctor/doctor/report.json']).checks).toHaveLength(CHECK_IDS.length);
  });

  it('plugin frozen (enabled, not answering) and contivh0 gone: both fail', async () => {
    // SIGSTOP the stand-in's process: the kernel still accepts connections on its socket, nothing answers —
    // the state the engine calls "enabled" (ENGINE-NOTES).
    const pid = readdirSync('/proc').filter((d) => /^\d+$/.test(d)).find((d) => {
      try {
        return readFileSync(`/proc/${d}/environ`, 'utf8').split('\0').includes(`CONTIV_NETMASTER_PLUGIN_NAME=${healthy}`);
      } catch {
        return false;
      }
    });
    expect(pid).toBeTruthy();
    process.kill(Number(pid), 'SIGSTOP');
    try {
      await ovs.vsctl(['del-port', 'contivVxlanBridge', 'contivh0']);
      const r = await runDoctor(opts(), undefined, undefined, ['plugin-socket', 'plugin-generic', 'contivh0']);
      expect(byId(r, 'plugin-socket').status).toBe('fail');
      expect(byId(r, 'plugin-socket').evidence.join('\n')).toMatch(/never replies/);
      expect(byId(r, 'plugin-generic').evidence.join('\n')).toMatch(/enabled, not answering/);
      expect(byId(r, 'contivh0').status).toBe('fail');
      expect(byId(r, 'contivh0').evidence.join('\n')).toMatch(/contivh0 is not an interface/);
    } finally {
      process.kill(Number(pid), 'SIGCONT');
    }
    expect(byId(await runDoctor(opts(), undefined, undefined, ['plugin-socket']), 'plugin-socket').status).toBe('pass');
  });

  it('etcd down: the cluster store check fails (the plugin keeps its endpoint)', async () => {
    await etcd.stop();
    const r = await runDoctor(opts(), undefined, undefined, ['cluster-store']);
    expect(byId(r, 'cluster-store').status).toBe('fail');
    expect(byId(r, 'cluster-store').evidence.join('\n')).toMatch(/ECONNREFUSED|refused/i);
  });
});
