import { describe, expect, it } from 'vitest';
import { EventHub } from '../events/hub';
import { FLOOD_AFTER, JobManager, type JobContext } from './jobs';
import { PlugsmithError } from '../errors';
import { EXIT_NOT_WORKING, followJob, type CliFollowOptions } from './cli-follow';
import type { JobEvent } from '../../ipc/types';

/** A real hub and job manager, one job running `run`, followed with `opts`; every byte written kept. */
async function follow<R>(run: (ctx: JobContext) => Promise<R>, opts: CliFollowOptions<R>) {
  const hub = new EventHub();
  const jobs = new JobManager(hub);
  const job = jobs.start({ kind: 'demo', target: 't', title: 'Demo', command: 'docker plugin enable t', run });
  const events: JobEvent[] = [];
  hub.subscribe<JobEvent>('job', job.id, 0, (e) => events.push(e.data));
  let out = '';
  let err = '';
  const code = await followJob({ hub, jobs }, job, { out: (t) => void (out += t), err: (t) => void (err += t) }, opts);
  return { code, out, err, events, hub, jobs, id: job.id };
}

/**
 * A job that runs until it is cancelled, then runs `cleanup` (the way a build removes what it
 * made) and ends; `running` resolves once its abort listener is attached.
 */
function untilCancelled(jobs: JobManager, cleanup: (done: () => void) => void = (done) => done()) {
  let listening!: () => void;
  const running = new Promise<void>((r) => (listening = r));
  const job = jobs.start({
    kind: 'demo',
    target: 't',
    title: 'Demo',
    command: 'sleep',
    run: (ctx) =>
      new Promise((_, reject) => {
        ctx.signal.addEventListener('abort', () => cleanup(() => reject(new Error('aborted'))));
        listening();
      }),
  });
  return { job, running };
}

describe('followJob (the CLI end of a job)', () => {
  it('writes the command, then every log line on stderr in order — a batched flood line by line — and only the summary on stdout', async () => {
    const n = FLOOD_AFTER + 500;
    const r = await follow(
      async (ctx) => {
        for (let i = 0; i < n; i++) ctx.log(`line ${i}`);
        return { name: 'p' };
      },
      { json: false, echoCommand: true, summary: (res) => `${res.name}: done\n` },
    );
    // The flood really went out batched: fewer log events than lines, some holding several.
    const logs = r.events.filter((e) => e.type === 'log');
    expect(logs.length).toBeLessThan(n);
    expect(logs.some((e) => e.type === 'log' && e.line.includes('\n'))).toBe(true);
    const expected = ['$ docker plugin enable t', ...Array.from({ length: n }, (_, i) => `line ${i}`)].join('\n') + '\n';
    expect(r.err).toBe(expected);
    expect(r.out).toBe('p: done\n');
    expect(r.code).toBe(0);
  });

  it('without echoCommand the first line is the job’s own; logText rewrites each event’s text', async () => {
    const r = await follow(
      async (ctx) => {
        ctx.log('$ docker plugin install x');
        ctx.log('a\x1b[31mb\x1b[0m');
        return null;
      },
      { json: false, logText: (t) => t.toUpperCase() },
    );
    expect(r.err).toBe('$ DOCKER PLUGIN INSTALL X\nA\x1b[31MB\x1b[0M\n');
    expect(r.out).toBe('');
  });

  it('prints a stage when it changes, not a repeat nor a seconds tick, and none unless asked', async () => {
    const run = async (ctx: JobContext) => {
      ctx.progress(0.1, 'enabling');
      ctx.log('engine said ok');
      ctx.progress(0.2, 'enabling');
      ctx.progress(0.3, 'waiting for the socket (3 s)');
      ctx.progress(0.4, 'checking health');
      return null;
    };
    const withStages = await follow(run, { json: false, stages: true });
    expect(withStages.err).toBe('… enabling\nengine said ok\n… checking health\n');
    const without = await follow(run, { json: false });
    expect(without.err).toBe('engine said ok\n');
  });

  it('--json: the final job exactly as jobs.wait returns it on stdout, no summary; the log stays on stderr', async () => {
    const r = await follow(
      async (ctx) => {
        ctx.log('working');
        return { name: 'p', enabled: true };
      },
      { json: true, summary: () => 'never\n', successExit: (res) => (res.enabled ? 0 : 9) },
    );
    expect(r.out).toBe(`${JSON.stringify(await r.jobs.wait(r.id), null, 2)}\n`);
    expect(JSON.parse(r.out)).toMatchObject({ id: r.id, state: 'succeeded', result: { name: 'p', enabled: true } });
    expect(r.err).toBe('working\n');
    expect(r.code).toBe(0);
  });

  it('a success may still exit non-zero (successExit) and an empty summary writes nothing', async () => {
    const r = await follow(async () => ({ answering: false }), {
      json: false,
      summary: () => '',
      successExit: (res) => (res.answering ? 0 : EXIT_NOT_WORKING),
    });
    expect(r.out).toBe('');
    expect(r.code).toBe(EXIT_NOT_WORKING);
  });

  it('a failure: the engine’s words on stderr, the code only when asked, exit 1 — or 3 for the enable-failed code', async () => {
    const failing = (code: string) => async () => {
      throw new PlugsmithError(code, 'enable failed: dial unix /run/docker/plugins/x.sock: no such file', 'raw');
    };
    const plain = await follow(failing('build/enable-failed'), { json: false, summary: () => 'never\n' });
    expect(plain.err).toBe('plugsmith: enable failed: dial unix /run/docker/plugins/x.sock: no such file\n');
    expect(plain.out).toBe('');
    expect(plain.code).toBe(1);

    const enable = await follow(failing('build/enable-failed'), { json: false, codeOnFailure: true, enableFailedCode: 'build/enable-failed' });
    expect(enable.err).toBe('plugsmith: enable failed: dial unix /run/docker/plugins/x.sock: no such file [build/enable-failed]\n');
    expect(enable.code).toBe(EXIT_NOT_WORKING);

    const other = await follow(failing('engine/http-500'), { json: true, codeOnFailure: true, enableFailedCode: 'build/enable-failed' });
    expect(other.code).toBe(1);
    expect(JSON.parse(other.out)).toMatchObject({ state: 'failed', error: { code: 'engine/http-500', detail: 'raw' } });
    expect(other.err).toMatch(/\[engine\/http-500\]\n$/);
  });

  it('a cancelled job ends with exit 1 and the cancel’s message', async () => {
    const hub = new EventHub();
    const jobs = new JobManager(hub);
    const { job, running } = untilCancelled(jobs);
    let err = '';
    const following = followJob({ hub, jobs }, job, { out: () => undefined, err: (t) => void (err += t) }, { json: false, codeOnFailure: true });
    // Cancel once the job is running and listening (a cancel before its run starts is not this case).
    await running;
    jobs.cancel(job.id);
    expect(await following).toBe(1);
    expect(err).toBe('plugsmith: Cancelled by the user [jobs/cancelled]\n');
  });

  it('Ctrl-C cancels the job and waits for its cleanup, exits 130, and lets the signal go afterwards', async () => {
    const hub = new EventHub();
    const jobs = new JobManager(hub);
    const cleanup: string[] = [];
    // The job's own cleanup runs before it ends: the follower must wait for it.
    const { job, running } = untilCancelled(jobs, (done) =>
      setTimeout(() => {
        cleanup.push('removed temporary container');
        done();
      }, 20),
    );
    let handler: ((s: NodeJS.Signals) => void) | null = null;
    let unsubscribed = false;
    const onInterrupt = (h: (s: NodeJS.Signals) => void) => {
      handler = h;
      return () => void (unsubscribed = true);
    };
    let err = '';
    const following = followJob({ hub, jobs }, job, { out: () => undefined, err: (t) => void (err += t), onInterrupt }, { json: false, codeOnFailure: true });
    await running;
    expect(handler, 'the follower listens for signals while the job runs').not.toBeNull();
    handler!('SIGINT');
    expect(await following).toBe(130);
    expect(cleanup).toEqual(['removed temporary container']);
    expect((await jobs.wait(job.id)).state).toBe('cancelled');
    expect(err).toMatch(/^plugsmith: SIGINT: cancelling the job and cleaning up what it made \(Ctrl-C again to leave at once\)\n/);
    expect(err).toMatch(/plugsmith: cancelled \(SIGINT\)\n$/);
    expect(unsubscribed).toBe(true);
  });

  it('a job that ends on its own gives its signal handler back, and SIGTERM exits 143', async () => {
    let unsubscribed = 0;
    const onInterrupt = () => () => void unsubscribed++;
    const hub = new EventHub();
    const jobs = new JobManager(hub);
    const ok = jobs.start({ kind: 'demo', target: 't', title: 'Demo', command: 'x', run: async () => null });
    expect(await followJob({ hub, jobs }, ok, { out: () => undefined, err: () => undefined, onInterrupt }, { json: false })).toBe(0);
    expect(unsubscribed).toBe(1);

    const { job: slow, running: gate } = untilCancelled(jobs);
    let term!: (s: NodeJS.Signals) => void;
    const following = followJob({ hub, jobs }, slow, { out: () => undefined, err: () => undefined, onInterrupt: (h) => ((term = h), () => undefined) }, { json: false });
    await gate;
    term('SIGTERM');
    expect(await following).toBe(143);
  });

  it('stops listening when the job has ended', async () => {
    const r = await follow(async (ctx) => ctx.log('last'), { json: false });
    r.hub.publish<JobEvent>('job', r.id, { type: 'log', line: 'after the end', stream: 'info', at: new Date().toISOString() });
    expect(r.err).toBe('last\n');
  });
});
