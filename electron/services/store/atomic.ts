/**
 * Atomic writes (temp file in the same folder + rename) that keep the previous
 * version, so a crash mid-write never leaves a torn file and an overwrite can be undone.
 */
import { mkdir, open, rename, copyFile, stat, unlink } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { randomBytes } from 'node:crypto';

export async function writeFileAtomic(path: string, data: string | Buffer, opts: { backupTo?: string; mode?: number } = {}): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const tmp = join(dir, `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`);
  let mode = opts.mode;
  try {
    mode ??= (await stat(path)).mode & 0o7777;
  } catch {
    // a new file
  }
  const fh = await open(tmp, 'wx', mode ?? 0o644);
  try {
    await fh.writeFile(data);
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    if (opts.backupTo) {
      await mkdir(dirname(opts.backupTo), { recursive: true });
      await copyFile(path, opts.backupTo).catch((e: NodeJS.ErrnoException) => {
        if (e.code !== 'ENOENT') throw e;
      });
    }
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
}
