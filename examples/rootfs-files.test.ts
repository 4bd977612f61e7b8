/**
 * The rootfs file list: ldd parsing (the loader line has no `=>`, vdso has no file)
 * and the real list for this host's node, whose sources must be real files.
 */
import { describe, expect, it } from 'vitest';
import { lstatSync } from 'node:fs';
import { nodeRootfsFiles, parseLdd } from './rootfs-files.mjs';

const SAMPLE = `	linux-vdso.so.1 (0x00007ffc8a5f2000)
	libdl.so.2 => /lib/x86_64-linux-gnu/libdl.so.2 (0x00007f191bc62000)
	libstdc++.so.6 => /lib/x86_64-linux-gnu/libstdc++.so.6 (0x00007f191ba00000)
	libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f191b73e000)
	/lib64/ld-linux-x86-64.so.2 (0x00007f191bc7b000)
`;

describe('parseLdd', () => {
  it('keeps every library path and the loader, skips the vdso', () => {
    expect(parseLdd(SAMPLE)).toEqual([
      '/lib/x86_64-linux-gnu/libdl.so.2',
      '/lib/x86_64-linux-gnu/libstdc++.so.6',
      '/lib/x86_64-linux-gnu/libc.so.6',
      '/lib64/ld-linux-x86-64.so.2',
    ]);
  });

  it('fails loudly on a library the host lacks', () => {
    expect(() => parseLdd('\tlibfoo.so.1 => not found\n')).toThrow('libfoo.so.1 not found');
  });
});

describe('nodeRootfsFiles', () => {
  it('places node at usr/bin/node with its loader, libraries and driver.js, all as real files', () => {
    const files = nodeRootfsFiles();
    const dests = files.map((f) => f.dest);
    expect(dests[0]).toBe('usr/bin/node');
    expect(dests).toContain('driver.js');
    expect(dests.some((d) => /^lib(64)?\/.*ld-linux.*\.so/.test(d))).toBe(true);
    expect(dests.some((d) => /libc\.so\.6$/.test(d))).toBe(true);
    for (const f of files) {
      expect(lstatSync(f.src).isSymbolicLink(), f.src).toBe(false);
      expect(f.size).toBe(lstatSync(f.src).size);
    }
  });
});
