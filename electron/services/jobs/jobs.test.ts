import { describe, it, expect } from 'vitest';
import { EventHub } from '../events/hub';
import { JobManager } from './jobs';
import { PlugsmithError } from '../errors';
import type { JobEvent } from '../../ipc/types';

function collect(hub: EventHub, id: string, fromSeq = 0): JobEvent[] {
  const out: JobEvent[] = [];
  hub.subscribe<JobEvent>('job', id, fromSeq, (e) => out.push(e.data));
  return out;
}

describe('JobManager', () => {
  it('runs a job, streams log/progress/state, and keeps the result', async () => {
    const hub = new EventHub();
    const jobs = new JobManager(hub);
    const job = jobs.start({
      kind: 'demo',
      target: 'x',
      title: 'Demo',
      command: 'true',
      run: async (ctx) => {
        ctx.progress(0.5, 'half');
        ctx.log('hello');
        return 42;
      },
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
    const job = jobs.start({
      kind: 'demo',
      target: 'x',
      title: 'Demo',
      command: 'false',
      run: async () => {
        throw new PlugsmithError('engine/http-500', 'dial unix /run/docker/plugins/abc/x.sock: connect: no such file or directory', 'raw');
      },
    });
    const done = await jobs.wait(job.id);
    expect(done.state).toBe('failed');
    expect(done.error).toEqual({ code: 'engine/http-500', message: 'dial unix /run/docker/plugins/abc/x.sock: connect: no such file or directory', detail: 'raw' });
  });

  it('cancel aborts the job signal and ends it as cancelled', async () => {
    const jobs = new JobManager(new EventHub());
    const job = jobs.start({
      kind: 'demo',
      target: 'x',
      title: 'Demo',
      command: 'sleep',
      run: (ctx) =>
        new Promise((_, reject) => {
          ctx.signal.addEventListener('abort', () => reject(new Error('aborted')));
        }),
    });
    await Promise.resolve();
    jobs.cancel(job.id);
    const done = await jobs.wait(job.id);
    expect(done.state).toBe('cancelled');
    expect(done.error?.code).toBe('jobs/cancelled');
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

  it('unknown ids are a clear error', () => {
    const jobs = new JobManager(new EventHub());
    expect(() => jobs.get('job-nope')).toThrow(/No job job-nope/);
  });
});
