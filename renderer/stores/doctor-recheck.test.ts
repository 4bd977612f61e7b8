/**
 * Re-running one check and the one-click fixes, through the store: the re-run's result replaces
 * just that check (in place), fixes go through the plugins requests in the right order, their
 * failures keep the engine's words and name the step, and a reload lays re-runs over the report.
 */
import { describe, expect, it } from 'vitest';
import type { DoctorAction, DoctorCheckResult, DoctorReport, JobInfo, PluginSummary } from '../../electron/ipc/types';
import { createDoctorStore, mergeChecks } from './doctor';
import { createTestApi, flush, testJob, type TestHandlers } from './test-double';

const check = (id: string, status: DoctorCheckResult['status'], over: Partial<DoctorCheckResult> = {}): DoctorCheckResult => ({
  id, title: `Check ${id}`, group: 'g', status, evidence: [`saw ${id} ${status}`], why: '', fix: '', ms: 1, ...over,
});
const report = (checks: DoctorCheckResult[], startedAt = '2025-01-01T00:00:00.000Z'): DoctorReport => ({ verdict: { status: 'healthy', causes: [] }, checks, host: 'unix:///d.sock', plugin: null, startedAt, ms: 5 });
const job = (over: Partial<JobInfo>): JobInfo =>
  testJob({ id: 'j', kind: 'doctor:run', state: 'succeeded', progress: 1, endedAt: '2025-01-01T00:00:01.000Z', ...over });
const at = '2025-01-01T00:00:02.000Z';
const enableAction: DoctorAction = { kind: 'enable-plugin', plugin: 'p:latest', command: 'docker plugin enable p:latest' };
const FULL = [check('engine', 'pass'), check('plugin-socket', 'warn', { action: enableAction }), check('netmaster', 'fail')];

/** A test api whose jobs end as soon as they are started (their end is replayed to the subscriber). */
function harness(extra: TestHandlers = {}, recheckResult: (ids: string[]) => DoctorCheckResult[] = (ids) => ids.map((id) => check(id, 'pass'))) {
  let n = 0;
  const t = createTestApi();
  const endJob = (info: Partial<JobInfo>) => {
    const id = `job-${++n}`;
    t.emit('job', { type: 'state', job: job({ id, ...info }), at }, id);
    return { jobId: id };
  };
  Object.assign(t.handlers, {
    'doctor:run': (args: { checks?: string[] }) =>
      args.checks ? endJob({ kind: 'doctor:recheck', result: report(recheckResult(args.checks)) }) : endJob({ result: report(FULL.map((c) => ({ ...c }))) }),
    'plugins:enable': () => endJob({ kind: 'plugins:enable' }),
    'plugins:disable': () => endJob({ kind: 'plugins:disable' }),
    ...extra,
  } satisfies TestHandlers);
  return { t, endJob };
}

async function ranStore(h: ReturnType<typeof harness>) {
  const store = createDoctorStore(h.t.api);
  await store.getState().run();
  await flush();
  expect(store.getState().job?.report?.checks).toHaveLength(3);
  return store;
}
const shown = (s: ReturnType<typeof createDoctorStore>) => mergeChecks(s.getState().job!.report, s.getState().patches)!.checks;

describe('mergeChecks', () => {
  it('replaces a re-run check in place, the latest result winning; the rest untouched', () => {
    const r = report(FULL);
    const merged = mergeChecks(r, [check('plugin-socket', 'fail'), check('plugin-socket', 'pass')])!;
    expect(merged.checks.map((c) => `${c.id}:${c.status}`)).toEqual(['engine:pass', 'plugin-socket:pass', 'netmaster:fail']);
    expect(merged.checks[0]).toBe(r.checks[0]);
    expect(mergeChecks(r, [])).toBe(r);
    expect(mergeChecks(null, [check('x', 'pass')])).toBeNull();
  });
});

describe('doctor store: re-run one check', () => {
  it('asks for only that check (with the form’s plugin) and shows its new result in place', async () => {
    const h = harness();
    const store = await ranStore(h);
    store.getState().setForm({ plugin: 'p:latest' });
    await store.getState().rerunCheck('netmaster');
    expect(h.t.calls.at(-1)).toEqual({ method: 'doctor:run', args: { plugin: 'p:latest', checks: ['netmaster'] } });
    expect(shown(store).map((c) => `${c.id}:${c.status}`)).toEqual(['engine:pass', 'plugin-socket:warn', 'netmaster:pass']);
    expect(store.getState().tasks).toEqual({});
  });
  it('is ignored while the full run is going, and a new full run drops the old re-runs', async () => {
    const h = harness({ 'doctor:run': (a) => (a.checks ? h.endJob({ kind: 'doctor:recheck', result: report([check('netmaster', 'pass')]) }) : { jobId: 'running-full' }) });
    const store = createDoctorStore(h.t.api);
    await store.getState().run();
    await store.getState().rerunCheck('netmaster');
    expect(h.t.calls.filter((c) => c.method === 'doctor:run')).toHaveLength(1);
  });
  it('a re-run that fails says so for that check, and keeps the old result', async () => {
    const h = harness({ 'doctor:run': (a) => (a.checks ? h.endJob({ kind: 'doctor:recheck', state: 'failed', error: { code: 'engine/unreachable', message: 'Cannot reach the engine', detail: 'connect ENOENT /d.sock' } }) : h.endJob({ result: report(FULL) })) });
    const store = await ranStore(h);
    await store.getState().rerunCheck('netmaster');
    expect(store.getState().taskErrors.netmaster).toEqual({ step: 'recheck', code: 'engine/unreachable', message: 'Cannot reach the engine', detail: 'connect ENOENT /d.sock' });
    expect(shown(store).find((c) => c.id === 'netmaster')?.status).toBe('fail');
  });
  it('after a reload: the last full run, with the checks re-run after it laid over (older re-runs ignored)', async () => {
    const t = createTestApi({
      'jobs:list': () => [
        job({ id: 'old-re', kind: 'doctor:recheck', startedAt: '2024-12-31T00:00:00.000Z', endedAt: '2024-12-31T00:00:01.000Z', result: report([check('engine', 'fail')]) }),
        job({ id: 'full', result: report(FULL), stage: '3 of 3 checks' }),
        job({ id: 're-1', kind: 'doctor:recheck', startedAt: '2025-01-01T00:00:03.000Z', endedAt: '2025-01-01T00:00:04.000Z', result: report([check('netmaster', 'warn')]) }),
        job({ id: 're-2', kind: 'doctor:recheck', startedAt: '2025-01-01T00:00:05.000Z', endedAt: '2025-01-01T00:00:06.000Z', result: report([check('netmaster', 'pass')]) }),
      ],
    });
    const store = createDoctorStore(t.api);
    await store.getState().pickUp();
    expect(store.getState().job?.id).toBe('full');
    expect(shown(store).map((c) => `${c.id}:${c.status}`)).toEqual(['engine:pass', 'plugin-socket:warn', 'netmaster:pass']);
  });
});

describe('doctor store: one-click fixes', () => {
  it('enable-plugin: enables through plugins:enable, waits for the job, then re-runs the check', async () => {
    const h = harness();
    const store = await ranStore(h);
    await store.getState().fix('plugin-socket', enableAction);
    expect(h.t.calls.slice(-2).map((c) => c.method)).toEqual(['plugins:enable', 'doctor:run']);
    expect(h.t.calls.at(-2)!.args).toEqual({ name: 'p:latest' });
    expect(shown(store).find((c) => c.id === 'plugin-socket')?.status).toBe('pass');
    expect(store.getState().taskErrors).toEqual({});
  });
  it("a failed enable keeps the engine's words, names the step, and the check is still re-run", async () => {
    const h = harness({ 'plugins:enable': () => h.endJob({ kind: 'plugins:enable', state: 'failed', error: { code: 'engine/error', message: 'dial unix /run/docker/plugins/x/net.sock: connect: no such file or directory', detail: 'HTTP 500 {"message":"dial unix …"}' } }) }, (ids) => ids.map((id) => check(id, 'warn')));
    const store = await ranStore(h);
    await store.getState().fix('plugin-socket', enableAction);
    expect(store.getState().taskErrors['plugin-socket']).toEqual({ step: 'enable', code: 'engine/error', message: 'dial unix /run/docker/plugins/x/net.sock: connect: no such file or directory', detail: 'HTTP 500 {"message":"dial unix …"}' });
    expect(h.t.calls.at(-1)).toMatchObject({ method: 'doctor:run', args: { checks: ['plugin-socket'] } });
  });
  it('set-setting on an enabled plugin: disable → set → enable, in that order, then the re-run', async () => {
    const plugins = [{ name: 'p:latest', enabled: true }] as PluginSummary[];
    const h = harness({ 'plugins:list': () => plugins, 'plugins:set': () => ({}) as PluginSummary });
    const store = await ranStore(h);
    const action: DoctorAction = { kind: 'set-setting', plugin: 'p:latest', key: 'CONTIV_NETMASTER_PLUGIN_NAME', value: 'p:latest', disableFirst: true, command: '' };
    await store.getState().fix('netmaster', action);
    expect(h.t.calls.slice(-5).map((c) => c.method)).toEqual(['plugins:list', 'plugins:disable', 'plugins:set', 'plugins:enable', 'doctor:run']);
    expect(h.t.calls.find((c) => c.method === 'plugins:set')!.args).toEqual({ name: 'p:latest', values: [{ key: 'CONTIV_NETMASTER_PLUGIN_NAME', value: 'p:latest' }] });
  });
  it('a refused set still re-enables the plugin it disabled, and says why the set failed', async () => {
    const plugins = [{ name: 'p:latest', enabled: true }] as PluginSummary[];
    const h = harness({
      'plugins:list': () => plugins,
      'plugins:set': () => {
        throw { code: 'engine/error', message: 'setting "nope" not found in the plugin configuration', detail: 'HTTP 400' };
      },
    });
    const store = await ranStore(h);
    await store.getState().fix('engine', { kind: 'open-editor', plugin: 'p:latest', field: 'nope', command: '' }, '/srv/key');
    expect(h.t.calls.slice(-4).map((c) => c.method)).toEqual(['plugins:disable', 'plugins:set', 'plugins:enable', 'doctor:run']);
    expect(store.getState().taskErrors.engine).toMatchObject({ step: 'set', message: 'setting "nope" not found in the plugin configuration', detail: 'HTTP 400' });
  });
  it('clear-leftover: the clean-up job, then the enable, then the re-run; a refused clean-up enables nothing', async () => {
    const action: DoctorAction = { kind: 'clear-leftover', plugin: 'p:latest', command: 'ctr … && docker plugin enable p:latest' };
    const h = harness({ 'doctor:clear-leftover': () => h.endJob({ kind: 'doctor:clear-leftover' }) });
    const store = await ranStore(h);
    await store.getState().fix('containerd-leftover', action);
    expect(h.t.calls.slice(-3).map((c) => c.method)).toEqual(['doctor:clear-leftover', 'plugins:enable', 'doctor:run']);
    expect(h.t.calls.at(-3)!.args).toEqual({ plugin: 'p:latest' });

    const refused = harness({ 'doctor:clear-leftover': () => refused.endJob({ kind: 'doctor:clear-leftover', state: 'failed', error: { code: 'doctor/leftover-recent', message: 'made by the running engine: left alone' } }) });
    const s2 = await ranStore(refused);
    await s2.getState().fix('containerd-leftover', action);
    expect(refused.t.calls.slice(-2).map((c) => c.method)).toEqual(['doctor:clear-leftover', 'doctor:run']);
    expect(s2.getState().taskErrors['containerd-leftover']).toMatchObject({ step: 'clean', code: 'doctor/leftover-recent' });
  });
  it('open-editor with nothing typed changes nothing', async () => {
    const h = harness();
    const store = await ranStore(h);
    const before = h.t.calls.length;
    await store.getState().fix('engine', { kind: 'open-editor', plugin: 'p:latest', field: 'sshkey.source', command: '' }, '  ');
    expect(h.t.calls.slice(before).map((c) => c.method)).toEqual(['doctor:run']);
    expect(store.getState().taskErrors.engine).toMatchObject({ code: 'doctor/empty-value' });
  });
  it('a fix that went to Settings re-runs its check when the Doctor is shown again', async () => {
    const h = harness();
    const store = await ranStore(h);
    store.getState().markPending('netmaster');
    store.getState().markPending('netmaster');
    expect(store.getState().pending).toEqual(['netmaster']);
    await store.getState().resumePending();
    expect(store.getState().pending).toEqual([]);
    expect(h.t.calls.at(-1)).toMatchObject({ method: 'doctor:run', args: { checks: ['netmaster'] } });
    expect(shown(store).find((c) => c.id === 'netmaster')?.status).toBe('pass');
  });
});
