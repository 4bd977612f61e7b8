/**
 * The repo's own example, built as it is in the repo — no hand-run preparation — through the CLI
 * (`plugsmith build examples/net-driver --enable`): its declared prepare step (plugsmith.json)
 * runs and is logged, the entrypoint is found in the built filesystem, and the plugin enables and
 * answers. And a project whose image lacks its entrypoint (or has it not executable) is refused
 * before `POST /plugins/create`, saying what to do, with nothing left in the engine.
 */
import { randomUUID } from 'node:crypto';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SKIP_REASON, testEngineHost, uniqueName } from '../docker/testing/harness';
import { removePluginQuietly } from '../docker/testing/fixtures';
import { buildCli } from './cli';
import { engineFacts, newSince, removeDir, tempDir, type EngineFacts } from './testing/projects';
import { wireBuild, type BuildWired } from './testing/wire';
import type { BuildResult, JobInfo } from '../../ipc/types';
import { interpreterOf } from './entrypoint';

const host = testEngineHost();
if (!host) console.warn(SKIP_REASON);
const REPO = join(import.meta.dirname, '..', '..', '..');
const EXAMPLE = join(REPO, 'examples', 'net-driver');

describe.skipIf(!host)('the example and the entrypoint check (real engine)', () => {
  let w: BuildWired;
  const names: string[] = [];
  const dirs: string[] = [];

  beforeAll(() => {
    w = wireBuild(host!, { enableTimeoutSeconds: 20 });
  });
  afterAll(async () => {
    for (const n of names) await removePluginQuietly(w.engine, n);
    for (const d of dirs) removeDir(d);
  });

  it('plugsmith build examples/net-driver --enable: the prepare step runs, the plugin enables and answers', async () => {
    // As a fresh clone has it: no context/ (gitignored, made by the prepare step).
    rmSync(join(EXAMPLE, 'context'), { recursive: true, force: true });
    const name = `${uniqueName('example-as-is')}:1`;
    names.push(name);
    let out = '';
    let err = '';
    const code = await buildCli(w, [EXAMPLE, '--name', name, '--enable', '--json'], { out: (t) => void (out += t), err: (t) => void (err += t), color: false });
    expect(code, err).toBe(0);
    expect(err).toContain('$ node ../prepare-context.mjs --out context   (the prepare step in plugsmith.json');
    expect(err).toMatch(/context ready: .*examples\/net-driver\/context/);
    expect(err).toContain('entrypoint /usr/bin/node: in the rootfs and executable');
    const job = JSON.parse(out) as JobInfo;
    const r = job.result as BuildResult;
    expect(r.stages.map((s) => `${s.stage}:${s.state}`)).toEqual(['check:succeeded', 'build:succeeded', 'create:succeeded', 'set:skipped', 'enable:succeeded', 'push:skipped']);
    expect(r.plugin?.enabled).toBe(true);
    expect(r.plugin?.health.state).toBe('answering');
  }, 300_000);

  describe('a rootfs without its entrypoint', () => {
    let before: EngineFacts;
    beforeAll(async () => {
      before = await engineFacts(w.engine);
    });

    /** config.json's entrypoint is /usr/bin/node; the FROM-scratch context has only driver.js (and maybe a node that is not executable). */
    /** This host's node's first 4 KiB: a real ELF header (never run: the check only reads it). */
    const nodeHead = readFileSync(process.execPath).subarray(0, 4096);
    const loader = interpreterOf(nodeHead)!.path;

    const project = (withNode: 'none' | 'not-executable' | 'no-loader') => {
      const dir = tempDir('no-entrypoint');
      dirs.push(dir);
      copyFileSync(join(EXAMPLE, 'config.json'), join(dir, 'config.json'));
      writeFileSync(join(dir, 'Dockerfile'), 'FROM scratch\nCOPY . /\n');
      mkdirSync(join(dir, 'context', 'usr', 'bin'), { recursive: true });
      copyFileSync(join(EXAMPLE, 'driver.js'), join(dir, 'context', 'driver.js'));
      writeFileSync(join(dir, 'context', '.marker'), `${randomUUID()}\n`);
      if (withNode === 'not-executable') {
        writeFileSync(join(dir, 'context', 'usr', 'bin', 'node'), '#!/bin/sh\n');
        chmodSync(join(dir, 'context', 'usr', 'bin', 'node'), 0o644);
      }
      if (withNode === 'no-loader') {
        writeFileSync(join(dir, 'context', 'usr', 'bin', 'node'), nodeHead);
        chmodSync(join(dir, 'context', 'usr', 'bin', 'node'), 0o755);
      }
      return dir;
    };

    for (const [withNode, problem] of [
      ['none', '/usr/bin/node is not in the built filesystem'],
      ['not-executable', '/usr/bin/node is in the built filesystem but not executable (mode 0644)'],
      ['no-loader', `/usr/bin/node needs ${loader} (its dynamic loader, the ELF interpreter), which is not in the built filesystem`],
    ] as const) {
      it(`${withNode === 'none' ? 'missing' : withNode === 'no-loader' ? 'there without its dynamic loader' : 'not executable'}: refused before create, saying what to do, nothing left behind`, async () => {
        const dir = project(withNode);
        const name = `${uniqueName('no-entrypoint')}:1`;
        names.push(name);
        const { job, log } = await w.run(w.build.start({ dir, name, enable: true }));
        expect(job.state).toBe('failed');
        expect(job.error?.code).toBe('build/no-entrypoint');
        expect(job.error?.message).toContain(`The plugin's entrypoint ${problem}, so the plugin could never start: nothing was created.`);
        expect(job.error?.message).toContain('a COPY or RUN in Dockerfile must leave it there (build context: context)');
        expect(job.error?.message).toContain('or change "entrypoint" in config.json');
        const r = (job.result ?? null) as BuildResult | null;
        if (r) expect(r.stages.find((s) => s.stage === 'enable')?.state).not.toBe('succeeded');
        expect(log.some((l) => /removed temporary container/.test(l))).toBe(true);
        // No plugin, no temporary container, no image.
        await expect(w.plugins.inspectRaw(name)).rejects.toMatchObject({ code: 'plugins/not-found' });
        const extra = newSince(before, await engineFacts(w.engine));
        expect(extra.containers).toEqual([]);
        expect(extra.images).toEqual([]);
        expect(extra.plugins.filter((p) => p.startsWith('no-entrypoint') || p.includes('/no-entrypoint'))).toEqual([]);
      }, 180_000);
    }
  });
});
