/**
 * Push to a real registry (Debian docker-registry on 127.0.0.1): the plugin arrives; credentials
 * come from ~/.docker/config.json and are never logged; a registry that is not there fails the job
 * even though the engine answers HTTP 200 (the error is in the stream).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SKIP_REASON, testEngineHost } from '../docker/testing/harness';
import { removePluginQuietly } from '../docker/testing/fixtures';
import { NOTHING_LISTENS, startRegistry, type Registry } from './testing/registry';
import { removeDir, tarballProject, tempDir } from './testing/projects';
import { wireBuild, type BuildWired } from './testing/wire';
import type { BuildResult } from '../../ipc/types';

const host = testEngineHost();
const d = host ? describe : describe.skip;
if (!host) console.warn(SKIP_REASON);

d('push (real engine, real registry)', () => {
  let reg: Registry;
  let w: BuildWired;
  let home: string;
  const dirs: string[] = [];
  const names: string[] = [];
  const SECRET = `s3cret-${randomUUID()}`;

  beforeAll(async () => {
    reg = await startRegistry();
    home = tempDir('home');
    mkdirSync(join(home, '.docker'));
    writeFileSync(join(home, '.docker', 'config.json'), JSON.stringify({ auths: { [reg.address]: { auth: Buffer.from(`tester:${SECRET}`).toString('base64') } } }));
    w = wireBuild(host!, { env: { HOME: home } });
  });
  afterAll(async () => {
    for (const n of names) await removePluginQuietly(w.engine, n);
    await reg?.stop();
    for (const dir of [...dirs, home]) if (dir) removeDir(dir);
  });

  it('builds, creates and pushes in one job; the registry has it; the password is never logged', async () => {
    const dir = await tarballProject(`push ${randomUUID()}`);
    dirs.push(dir);
    const name = `${reg.address}/plugsmith/push-test:1`;
    names.push(name);
    const { job, log } = await w.run(w.build.start({ dir, name, push: true }));
    expect(job.error).toBeNull();
    const r = job.result as BuildResult;
    expect(r.stages.find((s) => s.stage === 'push')?.state).toBe('succeeded');
    expect(log.join('\n')).toMatch(new RegExp(`credentials for ${reg.address.replace(/\./g, '\\.')} from .*\\.docker/config\\.json`));
    expect(JSON.stringify({ job, log })).not.toContain(SECRET);
    const tags = (await (await fetch(`http://${reg.address}/v2/plugsmith/push-test/tags/list`)).json()) as { tags: string[] };
    expect(tags.tags).toEqual(['1']);
  });

  it('a push that fails (no registry there) fails the job, though the engine said 200', async () => {
    const port = NOTHING_LISTENS;
    const dir = await tarballProject(`push fail ${randomUUID()}`);
    dirs.push(dir);
    const name = `127.0.0.1:${port}/plugsmith/nowhere:1`;
    names.push(name);
    const { job } = await w.run(w.build.start({ dir, name, push: true }));
    expect(job.state).toBe('failed');
    expect(job.error?.code).toBe('build/push-failed');
    expect(job.error?.message).toMatch(/engine answered 200, the stream says.*connection refused/);
    // The plugin was created before the push: it stays.
    expect((await w.plugins.inspectRaw(name)).Name).toBe(name);
  });

  it('build:push on its own, with typed-in credentials', async () => {
    const job = w.build.push(names[0], { username: 'tester', password: SECRET });
    const { job: done, log } = await w.run(job);
    expect(done.error).toBeNull();
    expect(log.join('\n')).toMatch(/as typed in \(not shown\)/);
    expect(JSON.stringify({ done, log })).not.toContain(SECRET);
  });
});
