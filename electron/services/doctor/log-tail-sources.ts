/**
 * Which host files hold a plugin's logs. A plugin writes inside its own root; only what it writes
 * under a bind mount reaches the host, so every path here is a mount's Source plus the rest:
 *  - Contiv: $CONTIV_LOG_DIR (2017: log_dir; default /var/log/contiv) through the plugin's mounts,
 *    and the five files Contiv writes there (they may not exist yet: they are followed anyway);
 *  - any plugin: mounts whose destination looks like a log folder (`…/log`, `…/logs`, `/var/log/…`)
 *    or a log file (`*.log`): the log files in them that are the plugin's — named by its config
 *    (an env value or arg), named after it or after what Contiv writes, or written since the
 *    plugin last started. A plugin that mounts the host's whole /var/log shares it with every
 *    program on the host: `alternatives.log` or `dpkg.log` there are not the plugin's.
 * `looked` keeps every place considered, so "no logs" can say where it looked. Pure but for
 * listing folders.
 */
import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { PLUGIN_SOCKET_ROOT } from '../docker/probe';
import type { EnginePlugin } from '../docker/plugin-model';
import { CONTIV_LOG_FILES } from './checks/logs';
import { hostPathOf, readContiv, isContivPlugin } from './contiv-config';

export interface LogFileSource {
  /** Stable key within one plugin: the host path. */
  key: string;
  /** The file as the plugin sees it (what a user reads in Contiv's docs). */
  label: string;
  path: string;
}

export interface ResolvedLogFiles {
  files: LogFileSource[];
  /** Human lines: each place looked at and what was found. */
  looked: string[];
  /** Folders to list again later (a generic log folder may gain files). */
  folders: { inside: string; host: string }[];
}

/** A mount destination that is a log folder or a log file. */
export const LOG_DEST = /(^|\/)(var\/log|logs?)(\/|$)|\.log$/i;
/** Log files worth following in a folder; rotated copies (`x.log.1`, `x.log.2.gz`) are not. */
const LOG_FILE = /\.(log|txt|out|err)$/i;
const MAX_FILES_PER_FOLDER = 16;

const mountsOf = (p: EnginePlugin) => ((p.Settings?.Mounts?.length ? p.Settings.Mounts : p.Config?.Mounts) ?? []).filter((m) => m.Source && m.Destination);

/** What makes a file in a mounted folder the plugin's, and why not when it is not. */
export interface Ownership {
  /** When the plugin last started (its socket folder's modification time), or null when unknown (disabled, not root). */
  startedAtMs: number | null;
  /** File names its config names (env values, args: `/var/log/x/agent.log` → `agent.log`). */
  named: Set<string>;
  /** Name fragments of the plugin itself (`contiv/v2plugin:1.2` → `v2plugin`), and Contiv's own files. */
  stems: string[];
}

/** A file name's own words: `myplugin-2024.log` → `myplugin-2024`. */
const stemOf = (name: string) => name.replace(/\.(log|txt|out|err)$/i, '').toLowerCase();

/** What in the config names files: every path-like word ending like a log file, in env values and args. */
export function namedFiles(plugin: EnginePlugin): Set<string> {
  const values = [
    ...(plugin.Settings?.Env ?? []).map((e) => e.slice(e.indexOf('=') + 1)),
    ...(plugin.Config?.Env ?? []).map((e) => e.Value ?? ''),
    ...(plugin.Settings?.Args ?? []),
    ...(plugin.Config?.Args?.Value ?? []),
  ];
  const out = new Set<string>();
  for (const v of values) for (const m of v.matchAll(/[\w.@+-]+\.(?:log|txt|out|err)\b/gi)) out.add(basename(m[0]));
  return out;
}

/** The plugin's own name words: repository's last part without tag (`v2plugin`), at least 3 characters. */
export function pluginStems(plugin: EnginePlugin): string[] {
  const last = plugin.Name.replace(/:[^/:]*$/, '').split('/').pop() ?? '';
  return [last.toLowerCase()].filter((x) => x.length >= 3);
}

/**
 * When the plugin last started: the engine makes `/run/docker/plugins/<id>/` at enable and the
 * plugin binds its socket there, so the folder's modification time is its start. Null when disabled or
 * unreadable (root only): then only names decide.
 */
export async function pluginStartedAt(plugin: EnginePlugin, root = PLUGIN_SOCKET_ROOT): Promise<number | null> {
  if (!plugin.Enabled) return null;
  try {
    const st = await stat(join(root, plugin.Id));
    // Its modification time moves when the plugin binds its socket in it (an entry added).
    return st.mtimeMs;
  } catch {
    return null;
  }
}

const KNOWN = new Set(CONTIV_LOG_FILES);

/** Why a file is the plugin's, or null when nothing says it is. */
export function ownedBecause(name: string, mtimeMs: number, own: Ownership): string | null {
  if (own.named.has(name)) return 'named by its config';
  if (KNOWN.has(name)) return 'a file Contiv writes';
  const stem = stemOf(name);
  if (own.stems.some((s) => stem.includes(s))) return 'named after the plugin';
  if (own.startedAtMs !== null && mtimeMs >= own.startedAtMs) return 'written since the plugin started';
  return null;
}

/** The log files in a host folder, sorted, bounded; an unreadable folder says why. With `own`, only the plugin's; `others` lists the rest. */
export async function listLogFiles(dir: string, own?: Ownership): Promise<{ names: string[]; others: string[] } | { error: string }> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    const all = entries.filter((e) => e.isFile() && LOG_FILE.test(e.name)).map((e) => e.name).sort();
    if (!own) return { names: all.slice(0, MAX_FILES_PER_FOLDER), others: [] };
    const names: string[] = [];
    const others: string[] = [];
    for (const n of all) {
      const mtime = await stat(join(dir, n)).then((s) => s.mtimeMs, () => 0);
      (ownedBecause(n, mtime, own) ? names : others).push(n);
    }
    return { names: names.slice(0, MAX_FILES_PER_FOLDER), others };
  } catch (err) {
    return { error: `${(err as NodeJS.ErrnoException).code ?? 'error'}: ${(err as Error).message}` };
  }
}

export async function resolveLogFiles(plugin: EnginePlugin, override?: string | null, socketRoot?: string): Promise<ResolvedLogFiles> {
  const out: ResolvedLogFiles = { files: [], looked: [], folders: [] };
  const own: Ownership = { startedAtMs: await pluginStartedAt(plugin, socketRoot), named: namedFiles(plugin), stems: pluginStems(plugin) };
  // A folder the user named (the log folder setting) is theirs to vouch for: every log file in it.
  const vouched = new Set<string>();
  const seen = new Set<string>();
  const add = (label: string, path: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    out.files.push({ key: path, label, path });
  };

  if (isContivPlugin(plugin)) {
    const contiv = readContiv(plugin);
    const host = override || hostPathOf(plugin, contiv.logDir);
    if (host) {
      out.looked.push(override ? `Contiv log folder (set): ${host}` : `Contiv log folder ${contiv.logDir} in the plugin → ${host} on the host`);
      for (const n of CONTIV_LOG_FILES) add(`${contiv.logDir.replace(/\/+$/, '')}/${n}`, join(host, n));
    } else {
      out.looked.push(`Contiv log folder ${contiv.logDir}: no bind mount of the plugin covers it, so only the plugin can read it`);
    }
  } else if (override) {
    out.looked.push(`log folder (set): ${override}`);
    out.folders.push({ inside: override, host: override });
    vouched.add(override);
  }

  for (const m of mountsOf(plugin)) {
    const dest = m.Destination!.replace(/\/+$/, '');
    if (!LOG_DEST.test(dest)) continue;
    const src = m.Source!.replace(/\/+$/, '');
    // Contiv's own folder is already listed file by file.
    if (out.files.some((f) => f.path.startsWith(`${src}/`))) continue;
    let isDir = true;
    try {
      isDir = (await stat(src)).isDirectory();
    } catch (err) {
      out.looked.push(`mount ${dest} ← ${src}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message} on the host`);
      continue;
    }
    if (!isDir) {
      out.looked.push(`mount ${dest} ← ${src} (a file)`);
      add(dest, src);
    } else out.folders.push({ inside: dest, host: src });
  }

  for (const f of out.folders) {
    const listed = await listLogFiles(f.host, vouched.has(f.host) ? undefined : own);
    if ('error' in listed) out.looked.push(`log folder ${f.inside} ← ${f.host}: ${listed.error}`);
    else {
      out.looked.push(`log folder ${f.inside} ← ${f.host}: ${listed.names.length ? listed.names.join(', ') : 'no log files of the plugin yet'}`);
      if (listed.others.length) {
        const shown = listed.others.slice(0, 8).join(', ') + (listed.others.length > 8 ? `, … (${listed.others.length} in all)` : '');
        const since = own.startedAtMs === null ? 'its start time is unknown (disabled, or its socket folder is root-only)' : `not written since it started (${new Date(own.startedAtMs).toISOString()})`;
        out.looked.push(`  left out, not the plugin's (not named by its config or after it, ${since}): ${shown}`);
      }
      for (const n of listed.names) add(`${f.inside}/${n}`, join(f.host, n));
    }
  }
  if (!out.looked.length) out.looked.push(`${plugin.Name}: no bind mount looks like a log folder (a destination under /var/log, …/log or …/logs, or a *.log file)`);
  return out;
}
