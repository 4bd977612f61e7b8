#!/usr/bin/env node
/**
 * A private Docker engine for tests: its own socket, data root, exec root and
 * pidfile under one short folder, so it never touches the host's engine (if any)
 * and can be stopped by pid. Plain ESM so the test runner, vitest and Playwright
 * can all import it without a TypeScript step.
 *
 *   import { startDockerd } from './scripts/test-env/dockerd.mjs'
 *   const d = await startDockerd({ dir: '/tmp/psd-abc' }); … await d.stop();
 *
 *   node scripts/test-env/dockerd.mjs start [dir]   → prints JSON, leaves it running
 *   node scripts/test-env/dockerd.mjs stop <dir> [--remove]
 *                                                   → removes its plugins, stops it by pidfile,
 *                                                     and with --remove deletes the folder
 *
 * Why these flags: --iptables=false and --bridge=none keep the engine off the host's
 * firewall and out of docker0 (a second engine would fight the first for both).
 * containerd: with no system containerd socket (/run/containerd/containerd.sock)
 * dockerd 20.10 starts and supervises its own, under <exec-root>/containerd.
 */
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, mkdirSync, openSync, closeSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { delimiter, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isAlive, isExecutable, killAndWait, logTail, runIfMain } from './proc.mjs';

/** Docker CE installs /usr/bin/dockerd, Debian's docker.io /usr/sbin/dockerd; CE wins when both exist. */
const CANDIDATES = ['/usr/bin/dockerd', '/usr/sbin/dockerd'];

/** Fixed on Linux whatever --exec-root says, and shared by every dockerd on the host. */
const PLUGIN_SOCKET_ROOT = '/run/docker/plugins';

/** unix socket paths are limited to 107 bytes on Linux; stay well under. */
const MAX_SOCKET_PATH = 100;

export function findDockerd(env = process.env) {
  if (env.PLUGSMITH_DOCKERD) return env.PLUGSMITH_DOCKERD;
  for (const c of CANDIDATES) if (isExecutable(c)) return c;
  for (const d of (env.PATH ?? '').split(delimiter)) {
    if (d && isExecutable(join(d, 'dockerd'))) return join(d, 'dockerd');
  }
  throw new Error('dockerd not found (looked at /usr/bin/dockerd, /usr/sbin/dockerd and PATH); install docker.io or Docker CE');
}

export function pathsFor(dir) {
  const abs = resolve(dir);
  return {
    dir: abs,
    socket: join(abs, 'docker.sock'),
    dataRoot: join(abs, 'data'),
    execRoot: join(abs, 'exec'),
    pidfile: join(abs, 'dockerd.pid'),
    log: join(abs, 'dockerd.log'),
  };
}

/** Minimal HTTP over the engine's unix socket (no dockerode: this file must run with no install). */
export function engineCall(socket, method, path, { body, timeoutMs = 10_000 } = {}) {
  return new Promise((resolvePromise, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      {
        socketPath: socket,
        method,
        path,
        headers: payload ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) } : {},
        timeout: timeoutMs,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (text += c));
        res.on('end', () => {
          let json;
          try {
            json = text ? JSON.parse(text) : undefined;
          } catch {
            json = undefined;
          }
          resolvePromise({ status: res.statusCode ?? 0, text, json });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(payload);
  });
}

async function waitForPing(socket, isRunning, deadline) {
  let lastErr = 'no answer yet';
  while (Date.now() < deadline) {
    if (!isRunning()) return { ok: false, why: 'dockerd exited during start-up' };
    if (existsSync(socket)) {
      try {
        const r = await engineCall(socket, 'GET', '/_ping', { timeoutMs: 2_000 });
        if (r.status === 200) return { ok: true };
        lastErr = `HTTP ${r.status} ${r.text}`;
      } catch (err) {
        lastErr = err.message;
      }
    }
    await sleep(200);
  }
  return { ok: false, why: `GET /_ping did not answer within the deadline (${lastErr})` };
}

export async function startDockerd({ dir, timeoutMs = 30_000, binary, extraArgs = [] } = {}) {
  if (process.getuid && process.getuid() !== 0) throw new Error('startDockerd needs root (dockerd mounts, creates namespaces and plugin sockets)');
  const base = dir ?? mkdtempSync('/tmp/psd-');
  const p = pathsFor(base);
  if (Buffer.byteLength(p.socket) > MAX_SOCKET_PATH) {
    throw new Error(`${p.socket} is too long for a unix socket (${Buffer.byteLength(p.socket)} > ${MAX_SOCKET_PATH} bytes): use a short folder such as /tmp/psd-XXXX`);
  }
  mkdirSync(p.dir, { recursive: true });
  // mkdtemp makes 0700; a docker-group user (e2e runs serve as one) must be able to pass
  // through to the socket, which dockerd creates root:docker 0660. 0711: pass, not list.
  chmodSync(p.dir, 0o711);
  if (existsSync(p.pidfile)) {
    const old = Number(readFileSync(p.pidfile, 'utf8').trim());
    if (old && isAlive(old)) throw new Error(`a dockerd (pid ${old}) already runs on ${p.dir}; stop it first`);
  }
  // After a SIGKILL the containerd pidfile stays behind; its pid number can be reused by one
  // of the new dockerd's own threads, which then waits for a containerd that is not running.
  rmSync(join(p.execRoot, 'containerd', 'containerd.pid'), { force: true });
  const bin = binary ?? findDockerd();
  const args = [
    '--host', `unix://${p.socket}`,
    '--data-root', p.dataRoot,
    '--exec-root', p.execRoot,
    '--pidfile', p.pidfile,
    '--iptables=false',
    '--bridge=none',
    '--log-level=info',
    // An empty config file: a host /etc/docker/daemon.json (registry mirrors, a fixed "hosts",
    // a storage driver) must not leak into the test engine; "hosts" there would even make it refuse --host.
    '--config-file', writeEmptyConfig(p.dir),
    ...extraArgs,
  ];
  const fd = openSync(p.log, 'a');
  let exited = null;
  const child = spawn(bin, args, { detached: true, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  child.on('exit', (code, signal) => (exited = { code, signal }));
  const spawnError = new Promise((res) => child.once('error', (e) => res(e)));
  // Let an ENOENT/EACCES from spawn surface before we start waiting.
  const early = await Promise.race([spawnError, sleep(50).then(() => null)]);
  if (early) throw new Error(`cannot start ${bin}: ${early.message}`);
  child.unref();
  const pid = child.pid;
  const ping = await waitForPing(p.socket, () => exited === null && isAlive(pid), Date.now() + timeoutMs);
  if (!ping.ok) {
    if (exited === null && isAlive(pid)) await killAndWait(pid);
    sweepLeftovers(p.execRoot);
    await cleanAfterDeath(p);
    const how = exited ? ` (exit ${exited.code ?? exited.signal})` : '';
    throw new Error(`dockerd did not come up on ${p.socket}: ${ping.why}${how}\n--- last lines of ${p.log} ---\n${logTail(p.log)}`);
  }
  return {
    host: `unix://${p.socket}`,
    socket: p.socket,
    pid,
    dataRoot: p.dataRoot,
    execRoot: p.execRoot,
    dir: p.dir,
    log: p.log,
    binary: bin,
    stop: () => stopEngine(p, pid),
  };
}

function writeEmptyConfig(dir) {
  const file = join(dir, 'daemon.json');
  writeFileSync(file, '{}\n');
  return file;
}

/**
 * Plugins first: their sockets live in /run/docker/plugins/<id>, shared with every other
 * dockerd on the host, and a plugin left enabled keeps its process (and socket) alive.
 * Networks made with a plugin driver are removed first so the removal is clean.
 */
export async function removeAllPlugins(socket) {
  const removed = [];
  let plugins;
  try {
    const r = await engineCall(socket, 'GET', '/plugins');
    if (r.status !== 200 || !Array.isArray(r.json)) return removed;
    plugins = r.json;
  } catch {
    return removed; // engine not answering: nothing we can ask it to remove
  }
  if (plugins.length === 0) return removed;
  const names = new Set(plugins.flatMap((pl) => [pl.Name, pl.Name.replace(/:latest$/, '')]));
  try {
    const nets = await engineCall(socket, 'GET', '/networks');
    for (const n of Array.isArray(nets.json) ? nets.json : []) {
      if (names.has(n.Driver)) await engineCall(socket, 'DELETE', `/networks/${encodeURIComponent(n.Id)}`).catch(() => undefined);
    }
  } catch {
    // removal with force below still works
  }
  for (const pl of plugins) {
    try {
      const r = await engineCall(socket, 'DELETE', `/plugins/${encodeURIComponent(pl.Name)}?force=1`, { timeoutMs: 60_000 });
      if (r.status < 300) removed.push(pl.Name);
    } catch {
      // keep going: the others still need removing
    }
  }
  return removed;
}

/** [{pid, ppid, cmdline}] of every process, from /proc. */
function processTable() {
  const out = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').join(' ');
      out.push({ pid: Number(name), ppid, cmdline });
    } catch {
      // the process ended while we looked
    }
  }
  return out;
}

/**
 * After a SIGKILL the engine cannot stop what it started: its containerd and the shims
 * (and plugin processes) under it keep running. They are found by our own exec root in
 * their command line — never by name — and killed by pid, children first.
 */
function sweepLeftovers(execRoot) {
  const marker = `${execRoot}/containerd/`;
  const table = processTable();
  const ours = table.filter((p) => p.cmdline.includes(marker));
  const killed = [];
  for (const shim of ours) {
    for (const child of table.filter((p) => p.ppid === shim.pid)) killed.push(child.pid);
  }
  // shims before containerd, so nothing is reparented under a dying parent
  killed.push(...ours.sort((a, b) => Number(a.cmdline.startsWith('containerd ')) - Number(b.cmdline.startsWith('containerd '))).map((p) => p.pid));
  for (const pid of killed) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  return killed;
}

/**
 * What a dead engine could not clean up itself: the socket folders of its plugins in the
 * host-wide /run/docker/plugins (only ids from our own data root), and mounts left inside
 * our folder (its data root is bind-mounted onto itself while it runs).
 */
async function cleanAfterDeath(p) {
  const left = { pluginDirs: [], unmounted: [] };
  let ids = [];
  try {
    ids = readdirSync(join(p.dataRoot, 'plugins')).filter((n) => /^[0-9a-f]{64}$/.test(n));
  } catch {
    // no plugins were ever created here
  }
  for (const id of ids) {
    const d = join(PLUGIN_SOCKET_ROOT, id);
    if (existsSync(d)) {
      rmSync(d, { recursive: true, force: true });
      left.pluginDirs.push(d);
    }
  }
  // Deepest first, so a parent is never busy because of a child.
  for (const m of mountsUnder(p.dir).sort((a, b) => b.length - a.length)) {
    try {
      execFileSync('umount', [m], { stdio: 'ignore' });
      left.unmounted.push(m);
    } catch {
      // still busy: removeEngineDir will refuse and say so
    }
  }
  return left;
}

async function stopEngine(p, pid) {
  const removedPlugins = await removeAllPlugins(p.socket);
  const how = await killAndWait(pid);
  const sweptPids = sweepLeftovers(p.execRoot);
  // A clean SIGTERM exit leaves nothing behind; only look further when it did not get one.
  const leftovers = how === 'SIGTERM' && sweptPids.length === 0 ? { pluginDirs: [], unmounted: [] } : await cleanAfterDeath(p);
  return { pid, removedPlugins, how, sweptPids, ...leftovers };
}

/** Mount points at or under dir, from /proc/self/mountinfo (field 5, octal-escaped). */
export function mountsUnder(dir) {
  const base = resolve(dir);
  const unescape = (m) => m.replace(/\\([0-7]{3})/g, (_x, o) => String.fromCharCode(parseInt(o, 8)));
  return readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .map((l) => l.split(' ')[4])
    .filter(Boolean)
    .map(unescape)
    .filter((m) => m === base || m.startsWith(`${base}/`));
}

/**
 * Deletes a stopped engine's folder — but never while anything is still mounted inside it:
 * a recursive delete would walk into the mount (an overlay, or a bind of a host folder)
 * and delete real files.
 */
export function removeEngineDir(dir) {
  const left = mountsUnder(dir);
  if (left.length) throw new Error(`not removing ${dir}: still mounted inside it: ${left.join(', ')}`);
  rmSync(resolve(dir), { recursive: true, force: true });
}

export async function stopDockerd({ dir }) {
  const p = pathsFor(dir);
  if (!existsSync(p.pidfile)) throw new Error(`no pidfile at ${p.pidfile}: is a dockerd running on ${p.dir}?`);
  const pid = Number(readFileSync(p.pidfile, 'utf8').trim());
  if (!pid) throw new Error(`unreadable pidfile ${p.pidfile}`);
  return stopEngine(p, pid);
}

async function main(argv) {
  const [cmd, dir, flag] = argv;
  if (cmd === 'start') {
    const d = await startDockerd({ dir });
    const { stop: _stop, ...info } = d;
    process.stdout.write(`${JSON.stringify(info)}\n`);
  } else if (cmd === 'stop' && dir) {
    const result = await stopDockerd({ dir });
    if (flag === '--remove') removeEngineDir(dir);
    process.stdout.write(`${JSON.stringify({ ...result, removedDir: flag === '--remove' })}\n`);
  } else {
    process.stderr.write('usage: dockerd.mjs start [dir] | stop <dir> [--remove]\n');
    process.exitCode = 2;
  }
}

runIfMain(import.meta.url, main);
