import { describe, expect, it } from 'vitest';
import type { BuildResult, JobInfo, ProjectInfo } from '../../electron/ipc/types';
import { createBuildStore, createdButNotEnabled, nameTaken, RECENT_KEY, reduceJobEvent, reduceSteps, stageOf, type BuildJobView, type LogSink } from './build';
import { createTestApi, flush, testJob } from './test-double';

const project = (over: Partial<ProjectInfo> = {}): ProjectInfo => ({
  dir: '/src/netdriver',
  layout: 'dockerfile',
  explanation: 'config.json + Dockerfile',
  configPath: '/src/netdriver/config.json',
  template: false,
  dockerfile: '/src/netdriver/Dockerfile',
  buildArgs: [
    { name: 'TAR_FILE', default: 'v2plugin.tar' },
    { name: 'VERSION', default: null },
  ],
  stages: ['base', 'final'],
  rootfsDir: null,
  tarball: null,
  pluginNameSetting: { key: 'CONTIV_NETMASTER_PLUGIN_NAME', value: 'netplugin' },
  warnings: [],
  ...over,
});

const jobInfo = (over: Partial<JobInfo> = {}): JobInfo =>
  testJob({ target: 'a/b:latest', title: 'Build a/b:latest', stage: 'starting', command: 'plugsmith build /src/netdriver --name a/b:latest --enable', ...over });

const at = (s: number) => new Date(Date.UTC(2025, 0, 1, 0, 0, s)).toISOString();

function recordingSink() {
  const out: string[] = [];
  const sink: LogSink = { begin: (name) => out.push(`BEGIN ${name}`), line: (text) => out.push(text) };
  return { out, sink };
}

async function ready(handlers: Parameters<typeof createTestApi>[0] = {}) {
  const w = createTestApi({
    'build:detect': async ({ dir }) => project({ dir }),
    'build:start': async () => ({ jobId: 'job-1' }),
    'jobs:list': async () => [],
    'state:get': async () => null,
    'state:set': async () => null,
    ...handlers,
  });
  const store = createBuildStore(w.api);
  await store.getState().detect('/src/netdriver/');
  store.getState().setForm({ name: 'a/b:latest' });
  return { w, store };
}

describe('build store', () => {
  it('detects a folder, fills build args with their defaults and remembers the folder', async () => {
    const { w, store } = await ready();
    const s = store.getState();
    expect(s.dir).toBe('/src/netdriver');
    expect(s.form.buildArgs).toEqual({ TAR_FILE: 'v2plugin.tar', VERSION: '' });
    expect(s.recent).toEqual(['/src/netdriver']);
    expect(w.calls.find((c) => c.method === 'state:set')?.args).toEqual({ key: RECENT_KEY, value: ['/src/netdriver'] });
  });

  it('starts with only the changed args, says it is starting before the service answers, then follows the job', async () => {
    let answer!: (v: { jobId: string }) => void;
    const { w, store } = await ready({ 'build:start': () => new Promise((r) => (answer = r)) });
    const { out, sink } = recordingSink();
    store.getState().follow(sink);
    store.getState().setForm({ buildArgs: { TAR_FILE: 'v2plugin.tar', VERSION: '1.2' }, settings: [{ key: 'DEBUG', value: '1' }, { key: ' ', value: 'x' }] });
    const started = store.getState().start();
    expect(out).toEqual(['BEGIN a/b:latest']);
    expect(store.getState().job?.state).toBe('starting');
    answer({ jobId: 'job-1' });
    await started;
    expect(w.calls.find((c) => c.method === 'build:start')?.args).toEqual({
      dir: '/src/netdriver',
      name: 'a/b:latest',
      buildArgs: { VERSION: '1.2' },
      settings: [{ key: 'DEBUG', value: '1' }],
      enable: true,
      keepImage: false,
    });
    expect(w.listeners('job:job-1')).toBe(1);
    w.emit('job', { type: 'log', line: 'Step 1/2 : FROM scratch', stream: 'stdout', at: at(1) }, 'job-1');
    expect(out).toEqual(['BEGIN a/b:latest', 'Step 1/2 : FROM scratch']);
  });

  it('derives stages, elapsed and progress from the job stream, and takes the final result', async () => {
    const { w, store } = await ready();
    store.getState().follow(recordingSink().sink);
    await store.getState().start();
    w.emit('job', { type: 'state', job: jobInfo(), at: at(0) }, 'job-1');
    w.emit('job', { type: 'progress', progress: 0.02, stage: 'check', at: at(0) }, 'job-1');
    w.emit('job', { type: 'progress', progress: 0.2, stage: 'build: Step 1/2 : FROM scratch', at: at(1) }, 'job-1');
    w.emit('job', { type: 'progress', progress: 0.4, stage: 'build: Step 2/2 : COPY . /', at: at(3) }, 'job-1');
    let j = store.getState().job!;
    expect(j.progress).toBe(0.4);
    expect(j.stageText).toBe('build: Step 2/2 : COPY . /');
    expect(j.stages.find((s) => s.stage === 'check')).toMatchObject({ state: 'succeeded', ms: 1000 });
    expect(j.stages.find((s) => s.stage === 'build')).toMatchObject({ state: 'running', startedAt: Date.parse(at(1)) });
    // Straight from create to enable: set had nothing to do.
    w.emit('job', { type: 'progress', progress: 0.6, stage: 'create', at: at(6) }, 'job-1');
    w.emit('job', { type: 'progress', progress: 0.9, stage: 'enable', at: at(9) }, 'job-1');
    j = store.getState().job!;
    expect(j.stages.find((s) => s.stage === 'build')).toMatchObject({ state: 'succeeded', ms: 5000 });
    expect(j.stages.find((s) => s.stage === 'set')?.state).toBe('skipped');
    expect(j.stages.find((s) => s.stage === 'enable')?.state).toBe('running');

    const result: BuildResult = {
      name: 'a/b:latest',
      plugin: null,
      stages: [
        { stage: 'check', state: 'succeeded', ms: 1000, command: 'docker plugin inspect a/b:latest' },
        { stage: 'build', state: 'succeeded', ms: 5000, command: 'docker build /src/netdriver' },
        { stage: 'create', state: 'succeeded', ms: 3000, command: 'docker plugin create a/b:latest DIR' },
        { stage: 'set', state: 'skipped', ms: null, command: 'docker plugin set a/b:latest' },
        { stage: 'enable', state: 'succeeded', ms: 800, command: 'docker plugin enable a/b:latest' },
      ],
    };
    w.emit('job', { type: 'state', job: jobInfo({ state: 'succeeded', progress: 1, stage: 'succeeded', endedAt: at(10), result }), at: at(10) }, 'job-1');
    j = store.getState().job!;
    expect(j.state).toBe('succeeded');
    expect(j.progress).toBe(1);
    expect(j.stages.map((s) => `${s.stage}:${s.state}`)).toEqual(['check:succeeded', 'build:succeeded', 'create:succeeded', 'set:skipped', 'enable:succeeded', 'push:skipped']);
    expect(j.stages.find((s) => s.stage === 'enable')?.command).toBe('docker plugin enable a/b:latest');
  });

  it('a taken name fails the job with build/exists; replace re-runs with replace: true', async () => {
    let n = 0;
    const { w, store } = await ready({ 'build:start': async () => ({ jobId: `job-${++n}` }) });
    store.getState().follow(recordingSink().sink);
    await store.getState().start();
    w.emit('job', { type: 'progress', progress: 0, stage: 'check', at: at(0) }, 'job-1');
    const error = { code: 'build/exists', message: 'plugin a/b:latest already exists' };
    w.emit('job', { type: 'state', job: jobInfo({ state: 'failed', stage: 'failed', endedAt: at(1), error }), at: at(1) }, 'job-1');
    const j = store.getState().job!;
    expect(nameTaken(j)).toBe(true);
    expect(j.failedStage).toBe('check');
    expect(j.stages.find((s) => s.stage === 'check')?.state).toBe('failed');
    expect(j.stages.find((s) => s.stage === 'build')?.state).toBe('skipped');

    await store.getState().start({ replace: true });
    expect(w.calls.filter((c) => c.method === 'build:start').map((c) => (c.args as { replace?: boolean }).replace)).toEqual([undefined, true]);
    expect(store.getState().job).toMatchObject({ id: 'job-2', replace: true, state: 'running', error: null });
    // The old job's stream is no longer followed.
    expect(w.listeners('job:job-1')).toBe(0);
    expect(w.listeners('job:job-2')).toBe(1);
  });

  it('a refusal before any job (engine error on build:start) is shown as a failure, in the log too', async () => {
    const { store } = await ready({
      'build:start': async () => {
        throw { code: 'build/exists', message: 'plugin a/b:latest already exists', detail: 'raw' };
      },
    });
    const { out, sink } = recordingSink();
    store.getState().follow(sink);
    await store.getState().start();
    const j = store.getState().job!;
    expect(nameTaken(j)).toBe(true);
    expect(j.error).toEqual({ code: 'build/exists', message: 'plugin a/b:latest already exists', detail: 'raw' });
    expect(out[0]).toBe('BEGIN a/b:latest');
    expect(out[1]).toContain('already exists');
  });

  it('says when the plugin was created but would not enable', async () => {
    const { w, store } = await ready();
    store.getState().follow(recordingSink().sink);
    await store.getState().start();
    for (const [i, stage] of ['check', 'build: Step 1/1', 'create', 'enable'].entries()) {
      w.emit('job', { type: 'progress', progress: i / 4, stage, at: at(i) }, 'job-1');
    }
    const error = { code: 'plugins/enable-failed', message: 'dial unix /run/docker/plugins/x.sock: connect: no such file or directory' };
    w.emit('job', { type: 'state', job: jobInfo({ state: 'failed', stage: 'failed', endedAt: at(9), error }), at: at(9) }, 'job-1');
    const j = store.getState().job!;
    expect(j.failedStage).toBe('enable');
    expect(j.stages.find((s) => s.stage === 'enable')).toMatchObject({ state: 'failed', ms: 6000 });
    expect(createdButNotEnabled(j)).toBe(true);
  });

  it('leaving and coming back replays the whole log into the new terminal', async () => {
    const { w, store } = await ready();
    const first = recordingSink();
    const detach = store.getState().follow(first.sink);
    await store.getState().start();
    w.emit('job', { type: 'log', line: 'one', stream: 'stdout', at: at(1) }, 'job-1');
    w.emit('job', { type: 'progress', progress: 0.5, stage: 'build: Step 1/2', at: at(1) }, 'job-1');
    detach();
    expect(w.listeners('job:job-1')).toBe(0);
    w.emit('job', { type: 'log', line: 'two', stream: 'stdout', at: at(2) }, 'job-1');
    const second = recordingSink();
    store.getState().follow(second.sink);
    expect(second.out).toEqual(['BEGIN a/b:latest', 'one', 'two']);
    expect(store.getState().job!.stages.find((s) => s.stage === 'build')?.state).toBe('running');
  });

  it('after a reload, picks up the running build job from jobs:list and replays it', async () => {
    const w = createTestApi({
      'jobs:list': async () => [
        // Another build that started later but has ended: the running one wins.
        jobInfo({ id: 'job-old', state: 'succeeded', startedAt: at(9), endedAt: at(10) }),
        jobInfo({ id: 'job-en', kind: 'plugins:enable', target: 'x:latest' }),
        jobInfo({ id: 'job-run', target: 'c/d:v2', startedAt: at(5), stage: 'build: Step 2/5' }),
      ],
    });
    w.emit('job', { type: 'state', job: jobInfo({ id: 'job-run', target: 'c/d:v2' }), at: at(5) }, 'job-run');
    w.emit('job', { type: 'log', line: 'Step 1/5 : FROM scratch', stream: 'stdout', at: at(5) }, 'job-run');
    w.emit('job', { type: 'progress', progress: 0.3, stage: 'build: Step 2/5 : COPY', at: at(6) }, 'job-run');
    const store = createBuildStore(w.api);
    const { out, sink } = recordingSink();
    store.getState().follow(sink);
    await flush();
    expect(out).toEqual(['BEGIN c/d:v2', 'Step 1/5 : FROM scratch']);
    expect(store.getState().job).toMatchObject({ id: 'job-run', name: 'c/d:v2', state: 'running', progress: 0.3 });
  });

  it('with no build running, a fresh window shows the last build that ended (from its info, then its stream)', async () => {
    const error = { code: 'build/failed', message: 'COPY failed: file not found in build context' };
    const w = createTestApi({
      'jobs:list': async () => [
        jobInfo({ id: 'job-a', target: 'a/b:1', state: 'succeeded', startedAt: at(0), endedAt: at(3) }),
        jobInfo({ id: 'job-b', target: 'a/b:2', state: 'failed', startedAt: at(10), endedAt: at(12), error }),
      ],
    });
    w.emit('job', { type: 'log', line: 'Step 2/3 : COPY missing /', stream: 'stdout', at: at(11) }, 'job-b');
    const store = createBuildStore(w.api);
    const { out, sink } = recordingSink();
    store.getState().follow(sink);
    await flush();
    expect(out).toEqual(['BEGIN a/b:2', 'Step 2/3 : COPY missing /']);
    expect(store.getState().job).toMatchObject({ id: 'job-b', name: 'a/b:2', state: 'failed', error });
  });

  it('cancel asks the service to cancel the job; the stream then says cancelled', async () => {
    const { w, store } = await ready({ 'jobs:cancel': async ({ id }) => jobInfo({ id }) });
    store.getState().follow(recordingSink().sink);
    await store.getState().start();
    w.emit('job', { type: 'progress', progress: 0.3, stage: 'build: Step 1/3', at: at(1) }, 'job-1');
    expect(await store.getState().cancel()).toBeNull();
    expect(w.calls.find((c) => c.method === 'jobs:cancel')?.args).toEqual({ id: 'job-1' });
    w.emit('job', { type: 'state', job: jobInfo({ state: 'cancelled', stage: 'cancelled', endedAt: at(2), error: { code: 'jobs/cancelled', message: 'Cancelled by the user' } }), at: at(2) }, 'job-1');
    const j = store.getState().job!;
    expect(j.state).toBe('cancelled');
    expect(j.stages.find((s) => s.stage === 'build')?.state).toBe('cancelled');
    expect(nameTaken(j)).toBe(false);
  });
});

describe('stageOf', () => {
  it('reads the stage from the service stage text', () => {
    expect(stageOf('build: Step 3/5 : COPY . /')).toBe('build');
    expect(stageOf('enable')).toBe('enable');
    expect(stageOf('setting things')).toBeNull();
    expect(stageOf('starting')).toBeNull();
  });
});

describe('build steps from the progress text', () => {
  const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();
  const view = (): BuildJobView => ({
    id: 'job-1',
    name: 'x/y:latest',
    state: 'running',
    progress: 0,
    stageText: '',
    stages: [],
    error: null,
    failedStage: null,
    result: null,
    startedAt: at(0),
    endedAt: null,
    command: null,
    replace: false,
  });
  const progress = (stage: string, s: number) => ({ type: 'progress' as const, progress: 0.1, stage, at: at(s) });

  it('classic steps: each ends when the next starts, the last when the build stage is done', () => {
    let v = view();
    for (const [text, s] of [
      ['build', 1],
      ['build: Step 1/3 : FROM scratch', 2],
      ['build: Step 2/3 : COPY . /', 3],
      ['build: Step 3/3 : RUN ["/usr/bin/node", "/gen.js"]', 7],
      ['build done', 19],
    ] as const)
      v = reduceJobEvent(v, progress(text, s));
    expect(v.buildSteps?.map((x) => [x.label, x.state, x.ms])).toEqual([
      ['Step 1/3 : FROM scratch', 'done', 1000],
      ['Step 2/3 : COPY . /', 'done', 4000],
      ['Step 3/3 : RUN ["/usr/bin/node", "/gen.js"]', 'done', 12000],
    ]);
  });

  it('BuildKit steps take the engine\'s own times and states; a failed job fails the running step', () => {
    let steps = reduceSteps([], 'build: [builder 1/2] FROM docker.io/library/golang:1.21', 1000);
    steps = reduceSteps(steps, 'build: [builder 1/2] FROM docker.io/library/golang:1.21 — cached', 1100);
    steps = reduceSteps(steps, 'build: [builder 2/2] RUN go build ./...', 1200);
    steps = reduceSteps(steps, 'build: [stage-1 1/1] COPY --from=builder /out /', 1300);
    steps = reduceSteps(steps, 'build: [builder 2/2] RUN go build ./... — done in 41.3 s', 42000);
    expect(steps.map((x) => [x.key, x.state, x.ms])).toEqual([
      ['#builder 1', 'cached', 0],
      ['#builder 2', 'done', 41300],
      ['#stage-1 1', 'running', null],
    ]);
    let v: BuildJobView = { ...view(), buildSteps: steps };
    v = reduceJobEvent(v, { type: 'state', at: at(50), job: { id: 'job-1', kind: 'build', target: 'x/y:latest', title: '', command: '', state: 'failed', progress: 0.3, stage: 'failed', startedAt: at(0), endedAt: at(50), error: { code: 'build/failed', message: 'boom' }, result: null, lastSeq: 9 } });
    expect(v.buildSteps?.map((x) => x.state)).toEqual(['cached', 'done', 'failed']);
  });

  it('ignores stage texts that are not steps, and a classic step seen twice (a replay) once', () => {
    let steps = reduceSteps([], 'build: Step 1/2 : FROM scratch', 0);
    steps = reduceSteps(steps, 'build: Step 1/2 : FROM scratch', 5);
    steps = reduceSteps(steps, 'build: sending context', 6);
    expect(steps).toHaveLength(1);
    expect(steps[0].state).toBe('running');
  });
});
