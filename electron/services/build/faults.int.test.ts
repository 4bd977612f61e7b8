/**
 * Bad input and faults, each against the real engine, each followed by the same check: no
 * container, image or plugin is left that was not there before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { SKIP_REASON, testEngineHost, uniqueName } from '../docker/testing/harness';
import { removePluginQuietly } from '../docker/testing/fixtures';
import { engineFacts, exampleProject, newSince, removeDir, type EngineFacts } from './testing/projects';
import { importNodeBase } from './testing/projects';
import { EXAMPLE_CONFIG, NODE_BASE, slowProject, writeProject } from './testing/slow';
import { wireBuild, type BuildWired } from './testing/wire';
import type { JobInfo } from '../../ipc/types';

const host = testEngineHost();
const d = host ? describe : describe.skip;
if (!host) console.warn(SKIP_REASON);

d('build faults (real engine)', () => {
  let w: BuildWired;
  let before: EngineFacts;
  const dirs: string[] = [];
  const names: string[] = [];

  beforeAll(async () => {
    w = wireBuild(host!);
    await importNodeBase(w.engine, NODE_BASE);
    before = await engineFacts(w.engine);
  });
  afterAll(async () => {
    for (const n of names) await removePluginQuietly(w.engine, n);
    for (const dir of dirs) removeDir(dir);
  });

  const nothingLeft = async () => {
    const extra = newSince(before, await engineFacts(w.engine));
    expect(extra).toEqual({ containers: [], images: [], plugins: [] });
  };
  const build = async (files: Record<string, string>) => {
    const dir = writeProject(files);
    dirs.push(dir);
    const name = uniqueName('fault');
    names.push(name);
    return w.run(w.build.start({ dir, name }));
  };

  it('a Dockerfile syntax error fails the build stage with the engine\'s words', async () => {
    const { job } = await build({ 'config.json': EXAMPLE_CONFIG(), Dockerfile: 'FROM scratch\nCOPYY driver.js /\n' });
    expect(job.state).toBe('failed');
    expect(job.error?.message).toMatch(/syntax error: dockerfile parse error line 2: unknown instruction: COPYY/i);
    expect(job.error?.detail).toMatch(/build: failed/);
    await nothingLeft();
  });

  it('COPY of a missing file says it is not in the build context', async () => {
    const { job } = await build({ 'config.json': EXAMPLE_CONFIG(), Dockerfile: 'FROM scratch\nCOPY config.json /\nCOPY nope.js /\n' });
    expect(job.state).toBe('failed');
    expect(job.error?.message).toMatch(/not in the build context.*nope\.js/);
    await nothingLeft();
  });

  it('FROM an image not in the engine, with no registry, is said plainly', async () => {
    const { job, log } = await build({ 'config.json': EXAMPLE_CONFIG(), Dockerfile: 'FROM alpine:3.5\nRUN true\n' });
    expect(job.state).toBe('failed');
    expect(job.error?.message).toMatch(/^FROM alpine:3\.5: the image is not in this engine and the engine could not pull it \(offline, or no registry reachable\)/);
    expect(log.join('\n')).toMatch(/FROM alpine:3\.5: not in this engine/);
    await nothingLeft();
  });

  it('an invalid config.json is refused before building, with its location', async () => {
    const { job, log } = await build({ 'config.json': '{\n  "entrypoint": ["/x"],\n  "env": [ { "name": "A", "value": 1 } ]\n}\n', Dockerfile: 'FROM scratch\nCOPY config.json /\n' });
    expect(job.state).toBe('failed');
    expect(job.error?.code).toBe('build/invalid-config');
    expect(job.error?.message).toMatch(/config\.json:3:\d+ \(\/env\/0\/value\)/);
    expect(log.some((l) => /^Step /.test(l))).toBe(false);
    await nothingLeft();
  });

  it('a name Docker rejects is refused before any job starts', () => {
    const dir = writeProject({ 'config.json': EXAMPLE_CONFIG(), Dockerfile: 'FROM scratch\n' });
    dirs.push(dir);
    expect(() => w.build.start({ dir, name: 'Plugsmith/Upper:1' })).toThrow(/Docker rejects the plugin name "Plugsmith\/Upper:1": invalid reference format: repository name must be lowercase/);
    expect(() => w.build.start({ dir, name: 'a/b:bad tag' })).toThrow(/invalid tag/);
  });

  const waitFor = async (job: JobInfo, pred: (log: string[], stage: string) => boolean, timeoutMs = 60_000) => {
    const log: string[] = [];
    let stage = '';
    const unsub = w.hub.subscribe<import('../../ipc/types').JobEvent>('job', job.id, 0, (e) => {
      if (e.data.type === 'log') log.push(e.data.line);
      if (e.data.type === 'progress') stage = e.data.stage;
    });
    const deadline = Date.now() + timeoutMs;
    try {
      while (!pred(log, stage)) {
        if (Date.now() > deadline) throw new Error(`timed out; log:\n${log.join('\n')}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      unsub();
    }
  };

  it('cancel mid-build stops the build and removes what it made', async () => {
    const dir = slowProject(60);
    dirs.push(dir);
    const name = uniqueName('cancel-build');
    names.push(name);
    const job = w.build.start({ dir, name });
    await waitFor(job, (log) => log.some((l) => /Running in [0-9a-f]+/.test(l)));
    const t0 = Date.now();
    w.jobs.cancel(job.id);
    const { job: done, log } = await w.run(job);
    expect(log.join('\n')).toMatch(/✖ build failed after .*Cancelled during build/);
    expect(done.state).toBe('cancelled');
    expect(Date.now() - t0).toBeLessThan(15_000);
    await nothingLeft();
  });

  it('cancel mid-export stops the stream into the engine and leaves no plugin', async () => {
    const dir = exampleProject(`cancel export ${randomUUID()}`);
    dirs.push(dir);
    const name = uniqueName('cancel-export');
    names.push(name);
    const job = w.build.start({ dir, name });
    await waitFor(job, (_log, stage) => /^create: [1-9]\d* MB/.test(stage), 120_000);
    w.jobs.cancel(job.id);
    const { job: done, log } = await w.run(job);
    expect(log.join('\n')).toMatch(/✖ create failed after .*Cancelled during create/);
    expect(log.join('\n')).toMatch(/removed temporary container/);
    expect(done.state).toBe('cancelled');
    await nothingLeft();
  });
});
