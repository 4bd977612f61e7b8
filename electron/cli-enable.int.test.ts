/**
 * After a failed enable, for every plugin: `plugsmith plugins enable NAME` (the CLI as it ships,
 * built from this tree) prints the plugin's own last output (engine-log lines tagged with its id),
 * how its process ended, and the doctor's ranked cause — not only `engine/http-500` and the dial
 * error. And the doctor, on a plugin whose entrypoint never listens, finds its own lines and offers
 * no Enable again. Two real failures on the test's dockerd: the example driver that never opens its
 * socket (not Contiv), and the Contiv-shaped stand-in with CONTIV_ROLE=master.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from './services/docker/engine';
import { createFixturePlugin, removePluginQuietly } from './services/docker/testing/fixtures';
import { SKIP_REASON, testEngineHost, uniqueName } from './services/docker/testing/harness';
import { runDoctor } from './services/doctor/runner';
import { createStandin, standinSkipReason } from './services/doctor/testing/contiv-standin';

const host = testEngineHost();
const skip = !host ? SKIP_REASON : standinSkipReason();
const ROOT = join(__dirname, '..');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function exec(bin: string, args: string[], env: NodeJS.ProcessEnv, timeout = 120_000): Promise<Run> {
  return new Promise((resolve, reject) =>
    execFile(bin, args, { env, timeout, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      if (err && typeof err.code !== 'number') return reject(new Error(`${bin} ${args.join(' ')}: ${err.message}\n${stderr}`));
      resolve({ code: err ? (err.code as unknown as number) : 0, stdout: String(stdout), stderr: String(stderr) });
    }),
  );
}

describe.skipIf(!!skip)(`a failed enable leads to its cause, for every plugin${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let engine: Engine;
  let dir = '';
  let cli = '';
  let silent = '';
  let role = '';
  const runs: Record<string, Run> = {};
  const made: string[] = [];

  const enable = (name: string) => exec(process.execPath, [cli, 'plugins', 'enable', name, '--timeout', '5'], { PATH: process.env.PATH, PLUGSMITH_HOME: join(dir, 'home'), DOCKER_HOST: host! });

  beforeAll(async () => {
    engine = new Engine({ dockerHost: host!, env: {} });
    dir = mkdtempSync(join(tmpdir(), 'plugsmith-cli-enable-'));
    const built = await exec(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), '--only', 'cli', '--outdir', join(dir, 'dist')], { PATH: process.env.PATH }, 120_000);
    if (built.code !== 0) throw new Error(`building the CLI failed:\n${built.stdout}\n${built.stderr}`);
    cli = join(dir, 'dist', 'cli.cjs');
    silent = (await createFixturePlugin(engine, { name: uniqueName('never-listens'), mode: 'no-socket' })).name;
    made.push(silent);
    role = await createStandin(engine, { name: uniqueName('role-master'), logDir: mkdtempSync(join(dir, 'log-')), checkModule: false, env: { CONTIV_ROLE: 'master' } });
    made.push(role);
    // Both enables at once: each takes the engine's ~12.6 s of retries.
    [runs.silent, runs.role] = await Promise.all([enable(silent), enable(role)]);
  }, 240_000);

  afterAll(async () => {
    for (const p of made) await removePluginQuietly(engine, p);
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  it('a plugin that never listens (not Contiv): its own output, its exit, and plugin-socket as the cause', () => {
    const r = runs.silent;
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/dial unix \S+netdriver\.sock: connect: no such file or directory/);
    expect(r.stderr).toContain(`why ${silent} did not start:`);
    expect(r.stderr).toMatch(/its own last output \(\d+ of \d+ line\(s\) tagged with its id, engine log .*dockerd/);
    expect(r.stderr).toMatch(/\| netdriver: starting: mode=no-socket/);
    expect(r.stderr).toMatch(/exit: (its process ended|started \d+ time)/);
    expect(r.stderr).toMatch(/cause: plugin-socket — Plugin socket exists and answers \(fail\)/);
    expect(r.stderr).toMatch(/its entrypoint never listened on netdriver\.sock/);
  });

  it('the Contiv stand-in with CONTIV_ROLE=master: the CRITICAL line it printed, and contiv-plugin as the cause', () => {
    const r = runs.role;
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/\| CRITICAL: ENV CONTIV_ROLE must be in \[netmaster, netplugin\]/);
    expect(r.stderr).toMatch(/cause: contiv-plugin — /);
    expect(r.stderr).toMatch(/CONTIV_ROLE is "master": the 2019 start script accepts only netmaster or netplugin/);
  });

  it('the doctor on the plugin that never listens: finds its own engine-log lines, explains the dial error, offers no Enable again', async () => {
    const r = await runDoctor({ engine, plugin: silent }, undefined, undefined, ['plugin-socket', 'plugin-logs']);
    const sock = r.checks.find((c) => c.id === 'plugin-socket')!;
    const logs = r.checks.find((c) => c.id === 'plugin-logs')!;
    expect(sock.status).toBe('fail');
    expect(sock.action).toBeUndefined();
    expect(sock.evidence.join('\n')).toMatch(/its last enable failed — dial unix/);
    expect(sock.evidence.join('\n')).toMatch(/netdriver: starting: mode=no-socket/);
    expect(logs.evidence.join('\n')).toMatch(/engine: netdriver: starting: mode=no-socket/);
    expect(logs.evidence.join('\n')).toMatch(/\[explains plugin-socket\] engine log: dial unix .*netdriver\.sock/);
    expect(r.verdict.causes[0]?.check).toBe('plugin-socket');
  });
});
