import { describe, expect, it } from 'vitest';
import type { EngineStatus, JobInfo, Settings } from '../../electron/ipc/types';
import { createEngineStore, type TransportState } from './engine';
import { createJobsStore, runningCount } from './jobs';
import { createSettingsStore } from './settings';
import { createTestApi, flush } from './test-double';

const status = (state: EngineStatus['state'], checkedAt: string): EngineStatus => ({
  state,
  host: 'unix:///nope.sock',
  source: 'DOCKER_HOST',
  minApiVersion: '1.25',
  checkedAt,
  ...(state === 'connected' ? { version: '20.10.24', apiVersion: '1.41' } : { error: { code: 'engine/unreachable', message: 'connect ENOENT /nope.sock' } }),
});

describe('engine store', () => {
  it('keeps the newest status whichever path brought it', async () => {
    let answer!: (s: EngineStatus) => void;
    const t = createTestApi({ 'engine:status': () => new Promise((r) => (answer = r)) });
    const store = createEngineStore(t.api);
    store.getState().start();
    t.emit('engine', status('connected', '2026-01-01T00:00:02Z'));
    answer(status('unreachable', '2026-01-01T00:00:01Z')); // older: ignored
    await flush();
    expect(store.getState().status?.state).toBe('connected');
    t.emit('engine', status('unreachable', '2026-01-01T00:00:03Z'));
    expect(store.getState().status?.state).toBe('unreachable');
  });

  it('retry asks the services to reconnect and keeps their error if the call fails', async () => {
    let fail = true;
    const t = createTestApi({
      'engine:status': () => status('unreachable', '2026-01-01T00:00:01Z'),
      'engine:reconnect': () => (fail ? Promise.reject({ code: 'ipc/closed', message: 'transport closed' }) : status('connected', '2026-01-01T00:00:05Z')),
    });
    const store = createEngineStore(t.api);
    store.getState().start();
    await store.getState().retry();
    expect(store.getState().retryError?.message).toBe('transport closed');
    fail = false;
    await store.getState().retry();
    expect(store.getState()).toMatchObject({ retrying: false, retryError: null });
    expect(store.getState().status?.state).toBe('connected');
  });

  it('follows the transport state and asks for a resync after a reconnect', () => {
    let state: TransportState = 'connected';
    const cbs = new Set<() => void>();
    const conn = { get: () => state, subscribe: (cb: () => void) => (cbs.add(cb), () => cbs.delete(cb)) };
    let resyncs = 0;
    const t = createTestApi({ 'engine:status': () => status('connected', '2026-01-01T00:00:01Z') });
    const store = createEngineStore(t.api, conn, () => resyncs++);
    const dispose = store.getState().start();
    state = 'reconnecting';
    cbs.forEach((cb) => cb());
    expect(store.getState().transport).toBe('reconnecting');
    expect(resyncs).toBe(0);
    state = 'connected';
    cbs.forEach((cb) => cb());
    expect(resyncs).toBe(1);
    dispose();
    expect(cbs.size).toBe(0);
  });
});

describe('jobs store', () => {
  const job = (id: string, state: JobInfo['state']): JobInfo => ({
    id, kind: 'plugins:enable', target: 'a/b:latest', title: '', state, progress: null, stage: state,
    command: '', startedAt: '', endedAt: null, error: null, result: null, lastSeq: 0,
  });

  it('counts running jobs from the replayed stream, latest state per job', async () => {
    const t = createTestApi({ 'jobs:list': () => [job('job-a', 'running')] });
    t.emit('jobs', job('job-b', 'running'));
    t.emit('jobs', job('job-b', 'failed'));
    const store = createJobsStore(t.api);
    store.getState().start();
    expect(runningCount(store.getState())).toBe(0);
    await flush();
    expect(runningCount(store.getState())).toBe(1); // the list: job-a
    t.emit('jobs', job('job-c', 'running'));
    expect(runningCount(store.getState())).toBe(2);
    t.emit('jobs', job('job-a', 'succeeded'));
    expect(runningCount(store.getState())).toBe(1);
  });
});

describe('settings store', () => {
  const base: Settings = { dockerHost: null, tlsVerify: false, certPath: null, theme: 'system', language: 'en', enableTimeoutSeconds: 30, netmasterUrl: null, engineLogPath: null, ovsdbSocket: null };

  it('loads from settings:get and returns the service error on a bad address', async () => {
    const t = createTestApi({
      'settings:get': () => base,
      'settings:update': (patch) =>
        patch.dockerHost === 'bogus://x' ? Promise.reject({ code: 'engine/bad-host', message: 'unsupported DOCKER_HOST scheme bogus' }) : { ...base, ...patch },
    });
    const store = createSettingsStore(t.api);
    await store.getState().load();
    expect(store.getState().settings).toEqual(base);
    expect(await store.getState().update({ dockerHost: 'bogus://x' })).toEqual({ code: 'engine/bad-host', message: 'unsupported DOCKER_HOST scheme bogus' });
    expect(store.getState().settings?.dockerHost).toBeNull();
    expect(await store.getState().update({ language: 'zh-CN' })).toBeNull();
    expect(store.getState().settings?.language).toBe('zh-CN');
    expect(store.getState().saving).toBe(false);
  });
});
