/**
 * Ctrl-C on `plugsmith build`, as a user presses it: the CLI bundled the way scripts/build.mjs ships
 * it, run as its own process against the tests' dockerd, sent SIGINT while the builder runs a step.
 * The build must be cancelled and cleaned up — no container, image or plugin left — before the
 * process ends with 130; before this, the signal killed the process and left the build's temporary
 * container behind.
 */
import { spawn, execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SKIP_REASON, testEngineHost, uniqueName } from '../docker/testing/harness';
import { removePluginQuietly } from '../docker/testing/fixtures';
import { engineFacts, importNodeBase, newSince, removeDir, type EngineFacts } from './testing/projects';
import { NODE_BASE, slowProject } from './testing/slow';
import { wireBuild, type BuildWired } from './testing/wire';

const host = testEngineHost();
if (!host) console.warn(SKIP_REASON);
const ROOT = join(__dirname, '..', '..', '..');

describe.skipIf(!host)('plugsmith build, interrupted (the built CLI, real engine)', () => {
  let w: BuildWired;
  let before: EngineFacts;
  let dir = '';
  let cli = '';
  const projects: string[] = [];
  const names: string[] = [];

  beforeAll(async () => {
    w = wireBuild(host!);
    await importNodeBase(w.engine, NODE_BASE);
    dir = mkdtempSync(join(tmpdir(), 'plugsmith-cli-int-'));
    await new Promise<void>((resolve, reject) =>
      execFile(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), '--only', 'cli', '--outdir', join(dir, 'dist')], { timeout: 120_000 }, (err, _o, stderr) =>
        err ? reject(new Error(`building the CLI failed: ${err.message}\n${stderr}`)) : resolve(),
      ),
    );
    cli = join(dir, 'dist', 'cli.cjs');
    before = await engineFacts(w.engine);
  }, 240_000);

  afterAll(async () => {
    for (const n of names) await removePluginQuietly(w.engine, n);
    for (const p of projects) removeDir(p);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('SIGINT mid-build cancels the job, removes what it made, then exits 130', async () => {
    const project = slowProject(120);
    projects.push(project);
    const name = uniqueName('cli-sigint');
    names.push(name);
    // Only the environment a user's shell would give it, pointed at the tests' engine.
    const child = spawn(process.execPath, [cli, 'build', project, '--name', name], {
      env: { PATH: process.env.PATH, DOCKER_HOST: host!, PLUGSMITH_HOME: join(dir, 'home') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let signalled = 0;
    const ended = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const running = new Promise<void>((resolve, reject) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        // The builder is inside the RUN step: its container exists now, so there is something to clean.
        if (/Running in [0-9a-f]+/.test(stderr)) resolve();
      });
      void ended.then((code) => reject(new Error(`the CLI ended (${code}) before the RUN step:\n${stderr}`)));
    });
    try {
      await running;
      signalled = Date.now();
      child.kill('SIGINT');
      const code = await ended;
      expect(code, stderr).toBe(130);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    expect(Date.now() - signalled).toBeLessThan(20_000);
    expect(stderr).toMatch(/plugsmith: SIGINT: cancelling the job and cleaning up what it made/);
    expect(stderr).toMatch(/Cancelled during build/);
    expect(stderr).toMatch(/plugsmith: cancelled \(SIGINT\)\n$/);
    // Everything the build made is gone: the process waited for the cleanup before it left.
    expect(newSince(before, await engineFacts(w.engine))).toEqual({ containers: [], images: [], plugins: [] });
  }, 240_000);
});
