/**
 * The test engine starter itself, on a second dockerd of its own (root only): it comes up
 * on its own socket with its own containerd, stop() removes the plugins it holds (their
 * socket folders live in the host-wide /run/docker/plugins) and ends the process by pid;
 * the CLI form does the same across processes through the pidfile.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { engineCall, mountsUnder, removeEngineDir, startDockerd } from './dockerd.mjs';
import { isAlive as alive } from './proc.mjs';
import { Engine } from '../../electron/services/docker/engine';
import { createFixturePlugin } from '../../electron/services/docker/testing/fixtures';

const run = promisify(execFile);
const isRoot = process.getuid?.() === 0;
const SCRIPT = join(__dirname, 'dockerd.mjs');

/** Pids whose command line (and parent pid) match. */
function pidsWhere(match: (cmdline: string, ppid: number) => boolean): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (match(readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').join(' '), ppid)) out.push(Number(name));
    } catch {
      // ended while we looked
    }
  }
  return out;
}

describe.skipIf(!isRoot)('scripts/test-env/dockerd.mjs (needs root: skipped otherwise)', () => {
  const dirs: string[] = [];
  const pids: number[] = [];

  afterAll(() => {
    // Only if a test failed half-way: never leave an engine of ours running.
    for (const pid of pids) if (alive(pid)) process.kill(pid, 'SIGKILL');
    for (const d of dirs) if (mountsUnder(d).length === 0) rmSync(d, { recursive: true, force: true });
  });

  it('refuses a folder whose socket path would be too long', async () => {
    await expect(startDockerd({ dir: `/tmp/${'x'.repeat(100)}` })).rejects.toThrow(/too long for a unix socket/);
  });

  it('fails with the engine log’s tail when dockerd exits during start-up', async () => {
    const dir = mkdtempSync('/tmp/psd-t-');
    dirs.push(dir);
    const err = await startDockerd({ dir, extraArgs: ['--no-such-flag'] }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/dockerd exited during start-up/);
    expect((err as Error).message).toContain('unknown flag: --no-such-flag');
  });

  it('starts an engine with its own containerd, and stop() removes its plugins and ends it', async () => {
    const dir = mkdtempSync('/tmp/psd-t-');
    dirs.push(dir);
    const d = await startDockerd({ dir });
    pids.push(d.pid);
    expect(d.host).toBe(`unix://${dir}/docker.sock`);
    expect(readFileSync(join(dir, 'dockerd.pid'), 'utf8').trim()).toBe(String(d.pid));
    // A docker-group user can reach the socket through the (mkdtemp 0700) folder.
    expect(statSync(dir).mode & 0o777).toBe(0o711);
    const dockerGid = statSync(d.socket).gid;
    if (dockerGid !== 0) {
      const ping = `require('http').get({socketPath:${JSON.stringify(d.socket)},path:'/_ping'},r=>{r.on('data',c=>process.stdout.write(c))}).on('error',e=>{console.error(e.message);process.exit(1)})`;
      const asUser = await run('setpriv', ['--reuid=65534', '--regid=65534', `--groups=${dockerGid}`, process.execPath, '-e', ping]);
      expect(asUser.stdout).toBe('OK');
    }
    const version = await engineCall(d.socket, 'GET', '/version');
    expect(version.status).toBe(200);
    expect(version.json.ApiVersion).toMatch(/^1\.\d+$/);
    // Supervised by this engine, not the host's: its socket is under our exec root.
    expect(readFileSync(d.log, 'utf8')).toContain(`${dir}/exec/containerd/containerd.sock`);

    const engine = new Engine({ dockerHost: d.host, env: {} });
    const fx = await createFixturePlugin(engine, { name: 'plugsmith-it/stop-check', mode: 'ok' });
    await engine.request({ method: 'POST', path: `/plugins/${encodeURIComponent(fx.name)}/enable`, query: { timeout: 10 } });
    const id = (await engine.request<{ Id: string }>({ method: 'GET', path: `/plugins/${encodeURIComponent(fx.name)}/json` })).Id;
    expect(existsSync(`/run/docker/plugins/${id}`)).toBe(true);

    // While it runs, the engine holds a mount inside its folder, so the folder must not be deleted.
    expect(mountsUnder(dir)).toContain(d.dataRoot);
    expect(() => removeEngineDir(dir)).toThrow(/still mounted/);
    expect(existsSync(d.socket)).toBe(true);

    const stopped = await d.stop();
    expect(stopped.removedPlugins).toEqual([fx.name]);
    expect(stopped.how).toBe('SIGTERM');
    expect(stopped.sweptPids).toEqual([]); // a clean exit took its containerd and shims with it
    expect(alive(d.pid)).toBe(false);
    expect(existsSync(`/run/docker/plugins/${id}`)).toBe(false);
    expect(mountsUnder(dir)).toEqual([]);
    removeEngineDir(dir);
    expect(existsSync(dir)).toBe(false);
  });

  it('after the engine was SIGKILLed, stop() still ends its containerd, shim and plugin and cleans up', async () => {
    const dir = mkdtempSync('/tmp/psd-t-');
    dirs.push(dir);
    const d = await startDockerd({ dir });
    pids.push(d.pid);
    const engine = new Engine({ dockerHost: d.host, env: {} });
    const fx = await createFixturePlugin(engine, { name: 'plugsmith-it/kill-check', mode: 'ok' });
    await engine.request({ method: 'POST', path: `/plugins/${encodeURIComponent(fx.name)}/enable`, query: { timeout: 10 } });
    const id = (await engine.request<{ Id: string }>({ method: 'GET', path: `/plugins/${encodeURIComponent(fx.name)}/json` })).Id;

    const shim = pidsWhere((cmd) => cmd.includes(`-id ${id}`) && cmd.includes(`${dir}/exec/containerd/`));
    expect(shim).toHaveLength(1);
    const plugin = pidsWhere((_cmd, ppid) => ppid === shim[0]);
    expect(plugin).toHaveLength(1);

    process.kill(d.pid, 'SIGKILL');
    const stopped = await d.stop();
    expect(stopped.how).toBe('already-exited');
    expect(stopped.removedPlugins).toEqual([]); // nobody left to ask
    // containerd dies with dockerd (parent-death signal); the shim and the plugin survive it.
    expect(stopped.sweptPids).toEqual(expect.arrayContaining([shim[0], plugin[0]]));
    for (const pid of stopped.sweptPids) {
      for (let i = 0; i < 50 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
      expect(alive(pid), `pid ${pid}`).toBe(false);
    }
    expect(stopped.pluginDirs).toEqual([`/run/docker/plugins/${id}`]);
    expect(existsSync(`/run/docker/plugins/${id}`)).toBe(false);
    expect(mountsUnder(dir)).toEqual([]);
    removeEngineDir(dir);
  });

  it('start/stop from the command line, across processes', async () => {
    const dir = mkdtempSync('/tmp/psd-t-');
    dirs.push(dir);
    const started = JSON.parse((await run(process.execPath, [SCRIPT, 'start', dir])).stdout) as { pid: number; host: string; socket: string };
    pids.push(started.pid);
    expect(alive(started.pid)).toBe(true);
    expect((await engineCall(started.socket, 'GET', '/_ping')).text).toBe('OK');
    const stopped = JSON.parse((await run(process.execPath, [SCRIPT, 'stop', dir, '--remove'])).stdout) as { pid: number; how: string };
    expect(stopped.pid).toBe(started.pid);
    expect(alive(started.pid)).toBe(false);
    expect(existsSync(dir)).toBe(false);
  });
});
