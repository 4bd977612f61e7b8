/**
 * Before `POST /plugins/create`: is config.json's entrypoint an executable file in the built
 * filesystem? Without it the engine creates the plugin happily and only enable fails (runc: "exec
 * /usr/bin/node: no such file or directory"), leaving a half-made plugin behind. Checked where
 * the rootfs is, without reading it whole:
 *  - an image: a stat of the path in the temporary (never started) container, HEAD /archive;
 *  - a rootfs/ folder: lstat under it;
 *  - a rootfs tarball: its headers (content skipped).
 * Symlinks are followed inside the rootfs, as the kernel will at exec.
 */
import { createReadStream } from 'node:fs';
import { lstat, readlink } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { join, posix } from 'node:path';
import { createGunzip } from 'node:zlib';
import tar from 'tar-stream';
import type { Engine } from '../docker/engine';
import { PlugsmithError } from '../errors';

export interface PathStat {
  kind: 'file' | 'dir' | 'symlink' | 'other';
  mode: number;
  linkTarget?: string;
}

/** stat of an absolute path in the rootfs, not following a final symlink; null when absent. */
export type StatFn = (path: string) => Promise<PathStat | null>;

/** Where the engine looks for an entrypoint without a slash (the plugin's env has no PATH of its own). */
const DEFAULT_PATH = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

export type EntrypointVerdict = { ok: true; path: string; resolved: string } | { ok: false; path: string; problem: string };

export async function checkEntrypointIn(stat: StatFn, argv0: string): Promise<EntrypointVerdict> {
  const candidates = argv0.includes('/') ? [posix.resolve('/', argv0)] : DEFAULT_PATH.map((d) => `${d}/${argv0}`);
  let problem = argv0.includes('/') ? 'is not in the built filesystem' : `is not in any of ${DEFAULT_PATH.join(':')} in the built filesystem`;
  for (const start of candidates) {
    let p = start;
    for (let hops = 0; hops < 40; hops++) {
      const s = await stat(p);
      if (!s) break;
      if (s.kind === 'symlink') {
        const target = s.linkTarget ?? '';
        p = posix.resolve(posix.dirname(p), target);
        continue;
      }
      if (s.kind !== 'file') {
        problem = `is a ${s.kind === 'dir' ? 'folder' : 'special file'} in the built filesystem, not a program`;
        break;
      }
      if ((s.mode & 0o111) === 0) {
        problem = `is in the built filesystem but not executable (mode ${(s.mode & 0o7777).toString(8).padStart(4, '0')})`;
        break;
      }
      return { ok: true, path: argv0, resolved: p };
    }
  }
  return { ok: false, path: argv0, problem };
}

/** The stat the engine gives of a path in a container (HEAD /containers/{id}/archive). */
export function containerStat(engine: Engine, container: string, signal?: AbortSignal): StatFn {
  return async (path) => {
    let res: IncomingMessage;
    try {
      res = await engine.request<IncomingMessage>({ method: 'HEAD', path: `/containers/${encodeURIComponent(container)}/archive`, query: { path }, stream: true, signal });
    } catch (err) {
      if (err instanceof PlugsmithError && err.code === 'engine/http-404') return null;
      throw err;
    }
    res.resume();
    const header = res.headers['x-docker-container-path-stat'];
    if (typeof header !== 'string') throw new PlugsmithError('build/failed', `The engine gave no stat for ${path} in the temporary container`);
    const st = JSON.parse(Buffer.from(header, 'base64').toString('utf8')) as { mode: number; linkTarget?: string };
    // Go's os.FileMode: the type bits are high (dir 1<<31, symlink 1<<27), the permissions low.
    const m = st.mode >>> 0;
    const kind = m & 0x80000000 ? 'dir' : m & 0x08000000 ? 'symlink' : m & 0x7f000000 ? 'other' : 'file';
    return { kind, mode: m & 0o7777, linkTarget: st.linkTarget || undefined };
  };
}

/** lstat under a rootfs/ folder (paths never leave it: symlinks are resolved by checkEntrypointIn). */
export function folderStat(rootfs: string): StatFn {
  return async (path) => {
    const abs = join(rootfs, posix.normalize(path));
    try {
      const s = await lstat(abs);
      if (s.isSymbolicLink()) return { kind: 'symlink', mode: s.mode & 0o7777, linkTarget: await readlink(abs) };
      return { kind: s.isFile() ? 'file' : s.isDirectory() ? 'dir' : 'other', mode: s.mode & 0o7777 };
    } catch {
      return null;
    }
  };
}

/** Every entry's header of a rootfs tarball (gzip told by its bytes), content skipped. */
export async function tarballStat(file: string, compressed: boolean): Promise<StatFn> {
  const entries = new Map<string, PathStat>();
  await new Promise<void>((resolve, reject) => {
    const extract = tar.extract();
    extract.on('entry', (h, stream, next) => {
      const name = posix.resolve('/', h.name.replace(/^\.?\/+/, ''));
      const kind = h.type === 'file' || h.type === 'contiguous-file' || h.type === 'link' ? 'file' : h.type === 'directory' ? 'dir' : h.type === 'symlink' ? 'symlink' : 'other';
      // A hard link is its target's content: its mode is in its own header.
      entries.set(name, { kind, mode: (h.mode ?? 0) & 0o7777, linkTarget: h.type === 'symlink' ? h.linkname ?? undefined : undefined });
      stream.on('end', () => next());
      stream.resume();
    });
    extract.on('finish', () => resolve());
    extract.on('error', reject);
    const src = createReadStream(file);
    src.on('error', reject);
    if (compressed) {
      const gz = createGunzip();
      gz.on('error', reject);
      src.pipe(gz).pipe(extract as unknown as NodeJS.WritableStream);
    } else src.pipe(extract as unknown as NodeJS.WritableStream);
  });
  return async (path) => entries.get(posix.resolve('/', path)) ?? null;
}

/** The refusal: what is wrong, that nothing was created, and what to do. */
export function noEntrypointError(v: Extract<EntrypointVerdict, { ok: false }>, entrypoint: string[], hint: string): PlugsmithError {
  return new PlugsmithError(
    'build/no-entrypoint',
    `The plugin's entrypoint ${v.path} ${v.problem}, so the plugin could never start: nothing was created. ${hint} — or change "entrypoint" in config.json.`,
    JSON.stringify({ entrypoint, problem: v.problem }),
  );
}
