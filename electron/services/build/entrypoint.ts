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
import { lstat, open, readlink } from 'node:fs/promises';
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

/** The first bytes of a (resolved) file in the rootfs, for its ELF interpreter or #! line; null when unknown. */
export type HeadFn = (path: string) => Promise<Buffer | null>;

export const HEAD_BYTES = 4096;

/**
 * Resolves `path` inside the rootfs, every component (a merged-/usr image has /lib64 → usr/lib64),
 * symlinks relative to their folder and absolute ones to the rootfs, never the host's.
 */
async function resolveIn(stat: StatFn, path: string, hops = { left: 40 }): Promise<{ path: string; stat: PathStat } | null> {
  const parts = posix.normalize(posix.resolve('/', path)).split('/').filter(Boolean);
  let cur = '/';
  if (parts.length === 0) return { path: '/', stat: { kind: 'dir', mode: 0o755 } };
  for (let i = 0; i < parts.length; i++) {
    const next = posix.join(cur, parts[i]);
    const s = await stat(next);
    if (!s) return null;
    if (s.kind === 'symlink') {
      if (--hops.left < 0) return null;
      const target = posix.resolve(cur, s.linkTarget ?? '');
      const rest = parts.slice(i + 1).join('/');
      return resolveIn(stat, rest ? posix.join(target, rest) : target, hops);
    }
    if (i === parts.length - 1) return { path: next, stat: s };
    if (s.kind !== 'dir') return null;
    cur = next;
  }
  return null;
}

const modeText = (m: number) => (m & 0o7777).toString(8).padStart(4, '0');

/** Where a program is in the rootfs, or why it cannot be exec'd from there. */
async function findProgram(stat: StatFn, argv0: string): Promise<{ ok: true; resolved: string } | { ok: false; problem: string }> {
  const candidates = argv0.includes('/') ? [posix.resolve('/', argv0)] : DEFAULT_PATH.map((d) => `${d}/${argv0}`);
  let problem = argv0.includes('/') ? 'is not in the built filesystem' : `is not in any of ${DEFAULT_PATH.join(':')} in the built filesystem`;
  for (const start of candidates) {
    const r = await resolveIn(stat, start);
    if (!r) continue;
    if (r.stat.kind !== 'file') {
      problem = `is a ${r.stat.kind === 'dir' ? 'folder' : 'special file'} in the built filesystem, not a program`;
      continue;
    }
    if ((r.stat.mode & 0o111) === 0) {
      problem = `is in the built filesystem but not executable (mode ${modeText(r.stat.mode)})`;
      continue;
    }
    return { ok: true, resolved: r.path };
  }
  return { ok: false, problem };
}

/**
 * What the kernel loads before the program itself: an ELF file's PT_INTERP (the dynamic loader,
 * e.g. /lib64/ld-linux-x86-64.so.2 — missing, exec fails with "no such file or directory" although
 * the program is there) or a script's #! interpreter. null: none, or not within the bytes given.
 */
export function interpreterOf(b: Buffer): { kind: 'loader' | 'shebang'; path: string } | null {
  if (b.length >= 2 && b[0] === 0x23 && b[1] === 0x21) {
    const nl = b.indexOf(0x0a, 2);
    const line = b.subarray(2, nl < 0 ? Math.min(b.length, 256) : nl).toString('latin1').trim();
    const path = line.split(/[ \t]/)[0];
    return path.startsWith('/') ? { kind: 'shebang', path } : null;
  }
  if (b.length < 52 || b.readUInt32BE(0) !== 0x7f454c46) return null;
  const is64 = b[4] === 2;
  const le = b[5] === 1;
  const u16 = (o: number) => (le ? b.readUInt16LE(o) : b.readUInt16BE(o));
  const u32 = (o: number) => (le ? b.readUInt32LE(o) : b.readUInt32BE(o));
  const word = (o: number) => (is64 ? Number(le ? b.readBigUInt64LE(o) : b.readBigUInt64BE(o)) : u32(o));
  if (is64 && b.length < 64) return null;
  const phoff = word(is64 ? 0x20 : 0x1c);
  const phentsize = u16(is64 ? 0x36 : 0x2a);
  const phnum = u16(is64 ? 0x38 : 0x2c);
  for (let i = 0; i < phnum; i++) {
    const o = phoff + i * phentsize;
    if (o + (is64 ? 56 : 32) > b.length) return null;
    if (u32(o) !== 3) continue; // PT_INTERP
    const off = word(is64 ? o + 8 : o + 4);
    const size = word(is64 ? o + 32 : o + 16);
    if (off + size > b.length) return null;
    return { kind: 'loader', path: b.subarray(off, off + size).toString('latin1').replace(/\0+$/, '') };
  }
  return null;
}

/**
 * The entrypoint, and what exec needs before it (its dynamic loader or #! interpreter, and theirs),
 * as executable files in the rootfs. Without `head` only the entrypoint itself is checked.
 */
export async function checkEntrypointIn(stat: StatFn, argv0: string, head?: HeadFn): Promise<EntrypointVerdict> {
  const first = await findProgram(stat, argv0);
  if (!first.ok) return { ok: false, path: argv0, problem: first.problem };
  let program = first.resolved;
  const chain: string[] = [];
  for (let depth = 0; head && depth < 4; depth++) {
    const bytes = await head(program);
    const interp = bytes ? interpreterOf(bytes) : null;
    if (!interp) break;
    const found = await findProgram(stat, interp.path);
    const what = interp.kind === 'loader' ? 'its dynamic loader, the ELF interpreter' : 'its #! interpreter';
    chain.push(`${interp.path} (${what}${chain.length ? `, for ${program}` : ''})`);
    if (!found.ok) return { ok: false, path: argv0, problem: `needs ${chain.join(', which needs ')}, which ${found.problem}` };
    if (interp.kind === 'loader') break; // the loader is static
    program = found.resolved;
  }
  return { ok: true, path: argv0, resolved: first.resolved };
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

/** The first bytes of a file in the container: GET /archive of it, read until HEAD_BYTES, then dropped. */
export function containerHead(engine: Engine, container: string, signal?: AbortSignal): HeadFn {
  return async (path) => {
    const res = await engine.request<IncomingMessage>({ method: 'GET', path: `/containers/${encodeURIComponent(container)}/archive`, query: { path }, stream: true, signal });
    return new Promise<Buffer | null>((resolve) => {
      const extract = tar.extract();
      let done = false;
      const finish = (b: Buffer | null) => {
        if (done) return;
        done = true;
        resolve(b);
        res.destroy(); // the rest of the file (node is ~100 MB) is not needed
        extract.destroy();
      };
      extract.on('entry', (_h, stream) => {
        const chunks: Buffer[] = [];
        let n = 0;
        stream.on('data', (data: unknown) => {
          const c = data as Buffer;
          chunks.push(c);
          n += c.length;
          if (n >= HEAD_BYTES) finish(Buffer.concat(chunks).subarray(0, HEAD_BYTES));
        });
        stream.on('end', () => finish(Buffer.concat(chunks)));
      });
      extract.on('finish', () => finish(null));
      extract.on('error', () => finish(null));
      res.on('error', () => finish(null));
      res.pipe(extract as unknown as NodeJS.WritableStream);
    });
  };
}

/** lstat under a rootfs/ folder, one component at a time (checkEntrypointIn resolves the links). */
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

export function folderHead(rootfs: string): HeadFn {
  return async (path) => {
    let fh;
    try {
      fh = await open(join(rootfs, posix.normalize(path)), 'r');
      const b = Buffer.alloc(HEAD_BYTES);
      const { bytesRead } = await fh.read(b, 0, HEAD_BYTES, 0);
      return b.subarray(0, bytesRead);
    } catch {
      return null;
    } finally {
      await fh?.close();
    }
  };
}

/** A rootfs tarball's entry headers (gzip told by its bytes), and the first bytes of its executables. */
export async function tarballRootfs(file: string, compressed: boolean): Promise<{ stat: StatFn; head: HeadFn }> {
  const entries = new Map<string, PathStat>();
  const heads = new Map<string, Buffer>();
  const hardLinks = new Map<string, string>();
  const norm = (n: string) => posix.resolve('/', n.replace(/^\.?\/+/, ''));
  await new Promise<void>((resolve, reject) => {
    const extract = tar.extract();
    extract.on('entry', (h, stream, next) => {
      const name = norm(h.name);
      const kind = h.type === 'file' || h.type === 'contiguous-file' || h.type === 'link' ? 'file' : h.type === 'directory' ? 'dir' : h.type === 'symlink' ? 'symlink' : 'other';
      // A hard link is its target's content: its mode is in its own header.
      entries.set(name, { kind, mode: (h.mode ?? 0) & 0o7777, linkTarget: h.type === 'symlink' ? h.linkname ?? undefined : undefined });
      if (h.type === 'link' && h.linkname) hardLinks.set(name, norm(h.linkname));
      // Folders a tar names only through their files are there all the same.
      for (let d = posix.dirname(name); d !== '/' && !entries.has(d); d = posix.dirname(d)) entries.set(d, { kind: 'dir', mode: 0o755 });
      const keep = kind === 'file' && h.type !== 'link' && ((h.mode ?? 0) & 0o111) !== 0;
      const chunks: Buffer[] = [];
      let n = 0;
      stream.on('data', (data: unknown) => {
        const c = data as Buffer;
        if (keep && n < HEAD_BYTES) {
          chunks.push(c);
          n += c.length;
        }
      });
      stream.on('end', () => {
        if (keep) heads.set(name, Buffer.concat(chunks).subarray(0, HEAD_BYTES));
        next();
      });
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
  return {
    stat: async (path) => entries.get(norm(path)) ?? null,
    head: async (path) => heads.get(norm(path)) ?? heads.get(hardLinks.get(norm(path)) ?? '') ?? null,
  };
}

/** The refusal: what is wrong, that nothing was created, and what to do. */
export function noEntrypointError(v: Extract<EntrypointVerdict, { ok: false }>, entrypoint: string[], hint: string): PlugsmithError {
  return new PlugsmithError(
    'build/no-entrypoint',
    `The plugin's entrypoint ${v.path} ${v.problem}, so the plugin could never start: nothing was created. ${hint} — or change "entrypoint" in config.json.`,
    JSON.stringify({ entrypoint, problem: v.problem }),
  );
}
