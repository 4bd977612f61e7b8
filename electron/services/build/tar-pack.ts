/**
 * Tar streams written on the fly with tar-stream: a folder walked into a build context (honouring
 * .dockerignore) or into a plugin bundle's rootfs/, and the plugin bundle itself (config.json +
 * rootfs/…) re-tarred from another tar stream — a container export or a rootfs tarball — entry by
 * entry, so nothing the size of the rootfs is ever written to disk or held in memory.
 */
import { createReadStream } from 'node:fs';
import { lstat, readdir, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import tar from 'tar-stream';
import type { Header as TarHeader } from 'tar-stream';
import { PlugsmithError } from '../errors';
import type { IgnoreMatcher } from './dockerignore';

type Header = Partial<TarHeader> & { name: string };

/** A tar pack whose output is a plain Node stream (the engine client wants one, tar-stream is streamx). */
export class PackWriter {
  readonly pack = tar.pack();
  readonly out = new PassThrough({ highWaterMark: 1 << 20 });
  bytes = 0;

  constructor() {
    this.pack.on('error', (err: Error) => this.out.destroy(err));
    // A failed pack is reported by whoever awaits it (the request or the pump), not as an
    // unhandled stream error after the request already ended.
    this.out.on('error', () => undefined);
    this.pack.on('data', (data: unknown) => {
      const c = data as Buffer;
      this.bytes += c.length;
      if (!this.out.write(c)) {
        this.pack.pause();
        this.out.once('drain', () => this.pack.resume());
      }
    });
    this.pack.on('end', () => this.out.end());
  }

  add(header: Header, body?: string | Buffer): Promise<void> {
    return new Promise((resolve, reject) => this.pack.entry(header, body ?? '', (err) => (err ? reject(err) : resolve())));
  }

  /** An entry whose content is streamed from `src` (exactly header.size bytes). */
  addStream(header: Header, src: Readable): Promise<void> {
    return new Promise((resolve, reject) => {
      const entry = this.pack.entry(header, (err) => (err ? reject(err) : resolve()));
      entry.on('error', (err: Error) => {
        // The pack was torn down (the request failed or was cancelled): stop reading the source too.
        src.destroy();
        reject(err);
      });
      src.on('error', (err) => {
        entry.destroy(err);
        reject(err);
      });
      src.pipe(entry as unknown as NodeJS.WritableStream);
    });
  }

  finalize(): void {
    this.pack.finalize();
  }

  fail(err: Error): void {
    this.pack.destroy(err);
    this.out.destroy(err);
  }
}

export interface WalkOptions {
  /** Left out of the tar (paths relative to the folder). */
  ignore?: IgnoreMatcher;
  /** Always sent even when ignored (the Dockerfile and .dockerignore: the builder needs them). */
  always?: string[];
  /** Prefix of every entry name, e.g. `rootfs/`. */
  prefix?: string;
  /** Never sent (already written by the caller, e.g. a rewritten .dockerignore). */
  skip?: string[];
}

/**
 * Writes a folder's files into `w`. Everything is lstat'ed as it is reached, so a file that
 * vanished is reported by name (a missing file in dockerode's list crashes tar-fs instead).
 * Symlinks stay symlinks; modes are kept; owners are root, as the engine wants them.
 */
export async function packFolder(w: PackWriter, dir: string, opts: WalkOptions = {}): Promise<number> {
  const prefix = opts.prefix ?? '';
  const always = new Set(opts.always ?? []);
  const ignore = opts.ignore;
  let files = 0;
  const walk = async (rel: string): Promise<void> => {
    const names = (await readdir(rel ? join(dir, rel) : dir)).sort();
    for (const name of names) {
      const r = rel ? `${rel}/${name}` : name;
      const abs = join(dir, r);
      const st = await lstat(abs).catch((err: NodeJS.ErrnoException) => {
        throw new PlugsmithError('build/context-file', `${abs}: ${err.code ?? err.message} (it changed while the build context was read)`, err.message);
      });
      if (opts.skip?.includes(r)) continue;
      const skipped = ignore && !always.has(r) && ignore.ignored(r);
      const base = { name: `${prefix}${r}`, mode: st.mode & 0o7777, mtime: st.mtime, uid: 0, gid: 0 };
      if (st.isDirectory()) {
        // An excluded folder is still walked when a "!" pattern might bring something under it back.
        if (skipped && !ignore!.hasExclusions) continue;
        if (!skipped) await w.add({ ...base, name: `${base.name}/`, type: 'directory' });
        await walk(r);
      } else if (skipped) {
        continue;
      } else if (st.isSymbolicLink()) {
        await w.add({ ...base, type: 'symlink', linkname: await readlink(abs) });
        files++;
      } else if (st.isFile()) {
        await w.addStream({ ...base, type: 'file', size: st.size }, createReadStream(abs));
        files++;
      }
      // sockets, fifos, devices: a build context or rootfs folder has no use for them
    }
  };
  await walk('');
  return files;
}

export interface RetarStats {
  entries: number;
  bytes: number;
}

/**
 * Re-tars a tar stream under `rootfs/`: every entry renamed, hard links re-pointed (their target is
 * an archive path too), content piped through. gzip input is recognised by its first bytes and
 * unpacked on the fly. Resolves when the source tar ends.
 */
export function retarUnderRootfs(w: PackWriter, source: Readable, onBytes?: (n: number) => void): Promise<RetarStats> {
  const stats: RetarStats = { entries: 0, bytes: 0 };
  return new Promise((resolve, reject) => {
    const extract = tar.extract();
    let settled = false;
    const fail = (err: Error) => {
      if (settled) return;
      settled = true;
      extract.destroy(err);
      reject(err);
    };
    extract.on('entry', (header, stream, next) => {
      stats.entries++;
      const name = header.name.replace(/^\.?\/+/, '');
      const h: Header = { ...header, name: `rootfs/${name}` };
      if (header.type === 'link' && header.linkname) h.linkname = `rootfs/${header.linkname.replace(/^\.?\/+/, '')}`;
      delete (h as { pax?: unknown }).pax; // re-derived by tar-stream for long names
      if (header.type === 'file' || header.type === 'contiguous-file') {
        stream.on('data', (data: unknown) => {
          const c = data as Buffer;
          stats.bytes += c.length;
          onBytes?.(c.length);
        });
        w.addStream(h, stream as unknown as Readable).then(() => next(), fail);
      } else {
        stream.resume();
        w.add(h).then(() => next(), fail);
      }
    });
    extract.on('finish', () => {
      if (!settled) {
        settled = true;
        resolve(stats);
      }
    });
    extract.on('error', fail);
    source.on('error', fail);
    // Peek at the first bytes: gzip (1f 8b) is unpacked here, a plain tar goes straight in.
    source.pause();
    source.once('readable', () => {
      const chunk = source.read() as Buffer | null;
      if (chunk === null) {
        (extract as unknown as NodeJS.WritableStream).end();
        return;
      }
      source.unshift(chunk);
      if (chunk[0] === 0x1f && chunk[1] === 0x8b) {
        const gunzip = createGunzip();
        gunzip.on('error', fail);
        source.pipe(gunzip).pipe(extract as unknown as NodeJS.WritableStream);
      } else source.pipe(extract as unknown as NodeJS.WritableStream);
    });
  });
}
