import { describe, expect, it } from 'vitest';
import type { DoctorCheckResult, DoctorReport, JobInfo } from '../../electron/ipc/types';
import { countByStatus, createDoctorStore, groupChecks, parseCounts } from './doctor';
import { createTestApi, flush, testJob } from './test-double';

const check = (id: string, status: DoctorCheckResult['status'], over: Partial<DoctorCheckResult> = {}): DoctorCheckResult => ({
  id,
  title: `Check ${id}`,
  group: 'g',
  status,
  evidence: [`saw ${id}`],
  why: 'it matters',
  fix: status === 'pass' ? '' : `fix ${id}`,
  ms: 3,
  ...over,
});

// The service's order, deliberately not the display order.
const report = (): DoctorReport => ({
  verdict: { status: 'failing', causes: [] },
  checks: [
    check('engine', 'pass'),
    check('docker-desktop', 'skip', { evidence: ['skipped: engine is remote — run plugsmith serve there'] }),
    check('ovs-kernel-module', 'fail', { command: 'modprobe openvswitch' }),
    check('netmaster', 'warn'),
    check('plugin-socket', 'fail'),
  ],
  host: 'unix:///tmp/d.sock',
  plugin: 'contiv/v2plugin:latest',
  startedAt: '2025-01-01T00:00:00.000Z',
  ms: 812,
});

const jobInfo = (over: Partial<JobInfo> = {}): JobInfo =>
  testJob({ id: 'doc-1', kind: 'doctor:run', title: 'Doctor', progress: 0, stage: '0 of 5 checks', command: 'plugsmith doctor', ...over });
const at = '2025-01-01T00:00:01.000Z';

describe('doctor store helpers', () => {
  it('reads the counts from the progress text', () => {
    expect(parseCounts('3 of 16 checks')).toEqual({ done: 3, total: 16 });
    expect(parseCounts('starting')).toBeNull();
  });

  it('groups failures first, then warn, pass, skip, keeping the service order within a group', () => {
    const groups = groupChecks(report().checks);
    expect(groups.map((g) => g.status)).toEqual(['fail', 'warn', 'pass', 'skip']);
    expect(groups[0].checks.map((c) => c.id)).toEqual(['ovs-kernel-module', 'plugin-socket']);
    expect(countByStatus(report().checks)).toEqual({ fail: 2, warn: 1, unknown: 0, pass: 1, skip: 1 });
  });

  it('leaves out empty groups', () => {
    expect(groupChecks([check('engine', 'pass')]).map((g) => g.status)).toEqual(['pass']);
  });
});

describe('doctor store', () => {
  it('runs with the fields, follows progress, and ends with the report', async () => {
    const t = createTestApi({ 'doctor:run': () => ({ jobId: 'doc-1' }) });
    const store = createDoctorStore(t.api);
    store.getState().setForm({ plugin: ' contiv/v2plugin:latest ', netmaster: '' });
    await store.getState().run();
    expect(t.calls).toEqual([{ method: 'doctor:run', args: { plugin: 'contiv/v2plugin:latest' } }]);
    expect(store.getState().job).toMatchObject({ id: 'doc-1', state: 'running' });
    expect(t.listeners('job:doc-1')).toBe(1);

    t.emit('job', { type: 'progress', progress: 2 / 5, stage: '2 of 5 checks', at }, 'doc-1');
    expect(store.getState().job).toMatchObject({ done: 2, total: 5, progress: 0.4 });

    const r = report();
    t.emit('job', { type: 'state', job: jobInfo({ state: 'succeeded', progress: 1, stage: '5 of 5 checks', result: r, endedAt: at }), at }, 'doc-1');
    const j = store.getState().job!;
    expect(j.state).toBe('succeeded');
    expect(j.done).toBe(5);
    expect(j.report).toBe(r);
    expect(j.error).toBeNull();
    expect(groupChecks(j.report!.checks)[0].checks.every((c) => c.status === 'fail')).toBe(true);
  });

  it('a failed job shows its error and no report', async () => {
    const t = createTestApi({ 'doctor:run': () => ({ jobId: 'doc-1' }) });
    const store = createDoctorStore(t.api);
    await store.getState().run();
    const error = { code: 'engine/unreachable', message: 'connect ENOENT /tmp/d.sock' };
    t.emit('job', { type: 'state', job: jobInfo({ state: 'failed', error, endedAt: at }), at }, 'doc-1');
    expect(store.getState().job).toMatchObject({ state: 'failed', error, report: null });
  });

  it('a refused run (bad URL) is the run error, and Run works again afterwards', async () => {
    let n = 0;
    const t = createTestApi({
      'doctor:run': () => {
        if (n++ === 0) throw { code: 'ipc/invalid-args', message: 'a URL has no spaces or control characters' };
        return { jobId: 'doc-2' };
      },
    });
    const store = createDoctorStore(t.api);
    await store.getState().run();
    expect(store.getState().job).toMatchObject({ state: 'failed', id: null, error: { code: 'ipc/invalid-args' } });
    await store.getState().run();
    expect(store.getState().job).toMatchObject({ state: 'running', id: 'doc-2', error: null });
  });

  it('ignores Run while a run is in flight, and a re-run drops the old stream', async () => {
    let id = 0;
    const t = createTestApi({ 'doctor:run': () => ({ jobId: `doc-${++id}` }) });
    const store = createDoctorStore(t.api);
    await store.getState().run();
    await store.getState().run();
    expect(t.calls.filter((c) => c.method === 'doctor:run')).toHaveLength(1);
    t.emit('job', { type: 'state', job: jobInfo({ id: 'doc-1', state: 'succeeded', result: report(), endedAt: at }), at }, 'doc-1');
    await store.getState().run();
    expect(store.getState().job?.id).toBe('doc-2');
    expect(t.listeners('job:doc-1')).toBe(0);
    // A late event of the old run changes nothing.
    t.emit('job', { type: 'progress', progress: 0.2, stage: '1 of 5 checks', at }, 'doc-1');
    expect(store.getState().job?.done).toBeNull();
  });

  it('after a reload picks up the running doctor job (not other kinds) and replays its stream from the start', async () => {
    const t = createTestApi({
      'jobs:list': () => [
        jobInfo({ id: 'b-1', kind: 'build', startedAt: '2025-01-01T00:00:09.000Z' }),
        jobInfo({ id: 'doc-old', state: 'succeeded', result: report(), startedAt: '2025-01-01T00:00:05.000Z', endedAt: at }),
        jobInfo({ id: 'doc-live', stage: '1 of 5 checks', progress: 0.2, target: 'contiv/v2plugin:latest', startedAt: '2025-01-01T00:00:02.000Z' }),
      ],
    });
    // Events published before the new window subscribed: the replay from seq 0 must bring them.
    t.emit('job', { type: 'progress', progress: 0.6, stage: '3 of 5 checks', at }, 'doc-live');
    const store = createDoctorStore(t.api);
    await store.getState().pickUp();
    const j = store.getState().job!;
    expect(j.id).toBe('doc-live');
    expect(j).toMatchObject({ state: 'running', done: 3, total: 5 });
    expect(store.getState().plugin).toBe('contiv/v2plugin:latest');
  });

  it('a plugin typed while the pick-up was on its way is kept (the picked run still shows)', async () => {
    let answer: (jobs: JobInfo[]) => void = () => undefined;
    const t = createTestApi({ 'jobs:list': () => new Promise<JobInfo[]>((r) => (answer = r)) });
    const store = createDoctorStore(t.api);
    const picking = store.getState().pickUp();
    store.getState().setForm({ plugin: 'typed/plugin:latest' });
    answer([jobInfo({ id: 'doc-old', state: 'succeeded', result: report(), target: 'contiv/v2plugin:latest', endedAt: at })]);
    await picking;
    expect(store.getState().job?.id).toBe('doc-old');
    expect(store.getState().plugin).toBe('typed/plugin:latest');
  });

  it('with no running doctor job, picks up the last finished one with its report', async () => {
    const r = report();
    const t = createTestApi({ 'jobs:list': () => [jobInfo({ id: 'doc-old', state: 'succeeded', result: r, stage: '5 of 5 checks', endedAt: at })] });
    const store = createDoctorStore(t.api);
    await store.getState().pickUp();
    expect(store.getState().job).toMatchObject({ id: 'doc-old', state: 'succeeded', report: r, done: 5 });
  });

  it('saves the bundle and shows path, bytes and redactions; a refusal shows the error', async () => {
    let fail = false;
    const t = createTestApi({
      'doctor:bundle': ({ path }) => {
        if (fail) throw { code: 'files/denied', message: `EACCES ${path}` };
        return { path, bytes: 4242, redactions: 3 };
      },
    });
    const store = createDoctorStore(t.api);
    await store.getState().saveBundle();
    expect(t.calls).toHaveLength(0); // no path, nothing asked
    store.getState().setForm({ bundlePath: '/tmp/b.tar.gz', plugin: 'p:latest' });
    const p = store.getState().saveBundle();
    expect(store.getState().bundle.busy).toBe(true);
    await p;
    expect(t.calls.at(-1)).toEqual({ method: 'doctor:bundle', args: { path: '/tmp/b.tar.gz', plugin: 'p:latest' } });
    expect(store.getState().bundle).toEqual({ busy: false, error: null, result: { path: '/tmp/b.tar.gz', bytes: 4242, redactions: 3 } });
    fail = true;
    await store.getState().saveBundle();
    await flush();
    expect(store.getState().bundle).toMatchObject({ busy: false, result: null, error: { code: 'files/denied' } });
  });
});
