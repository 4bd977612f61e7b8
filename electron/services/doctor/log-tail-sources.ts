/**
 * Which host files hold a plugin's logs. A plugin writes inside its own root; only what it writes
 * under a bind mount reaches the host, so every path here is a mount's Source plus the rest:
 *  - Contiv: $CONTIV_LOG_DIR (2017: log_dir; default /var/log/contiv) through the plugin's mounts,
 *    and the five files Contiv writes there (they may not exist yet: they are followed anyway);
 *  - any plugin: mounts whose destination looks like a log folder (`…/log`, `…/logs`, `/var/log/…`)
 *    or a log file (`*.log`): the log files found in them now, and those that appear later.
 * `looked` keeps every place considered, so "no logs" can say where it looked. Pure but for
 * listing folders.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
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

/** The log files in a host folder, sorted, bounded; an unreadable folder says why. */
export async function listLogFiles(dir: string): Promise<{ names: string[] } | { error: string }> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return { names: entries.filter((e) => e.isFile() && LOG_FILE.test(e.name)).map((e) => e.name).sort().slice(0, MAX_FILES_PER_FOLDER) };
  } catch (err) {
    return { error: `${(err as NodeJS.ErrnoException).code ?? 'error'}: ${(err as Error).message}` };
  }
}

export async function resolveLogFiles(plugin: EnginePlugin, override?: string | null): Promise<ResolvedLogFiles> {
  const out: ResolvedLogFiles = { files: [], looked: [], folders: [] };
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
    const listed = await listLogFiles(f.host);
    if ('error' in listed) out.looked.push(`log folder ${f.inside} ← ${f.host}: ${listed.error}`);
    else {
      out.looked.push(`log folder ${f.inside} ← ${f.host}: ${listed.names.length ? listed.names.join(', ') : 'no log files yet'}`);
      for (const n of listed.names) add(`${f.inside}/${n}`, join(f.host, n));
    }
  }
  if (!out.looked.length) out.looked.push(`${plugin.Name}: no bind mount looks like a log folder (a destination under /var/log, …/log or …/logs, or a *.log file)`);
  return out;
}
