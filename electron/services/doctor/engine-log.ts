/**
 * The engine's own log, where a plugin's stdout/stderr end up (tagged `plugin=<id>`; no API
 * returns them). Found in this order: the engineLogPath setting; env PLUGSMITH_ENGINE_LOG; the dockerd process's standard error
 * (`/proc/<pid>/fd/2`, when it is a file); journald (`journalctl -u docker`). Else: why not.
 * Node-only; bounded reads (the tail of the file, a capped journalctl).
 */
import { execFile } from 'node:child_process';
import { open, readdir, readFile, readlink, stat } from 'node:fs/promises';

export interface EngineLogSource {
  /** How it was found: setting, /proc/<pid>/fd/2, journald. */
  via: string;
  /** The file (or the journalctl command) read. */
  where: string;
  text: string;
}

export type EngineLogResult = { ok: true; source: EngineLogSource } | { ok: false; reason: string };

const TAIL_BYTES = 4 * 1024 * 1024;

export async function readTail(path: string, maxBytes = TAIL_BYTES): Promise<string> {
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    const start = Math.max(0, size - maxBytes);
    const buf = Buffer.alloc(size - start);
    await fh.read(buf, 0, buf.length, start);
    const text = buf.toString('utf8');
    // Drop a torn first line when we started mid-file.
    return start > 0 ? text.slice(text.indexOf('\n') + 1) : text;
  } finally {
    await fh.close();
  }
}

/**
 * Which dockerd serves this socket: the one whose command line names it (`-H unix://…`,
 * `--host=…`), or — for the default socket — the one started without any -H.
 */
export function matchDockerd(cmdlines: { pid: number; argv: string[] }[], socketPath: string): number | null {
  const named = cmdlines.find((c) => c.argv.some((a) => a === socketPath || a.endsWith(`unix://${socketPath}`)));
  if (named) return named.pid;
  const isDefault = socketPath === '/var/run/docker.sock' || socketPath === '/run/docker.sock';
  if (isDefault) {
    const bare = cmdlines.find((c) => !c.argv.some((a) => a === '-H' || a.startsWith('--host') || a.startsWith('-H')));
    if (bare) return bare.pid;
  }
  return null;
}

async function dockerdProcesses(): Promise<{ pid: number; argv: string[] }[]> {
  const out: { pid: number; argv: string[] }[] = [];
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const comm = (await readFile(`/proc/${name}/comm`, 'utf8')).trim();
      if (comm !== 'dockerd') continue;
      const argv = (await readFile(`/proc/${name}/cmdline`, 'utf8')).split('\0').filter(Boolean);
      out.push({ pid: Number(name), argv });
    } catch {
      // The process ended while we looked.
    }
  }
  return out;
}

function journal(timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('journalctl', ['-u', 'docker', '--no-pager', '-o', 'cat', '-n', '20000'], { timeout: timeoutMs, maxBuffer: 32 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${err.message.split('\n')[0]}${stderr ? `: ${String(stderr).trim()}` : ''}`));
      else resolve(stdout);
    });
  });
}

export interface FindEngineLogOptions {
  /** A log file the user named in Settings (engineLogPath): tried first. */
  setting?: string | null;
  /** A log file named by env PLUGSMITH_ENGINE_LOG: tried second (tests and CI name their dockerd's file). */
  env?: string | null;
  /** The engine's unix socket; null for a remote engine. */
  socketPath: string | null;
  timeoutMs?: number;
}

/** How each step reads; the real ones by default, replaced only by the lookup-order tests. */
export interface EngineLogReaders {
  readTail(path: string): Promise<string>;
  dockerds(): Promise<{ pid: number; argv: string[] }[]>;
  /** Where /proc/<pid>/fd/2 points, and whether that is a regular file. */
  stderrOf(pid: number): Promise<{ target: string; isFile: boolean }>;
  journal(timeoutMs: number): Promise<string>;
}

const realReaders: EngineLogReaders = {
  readTail: (path) => readTail(path),
  dockerds: dockerdProcesses,
  async stderrOf(pid) {
    const fd = `/proc/${pid}/fd/2`;
    const target = await readlink(fd);
    return { target, isFile: target.startsWith('/') && !target.startsWith('/dev/') && (await stat(fd)).isFile() };
  },
  journal,
};

/**
 * The lookup order of check 14: the setting → env PLUGSMITH_ENGINE_LOG → dockerd's standard error
 * (/proc/<pid>/fd/2) → journald. A named file that cannot be read is said, and the next step tried.
 */
export async function findEngineLog(opts: FindEngineLogOptions, readers: EngineLogReaders = realReaders): Promise<EngineLogResult> {
  const reasons: string[] = [];
  const named: [string, string | null | undefined][] = [
    ['setting', opts.setting],
    ['PLUGSMITH_ENGINE_LOG', opts.env],
  ];
  for (const [via, path] of named) {
    if (!path) continue;
    try {
      return { ok: true, source: { via, where: path, text: await readers.readTail(path) } };
    } catch (err) {
      reasons.push(`the engine log ${via === 'setting' ? 'setting' : `from ${via}`} ${path} cannot be read: ${(err as Error).message}`);
    }
  }
  if (!opts.socketPath) return { ok: false, reason: [...reasons, 'the engine is remote: its log is on that machine'].join('; ') };
  const pid = matchDockerd(await readers.dockerds().catch(() => []), opts.socketPath);
  if (pid === null) reasons.push(`no dockerd process on this host serves ${opts.socketPath}`);
  else {
    const fd = `/proc/${pid}/fd/2`;
    try {
      const { target, isFile } = await readers.stderrOf(pid);
      if (isFile) return { ok: true, source: { via: `dockerd (pid ${pid}) standard error`, where: target, text: await readers.readTail(fd) } };
      reasons.push(`dockerd (pid ${pid}) writes its standard error to ${target}, not a file`);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      reasons.push(code === 'EACCES' || code === 'EPERM' ? `${fd}: needs root` : `${fd}: ${(err as Error).message}`);
    }
  }
  try {
    const text = await readers.journal(opts.timeoutMs ?? 3_000);
    if (text.trim() && !/^-- No entries --\s*$/.test(text.trim())) return { ok: true, source: { via: 'journald', where: 'journalctl -u docker', text } };
    reasons.push('journalctl -u docker has no entries');
  } catch (err) {
    reasons.push(`journalctl -u docker: ${(err as Error).message}`);
  }
  return { ok: false, reason: reasons.join('; ') };
}

/** The engine's lines about one plugin: it tags them `plugin=<full id>`. */
export function pluginLines(text: string, pluginId: string, max = 200): string[] {
  const tag = `plugin=${pluginId}`;
  return text.split('\n').filter((l) => l.includes(tag)).slice(-max);
}

/** The message part of a logrus line (`… msg="…" …`), unescaped; the line itself otherwise. */
export function messageOf(line: string): string {
  const m = /msg="((?:[^"\\]|\\.)*)"/.exec(line);
  return m ? m[1].replace(/\\"/g, '"').replace(/\\\\/g, '\\') : line;
}
