import { describe, it, expect } from 'vitest';
import { EventHub } from '../events/hub';
import { BATCH_CHARS, BATCH_LINES, FLOOD_AFTER, JobManager, type JobSpec } from './jobs';
import { PlugsmithError } from '../errors';
import type { JobEvent, JobInfo } from '../../ipc/types';

function collect(hub: EventHub, id: string, fromSeq = 0): JobEvent[] {
  const out: JobEvent[] = [];
  hub.subscribe<JobEvent>('job', id, fromSeq, (e) => out.push(e.data));
  return out;
}

/** A job of kind 'demo' on target 'x' (what most tests here run): only its command and run differ. */
const demo = <R>(jobs: JobManager, command: string, run: JobSpec<R>['run']) => jobs.start({ kind: 'demo', target: 'x', title: 'Demo', command, run });

describe('JobManager', () => {
  it('runs a job, streams log/progress/state, and keeps the result', async () => {
    const hub = new EventHub();
    const jobs = new JobManager(hub);
    const job = demo(jobs, 'true', async (ctx) => {
      ctx.progress(0.5, 'half');
      ctx.log('hello');
      return 42;
    });
    expect(job.state).toBe('running');
    const done = await jobs.wait(job.id);
    expect(done.state).toBe('succeeded');
    expect(done.result).toBe(42);
    expect(done.progress).toBe(1);
    // A late subscriber (a reloaded page) replays the whole job from seq 0.
    const events = collect(hub, job.id);
    expect(events.map((e) => e.type)).toEqual(['state', 'progress', 'log', 'state']);
    expect(events[2]).toMatchObject({ type: 'log', line: 'hello' });
  });

  it('reports a failure with the thrown error envelope', async () => {
    const jobs = new JobManager(new EventHub());
    const job = demo(jobs, 'false', async () => {
      throw new PlugsmithError('engine/http-500', 'dial unix /run/docker/plugins/abc/x.sock: connect: no such file or directory', 'raw');
    });
    const done = await jobs.wait(job.id);
    expect(done.state).toBe('failed');
    expect(done.error).toEqual({ code: 'engine/http-500', message: 'dial unix /run/docker/plugins/abc/x.sock: connect: no such file or directory', detail: 'raw' });
  });

  it('cancel aborts the job signal and ends it as cancelled', async () => {
    const jobs = new JobManager(new EventHub());
    const job = demo(jobs, 'sleep', (ctx) =>
      new Promise((_, reject) => {
        ctx.signal.addEventListener('abort', () => reject(new Error('aborted')));
      }));
    await Promise.resolve();
    jobs.cancel(job.id);
    const done = await jobs.wait(job.id);
    expect(done.state).toBe('cancelled');
    expect(done.error?.code).toBe('jobs/cancelled');
  });

  it('a job cancelled before its run began ends cancelled without running (a listener attached later would never hear the abort)', async () => {
    const jobs = new JobManager(new EventHub());
    let ran = false;
    const job = demo(jobs, 'true', (ctx) =>
      new Promise((_, reject) => {
        ran = true;
        ctx.signal.addEventListener('abort', () => reject(new Error('aborted')));
      }));
    jobs.cancel(job.id);
    const done = await jobs.wait(job.id);
    expect(done.state).toBe('cancelled');
    expect(done.error?.code).toBe('jobs/cancelled');
    expect(ran).toBe(false);
  });

  it('finds the running job of a kind on a target, and only while it runs', async () => {
    const jobs = new JobManager(new EventHub());
    let release!: () => void;
    const job = jobs.start({ kind: 'plugins:enable', target: 'p', title: '', command: '', run: () => new Promise<void>((r) => (release = r)) });
    await Promise.resolve();
    expect(jobs.running('plugins:enable', 'p')?.id).toBe(job.id);
    expect(jobs.running('plugins:enable', 'q')).toBeUndefined();
    release();
    await jobs.wait(job.id);
    expect(jobs.running('plugins:enable', 'p')).toBeUndefined();
    expect(jobs.list()[0].id).toBe(job.id);
  });

  it('sends a short log line by line, and a flood in few bounded events, every line in order', async () => {
    const hub = new EventHub();
    const jobs = new JobManager(hub);
    const total = FLOOD_AFTER + 10_000;
    const job = demo(jobs, 'flood', async (ctx) => {
      // Like an engine stream: chunks of lines logged synchronously, a turn of the event loop between chunks.
      for (let i = 0; i < total; i += 700) {
        for (let j = i; j < Math.min(total, i + 700); j++) ctx.log(`line ${j}`, j % 1000 === 999 ? 'stderr' : 'stdout');
        if (i === 7000) ctx.progress(0.5, 'half way');
        await new Promise((r) => setImmediate(r));
      }
      ctx.log('last words');
    });
    await jobs.wait(job.id);
    const events = collect(hub, job.id);
    const logs = events.filter((e): e is Extract<JobEvent, { type: 'log' }> => e.type === 'log');
    // Every line, in order, on its own stream.
    const lines = logs.flatMap((e) => e.line.split('\n').map((l) => ({ l, s: e.stream })));
    expect(lines.map((x) => x.l)).toEqual([...Array.from({ length: total }, (_, j) => `line ${j}`), 'last words']);
    expect(lines.filter((x) => x.s === 'stderr').map((x) => x.l)).toEqual(Array.from({ length: Math.floor(total / 1000) }, (_, k) => `line ${k * 1000 + 999}`));
    // The first FLOOD_AFTER lines one event each; after that far fewer events than lines, none over the bounds.
    expect(logs.slice(0, FLOOD_AFTER).every((e) => !e.line.includes('\n'))).toBe(true);
    expect(logs.length).toBeLessThan(FLOOD_AFTER + (total - FLOOD_AFTER) / 20);
    expect(logs.every((e) => e.line.split('\n').length <= BATCH_LINES && e.line.length <= BATCH_CHARS)).toBe(true);
    // Progress and the final state come after the lines logged before them.
    const kinds = events.map((e) => (e.type === 'log' ? e.line.split('\n').at(-1) : e.type));
    expect(kinds.indexOf('progress')).toBe(kinds.indexOf('line 7699') + 1);
    expect(kinds.at(-2)).toBe('last words');
    expect(kinds.at(-1)).toBe('state');
  });

  it('bounds the replay of a job by lines, not events, so batching does not multiply the memory kept', async () => {
    const limit = 5_000;
    const hub = new EventHub(limit);
    const jobs = new JobManager(hub);
    const total = FLOOD_AFTER + 40_000;
    const job = demo(jobs, 'flood', async (ctx) => {
      for (let i = 0; i < total; i += 700) {
        for (let j = i; j < Math.min(total, i + 700); j++) ctx.log(`line ${j}`);
        await new Promise((r) => setImmediate(r));
      }
    });
    await jobs.wait(job.id);
    const lines = collect(hub, job.id).flatMap((e) => (e.type === 'log' ? e.line.split('\n') : []));
    // Within the budget (the state event weighs 1), and what is kept is the newest lines, contiguous.
    expect(lines.length).toBeLessThanOrEqual(limit);
    expect(lines.length).toBeGreaterThan(limit - BATCH_LINES - 2);
    expect(lines.at(-1)).toBe(`line ${total - 1}`);
    const first = Number(lines[0].slice(5));
    expect(lines).toEqual(Array.from({ length: lines.length }, (_, k) => `line ${first + k}`));
    expect(hub.firstSeq('job', job.id)).toBeGreaterThan(1);
  });

  it('follows a job as a step of another: its log forwarded, its end returned, a cancel passed on', async () => {
    const hub = new EventHub();
    const jobs = new JobManager(hub);
    const step = (lines: string[], hang: boolean) =>
      jobs.start({
        kind: 'step',
        target: 'x',
        title: 'Step',
        command: 'step',
        run: async (ctx) => {
          for (const l of lines) ctx.log(l, 'stderr');
          if (hang) await new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason)));
          return 'step done';
        },
      });
    const seen: JobInfo[] = [];
    const outer = jobs.start({
      kind: 'outer',
      target: 'x',
      title: 'Outer',
      command: 'outer',
      run: async (ctx) => {
        seen.push(await jobs.follow(step(['a', 'b'], false).id, ctx));
        seen.push(await jobs.follow(step(['c'], true).id, ctx));
      },
    });
    // Wait until the second step's line has reached the outer job's log (an observed fact, not a pause that a
    // loaded machine can outrun), then cancel the outer job only.
    const outerLive = collect(hub, outer.id);
    const deadline = Date.now() + 10_000;
    while (!outerLive.some((e) => e.type === 'log' && e.line.split('\n').includes('c'))) {
      if (Date.now() > deadline) throw new Error(`the second step's line never reached the outer job: ${JSON.stringify(outerLive)}`);
      await new Promise((r) => setTimeout(r, 5));
    }
    jobs.cancel(outer.id);
    await jobs.wait(outer.id);
    expect(seen.map((j) => [j.state, j.result])).toEqual([
      ['succeeded', 'step done'],
      ['cancelled', null],
    ]);
    const logs = collect(hub, outer.id).flatMap((e) => (e.type === 'log' ? [[e.line, e.stream]] : []));
    expect(logs).toEqual([
      ['a', 'stderr'],
      ['b', 'stderr'],
      ['c', 'stderr'],
    ]);
  });

  it('unknown ids are a clear error', () => {
    const jobs = new JobManager(new EventHub());
    expect(() => jobs.get('job-nope')).toThrow(/No job job-nope/);
  });
});
