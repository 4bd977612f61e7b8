/**
 * The verdict on the Doctor screen after re-runs: one click re-checks a cause and its
 * consequences as one run (through the store, against the test api), and the re-run's own
 * verdict replaces what the full run said about those checks (mergeVerdict, pure).
 */
import { describe, expect, it } from 'vitest';
import type { DoctorCheckResult, DoctorReport, DoctorVerdict, JobInfo } from '../../electron/ipc/types';
import { createDoctorStore, mergeChecks } from './doctor';
import { mergeVerdict, recheckIds } from './doctor-verdict';
import { createTestApi, flush, testJob } from './test-double';

const check = (id: string, status: DoctorCheckResult['status']): DoctorCheckResult => ({ id, title: `Check ${id}`, group: 'g', status, evidence: [], why: '', fix: '', ms: 1 });
const report = (checks: DoctorCheckResult[], verdict: DoctorVerdict): DoctorReport => ({ verdict, checks, host: 'unix:///d.sock', plugin: null, startedAt: '2025-01-01T00:00:00.000Z', ms: 5 });
const at = '2025-01-01T00:00:02.000Z';

// The missing mount, with the disabled plugin and its socket folded under it; netmaster an independent root.
const FULL = report(
  [check('contiv-plugin', 'fail'), check('plugin-socket', 'fail'), check('plugin-mounts', 'fail'), check('netmaster', 'fail')],
  { status: 'failing', causes: [{ check: 'plugin-mounts', status: 'fail', consequences: ['contiv-plugin', 'plugin-socket'], why: 'the engine refuses to start the plugin' }, { check: 'netmaster', status: 'fail', consequences: [] }] },
);

describe('mergeVerdict', () => {
  it('a fixed cause disappears with the consequences that now pass; the other root stays first', () => {
    const checks = [check('contiv-plugin', 'pass'), check('plugin-socket', 'pass'), check('plugin-mounts', 'pass'), check('netmaster', 'fail')];
    const v = mergeVerdict(FULL.verdict, [{ ids: ['contiv-plugin', 'plugin-socket', 'plugin-mounts'], verdict: { status: 'healthy', causes: [] } }], checks);
    expect(v).toEqual({ status: 'failing', causes: [{ check: 'netmaster', status: 'fail', consequences: [] }] });
  });
  it('the mount fixed, the plugin still failing for the next reason: the re-run\'s own cause takes the place', () => {
    const checks = [check('contiv-plugin', 'fail'), check('plugin-socket', 'fail'), check('plugin-mounts', 'pass'), check('netmaster', 'fail')];
    const next: DoctorVerdict = { status: 'failing', causes: [{ check: 'contiv-plugin', status: 'fail', consequences: ['plugin-socket'] }] };
    const v = mergeVerdict(FULL.verdict, [{ ids: ['contiv-plugin', 'plugin-socket', 'plugin-mounts'], verdict: next }], checks);
    expect(v.causes.map((c) => [c.check, c.consequences])).toEqual([['contiv-plugin', ['plugin-socket']], ['netmaster', []]]);
  });
  it('a consequence re-run alone that still fails stays under its cause (not promoted to a root)', () => {
    const checks = FULL.checks;
    const v = mergeVerdict(FULL.verdict, [{ ids: ['plugin-socket'], verdict: { status: 'failing', causes: [{ check: 'plugin-socket', status: 'fail', consequences: [] }] } }], checks);
    expect(v).toEqual(FULL.verdict);
  });
});

describe('doctor store: one click re-checks a cause and its consequences', () => {
  it('runs them as one job, lays their results in place, and the verdict follows', async () => {
    const t = createTestApi();
    let n = 0;
    const end = (info: Partial<JobInfo>) => {
      const id = `job-${++n}`;
      t.emit('job', { type: 'state', job: testJob({ id, kind: 'doctor:run', state: 'succeeded', progress: 1, endedAt: at, ...info }), at }, id);
      return { jobId: id };
    };
    t.handlers['doctor:run'] = (a) =>
      a.checks
        ? end({ kind: 'doctor:recheck', result: report(a.checks.map((id) => check(id, 'pass')), { status: 'healthy', causes: [] }) })
        : end({ result: FULL });
    const store = createDoctorStore(t.api);
    await store.getState().run();
    await flush();
    expect(recheckIds(FULL.verdict.causes[0])).toEqual(['contiv-plugin', 'plugin-socket', 'plugin-mounts']);
    await store.getState().recheckCause('plugin-mounts');
    expect(t.calls.at(-1)).toEqual({ method: 'doctor:run', args: { checks: ['contiv-plugin', 'plugin-socket', 'plugin-mounts'] } });
    const shown = mergeChecks(store.getState().job!.report, store.getState().patches, store.getState().verdictPatches)!;
    expect(shown.checks.map((c) => `${c.id}:${c.status}`)).toEqual(['contiv-plugin:pass', 'plugin-socket:pass', 'plugin-mounts:pass', 'netmaster:fail']);
    expect(shown.verdict.causes.map((c) => c.check)).toEqual(['netmaster']);
    expect(store.getState().tasks).toEqual({});
  });
});
