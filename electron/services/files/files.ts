/**
 * Host files for the editor and project folders: list, read, atomic write that
 * keeps the previous version under the state folder, with a stale-write check
 * (the file changed on disk since it was read) so nothing the user typed or
 * another program wrote is silently lost.
 */
import { access, constants, readdir, stat, open } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { createHash } from 'node:crypto';
import type { FileContent, FileEntry } from '../../ipc/types';
import { PlugsmithError } from '../errors';
import { writeFileAtomic } from '../store/atomic';

const DEFAULT_MAX = 4 * 1024 * 1024;

function fsError(err: unknown, path: string): PlugsmithError {
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

export class FileService {
  constructor(private readonly backupDir: string) {}

  async list(path: string): Promise<FileEntry[]> {
    const dir = resolve(path);
    try {
      const names = await readdir(dir, { withFileTypes: true });
      const out: FileEntry[] = [];
      for (const d of names) {
        const p = join(dir, d.name);
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
  }

  async read(path: string, maxBytes = DEFAULT_MAX): Promise<FileContent> {
    const p = resolve(path);
    try {
      const fh = await open(p, 'r');
      try {
        const st = await fh.stat();
        if (!st.isFile()) throw new PlugsmithError('files/not-a-file', `${p} is not a regular file`);
        const len = Math.min(st.size, maxBytes);
        const buf = Buffer.alloc(len);
        await fh.read(buf, 0, len, 0);
        return { path: p, text: buf.toString('utf8'), size: st.size, mtimeMs: st.mtimeMs, truncated: st.size > maxBytes };
      } finally {
        await fh.close();
      }
    } catch (err) {
      if (err instanceof PlugsmithError) throw err;
      throw fsError(err, p);
    }
  }

  async write(path: string, text: string, expectedMtimeMs?: number): Promise<FileContent> {
    const p = resolve(path);
    // A folder that vanished (moved, deleted, unmounted) is not re-created behind the user's
    // back: the atomic write would mkdir it, and the save would land somewhere nobody looks.
    const dir = dirname(p);
    const dirSt = await stat(dir).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return null;
      throw fsError(err, dir);
    });
    if (!dirSt) throw new PlugsmithError('files/no-folder', `The folder ${dir} does not exist (moved or deleted?); nothing was written: save elsewhere, or create the folder first`, `ENOENT: ${dir}`);
    if (!dirSt.isDirectory()) throw new PlugsmithError('files/not-a-folder', `${dir} is not a folder; nothing was written`);
    const st = await statOrNull(p);
    if (expectedMtimeMs !== undefined) assertUnchanged(p, st, expectedMtimeMs);
    // temp + rename only needs the folder to be writable, so it would silently replace a file
    // its owner made read-only (and root passes every access check): refuse on the mode bits too.
    if (st) {
      const mode = `0${(st.mode & 0o777).toString(8)}`;
      const writable = (st.mode & 0o222) !== 0 && (await access(p, constants.W_OK).then(() => true, () => false));
      if (!writable) throw new PlugsmithError('files/read-only', `${p} is read-only (mode ${mode}); nothing was written: make it writable, or save elsewhere`, `mode ${mode}, uid ${st.uid}`);
    }
    const backup = join(this.backupDir, createHash('sha256').update(p).digest('hex').slice(0, 16) + '-' + p.split('/').pop());
    try {
      await writeFileAtomic(p, text, { backupTo: backup });
    } catch (err) {
      throw fsError(err, p);
    }
    return this.read(p);
  }

  /**
   * The save's own "changed on disk since it was read" check, without writing: the editor asks it
   * when its window comes back into focus. A stat, not a read — it runs on every focus.
   */
  async check(path: string, expectedMtimeMs: number): Promise<{ path: string; mtimeMs: number }> {
    const p = resolve(path);
    const st = await statOrNull(p);
    assertUnchanged(p, st, expectedMtimeMs);
    return { path: p, mtimeMs: st!.mtimeMs };
  }
}

async function statOrNull(p: string) {
  return stat(p).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return null;
    throw fsError(err, p);
  });
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
