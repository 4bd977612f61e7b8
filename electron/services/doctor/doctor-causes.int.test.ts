/**
 * The doctor's ranked cause on the real failures of ../shared/contiv/REAL-FAILURES.md, each made
 * for real on the test's own dockerd with the Contiv-shaped stand-in (a real shell start script run
 * by a static busybox in its rootfs), a real userspace OVS (netdev bridges, contivh0 in a namespace)
 * and a real etcd: the first cause (`verdict.causes[0].check`) must name the real cause each time,
 * and where the next enable fails for certain no one-click Enable is offered.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeContivShape, ovsSkipReason, startOvs, type StartedOvs } from '../../../scripts/test-env/ovs.mjs';
import { Engine } from '../docker/engine';
import { removePluginQuietly } from '../docker/testing/fixtures';
import { testEngineHost, uniqueName, SKIP_REASON } from '../docker/testing/harness';
import { startTestNetmaster, type TestNetmaster } from '../netmaster/testing/test-netmaster';
import type { DoctorCheckResult, DoctorReport } from '../../ipc/types';
import type { DoctorOptions } from './facts';
import { runDoctor } from './runner';
import { createStandin, standinSkipReason, type StandinOptions } from './testing/contiv-standin';
import { etcdSkipReason, startEtcd, type TestEtcd } from './testing/etcd';

const host = testEngineHost();
const skipWhy = !host ? SKIP_REASON : ovsSkipReason() ?? etcdSkipReason() ?? standinSkipReason();
if (skipWhy) console.warn(`doctor causes integration skipped: ${skipWhy}`);

const byId = (r: DoctorReport, id: string): DoctorCheckResult => {
  const c = r.checks.find((x) => x.id === id);
  if (!c) throw new Error(`no check ${id}`);
  return c;
};
const causes = (r: DoctorReport) => r.verdict.causes.map((c) => c.check);
/** What a failing run says, for a failed expectation's message. */
const told = (r: DoctorReport) => JSON.stringify({ verdict: r.verdict, failing: r.checks.filter((c) => c.status !== 'pass' && c.status !== 'skip').map((c) => [c.id, c.status, c.evidence.slice(0, 4)]) }, null, 1);

describe.skipIf(!!skipWhy)('the doctor names the real cause first', () => {
  let engine: Engine;
  let etcd: TestEtcd;
  let nm: TestNetmaster;
  let ovs: StartedOvs;
  const made: string[] = [];
  const dirs: string[] = [];
  const reports = new Map<string, { name: string; logDir: string; enable: string; report: DoctorReport }>();

  const opts = (plugin: string): DoctorOptions => ({ engine, plugin, ovsdb: ovs.db, netns: ovs.netns, ovsLogs: [ovs.logs.ovsVswitchd], netmaster: nm.url });
  const tempDir = (label: string) => {
    const d = mkdtempSync(join(tmpdir(), `psd-cause-${label}-`));
    dirs.push(d);
    return d;
  };
  const enable = (n: string) =>
    engine.request({ method: 'POST', path: `/plugins/${encodeURIComponent(n)}/enable`, query: { timeout: 15 }, timeoutMs: 90_000 }).then(() => 'enabled', (e: Error) => e.message);

  /** Creates a stand-in named after `label` whose config names itself right (only the planted fault is wrong), enables it, then runs the doctor. */
  async function scenario(label: string, o: Omit<StandinOptions, 'name' | 'logDir'>): Promise<void> {
    const name = `${uniqueName(`cause-${label}`)}:latest`;
    const logDir = tempDir(label);
    const self: Record<string, string> = o.layout === '2017' ? { plugin_name: name, cluster_store: etcd.url.replace('http://', 'etcd://') } : { CONTIV_NETMASTER_PLUGIN_NAME: name, CONTIV_NETPLUGIN_ETCD_ENDPOINTS: etcd.url, CONTIV_NETMASTER_EXTERNAL_ADDRESS: `127.0.0.1:${nm.port}` };
    await createStandin(engine, { ...o, name, logDir, env: { ...self, ...o.env } });
    made.push(name);
    // The enable's own end is the observed state to wait on: by the time the engine gives up, the script has long exited.
    const result = await enable(name);
    reports.set(label, { name, logDir, enable: result, report: await runDoctor(opts(name)) });
  }

  beforeAll(async () => {
    engine = new Engine({ dockerHost: host!, env: {} });
    [etcd, nm, ovs] = await Promise.all([startEtcd(), startTestNetmaster(), startOvs()]);
    await makeContivShape(ovs.dbSock, { netns: ovs.netns, manager: 'ptcp:6640:127.0.0.1', masquerade: true, systemBridge: null });
    // Every case at once: each failed enable takes the engine's ~12.6 s of retries.
    const nosuch = join(tmpdir(), `psd-cause-no-such-${process.pid}`, 'modules');
    await Promise.all([
      scenario('mount', { mounts: [{ source: nosuch, destination: '/lib/modules' }] }),
      scenario('module', {}),
      scenario('role', { env: { CONTIV_ROLE: 'master' } }),
      scenario('silent2017', { layout: '2017', script: '2019' }),
      scenario('prefix', { scriptPrefix: 'PSDX_', checkModule: false }),
      scenario('healthy', { checkModule: false }),
    ]);
  }, 240_000);

  afterAll(async () => {
    for (const p of made) await removePluginQuietly(engine, p);
    await Promise.allSettled([etcd?.stop(), nm?.close(), ovs?.stop({ remove: true })]);
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('a bind-mount source missing on the host: plugin-mounts, the OCI error at once', () => {
    const { enable, report } = reports.get('mount')!;
    expect(enable).toMatch(/OCI runtime create failed|error mounting/);
    expect(causes(report)[0], told(report)).toBe('plugin-mounts');
  });

  it('the openvswitch module missing (bootup log): ovs-kernel-module', () => {
    const { enable, logDir, report } = reports.get('module')!;
    expect(enable).toMatch(/netplugin\.sock/);
    expect(existsSync(join(logDir, 'plugin_bootup.log'))).toBe(true);
    expect(causes(report)[0], told(report)).toBe('ovs-kernel-module');
  });

  it('CONTIV_ROLE=master (only in the engine log): contiv-plugin, and no one-click Enable', () => {
    const { enable, report } = reports.get('role')!;
    expect(enable).toMatch(/netplugin\.sock/);
    expect(byId(report, 'plugin-logs').evidence.join('\n')).toMatch(/CRITICAL: ENV CONTIV_ROLE must be in \[netmaster, netplugin\]/);
    expect(causes(report)[0], told(report)).toBe('contiv-plugin');
    expect(byId(report, 'contiv-plugin').action?.kind).toBe('open-editor');
  });

  it('2017 env names under the 2019 script: it exits silently (no log file at all); the doctor read the script — contiv-plugin, no Enable', () => {
    const { enable, logDir, report } = reports.get('silent2017')!;
    expect(enable).toMatch(/netplugin\.sock/);
    expect(readdirSync(logDir)).toEqual([]);
    const c = byId(report, 'contiv-plugin');
    expect(c.evidence.join('\n')).toMatch(/start script \/startcontiv\.sh \(read from the plugin rootfs\) reads CONTIV_\*.*none of the configured env names \(plugin_role, .*\) is among them, so it starts without its settings and exits silently/);
    expect(causes(report)[0], told(report)).toBe('contiv-plugin');
    expect(c.action).toBeUndefined();
  });

  it('the script\'s prefix renamed, the same good 2019 config: the finding follows the script in the rootfs', () => {
    const renamed = reports.get('prefix')!;
    const same = reports.get('healthy')!;
    expect(renamed.enable).toMatch(/netplugin\.sock/);
    expect(same.enable).toBe('enabled');
    expect(byId(renamed.report, 'contiv-plugin').evidence.join('\n')).toMatch(/reads PSDX_\*.*none of the configured env names .* exits silently/);
    expect(byId(same.report, 'contiv-plugin').evidence.join('\n')).not.toMatch(/exits silently/);
    expect(byId(same.report, 'contiv-plugin').evidence.join('\n')).toMatch(/reads CONTIV_\*.*configured names it reads: CONTIV_ROLE/);
    expect(causes(renamed.report)[0], told(renamed.report)).toBe('contiv-plugin');
  });

  it('userspace (netdev) bridges, the plugin enabled and answering: no failing cause', async () => {
    const { name } = reports.get('healthy')!;
    // The broken stand-ins above are done with: the every-plugin check would (rightly) fail on them.
    for (const p of made.filter((x) => x !== name)) await removePluginQuietly(engine, p);
    const report = await runDoctor(opts(name));
    expect(byId(report, 'plugin-socket').status).toBe('pass');
    expect(report.verdict.causes.filter((c) => c.status === 'fail'), told(report)).toEqual([]);
    expect(report.verdict.status, told(report)).not.toBe('failing');
  });

  it('contivh0 left <NO-CARRIER,UP> state DOWN (nothing behind it): not a pass, and the cause', async () => {
    const { name } = reports.get('healthy')!;
    // What a stopped plugin leaves: the interface admin-up with no carrier. A tap no process holds is exactly that.
    await ovs.vsctl(['del-port', 'contivVxlanBridge', 'contivh0']);
    const ip = (args: string[]) => execFileSync('ip', ['-n', ovs.netns!, ...args], { encoding: 'utf8', timeout: 5_000 });
    ip(['tuntap', 'add', 'dev', 'contivh0', 'mode', 'tap']);
    ip(['link', 'set', 'contivh0', 'up']);
    expect(ip(['link', 'show', 'contivh0'])).toMatch(/NO-CARRIER.*UP.*state DOWN/);
    const r = await runDoctor(opts(name));
    expect(byId(r, 'contivh0').status, told(r)).not.toBe('pass');
    expect(causes(r)[0], told(r)).toBe('contivh0');
  });
});
