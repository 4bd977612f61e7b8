/**
 * `plugsmith build` as the CLI runs it (buildCli over the real build service and the tests' engine):
 * what a script relies on — `--json` prints the final job on stdout and nothing else there, the log
 * goes to stderr, exit 0 on success and exit 3 when the plugin was made but would not enable (it
 * stays, disabled, and the failure line names why). Layout 3 (a rootfs tarball), so no docker build.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SKIP_REASON, testEngineHost, uniqueName } from '../docker/testing/harness';
import { removePluginQuietly } from '../docker/testing/fixtures';
import { buildCli } from './cli';
import { removeDir, tarballProject } from './testing/projects';
import { wireBuild, type BuildWired } from './testing/wire';
import type { BuildResult, JobInfo } from '../../ipc/types';

const host = testEngineHost();
if (!host) console.warn(SKIP_REASON);

describe.skipIf(!host)('plugsmith build (buildCli, real engine)', () => {
  let w: BuildWired;
  const dirs: string[] = [];
  const names: string[] = [];

  beforeAll(() => {
    // The engine gives up on a socket that never appears after its own wait; 10 s is ours for the health check.
    w = wireBuild(host!, { enableTimeoutSeconds: 10 });
  });
  afterAll(async () => {
    for (const n of names) await removePluginQuietly(w.engine, n);
    for (const d of dirs) removeDir(d);
  });

  const run = async (args: string[]) => {
    const dir = await tarballProject(`cli ${randomUUID()}`);
    dirs.push(dir);
    const name = `${uniqueName('cli-build')}:1`;
    names.push(name);
    let out = '';
    let err = '';
    const code = await buildCli(w, [dir, '--name', name, ...args], { out: (t) => void (out += t), err: (t) => void (err += t), color: false });
    return { code, out, err, name };
  };

  it('--enable --json: exit 0, the final job alone on stdout, the log on stderr without colour codes', async () => {
    const r = await run(['--set', 'MODE=ok', '--enable', '--json']);
    expect(r.code, r.err).toBe(0);
    const job = JSON.parse(r.out) as JobInfo;
    expect(job.state).toBe('succeeded');
    const result = job.result as BuildResult;
    expect(result.name).toBe(r.name);
    expect(result.plugin?.enabled).toBe(true);
    expect(result.stages.map((s) => [s.stage, s.state])).toEqual(expect.arrayContaining([['create', 'succeeded'], ['enable', 'succeeded']]));
    expect(r.err).toMatch(new RegExp(`^\\$ plugsmith build .* --name ${r.name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`));
    // Not a terminal: no ANSI left in the log.
    expect(r.err).not.toMatch(/\x1b\[/);
    const inspect = (await w.engine.request({ method: 'GET', path: `/plugins/${encodeURIComponent(r.name)}/json` })) as { Enabled: boolean; Settings: { Env: string[] } };
    expect(inspect.Enabled).toBe(true);
    expect(inspect.Settings.Env).toContain('MODE=ok');
  }, 180_000);

  it('a plugin that never opens its socket: exit 3, the reason on stderr, the plugin left disabled', async () => {
    const r = await run(['--set', 'MODE=no-socket', '--enable']);
    expect(r.code, r.err).toBe(3);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/plugsmith: .*\[build\/enable-failed\]\n$/);
    expect(r.err).toMatch(/no such file or directory|netplugin\.sock|\.sock/);
    const inspect = (await w.engine.request({ method: 'GET', path: `/plugins/${encodeURIComponent(r.name)}/json` })) as { Enabled: boolean };
    expect(inspect.Enabled).toBe(false);
  }, 180_000);
});
