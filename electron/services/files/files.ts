/**
 * Host files for the editor and project folders: list, read, atomic write that
 * keeps the previous version under the state folder, with a stale-write check
 * (the file changed on disk since it was read) so nothing the user typed or
 * another program wrote is silently lost.
 *
 * Held under abuse (issue 15): nothing but a regular file is ever opened for reading, and it is
 * opened non-blocking (a FIFO or a device never holds a thread); every call runs under a bound
 * (limit.ts); what may be touched is scope.ts's; a save keeps the file's owner, mode, xattrs
 * (replace.ts) and writes only the file that was read — the read hands out an identity (device +
 * inode of the file and of its folder) that the write and the check compare, so a link swapped in
 * between is a conflict or a refusal, never a write elsewhere; the backup is copied from the very
 * file descriptor that was checked.
 */
import { access, constants, open, readdir, realpath, stat, mkdir, type FileHandle } from 'node:fs/promises';
import { createWriteStream, type BigIntStats } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { dirname, join, resolve } from 'node:path';
import { createHash } from 'node:crypto';
import type { FileContent, FileEntry } from '../../ipc/types';
import { PlugsmithError } from '../errors';
import { CallLimit, type LimitOptions } from './limit';
import { replaceFile } from './replace';
import { FileScope, sameIdentity, type Identity, type ScopeOptions } from './scope';

const DEFAULT_MAX = 4 * 1024 * 1024;
/** A folder listing stats at most this many entries (the first by name); enough for any project. */
const MAX_LIST = 10_000;
/** Never blocks on a FIFO or a device; never makes a terminal ours. */
const READ_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY;

function fsError(err: unknown, path: string): PlugsmithError {
  if (err instanceof PlugsmithError) return err;
  const e = err as NodeJS.ErrnoException;
  const map: Record<string, [string, string]> = {
    ENOENT: ['files/not-found', `${path} does not exist`],
    EACCES: ['files/denied', `Permission denied: ${path}`],
    EPERM: ['files/denied', `Permission denied: ${path}`],
    ENOTDIR: ['files/not-a-folder', `${path} is not a folder`],
    EISDIR: ['files/is-a-folder', `${path} is a folder`],
  };
  const [code, message] = map[e.code ?? ''] ?? ['files/error', e.message];
  return new PlugsmithError(code, message, e.message);
}

const notAFile = (p: string, st: { mode: number | bigint; isDirectory(): boolean; isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean }) => {
  const kind = st.isDirectory() ? 'a folder' : st.isFIFO() ? 'a FIFO (named pipe)' : st.isSocket() ? 'a socket' : st.isCharacterDevice() || st.isBlockDevice() ? 'a device' : 'not a regular file';
  return new PlugsmithError('files/not-a-file', `${p} is ${kind}, not a regular file: the editor only opens and saves regular files`, `file type bits ${(Number(st.mode) & 0o170000).toString(8)}`);
};

/** The identity a read hands out: "<dev>:<ino>@<folder dev>:<folder ino>". Opaque to clients. */
export function identityToken(file: Identity, dir: Identity): string {
  return `${file.dev}:${file.ino}@${dir.dev}:${dir.ino}`;
}

function parseToken(t: string): { file: Identity; dir: Identity } | null {
  const m = /^(\d+):(\d+)@(\d+):(\d+)$/.exec(t);
  return m ? { file: { dev: BigInt(m[1]), ino: BigInt(m[2]) }, dir: { dev: BigInt(m[3]), ino: BigInt(m[4]) } } : null;
}

export interface FileServiceOptions extends Partial<ScopeOptions> {
  limit?: LimitOptions;
}

export class FileService {
  readonly scope: FileScope;
  private readonly limit: CallLimit;

  constructor(
    private readonly backupDir: string,
    opts: FileServiceOptions = {},
  ) {
    this.scope = new FileScope({ ownDirs: opts.ownDirs ?? [], hostAllow: opts.hostAllow, builtins: opts.builtins });
    this.limit = new CallLimit(opts.limit);
  }

  /** The user opened this folder (a file in it, or a save there): reads and writes under it are allowed. */
  allow(folder: string, again = false): Promise<{ folder: string }> {
    return this.limit.run(folder, () => this.scope.allow(folder, again));
  }

  list(path: string): Promise<FileEntry[]> {
    const dir = resolve(path);
    return this.limit.run(dir, async () => {
      await this.scope.assert(dir, 'list');
      try {
        const names = (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name)).slice(0, MAX_LIST);
        const out: FileEntry[] = [];
        for (const d of names) {
          const p = join(dir, d.name);
          // stat never opens: a FIFO here is listed as "other", never read.
          const st = await stat(p).catch(() => null);
          out.push({
            name: d.name,
            path: p,
            type: st?.isDirectory() ? 'dir' : st?.isFile() ? 'file' : 'other',
            size: st?.size ?? 0,
            mtimeMs: st?.mtimeMs ?? 0,
          });
        }
        return out.sort((a, b) => (a.type === b.type ? a.name.localeCompare(b.name) : a.type === 'dir' ? -1 : 1));
      } catch (err) {
        throw fsError(err, dir);
      }
    });
  }

  read(path: string, maxBytes = DEFAULT_MAX): Promise<FileContent> {
    const p = resolve(path);
    return this.limit.run(p, async () => {
      await this.scope.assert(p, 'read');
      const { fh, st, dirSt } = await this.openRegular(p);
      try {
        return await readOpen(p, fh, st, dirSt, maxBytes);
      } finally {
        await fh.close();
      }
    });
  }

  /**
   * Saves `text` to `path`. `expectedMtimeMs` and `expectedIdentity` (from the read) say which
   * version of which file the text is based on: another version is files/changed-on-disk, another
   * file there (a link swapped, a file replaced) too, another folder files/folder-changed.
   */
  write(path: string, text: string, expectedMtimeMs?: number, expectedIdentity?: string): Promise<FileContent> {
    const p = resolve(path);
    return this.limit.run(p, async () => {
      await this.scope.assert(p, 'write');
      const expected = expectedIdentity !== undefined ? parseToken(expectedIdentity) : null;
      if (expectedIdentity !== undefined && !expected) throw new PlugsmithError('files/bad-identity', `The file identity sent with the save of ${p} is not one a read hands out; nothing was written`, expectedIdentity);
      // A folder that vanished (moved, deleted, unmounted) is not re-created behind the user's
      // back: the save would land somewhere nobody looks.
      const dir = dirname(p);
      const dirSt = await stat(dir, { bigint: true }).catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return null;
        throw fsError(err, dir);
      });
      if (!dirSt) throw new PlugsmithError('files/no-folder', `The folder ${dir} does not exist (moved or deleted?); nothing was written: save elsewhere, or create the folder first`, `ENOENT: ${dir}`);
      if (!dirSt.isDirectory()) throw new PlugsmithError('files/not-a-folder', `${dir} is not a folder; nothing was written`);
      if (expected && !sameIdentity(expected.dir, dirSt)) throw folderSwapped(dir, expected.dir, dirSt);

      const old = await this.openRegular(p).catch((err: unknown) => {
        if (err instanceof PlugsmithError && err.code === 'files/not-found') return null;
        throw err;
      });
      try {
        if (expectedMtimeMs !== undefined) assertUnchanged(p, old && { mtimeMs: ms(old.st) }, expectedMtimeMs);
        if (expected && old) assertSameFile(p, expected.file, old.st);
        // temp + rename only needs the folder to be writable, so it would silently replace a file
        // its owner made read-only (and root passes every access check): refuse on the mode bits too.
        if (old) {
          const mode = `0${(Number(old.st.mode) & 0o777).toString(8)}`;
          const writable = (Number(old.st.mode) & 0o222) !== 0 && (await access(p, constants.W_OK).then(() => true, () => false));
          if (!writable) throw new PlugsmithError('files/read-only', `${p} is read-only (mode ${mode}); nothing was written: make it writable, or save elsewhere`, `mode ${mode}, uid ${old.st.uid}`);
        }
        // Through a link, the file it leads to is replaced and the link kept.
        const target = old ? await realpath(p) : p;
        const backup = join(this.backupDir, createHash('sha256').update(p).digest('hex').slice(0, 16) + '-' + p.split('/').pop());
        await replaceFile(target, text, old && { fh: old.fh, uid: Number(old.st.uid), gid: Number(old.st.gid), mode: Number(old.st.mode) }, {
          beforeRename: async () => {
            // The last look before the rename: still the folder and the file that were checked.
            const d = await stat(dir, { bigint: true }).catch(() => null);
            if (!d || !sameIdentity(dirSt, d)) throw folderSwapped(dir, dirSt, d);
            if (old) {
              const t = await stat(target, { bigint: true }).catch(() => null);
              if (!t || !sameIdentity(old.st, t)) throw new PlugsmithError('files/changed-on-disk', `${p} was replaced on disk while it was being saved; nothing was written: reload it or save elsewhere`, `expected device ${old.st.dev} inode ${old.st.ino}, found ${t ? `device ${t.dev} inode ${t.ino}` : 'no file'}`);
              // The previous version, from the descriptor that was checked (never a path that may lead elsewhere now).
              await mkdir(this.backupDir, { recursive: true });
              await pipeline(old.fh.createReadStream({ start: 0, autoClose: false }), createWriteStream(backup));
            }
          },
        });
      } catch (err) {
        throw fsError(err, p);
      } finally {
        await old?.fh.close().catch(() => undefined);
      }
      const { fh, st, dirSt: d2 } = await this.openRegular(p);
      try {
        return await readOpen(p, fh, st, d2, DEFAULT_MAX);
      } finally {
        await fh.close();
      }
    });
  }

  /**
   * The save's own "changed on disk since it was read" check, without writing: the editor asks it
   * when its window comes back into focus. A stat, not a read — it runs on every focus.
   */
  check(path: string, expectedMtimeMs: number, expectedIdentity?: string): Promise<{ path: string; mtimeMs: number }> {
    const p = resolve(path);
    return this.limit.run(p, async () => {
      await this.scope.assert(p, 'read');
      const st = await stat(p, { bigint: true }).catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return null;
        throw fsError(err, p);
      });
      assertUnchanged(p, st && { mtimeMs: ms(st) }, expectedMtimeMs);
      const expected = expectedIdentity !== undefined ? parseToken(expectedIdentity) : null;
      if (expected && st) {
        const d = await stat(dirname(p), { bigint: true }).catch(() => null);
        if (!d || !sameIdentity(expected.dir, d)) throw folderSwapped(dirname(p), expected.dir, d);
        assertSameFile(p, expected.file, st);
      }
      return { path: p, mtimeMs: ms(st!) };
    });
  }

  /** stat (never opens), then a non-blocking open, then fstat: only a regular file is ever read. */
  private async openRegular(p: string): Promise<{ fh: FileHandle; st: BigIntStats; dirSt: BigIntStats }> {
    try {
      const pre = await stat(p);
      if (!pre.isFile()) throw notAFile(p, pre);
      const fh = await open(p, READ_FLAGS);
      try {
        const st = await fh.stat({ bigint: true });
        if (!st.isFile()) throw notAFile(p, st); // swapped between the stat and the open
        const dirSt = await stat(dirname(p), { bigint: true });
        return { fh, st, dirSt };
      } catch (err) {
        await fh.close();
        throw err;
      }
    } catch (err) {
      throw fsError(err, p);
    }
  }
}

async function readOpen(p: string, fh: FileHandle, st: BigIntStats, dirSt: BigIntStats, maxBytes: number): Promise<FileContent> {
  const size = Number(st.size);
  const len = Math.min(size, maxBytes);
  const buf = Buffer.alloc(len);
  let got = 0;
  while (got < len) {
    const { bytesRead } = await fh.read(buf, got, len - got, got);
    if (bytesRead === 0) break; // shrank meanwhile
    got += bytesRead;
  }
  return { path: p, text: buf.subarray(0, got).toString('utf8'), size, mtimeMs: ms(st), truncated: size > maxBytes, identity: identityToken(st, dirSt) };
}

/** mtime in ms with its fraction, as the non-bigint stat gives it. */
const ms = (st: BigIntStats) => Number(st.mtimeNs / 1_000_000n) + Number(st.mtimeNs % 1_000_000n) / 1e6;

function folderSwapped(dir: string, had: Identity, now: Identity | null): PlugsmithError {
  return new PlugsmithError(
    'files/folder-changed',
    `The folder ${dir} is ${now ? 'another folder' : 'gone'} since the file was opened (a link changed, or it was moved); nothing was written: open the file again from where it is now, or save elsewhere`,
    `opened as device ${had.dev} inode ${had.ino}, now ${now ? `device ${now.dev} inode ${now.ino}` : 'missing'}`,
  );
}

function assertSameFile(p: string, had: Identity, now: Identity): void {
  if (sameIdentity(had, now)) return;
  throw new PlugsmithError(
    'files/changed-on-disk',
    `${p} is another file on disk than the one opened (a link now leads elsewhere, or the file was replaced); reload it or save elsewhere`,
    `opened device ${had.dev} inode ${had.ino}, found device ${now.dev} inode ${now.ino}`,
  );
}

/** The file is still the version read at `expectedMtimeMs` (1 ms of slack: filesystems round). */
function assertUnchanged(p: string, st: { mtimeMs: number } | null, expectedMtimeMs: number): asserts st is { mtimeMs: number } {
  if (!st) {
    throw new PlugsmithError('files/changed-on-disk', `${p} was deleted on disk since it was opened; save it again to re-create it, or save elsewhere`, `expected mtime ${expectedMtimeMs}, found no file`);
  }
  if (Math.abs(st.mtimeMs - expectedMtimeMs) > 1) {
    throw new PlugsmithError('files/changed-on-disk', `${p} changed on disk since it was opened; reload it or save elsewhere`, `expected mtime ${expectedMtimeMs}, found ${st.mtimeMs}`);
  }
}
