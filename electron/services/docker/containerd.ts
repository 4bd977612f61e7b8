/**
 * The engine's containerd, as far as managed plugins go: where its socket is, what it holds in
 * the `plugins.moby` namespace (one container, and a task while running, per enabled plugin, named
 * by the plugin id), and the clean-up of what a killed dockerd left there.
 *
 * Why: a dockerd SIGKILLed during an enable (after containerd made the container, before the
 * engine saved the plugin as enabled) comes back with the plugin disabled while containerd still
 * holds the container — often with the old plugin process running. The engine has lost track of
 * it: every enable then fails with `error creating containerd container: id already in use`
 * (or `task … already exists`), for ever. Only containerd's own client can remove it.
 *
 * Everything runs `ctr` (Debian's containerd package) with an argv array. containerd's socket is
 * root-only, and so is finding it (the engine's process is read through /proc), so without root
 * this says exactly that instead of guessing.
 */
import { execFile } from 'node:child_process';
import { readFile, readdir, readlink, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { shellQuote } from './plugin-model';

export const PLUGIN_NAMESPACE = 'plugins.moby';
/** Where dockerd looks for a system containerd before starting its own (moby: containerd.sock under /run/containerd). */
export const SYSTEM_CONTAINERD = '/run/containerd/containerd.sock';
const DEFAULT_EXEC_ROOT = '/var/run/docker';
const CTR_TIMEOUT_MS = 4_000;

/**
 * The engine's words for that wreck: creating the container (`id already in use`) or its task
 * (containerd's `task <id>: already exists`).
 */
export const LEFTOVER_ERROR = /error creating containerd container: id already in use|task [0-9a-f]{12,64}:? already exists/i;

export interface DockerdProcess {
  pid: number;
  argv: string[];
  /** When this dockerd started (ms since the epoch): anything containerd made before then was made by an earlier engine. */
  startedAtMs: number;
}

export type Located = { socket: string; from: string; dockerd: DockerdProcess } | { unknown: string };

export interface ContainerdTask {
  id: string;
  pid: number;
  /** RUNNING, STOPPED, CREATED, PAUSED… as ctr prints it. */
  status: string;
}

export interface PluginContainer {
  id: string;
  /** When containerd created it (ms since the epoch), from `ctr containers info`; null when unreadable. */
  createdAtMs: number | null;
  task: ContainerdTask | null;
}

/** The ctr argv prefix that addresses this containerd's plugin namespace. */
export function ctrBase(socket: string): string[] {
  return ['ctr', '--address', socket, '--namespace', PLUGIN_NAMESPACE];
}

/** How a user types the same argv (the CLI twin). */
export function argvText(argv: readonly string[]): string {
  return argv.map(shellQuote).join(' ');
}

// ---- finding the engine's containerd ----------------------------------------------------------

/** Inodes of the unix sockets bound to `path`, from /proc/net/unix (last column is the path). */
export function socketInodes(procNetUnix: string, path: string): Set<string> {
  const out = new Set<string>();
  for (const line of procNetUnix.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length >= 8 && f.slice(7).join(' ') === path) out.add(f[6]);
  }
  return out;
}

/** `--flag value` or `--flag=value`; the last one wins, as Go's flag parsing does. */
export function flagValue(argv: readonly string[], flag: string): string | null {
  let v: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === flag && i + 1 < argv.length) v = argv[i + 1];
    else if (argv[i].startsWith(`${flag}=`)) v = argv[i].slice(flag.length + 1);
  }
  return v;
}

/** The gRPC address in a containerd config dockerd wrote (`[grpc]` … `address = "…"`). */
export function grpcAddress(toml: string): string | null {
  const grpc = toml.split(/^\s*\[/m).find((s) => /^grpc\]/.test(s));
  const m = grpc && /^\s*address\s*=\s*"([^"]+)"/m.exec(grpc);
  return m ? m[1] : null;
}

async function readArgv(pid: number): Promise<string[]> {
  return (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0').filter(Boolean);
}

/**
 * A process's start time: /proc/<pid>/stat field 22 (clock ticks since boot) against
 * /proc/uptime, both to 10 ms (btime in /proc/stat is whole seconds: too coarse to tell a
 * container made just before a restart from one made just after).
 */
async function startedAtMs(pid: number): Promise<number> {
  const [st, uptime] = await Promise.all([readFile(`/proc/${pid}/stat`, 'utf8'), readFile('/proc/uptime', 'utf8')]);
  const now = Date.now();
  const ticks = Number(st.slice(st.lastIndexOf(')') + 2).split(' ')[19]);
  const upMs = Number(uptime.split(' ')[0]) * 1000;
  // USER_HZ is 100 on every Linux this runs on (sysconf(_SC_CLK_TCK) is not reachable from Node).
  return Math.round(now - upMs + ticks * 10);
}

/** The process holding the engine's listening socket (needs root: other users' /proc/<pid>/fd are closed). */
async function socketOwner(socketPath: string): Promise<number | null> {
  const inodes = socketInodes(await readFile('/proc/net/unix', 'utf8'), socketPath);
  if (inodes.size === 0) return null;
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let fds: string[];
    try {
      fds = await readdir(`/proc/${name}/fd`);
    } catch {
      continue; // gone, or not ours to read
    }
    for (const fd of fds) {
      const target = await readlink(`/proc/${name}/fd/${fd}`).catch(() => '');
      const m = /^socket:\[(\d+)\]$/.exec(target);
      if (m && inodes.has(m[1])) return Number(name);
    }
  }
  return null;
}

async function isSocket(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null))?.isSocket() ?? false;
}

/** The containerd a dockerd started itself: its child `containerd --config <exec-root>/containerd/containerd.toml`. */
async function childContainerd(pid: number): Promise<string | null> {
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const st = await readFile(`/proc/${name}/stat`, 'utf8');
      if (Number(st.slice(st.lastIndexOf(')') + 2).split(' ')[1]) !== pid) continue;
      const argv = await readArgv(Number(name));
      if (!/(^|\/)containerd$/.test(argv[0] ?? '')) continue;
      const config = flagValue(argv, '--config');
      if (!config) continue;
      const addr = grpcAddress(await readFile(config, 'utf8').catch(() => '')) ?? join(dirname(config), 'containerd.sock');
      return addr.replace(/^unix:\/\//, '');
    } catch {
      // the process ended while we looked
    }
  }
  return null;
}

/**
 * The containerd the engine on `engineSocket` uses, the way dockerd chooses it: `--containerd`
 * (flag or daemon.json), else the one it started itself (a child, config under its exec root),
 * else the system one at /run/containerd. Root only; any other case says what is missing.
 */
export async function locateContainerd(engineSocket: string | null, isRoot: boolean): Promise<Located> {
  if (!engineSocket) return { unknown: 'the engine is not on a local unix socket, so neither is its containerd' };
  if (!isRoot) return { unknown: `needs root: containerd's socket is root-only (srw-rw---- root), and finding the engine's containerd reads its process through /proc — run \`sudo plugsmith doctor\`` };
  const pid = await socketOwner(engineSocket).catch(() => null);
  if (!pid) return { unknown: `no process on this host holds ${engineSocket} (read from /proc/net/unix): the engine's containerd cannot be found` };
  const argv = await readArgv(pid).catch(() => [] as string[]);
  const dockerd: DockerdProcess = { pid, argv, startedAtMs: await startedAtMs(pid).catch(() => 0) };
  const configFile = flagValue(argv, '--config-file') ?? '/etc/docker/daemon.json';
  const daemonJson = await readFile(configFile, 'utf8').then((t) => JSON.parse(t) as Record<string, unknown>).catch(() => ({} as Record<string, unknown>));
  const explicit = flagValue(argv, '--containerd') ?? (typeof daemonJson.containerd === 'string' ? daemonJson.containerd : null);
  const candidates: { socket: string; from: string }[] = [];
  if (explicit) candidates.push({ socket: explicit.replace(/^unix:\/\//, ''), from: `dockerd (pid ${pid}) --containerd` });
  const child = await childContainerd(pid);
  if (child) candidates.push({ socket: child, from: `the containerd dockerd (pid ${pid}) started` });
  candidates.push({ socket: SYSTEM_CONTAINERD, from: 'the system containerd' });
  const execRoot = flagValue(argv, '--exec-root') ?? (typeof daemonJson['exec-root'] === 'string' ? (daemonJson['exec-root'] as string) : DEFAULT_EXEC_ROOT);
  candidates.push({ socket: join(execRoot, 'containerd', 'containerd.sock'), from: `dockerd (pid ${pid})'s exec root ${execRoot}` });
  for (const c of candidates) if (await isSocket(c.socket)) return { ...c, dockerd };
  return { unknown: `dockerd (pid ${pid}) found, but none of its possible containerd sockets exists (${candidates.map((c) => c.socket).join(', ')})` };
}

// ---- reading and cleaning with ctr --------------------------------------------------------------

export class CtrError extends Error {
  constructor(
    readonly argv: string[],
    readonly stderr: string,
    readonly missing = false,
  ) {
    super(missing ? 'ctr is not installed (Debian/Ubuntu: apt-get install containerd)' : `${argvText(argv)}: ${stderr.trim().split('\n').pop() ?? 'failed'}`);
  }
}

export function runCtr(argv: string[], timeoutMs = CTR_TIMEOUT_MS): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(argv[0], argv.slice(1), { timeout: timeoutMs, maxBuffer: 8 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (!err) return resolve(String(stdout));
      const code = (err as NodeJS.ErrnoException).code;
      reject(new CtrError(argv, String(stderr) || err.message, code === 'ENOENT'));
    });
  });
}

/** `ctr tasks ls` output: a header, then `ID PID STATUS`. */
export function parseTasks(text: string): ContainerdTask[] {
  return text
    .split('\n')
    .slice(1)
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => f.length >= 3 && /^[0-9a-f]{64}$/.test(f[0]))
    .map((f) => ({ id: f[0], pid: Number(f[1]), status: f[2] }));
}

export async function listTasks(socket: string): Promise<ContainerdTask[]> {
  return parseTasks(await runCtr([...ctrBase(socket), 'tasks', 'ls']));
}

export async function listContainerIds(socket: string): Promise<string[]> {
  return (await runCtr([...ctrBase(socket), 'containers', 'ls', '-q'])).split('\n').map((s) => s.trim()).filter(Boolean);
}

/** Every container in plugins.moby, with its task and creation time. */
export async function pluginContainers(socket: string): Promise<PluginContainer[]> {
  const [ids, tasks] = await Promise.all([listContainerIds(socket), listTasks(socket)]);
  return Promise.all(
    ids.map(async (id) => {
      let createdAtMs: number | null = null;
      try {
        const info = JSON.parse(await runCtr([...ctrBase(socket), 'containers', 'info', id])) as { CreatedAt?: string };
        const t = info.CreatedAt ? Date.parse(info.CreatedAt) : NaN;
        createdAtMs = Number.isFinite(t) ? t : null;
      } catch {
        // removed meanwhile, or unreadable: the age is then unknown
      }
      return { id, createdAtMs, task: tasks.find((t) => t.id === id) ?? null };
    }),
  );
}

/** The clean-up, step by step, as the argv each step runs (the twin prints them joined by &&). */
export function cleanupSteps(socket: string, id: string, withTask: boolean): string[][] {
  const base = ctrBase(socket);
  return [...(withTask ? [[...base, 'tasks', 'kill', '--signal', 'SIGKILL', id], [...base, 'tasks', 'delete', id]] : []), [...base, 'containers', 'delete', id]];
}

export function cleanupTwin(socket: string, id: string, withTask: boolean): string {
  return cleanupSteps(socket, id, withTask).map(argvText).join(' && ');
}
