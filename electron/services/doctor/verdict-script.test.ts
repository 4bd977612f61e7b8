/**
 * The verdict with evidence read from the plugin's real start script (plugin-rootfs.ts): where OVS
 * runs and whether the script runs modprobe come from the script, and change the first cause.
 */
import { describe, expect, it } from 'vitest';
import type { DoctorCheckResult } from '../../ipc/types';
import { CHECK_IDS } from './check-ids';
import { verdictOf, type VerdictEvidence } from './verdict';

const run = (bad: Record<string, DoctorCheckResult['status']>): DoctorCheckResult[] =>
  CHECK_IDS.map((id) => ({ id, title: id, group: 'g', status: bad[id] ?? 'pass', evidence: [`saw ${id}`], why: 'w', fix: `fix ${id}`, ms: 1 }));
const ev = (over: Partial<VerdictEvidence>): VerdictEvidence => ({
  plugin: { name: 'contiv/v2plugin:latest', enabled: false, answers: null, everRan: null, everRanWhy: '', configFaults: [], contiv: true },
  ovsWhere: 'host',
  ovsWhereWhy: 'its start script /startcontiv.sh does not start ovsdb-server / ovs-vswitchd',
  scriptNeedsModule: true,
  logExplains: [],
  needs: [],
  ...over,
});

describe('verdict from the start script read in the rootfs', () => {
  // Never enabled, no OVS on the host, no module: the OVS failure has more folded under it, yet the start stops at modprobe first.
  const results = run({ 'contiv-plugin': 'fail', 'ovs-kernel-module': 'fail', 'ovs-running': 'fail', 'ovs-bridges': 'unknown', contivh0: 'fail', 'host-ips': 'fail' });
  it('OVS on the host, the script runs modprobe: the module first, OVS an independent root after it', () => {
    expect(verdictOf(results, ev({})).causes.map((c) => c.check).slice(0, 2)).toEqual(['ovs-kernel-module', 'ovs-running']);
  });
  it('the same checks, a script without modprobe: OVS on the host first', () => {
    expect(verdictOf(results, ev({ scriptNeedsModule: false })).causes[0].check).toBe('ovs-running');
  });
  it('a non-Contiv plugin: its own socket check, not OVS', () => {
    const r = run({ 'plugin-socket': 'fail', 'ovs-kernel-module': 'fail', 'ovs-running': 'fail', contivh0: 'fail' });
    const v = verdictOf(r, ev({ plugin: { name: 'x:latest', enabled: false, answers: null, everRan: true, everRanWhy: '', configFaults: [], contiv: false }, scriptNeedsModule: null, ovsWhere: 'unknown' }));
    expect(v.causes[0].check).toBe('plugin-socket');
  });
});
