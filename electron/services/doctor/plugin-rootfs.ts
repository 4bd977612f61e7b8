/**
 * The plugin's real start script, read from its rootfs on disk (the engine's plugin folder:
 * DockerRootDir from GET /info + /plugins/<id>/rootfs), and what it means for the env the engine
 * passes: which names the script reads, and whether any configured one is among them. The seed's
 * 2017 config under Contiv's 2019 script is the case that needs it: the script greps for CONTIV_
 * variables, finds none and `set -e` ends it — no log anywhere, only the dial error at enable.
 * The reading of names is config/start-script.ts's (`scriptReads`, `envAgainstScript`), shared with
 * the editor. The plugin folder is root-only (drwx------): without root the fact is `unknown`, with
 * why and how to get it — never a guess.
 */
import { lstat, open, readlink } from 'node:fs/promises';
import { isAbsolute, join, posix } from 'node:path';
import type { EnginePlugin } from '../docker/plugin-model';
import { envAgainstScript, scriptReads } from '../config/start-script';
import type { DecodedConfig } from '../config/types';
import { effectiveEnv } from './contiv-config';

/** What the doctor knows about the plugin's start script. */
export type StartScriptFact =
  | {
      state: 'read';
      /** The script's path inside the plugin (e.g. /startcontiv.sh) and where it was read on the host. */
      script: string;
      hostPath: string;
      /** Names it reads ($NAME, ${NAME…}) and prefixes it selects by (`env | grep CONTIV_`). */
      reads: string[];
      prefixes: string[];
      /** Env names the engine passes the process (declared values and `docker plugin set`). */
      configured: string[];
      /** The configured names the script reads. */
      met: string[];
      /** Configured names exist, the script reads names, and none is among them: it starts without its settings. */
      silentExit: boolean;
      /** It runs `modprobe openvswitch` (and, as Contiv's scripts do, stops when that fails). */
      runsModprobe: boolean;
      /** It starts ovsdb-server / ovs-vswitchd itself: OVS runs inside the plugin. */
      startsOvs: boolean;
      /** envAgainstScript's findings, as sentences (the editor shows the same). */
      findings: string[];
    }
  /** The entrypoint is a program, not a script (nothing to read by name). */
  | { state: 'binary'; entrypoint: string[]; why: string }
  | { state: 'unknown'; why: string; needs?: string };

const MAX_SCRIPT_BYTES = 256 * 1024;

/** The plugin's rootfs on the engine's host. */
export function rootfsOf(dockerRootDir: string, pluginId: string): string {
  return join(dockerRootDir, 'plugins', pluginId, 'rootfs');
}

/**
 * A path inside the rootfs → the host path, following symlinks as the plugin would see them (an
 * absolute link target is inside the rootfs, never the host's). Never leaves the rootfs.
 */
export async function resolveInRootfs(rootfs: string, inside: string, hops = 0): Promise<string> {
  if (hops > 16) throw Object.assign(new Error(`too many symlinks at ${inside}`), { code: 'ELOOP' });
  const parts = posix.normalize(`/${inside}`).split('/').filter(Boolean);
  let at = '/';
  for (let i = 0; i < parts.length; i++) {
    const next = posix.join(at, parts[i]);
    const st = await lstat(join(rootfs, next));
    if (st.isSymbolicLink()) {
      const target = await readlink(join(rootfs, next));
      const rest = parts.slice(i + 1).join('/');
      const base = posix.isAbsolute(target) ? target : posix.join(at, target);
      return resolveInRootfs(rootfs, posix.join(base, rest), hops + 1);
    }
    at = next;
  }
  return join(rootfs, at);
}

async function head(path: string, bytes: number): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await fh.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

const isShellScript = (b: Buffer) => b.subarray(0, 2).toString('latin1') === '#!' && /^#!\s*\S*\b(sh|bash|ash|dash|busybox|ksh|zsh)\b/.test(b.subarray(0, 128).toString('latin1').split('\n')[0]);

/** Which entrypoint word is the script: the first one a shell script (`/startcontiv.sh`, or `/bin/sh /startcontiv.sh`). */
export async function findScript(rootfs: string, entrypoint: string[], workdir: string): Promise<{ script: string; hostPath: string } | { binary: string } | null> {
  let first: string | null = null;
  for (const word of entrypoint) {
    if (!word || word.startsWith('-')) continue;
    const inside = isAbsolute(word) ? word : posix.join(workdir || '/', word);
    let hostPath: string;
    try {
      hostPath = await resolveInRootfs(rootfs, inside);
      if (!(await lstat(hostPath)).isFile()) continue;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EACCES' || code === 'EPERM') throw err;
      continue; // a word that is no file in the rootfs (an argument)
    }
    if (isShellScript(await head(hostPath, 128))) return { script: inside, hostPath };
    first ??= inside;
  }
  return first ? { binary: first } : null;
}

/** The env names the engine passes the process: declared values, overridden by `docker plugin set`. */
export function configuredEnv(p: EnginePlugin): string[] {
  return [...effectiveEnv(p).keys()];
}

/** Pure: the script's text against the plugin's env. */
export function judgeScript(p: EnginePlugin, script: string, hostPath: string, text: string): StartScriptFact {
  const reads = scriptReads(text);
  const configured = configuredEnv(p);
  const readBy = (n: string) => reads.names.has(n) || [...reads.prefixes].some((x) => n.startsWith(x));
  const met = configured.filter(readBy);
  const name = posix.basename(script);
  const code = text.split('\n').map((l) => l.replace(/(^|\s)#.*$/, '$1'));
  const findings = envAgainstScript({ Env: configured.map((n) => ({ Name: n, Description: '', Settable: null, Value: '' })) } as unknown as DecodedConfig, reads, name)
    .filter((f) => f.severity !== 'info')
    .map((f) => f.message);
  return {
    state: 'read',
    script,
    hostPath,
    reads: [...reads.names].sort(),
    prefixes: [...reads.prefixes].sort(),
    configured,
    met,
    silentExit: configured.length > 0 && met.length === 0 && (reads.names.size > 0 || reads.prefixes.size > 0),
    runsModprobe: code.some((l) => /\bmodprobe\b.*\bopenvswitch\b/.test(l)),
    startsOvs: code.some((l) => /\b(ovsdb-server|ovs-vswitchd|ovs-ctl\s+start)\b/.test(l)),
    findings,
  };
}

export interface StartScriptInput {
  plugin: EnginePlugin;
  mode: 'local' | 'remote' | 'desktop';
  /** GET /info's DockerRootDir; null when /info did not say. */
  dockerRootDir: string | null;
}

/** Reads the entrypoint script from the plugin's rootfs; `unknown` (with why and how to get it) when it cannot. */
export async function readStartScript(input: StartScriptInput): Promise<StartScriptFact> {
  const p = input.plugin;
  if (input.mode === 'remote') return { state: 'unknown', why: "the engine is remote: the plugin's rootfs is on that machine", needs: 'run plugsmith serve (or plugsmith doctor) on the engine host' };
  if (input.mode === 'desktop') return { state: 'unknown', why: "Docker Desktop: the plugin's rootfs is inside its VM", needs: 'run plugsmith doctor inside the Docker Desktop VM' };
  if (!input.dockerRootDir) return { state: 'unknown', why: "the engine's GET /info gave no DockerRootDir: the plugin folder cannot be located" };
  const entrypoint = ((p.Config as { Entrypoint?: string[] | null } | undefined)?.Entrypoint ?? []).filter(Boolean);
  if (!entrypoint.length) return { state: 'unknown', why: 'the plugin has no entrypoint' };
  const rootfs = rootfsOf(input.dockerRootDir, p.Id);
  try {
    const found = await findScript(rootfs, entrypoint, (p.Config as { WorkDir?: string } | undefined)?.WorkDir ?? '/');
    if (!found) return { state: 'unknown', why: `no entrypoint word (${entrypoint.join(' ')}) is a file in ${rootfs}` };
    if ('binary' in found) return { state: 'binary', entrypoint, why: `${found.binary} is a program, not a shell script: which env names it reads cannot be read from it` };
    const text = (await head(found.hostPath, MAX_SCRIPT_BYTES)).toString('utf8');
    return judgeScript(p, found.script, found.hostPath, text);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM') {
      return { state: 'unknown', why: `${join(input.dockerRootDir, 'plugins')} is readable by root only`, needs: 'root: run plugsmith doctor with sudo (or plugsmith serve as root) to read the start script in the plugin rootfs' };
    }
    return { state: 'unknown', why: `${rootfs}: ${(err as Error).message}` };
  }
}

/** One line for a check's evidence. */
export function describeScript(f: StartScriptFact): string {
  if (f.state === 'unknown') return `start script: can't tell, because ${f.why}${f.needs ? ` (needs ${f.needs})` : ''}`;
  if (f.state === 'binary') return `start script: none — ${f.why}`;
  const reads = [...f.prefixes.map((x) => `${x}*`), ...f.reads].join(', ') || 'nothing';
  if (f.silentExit) {
    return `start script ${f.script} (read from the plugin rootfs) reads ${reads}; none of the configured env names (${f.configured.join(', ')}) is among them, so it starts without its settings and exits silently — enable fails with only the dial error and no log says why`;
  }
  return `start script ${f.script} (read from the plugin rootfs) reads ${reads}; configured names it reads: ${f.met.join(', ') || 'none'}`;
}
