/**
 * What a file really is, from its first bytes — never its name: Contiv's `v2plugin-<ver>.tar.gz`
 * is an uncompressed `docker export`, and sending gzip to `POST /plugins/create` is refused.
 */
import { open } from 'node:fs/promises';

export type ArchiveKind = 'gzip' | 'tar' | 'other';

/** gzip starts 1f 8b; a ustar/GNU tar has "ustar" at offset 257 of its first 512-byte header. */
export function archiveKindOf(head: Buffer): ArchiveKind {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.length >= 262 && head.subarray(257, 262).toString('latin1') === 'ustar') return 'tar';
  return 'other';
}

export async function archiveKind(file: string): Promise<ArchiveKind> {
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(512);
    const { bytesRead } = await fh.read(buf, 0, 512, 0);
    return archiveKindOf(buf.subarray(0, bytesRead));
  } finally {
    await fh.close();
  }
}
