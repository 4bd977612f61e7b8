/**
 * The verdict on captured runs: the checks' results as the doctor reported them in each case of
 * REAL-FAILURES.md, with the evidence the run gathered. The ranking must come from the evidence:
 * the same failing checks with different evidence give different causes.
 */
import { describe, expect, it } from 'vitest';
import type { DoctorCheckResult, DoctorReport } from '../../ipc/types';
import { CHECK_IDS } from './check-ids';
import { doctorExitCode, recheckSet, verdictOf, type VerdictEvidence } from './verdict';
import { toMarkdown, toText } from './format';

type S = DoctorCheckResult['status'];
/** A full run: every check passes but those given. */
const run = (over: Record<string, S | [S, string]>): DoctorCheckResult[] =>
  CHECK_IDS.map((id) => {
    const o = over[id];
    const [status, ev] = Array.isArray(o) ? o : [o ?? 'pass', `saw ${id}`];
    return { id, title: `Title of ${id}`, group: 'g', status, evidence: [ev], why: 'w', fix: `fix ${id}`, ms: 1 };
  });

const contivPlugin = (over: Partial<NonNullable<VerdictEvidence['plugin']>> = {}): VerdictEvidence['plugin'] => ({
  name: 'contiv/v2plugin:latest', enabled: false, answers: null, everRan: true, everRanWhy: 'lines', configFaults: [], ...over,
});
const evidence = (over: Partial<VerdictEvidence> = {}): VerdictEvidence => ({
  plugin: contivPlugin(),
  ovsWhere: 'plugin',
  ovsWhereWhy: "Contiv's 2019 start script starts ovsdb-server and ovs-vswitchd inside the plugin",
  scriptNeedsModule: true,
  logExplains: [],
  needs: [],
  ...over,
});

describe('verdict: the cause of each real failure first, its consequences folded', () => {
  it('bridges with no datapath on a host without the module: the module is the cause — from the OVS state, not the bridges check\'s words', () => {
    const results = run({ 'ovs-kernel-module': 'fail', 'ovs-bridges': ['fail', 'whatever the check said'] });
    const host = { plugin: null, ovsWhere: 'host' as const };
    expect(verdictOf(results, evidence({ ...host, bridgesWithoutDatapath: true })).causes.map((c) => [c.check, c.consequences])).toEqual([['ovs-kernel-module', ['ovs-bridges']]]);
    // Bridges bad for another reason (absent): two roots.
    expect(verdictOf(results, evidence({ ...host, bridgesWithoutDatapath: false })).causes.map((c) => c.check)).toEqual(['ovs-kernel-module', 'ovs-bridges']);
  });
  it('mount source missing (/lib/modules): the mount, with the disabled plugin, its OVS and contivh0 under it; the module a separate root', () => {
    const results = run({ 'contiv-plugin': 'fail', 'plugin-socket': 'skip', 'plugin-mounts': 'fail', 'ovs-kernel-module': 'fail', 'ovs-running': 'fail', 'ovs-bridges': 'skip', contivh0: 'fail', 'plugin-logs': 'fail' });
    const v = verdictOf(results, evidence({ plugin: contivPlugin({ everRan: false }), logExplains: ['plugin-mounts'] }));
    expect(v.status).toBe('failing');
    expect(v.causes[0]).toMatchObject({ check: 'plugin-mounts', status: 'fail' });
    expect(v.causes[0].consequences).toEqual(['contiv-plugin', 'ovs-running', 'contivh0', 'plugin-logs']);
    expect(v.causes[0].why).toMatch(/never ran/);
    expect(v.causes[0].why).toMatch(/OVS runs inside the plugin/);
    // Fixing the mount would next hit the missing module: an independent root, not a consequence.
    expect(v.causes.map((c) => c.check)).toEqual(['plugin-mounts', 'ovs-kernel-module']);
  });

  it('module missing (the bootup log says so): the module check, not "start OVS on the host"', () => {
    const results = run({ 'contiv-plugin': 'fail', 'plugin-socket': 'skip', 'ovs-kernel-module': 'fail', 'ovs-running': 'fail', 'ovs-bridges': 'skip', contivh0: 'fail', 'plugin-logs': 'fail' });
    const v = verdictOf(results, evidence({ logExplains: ['ovs-kernel-module'] }));
    expect(v.causes).toHaveLength(1);
    expect(v.causes[0].check).toBe('ovs-kernel-module');
    expect(v.causes[0].consequences).toEqual(['contiv-plugin', 'ovs-running', 'contivh0', 'plugin-logs']);
  });

  it('bad CONTIV_ROLE (only the engine log says so): the plugin config first, before the module the script would need next', () => {
    const results = run({ 'contiv-plugin': 'fail', 'ovs-kernel-module': 'fail', 'ovs-running': 'fail', contivh0: 'fail', 'plugin-logs': 'fail', 'host-ips': 'fail' });
    const v = verdictOf(results, evidence({ logExplains: ['contiv-plugin'] }));
    expect(v.causes[0].check).toBe('contiv-plugin');
    expect(v.causes[0].consequences).toEqual(expect.arrayContaining(['ovs-running', 'contivh0', 'plugin-logs']));
    expect(v.causes.map((c) => c.check)).toEqual(['contiv-plugin', 'ovs-kernel-module', 'host-ips']);
  });

  it('a leftover of an engine killed during an enable (issue 15 item 10): containerd-leftover first, the disabled plugin and what it would set up under it', () => {
    const results = run({ 'contiv-plugin': 'fail', 'plugin-socket': 'skip', 'ovs-running': 'fail', 'ovs-bridges': 'skip', contivh0: 'fail', 'containerd-leftover': 'fail' });
    const v = verdictOf(results, evidence());
    expect(v.causes).toHaveLength(1);
    expect(v.causes[0]).toMatchObject({ check: 'containerd-leftover', status: 'fail' });
    expect(v.causes[0].consequences).toEqual(['contiv-plugin', 'ovs-running', 'contivh0']);
    expect(v.causes[0].why).toMatch(/id already in use/);
  });

  it('disabled and nothing says why: the plugin itself, with what it would have set up under it', () => {
    const v = verdictOf(run({ 'contiv-plugin': 'fail', 'ovs-running': 'fail', contivh0: 'fail' }), evidence({ scriptNeedsModule: null }));
    expect(v.causes).toEqual([expect.objectContaining({ check: 'contiv-plugin', consequences: ['ovs-running', 'contivh0'] })]);
  });
});

describe('verdict: the same failing checks, different evidence, different causes', () => {
  // The installed name differs from the one the config registers, and OVS is down.
  const results = run({ 'contiv-plugin': 'fail', 'ovs-running': 'fail', 'ovs-bridges': 'fail', contivh0: 'fail' });
  const faults = ['CONTIV_NETMASTER_PLUGIN_NAME is "contiv/v2plugin:latest", the plugin is installed as "x:latest"'];

  it('plugin never started, OVS inside it: the plugin config is the cause, OVS down a consequence', () => {
    const v = verdictOf(results, evidence({ plugin: contivPlugin({ configFaults: faults }) }));
    expect(v.causes).toEqual([expect.objectContaining({ check: 'contiv-plugin', consequences: ['ovs-running', 'ovs-bridges', 'contivh0'] })]);
  });
  it('plugin running and answering but OVS down: ovs-running is the cause, the bridges and contivh0 under it', () => {
    const v = verdictOf(results, evidence({ plugin: contivPlugin({ enabled: true, answers: true, configFaults: faults }) }));
    expect(v.causes[0]).toMatchObject({ check: 'ovs-running', consequences: ['ovs-bridges', 'contivh0'] });
    expect(v.causes[0].why).toMatch(/runs and answers, but OVS is down/);
    expect(v.causes.map((c) => c.check)).toEqual(['ovs-running', 'contiv-plugin']);
  });
  it('plugin disabled, OVS on the host and a script without modprobe: the config first, OVS down a root of its own', () => {
    const v = verdictOf(results, evidence({ ovsWhere: 'host', scriptNeedsModule: false, plugin: contivPlugin({ configFaults: faults }) }));
    expect(v.causes.map((c) => [c.check, c.consequences])).toEqual([['contiv-plugin', []], ['ovs-running', ['ovs-bridges', 'contivh0']]]);
  });
});

describe('verdict: status, needs, and what is never folded', () => {
  it('every check passing (the working userspace node): healthy, no cause', () => {
    expect(verdictOf(run({ 'ovs-kernel-module': 'skip' }), evidence({ plugin: contivPlugin({ enabled: true, answers: true }) }))).toEqual({ status: 'healthy', causes: [] });
  });
  it('the engine down: one cause, everything else under it', () => {
    const v = verdictOf(run({ engine: 'fail', 'contiv-plugin': 'fail', netmaster: 'fail' }), evidence());
    expect(v.causes).toEqual([expect.objectContaining({ check: 'engine', consequences: ['contiv-plugin', 'netmaster'] })]);
  });
  it('not root: can\'t tell, with exactly what is needed — never healthy', () => {
    const need = 'root: … run `sudo plugsmith doctor`';
    const v = verdictOf(run({ 'ovs-running': 'unknown', contivh0: 'unknown' }), evidence({ plugin: contivPlugin({ enabled: true, answers: null }), needs: [need] }));
    expect(v.status).toBe('unknown');
    expect(v.needs).toEqual([need]);
    expect(v.causes.every((c) => c.status === 'unknown')).toBe(true);
  });
  it('warnings alone: healthy, the warnings still listed as causes', () => {
    const v = verdictOf(run({ netmaster: 'warn' }), evidence({ plugin: contivPlugin({ enabled: true, answers: true }) }));
    expect(v).toEqual({ status: 'healthy', causes: [{ check: 'netmaster', status: 'warn', consequences: [] }] });
  });
  it('a failure is never folded under a warning (it would read as healthy)', () => {
    const v = verdictOf(run({ 'ovs-bridges': 'warn', contivh0: 'fail' }), evidence({ plugin: contivPlugin({ enabled: true, answers: true }) }));
    expect(v.status).toBe('failing');
    expect(v.causes.map((c) => c.check)).toEqual(['contivh0', 'ovs-bridges']);
  });
  it('the etcd chain: netmaster and networks-sync under the cluster store', () => {
    const v = verdictOf(run({ 'cluster-store': 'fail', netmaster: 'fail', 'networks-sync': 'fail' }), evidence({ plugin: contivPlugin({ enabled: true, answers: true }) }));
    expect(v.causes).toEqual([expect.objectContaining({ check: 'cluster-store', consequences: ['netmaster', 'networks-sync'] })]);
  });
  it('exit code: 1 only when a cause fails; can\'t tell or warnings alone are 0', () => {
    expect(doctorExitCode({ verdict: { status: 'failing', causes: [{ check: 'engine', status: 'fail', consequences: [] }] } })).toBe(1);
    expect(doctorExitCode({ verdict: { status: 'unknown', causes: [{ check: 'contivh0', status: 'unknown', consequences: [] }], needs: ['root'] } })).toBe(0);
    expect(doctorExitCode({ verdict: { status: 'healthy', causes: [{ check: 'netmaster', status: 'warn', consequences: [] }] } })).toBe(0);
  });
  it('re-checking a cause re-runs it and its consequences, in check order', () => {
    expect(recheckSet({ check: 'ovs-kernel-module', status: 'fail', consequences: ['plugin-logs', 'contiv-plugin'] })).toEqual(['contiv-plugin', 'ovs-kernel-module', 'plugin-logs']);
  });
});

describe('the text and Markdown reports lead with the verdict', () => {
  const results = run({ 'contiv-plugin': 'fail', 'plugin-mounts': 'fail', 'ovs-running': 'fail', netmaster: 'warn' });
  const report: DoctorReport = { verdict: verdictOf(results, evidence({ plugin: contivPlugin({ everRan: false }) })), checks: results, host: 'unix:///d.sock', plugin: 'p', startedAt: '', ms: 3 };
  it('text: the verdict, the cause to fix first and what fails because of it, before any check', () => {
    const text = toText(report);
    const lines = text.split('\n');
    expect(lines[1]).toBe('Verdict: failing');
    expect(lines[2]).toBe('  1. Fix first: ✘ fail — Title of plugin-mounts [plugin-mounts]');
    expect(text).toContain('fails because of it: Title of contiv-plugin [contiv-plugin], Title of ovs-running [ovs-running]');
    expect(text.indexOf('Verdict')).toBeLessThan(text.indexOf('Checks:'));
    // The checks follow the verdict's order: the cause, then its consequences.
    const checks = lines.slice(lines.indexOf('Checks:') + 1).filter((l) => /^\S/.test(l));
    expect(checks[0]).toMatch(/\[plugin-mounts\]/);
    expect(checks[1]).toMatch(/\[contiv-plugin\].*\(because of plugin-mounts\)/);
  });
  it('Markdown: the verdict heading before the first check', () => {
    const md = toMarkdown(report);
    expect(md.indexOf('## Verdict: failing')).toBeGreaterThan(0);
    expect(md.indexOf('## Verdict')).toBeLessThan(md.indexOf('## ✘'));
    expect(md).toContain('1. **Fix first: ✘ fail — Title of plugin-mounts `plugin-mounts`**');
  });
});
