import { describe, expect, it } from 'vitest';
import { createInstallStore } from './install';
import { MAX_RUN_LINES, reduceRun, startingRun } from './install-run';
import { createTestApi, flush, testJob } from './test-double';
import type { InstallInspect, JobInfo, Privilege } from '../../electron/ipc/types';

const caps: Privilege = { name: 'capabilities', description: 'list of additional capabilities required', value: ['CAP_NET_ADMIN'] };
const inspectOf = (reference: string, privileges: Privilege[]): InstallInspect => ({
  reference,
  name: reference,
  registry: 'http://127.0.0.1:5000',
  digest: `sha256:${'a'.repeat(64)}`,
  layersBytes: 1,
  config: { description: '', documentation: '', entrypoint: [], interfaceTypes: [], socket: '', networkType: '', propagatedMount: '', env: [], mounts: [], devices: [], capabilities: [], allowAllDevices: false, ipcHost: false, pidHost: false },
  privileges,
  enginePrivileges: null,
  warnings: [],
  existing: null,
  command: `docker plugin install --grant-all-permissions ${reference}`,
});
const job = (over: Partial<JobInfo>): JobInfo => testJob({ kind: 'install:start', target: 'x', title: 'Install x', command: 'c', startedAt: '2026-01-01T00:00:00Z', ...over });

describe('install store: inspect → consent → job', () => {
  it('accepts exactly the privileges it showed, with the alias and typed credentials', async () => {
    const t = createTestApi({
      'install:inspect': ({ reference }) => inspectOf(reference, [caps]),
      'install:start': () => ({ jobId: 'job-1' }),
    });
    const s = createInstallStore(t.api);
    s.getState().setForm({ reference: ' localhost:5000/acme/p:1.0 ', alias: 'mine:1' });
    s.getState().setCredentials({ username: 'u', password: 'p' });
    await s.getState().inspectInstall();
    expect(t.calls[0]).toEqual({ method: 'install:inspect', args: { reference: 'localhost:5000/acme/p:1.0', alias: 'mine:1', auth: { username: 'u', password: 'p' } } });
    expect(s.getState().install.inspect?.privileges).toEqual([caps]);
    await s.getState().acceptInstall();
    expect(t.calls[1]).toEqual({ method: 'install:start', args: { reference: 'localhost:5000/acme/p:1.0', alias: 'mine:1', accepted: [caps], enable: true, auth: { username: 'u', password: 'p' } } });
    t.emit('job', { type: 'progress', progress: 0.5, stage: 'downloading 1.0 of 2.0 MB', at: '' }, 'job-1');
    t.emit('job', { type: 'log', line: 'installed', stream: 'info', at: '' }, 'job-1');
    expect(s.getState().install.run).toMatchObject({ id: 'job-1', state: 'running', progress: 0.5, stage: 'downloading 1.0 of 2.0 MB', lines: [{ text: 'installed', stream: 'info' }] });
    t.emit('job', { type: 'state', job: job({ state: 'succeeded', result: { name: 'mine:1' } }), at: '' }, 'job-1');
    expect(s.getState().install.run).toMatchObject({ state: 'succeeded', progress: 1, result: { name: 'mine:1' } });
  });

  it('declining the consent starts nothing and keeps what was typed; a changed reference drops a stale consent', async () => {
    const t = createTestApi({ 'install:inspect': ({ reference }) => inspectOf(reference, [caps]) });
    const s = createInstallStore(t.api);
    s.getState().setForm({ reference: 'a/b:1' });
    await s.getState().inspectInstall();
    s.getState().declineInstall();
    expect(s.getState().install.inspect).toBeNull();
    expect(s.getState().form.reference).toBe('a/b:1');
    expect(t.calls.map((c) => c.method)).toEqual(['install:inspect']);
    await s.getState().inspectInstall();
    s.getState().setForm({ reference: 'a/b:2' });
    expect(s.getState().install.inspect).toBeNull();
    await s.getState().acceptInstall();
    expect(t.calls.map((c) => c.method)).toEqual(['install:inspect', 'install:inspect']);
  });

  it('an inspect that fails keeps the error in the engine’s words; a refused start is a failed run', async () => {
    const t = createTestApi({
      'install:inspect': () => {
        throw { code: 'install/not-found', message: 'a/b:9 is not in the registry 127.0.0.1:5000: no tag 9 in a/b', detail: 'HTTP 404' };
      },
    });
    const s = createInstallStore(t.api);
    s.getState().setForm({ reference: 'a/b:9' });
    await s.getState().inspectInstall();
    expect(s.getState().install.inspectError).toEqual({ code: 'install/not-found', message: 'a/b:9 is not in the registry 127.0.0.1:5000: no tag 9 in a/b', detail: 'HTTP 404' });
    t.handlers['build:push'] = () => {
      throw { code: 'build/bad-name', message: 'Docker rejects the plugin name' };
    };
    await s.getState().startPush('Bad');
    await flush();
    expect(s.getState().push.run).toMatchObject({ state: 'failed', error: { code: 'build/bad-name' } });
  });

  it('upgrade sends the plugin name, the reference inspected and disable-first', async () => {
    const t = createTestApi({
      'install:inspect': ({ reference }) => inspectOf(reference, []),
      'install:upgrade': () => ({ jobId: 'job-2' }),
    });
    const s = createInstallStore(t.api);
    s.getState().openUpgrade('p:1', 'reg/acme/p:1', true);
    s.getState().setUpgrade({ reference: 'reg/acme/p:2' });
    await s.getState().inspectUpgrade();
    expect(t.calls[0].args).toEqual({ reference: 'reg/acme/p:2', name: 'p:1' });
    await s.getState().acceptUpgrade();
    expect(t.calls[1]).toEqual({ method: 'install:upgrade', args: { name: 'p:1', reference: 'reg/acme/p:2', accepted: [], disableFirst: true } });
  });
});

describe('run view', () => {
  it('keeps the last lines only', () => {
    let v = startingRun('x');
    for (let i = 0; i < MAX_RUN_LINES + 5; i++) v = reduceRun(v, { type: 'log', line: `l${i}`, stream: 'info', at: '' });
    expect(v.lines).toHaveLength(MAX_RUN_LINES);
    expect(v.lines[0].text).toBe('l5');
  });
});
