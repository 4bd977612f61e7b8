/**
 * The diagnostic bundle: one .tar.gz a user attaches to a bug report — engine version and info,
 * every plugin's inspect, the doctor's report (JSON and Markdown), OVS state, `ip addr`, netmaster
 * inspect, and the last lines of each log. Two steps, kept apart so a preview shows exactly what
 * a save writes: `collectBundle` builds the entries (everything through one Redactor), then
 * `previewBundle` describes those entries and `writeBundle` streams the same entries —
 * tar-stream → gzip → a temp file renamed into place, never built in memory as a whole.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import tar from 'tar-stream';
import type { DoctorBundlePreviewFile, DoctorReport } from '../../ipc/types';
import { DoctorFacts, type DoctorOptions } from './facts';
import { toMarkdown } from './format';
import { pluginLines } from './engine-log';
import { logFolderOf, readLogFolder } from './checks/logs';
import { Redactor } from './redact';
import { PlugsmithError } from '../errors';

export interface BundleEntry {
  name: string;
  text: string;
}

const LOG_LINES = 500;
const tail = (text: string, n = LOG_LINES) => text.split('\n').slice(-n).join('\n');
const j = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;

function ipAddr(netns: string | null | undefined): Promise<string> {
  const args = netns ? ['-n', netns, 'addr', 'show'] : ['addr', 'show'];
  return new Promise((resolve) => execFile('ip', args, { timeout: 3_000 }, (err, stdout, stderr) => resolve(err ? `ip ${args.join(' ')} failed: ${err.message}\n${stderr}` : String(stdout))));
}

const settle = async <T>(p: Promise<T>): Promise<T | { error: string }> => {
  try {
    return await p;
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
};

/**
 * Everything the bundle will hold, redacted; `report` is the doctor run to include (run one first).
 * `f`: that run's facts, so what the checks already read (plugins, OVS, netmaster, megabytes of
 * engine log) is not read a second time.
 */
export async function collectBundle(opts: DoctorOptions, report: DoctorReport, env: NodeJS.ProcessEnv = process.env, f = new DoctorFacts(opts)): Promise<{ entries: BundleEntry[]; redactions: number }> {
  const r = new Redactor();
  const [version, info, plugins, target, ovs, nm, ip, engineLog] = await Promise.all([
    settle(f.version()), settle(f.info()), settle(f.plugins()), settle(f.target()), settle(f.ovs()), settle(f.netmaster()), ipAddr(opts.netns), settle(f.engineLog()),
  ]);
  // Learn every secret value first, so a log line that echoes one is masked too.
  if (Array.isArray(plugins)) for (const p of plugins) {
    r.learnEnv(p.Config?.Env ?? []);
    r.learnEnv(p.Settings?.Env ?? []);
  }
  for (const [k, v] of Object.entries(env)) if (/^(DOCKER_|PLUGSMITH_|ETCD|CONTIV)/.test(k) && v && /(TOKEN|PASSW|SECRET|KEY|AUTH)/i.test(k)) r.learn(v);
  const entries: BundleEntry[] = [];
  const add = (name: string, text: string) => entries.push({ name, text: r.text(text) });
  const addJson = (name: string, v: unknown) => entries.push({ name, text: r.text(j(r.json(v))) });

  addJson('meta.json', {
    createdAt: new Date().toISOString(),
    engine: opts.engine.host,
    DOCKER_HOST: env.DOCKER_HOST ?? null,
    plugin: opts.plugin ?? null,
    netmaster: opts.netmaster ?? null,
  });
  addJson('engine/version.json', version);
  addJson('engine/info.json', info);
  addJson('plugins/inspect.json', plugins);
  addJson('doctor/report.json', report);
  add('doctor/report.md', toMarkdown(report));
  addJson('ovs/state.json', ovs);
  add('host/ip-addr.txt', ip);
  addJson('netmaster/inspect.json', nm);
  const t = 'plugin' in (target as object) ? (target as Awaited<ReturnType<DoctorFacts['target']>>) : null;
  if (t?.plugin) {
    if ('ok' in engineLog) {
      add('logs/engine-plugin.log', engineLog.ok ? pluginLines(engineLog.source.text, t.plugin.Id, LOG_LINES).join('\n') : `not read: ${engineLog.reason}`);
    }
    const dir = logFolderOf(t.plugin, await f.contiv().catch(() => null), opts.pluginLogDir);
    if (dir) {
      for (const [name, text] of Object.entries(await readLogFolder(dir))) if (text !== null) add(`logs/${name}`, tail(text));
    }
  }
  return { entries, redactions: r.count };
}

/** Every file of the bundle sits under this folder in the archive. */
export const BUNDLE_ROOT = 'plugsmith-doctor';
export const archiveName = (e: BundleEntry) => `${BUNDLE_ROOT}/${e.name}`;
/** What a preview shows of one file; the size is always the whole file's. */
export const PREVIEW_CHARS = 32 * 1024;

/** The entries as a preview lists them: archive name, size in bytes, text cut for display. */
export function previewBundle(entries: BundleEntry[], maxChars = PREVIEW_CHARS): DoctorBundlePreviewFile[] {
  return entries.map((e) => ({
    name: archiveName(e),
    bytes: Buffer.byteLength(e.text, 'utf8'),
    text: e.text.length > maxChars ? e.text.slice(0, maxChars) : e.text,
    truncated: e.text.length > maxChars,
  }));
}

/** The entries as a tar stream (uncompressed); the writer gzips it. */
export function packBundle(entries: BundleEntry[], mtime = new Date()): Readable {
  const pack = tar.pack();
  void (async () => {
    for (const e of entries) {
      await new Promise<void>((resolve, reject) => pack.entry({ name: archiveName(e), mode: 0o644, mtime }, e.text, (err) => (err ? reject(err) : resolve())));
    }
    pack.finalize();
  })().catch((err: Error) => pack.destroy(err));
  return pack as unknown as Readable;
}

/**
 * Streams the entries into a gzip'd tar at `path`; returns its size. Written beside the target
 * and renamed over it, so a failed write never leaves half a bundle under the name the user gave.
 */
export async function writeBundle(path: string, entries: BundleEntry[]): Promise<number> {
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await pipeline(packBundle(entries), createGzip(), createWriteStream(tmp, { mode: 0o600, flags: 'wx' }));
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    const e = err as NodeJS.ErrnoException;
    throw new PlugsmithError('doctor/bundle-write', `Could not write the bundle to ${path}: ${e.code ? `${e.code} — ` : ''}${e.message}`, e.stack);
  }
  return (await stat(path)).size;
}
