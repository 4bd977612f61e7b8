/**
 * A stand-in Electron distribution for packing where Electron cannot be
 * downloaded: the layout electron-builder copies for `--linux dir` (an `electron`
 * executable, its LICENSE and version file, a resources folder), with the fuse
 * wire a real Electron binary carries, so the `electronFuses` config is applied
 * and can be checked. It never runs.
 */
import { mkdirSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';

export const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** Electron's defaults, in FuseV1Options order: RunAsNode … GrantFileProtocolExtraPrivileges. */
export const DEFAULT_FUSES = '10110001';

export function makeStandinElectron(dir: string, version: string): string {
  mkdirSync(join(dir, 'resources'), { recursive: true });
  mkdirSync(join(dir, 'locales'), { recursive: true });
  const exe = join(dir, 'electron');
  const wire = Buffer.concat([
    Buffer.from('#!/bin/sh\necho "stand-in Electron: not runnable" >&2\nexit 1\n# '),
    Buffer.from(FUSE_SENTINEL),
    Buffer.from([1, DEFAULT_FUSES.length]),
    Buffer.from(DEFAULT_FUSES),
    Buffer.from('\n'),
  ]);
  writeFileSync(exe, wire);
  chmodSync(exe, 0o755);
  writeFileSync(join(dir, 'version'), version);
  writeFileSync(join(dir, 'LICENSE'), 'stand-in\n');
  writeFileSync(join(dir, 'locales', 'en-US.pak'), '');
  return dir;
}

/** Reads the fuse wire back from a (stand-in) binary: '1' on, '0' off. */
export function readFuses(binary: Buffer): string {
  const at = binary.indexOf(FUSE_SENTINEL);
  if (at < 0) throw new Error('no fuse sentinel');
  const len = binary[at + FUSE_SENTINEL.length + 1];
  return binary.subarray(at + FUSE_SENTINEL.length + 2, at + FUSE_SENTINEL.length + 2 + len).toString('latin1');
}
