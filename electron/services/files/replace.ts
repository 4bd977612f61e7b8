/**
 * The editor's atomic save: a temp file in the file's own folder, the old file's owner, group,
 * mode, extended attributes and ACLs put on it, then one rename. Serve runs as root, so a plain
 * temp + rename would leave a uid-1000 664 file root-owned 644; when an attribute cannot be kept
 * (not allowed to chown, a file system that refuses an xattr) the save is refused, the file
 * untouched. Owner and mode are set through Node; xattrs and ACLs (which Node has no API for) by
 * `cp --attributes-only` from the very file descriptor that was checked (`/proc/<pid>/fd/<n>`, not
 * its path, which may point elsewhere by now). A new file is linked into place (no-clobber), so a
 * file that appeared meanwhile is a conflict, not a silent replace.
 */
import { execFile } from 'node:child_process';
import { link, open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { PlugsmithError } from '../errors';

export interface Original {
  /** The old file, open (the one whose identity was checked). */
  fh: FileHandle;
  uid: number;
  gid: number;
  mode: number;
}

export interface ReplaceOptions {
  /** Runs after the temp file is complete, right before the rename: last checks, the backup. */
  beforeRename?: () => Promise<void>;
}

const tempOf = (path: string) => join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`);

export async function replaceFile(path: string, data: string, original: Original | null, opts: ReplaceOptions = {}): Promise<void> {
  const tmp = tempOf(path);
  const th = await open(tmp, 'wx', original ? 0o600 : 0o644);
  let placed = false;
  try {
    await th.writeFile(data);
    if (original) await keepAttributes(path, tmp, th, original);
    await th.sync();
    await th.close();
    await opts.beforeRename?.();
    if (original) await rename(tmp, path);
    else {
      // A new file: link fails on EEXIST where rename would replace what appeared meanwhile.
      await link(tmp, path).catch(async (err: NodeJS.ErrnoException) => {
        if (err.code === 'EEXIST') {
          throw new PlugsmithError('files/changed-on-disk', `${path} appeared on disk while it was being saved (another program created it); nothing was replaced: save again to replace it, or save elsewhere`, 'EEXIST at link');
        }
        if (err.code !== 'EPERM' && err.code !== 'ENOTSUP' && err.code !== 'EOPNOTSUPP') throw err;
        await rename(tmp, path); // a file system without hard links
      });
      await unlink(tmp).catch(() => undefined);
    }
    placed = true;
  } finally {
    await th.close().catch(() => undefined);
    if (!placed) await unlink(tmp).catch(() => undefined);
  }
}

async function keepAttributes(path: string, tmp: string, th: FileHandle, o: Original): Promise<void> {
  const uid = process.getuid?.() ?? o.uid;
  const gid = process.getgid?.() ?? o.gid;
  if (o.uid !== uid || o.gid !== gid) {
    await th.chown(o.uid, o.gid).catch((err: NodeJS.ErrnoException) => {
      throw new PlugsmithError(
        'files/cannot-keep-owner',
        `${path} belongs to uid ${o.uid} gid ${o.gid}, and Plugsmith (uid ${uid}) is not allowed to give the saved file that owner; nothing was written: save elsewhere, or run Plugsmith as that user or root`,
        err.message,
      );
    });
  }
  if (process.platform === 'linux') await copyXattrs(path, tmp, o);
  // After chown, which clears set-id bits; with an ACL the group bits are its mask, kept the same.
  await th.chmod(o.mode & 0o7777);
  const st = await th.stat();
  if (st.uid !== o.uid || st.gid !== o.gid || (st.mode & 0o7777) !== (o.mode & 0o7777)) {
    throw new PlugsmithError(
      'files/cannot-keep-owner',
      `The saved copy of ${path} could not keep its owner and mode; nothing was written`,
      `wanted uid ${o.uid} gid ${o.gid} mode ${(o.mode & 0o7777).toString(8)}, got uid ${st.uid} gid ${st.gid} mode ${(st.mode & 0o7777).toString(8)}`,
    );
  }
}

/** Extended attributes and ACLs (stored as xattrs): copied by coreutils, which fails when it cannot. */
function copyXattrs(path: string, tmp: string, o: Original): Promise<void> {
  const from = `/proc/${process.pid}/fd/${o.fh.fd}`;
  return new Promise((resolve, reject) => {
    execFile('cp', ['--attributes-only', '--preserve=mode,xattr', '--', from, tmp], { timeout: 10_000 }, (err, _out, stderr) => {
      if (!err) return resolve();
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return resolve(); // no cp: owner and mode are still kept above
      reject(new PlugsmithError('files/cannot-keep-attributes', `The extended attributes or ACL of ${path} could not be put on the saved copy; nothing was written`, String(stderr || err.message).trim()));
    });
  });
}
