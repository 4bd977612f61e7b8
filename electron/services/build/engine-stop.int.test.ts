/**
 * The engine stopped in the middle of a build and of a create, on a dockerd of this test's own
 * (killed by pid, restarted on the same folders): the job fails with a clear error within 2 s,
 * and once the engine is back the janitor removes what the pipeline made — no container, image or
 * plugin left over.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { rmSync } from 'node:fs';
import { startDockerd, stopDockerd, removeEngineDir } from '../../../scripts/test-env/dockerd.mjs';
import { SKIP_REASON, testEngineHost, uniqueName } from '../docker/testing/harness';
import { engineFacts, exampleProject, importNodeBase, newSince, removeDir, type EngineFacts } from './testing/projects';
import { NODE_BASE, slowProject } from './testing/slow';
import { wireBuild, type BuildWired } from './testing/wire';
import type { JobEvent, JobInfo } from '../../ipc/types';

// Runs with the integration suite (which has a test engine), on a second engine of its own.
const enabled = !!testEngineHost() && process.getuid?.() === 0;
const d = enabled ? describe : describe.skip;
if (!enabled) console.warn(SKIP_REASON);

const DIR = `/tmp/psd-bst-${process.pid}`;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

d('engine stopped mid-pipeline (own dockerd)', () => {
  let pid: number;
  let w: BuildWired;
  let before: EngineFacts;
  const dirs: string[] = [];

  beforeAll(async () => {
    const e = await startDockerd({ dir: DIR });
    pid = e.pid;
    w = wireBuild(e.host);
    await importNodeBase(w.engine, NODE_BASE);
    before = await engineFacts(w.engine);
  }, 180_000);
  afterAll(async () => {
    w?.build.janitor.stop();
    await stopDockerd({ dir: DIR }).catch(() => undefined);
    try {
      removeEngineDir(DIR);
    } catch (err) {
      console.warn(String(err));
    }
    for (const dir of dirs) removeDir(dir);
  }, 120_000);

  /** Stops the engine by pid when `when` holds; returns how long the job took to fail after that. */
  async function stopWhen(job: JobInfo, when: (log: string[], stage: string) => boolean): Promise<{ done: JobInfo; failMs: number; log: string[] }> {
    const log: string[] = [];
    let stage = '';
    const unsub = w.hub.subscribe<JobEvent>('job', job.id, 0, (e) => {
      if (e.data.type === 'log') log.push(e.data.line);
      if (e.data.type === 'progress') stage = e.data.stage;
    });
    const deadline = Date.now() + 120_000;
    while (!when(log, stage)) {
      if (Date.now() > deadline) throw new Error(`never reached the point to stop at; log:\n${log.join('\n')}`);
      await sleep(20);
    }
    const t0 = Date.now();
    // SIGKILL: the engine vanishes at once (a crash, an OOM kill, `kill -9`). A graceful SIGTERM
    // first stops the build's container (~10 s, still answering), and the engine itself then
    // reports the step as failed — a different, slower path than "the engine went away".
    process.kill(pid, 'SIGKILL');
    const done = await w.jobs.wait(job.id);
    const failMs = Date.now() - t0;
    unsub();
    return { done, failMs, log };
  }

  /** Waits for the stopped engine to exit, starts it again on the same folders, waits for the janitor. */
  async function restartAndSweep(): Promise<void> {
    for (let i = 0; i < 300 && alive(pid); i++) await sleep(100);
    expect(alive(pid)).toBe(false);
    // What a service manager does after a crash: the dead engine's containerd and shims are ended
    // (by our exec root, by pid) so the new engine can start its own.
    await stopDockerd({ dir: DIR });
    // containerd died with the engine (it runs with a parent-death signal), but its pidfile stays;
    // the new dockerd checks that pid with kill(0), and pids are handed out in sequence, so its own
    // threads can hold that number and it then waits for a "still running" containerd that is not.
    rmSync(`${DIR}/exec/containerd/containerd.pid`, { force: true });
    const e = await startDockerd({ dir: DIR });
    pid = e.pid;
    for (let i = 0; i < 100 && w.build.janitor.list().length; i++) await sleep(200);
    expect(w.build.janitor.list()).toEqual([]);
  }

  it('mid-build: a clear error within 2 s, nothing left once the engine is back', async () => {
    const dir = slowProject(120);
    dirs.push(dir);
    const job = w.build.start({ dir, name: uniqueName('stop-build') });
    const { done, failMs, log } = await stopWhen(job, (l) => l.some((x) => /Running in [0-9a-f]+/.test(x)));
    expect(done.state).toBe('failed');
    expect(done.error?.code).toBe('build/engine-stopped');
    expect(done.error?.message).toMatch(/^The engine stopped answering during build/);
    expect(failMs).toBeLessThan(2_000);
    expect(log.join('\n')).toMatch(/will retry when the engine is back|removed temporary/);
    await restartAndSweep();
    expect(newSince(before, await engineFacts(w.engine))).toEqual({ containers: [], images: [], plugins: [] });
  });

  it('mid-create: a clear error within 2 s, nothing left once the engine is back', async () => {
    const dir = exampleProject(`stop create ${randomUUID()}`);
    dirs.push(dir);
    const job = w.build.start({ dir, name: uniqueName('stop-create') });
    const { done, failMs } = await stopWhen(job, (_l, stage) => /^create: [1-9]\d* MB/.test(stage));
    expect(done.state).toBe('failed');
    expect(done.error?.code).toBe('build/engine-stopped');
    expect(done.error?.message).toMatch(/^The engine stopped answering during create/);
    expect(failMs).toBeLessThan(2_000);
    await restartAndSweep();
    expect(newSince(before, await engineFacts(w.engine))).toEqual({ containers: [], images: [], plugins: [] });
  });
});
