/**
 * Real plugins for integration tests and e2e set-up: the example network driver
 * (examples/net-driver), packed straight from this host's files into the tar that
 * `POST /plugins/create` takes — no docker build, no registry, no temp folder.
 *
 * The tar holds `config.json` and `rootfs/…` (node, its libraries and loader at their
 * ldd paths, driver.js, and a marker file unique to this fixture: the engine refuses a
 * rootfs layer identical to another plugin's). It is sent uncompressed: the engine
 * refuses gzip here, and dockerode's createPlugin sends JSON instead of the tar.
 *
 * Not shipped: test helper only.
 */
import { createReadStream, readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import tar from 'tar-stream';
import type { Engine } from '../engine';
import { NET_DRIVER_DIR, nodeRootfsFiles } from '../../../../examples/rootfs-files.mjs';

export type FixtureMode = 'ok' | 'silent' | 'no-socket';

export interface FixtureOptions {
  /** Plugin reference, e.g. `plugsmith-test/ok`; the engine adds `:latest`. */
  name: string;
  mode: FixtureMode;
  /** Text of /.plugsmith-marker; default: unique per call. */
  marker?: string;
  /** Env values written into config.json (e.g. `{ DEBUG: '1' }`); MODE comes from `mode`. */
  env?: Record<string, string>;
  /** Last word on the config before it is packed (a test that needs an odd config). */
  configure?: (config: PluginConfig) => void;
}

export interface PluginConfig {
  description?: string;
  env?: { name: string; description?: string; settable?: string[]; value?: string | null }[];
  [key: string]: unknown;
}

export interface FixtureResult {
  /** The name the engine knows it by (with `:latest`). */
  name: string;
  marker: string;
  /** Milliseconds spent in `POST /plugins/create` (packing included, since it is streamed). */
  createMs: number;
  rootfsBytes: number;
}

export function fixtureConfig(opts: FixtureOptions): PluginConfig {
  const config = JSON.parse(readFileSync(join(NET_DRIVER_DIR, 'config.json'), 'utf8')) as PluginConfig;
  config.description = `Plugsmith test fixture (${opts.mode}): ${config.description ?? ''}`.trim();
  const values: Record<string, string> = { ...opts.env, MODE: opts.mode };
  for (const e of config.env ?? []) if (e.name in values) e.value = values[e.name];
  const known = new Set((config.env ?? []).map((e) => e.name));
  for (const k of Object.keys(values)) {
    if (!known.has(k)) throw new Error(`fixture env ${k} is not declared in examples/net-driver/config.json`);
  }
  opts.configure?.(config);
  return config;
}

/** Directory entries for every parent of the rootfs files, so modes are explicit. */
function parentDirs(paths: string[]): string[] {
  const dirs = new Set<string>();
  for (const p of paths) {
    const parts = p.split('/');
    for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join('/'));
  }
  return [...dirs].sort();
}

/**
 * Adds this host's node, its libraries and loader (examples/rootfs-files.mjs) to a tar under
 * `prefix` (e.g. `rootfs/`): every parent directory first, then each file streamed — node alone is
 * ~100 MB. `src` is the resolved file, so a symlinked library arrives as real content at the path
 * the loader looks for. Shared by the plugin fixtures, the doctor's Contiv stand-in and the
 * topology tests' container image. Returns the bytes of file content added.
 */
export async function packNodeRootfs(pack: tar.Pack, prefix: string, mtime = new Date(), withDirs = true): Promise<number> {
  const files = nodeRootfsFiles();
  const entry = (header: Partial<tar.Header> & { name: string }) => new Promise<void>((resolve, reject) => pack.entry({ mtime, uid: 0, gid: 0, ...header }, (err) => (err ? reject(err) : resolve())));
  if (withDirs) {
    await entry({ name: prefix, type: 'directory', mode: 0o755 });
    for (const d of parentDirs(files.map((f) => f.dest))) await entry({ name: `${prefix}${d}/`, type: 'directory', mode: 0o755 });
  }
  for (const f of files) {
    await new Promise<void>((resolve, reject) => {
      const e = pack.entry({ name: `${prefix}${f.dest}`, size: f.size, mode: f.mode, mtime, uid: 0, gid: 0 }, (err) => (err ? reject(err) : resolve()));
      const src = createReadStream(f.src);
      src.on('error', reject);
      src.pipe(e as unknown as NodeJS.WritableStream);
    });
  }
  return files.reduce((n, f) => n + f.size, 0);
}

/** The plugin bundle as a tar stream, written as the engine reads it. */
export function pluginTar(config: PluginConfig, marker: string): { stream: PassThrough; rootfsBytes: number } {
  const pack = tar.pack();
  const rootfsBytes = nodeRootfsFiles().reduce((n, f) => n + f.size, 0);
  const mtime = new Date();
  void (async () => {
    const add = (header: Partial<tar.Header> & { name: string }, body?: string) =>
      new Promise<void>((resolve, reject) => pack.entry({ ...header, mtime, uid: 0, gid: 0 }, body ?? '', (err) => (err ? reject(err) : resolve())));
    await add({ name: 'config.json', mode: 0o644 }, `${JSON.stringify(config, null, 2)}\n`);
    await packNodeRootfs(pack, 'rootfs/', mtime);
    await add({ name: 'rootfs/.plugsmith-marker', mode: 0o644 }, `${marker}\n`);
    pack.finalize();
  })().catch((err: Error) => pack.destroy(err));
  // tar-stream packs into a streamx stream; hand the engine client a plain Node stream.
  const out = new PassThrough();
  pack.on('error', (err: Error) => out.destroy(err));
  pack.pipe(out);
  return { stream: out, rootfsBytes };
}

export async function createFixturePlugin(engine: Engine, opts: FixtureOptions): Promise<FixtureResult> {
  const marker = opts.marker ?? `plugsmith fixture ${opts.name} ${opts.mode} ${randomUUID()}`;
  const { stream, rootfsBytes } = pluginTar(fixtureConfig(opts), marker);
  const started = Date.now();
  await engine.request({
    method: 'POST',
    path: '/plugins/create',
    query: { name: opts.name },
    file: stream,
    contentType: 'application/x-tar',
    timeoutMs: 120_000,
  });
  const createMs = Date.now() - started;
  const name = opts.name.includes(':') ? opts.name : `${opts.name}:latest`;
  return { name, marker, createMs, rootfsBytes };
}

/**
 * Removes a test's plugin, whatever state it is in: networks made with it first (they
 * block removal with "plugin … is in use"), then a forced remove. Never throws: this runs
 * in afterAll/finally, where a second error would hide the first.
 */
export async function removePluginQuietly(engine: Engine, name: string): Promise<boolean> {
  try {
    const full = name.includes(':') ? name : `${name}:latest`;
    const nets = await engine.request<{ Id: string; Driver: string }[]>({ method: 'GET', path: '/networks', timeoutMs: 10_000 });
    for (const n of nets.filter((x) => x.Driver === full || x.Driver === name)) {
      await engine.request({ method: 'DELETE', path: `/networks/${encodeURIComponent(n.Id)}`, timeoutMs: 30_000 }).catch(() => undefined);
    }
    await engine.request({ method: 'DELETE', path: `/plugins/${encodeURIComponent(name)}`, query: { force: 1 }, timeoutMs: 60_000 });
    return true;
  } catch {
    return false; // already gone (404) or the engine is gone: nothing left to do either way
  }
}
