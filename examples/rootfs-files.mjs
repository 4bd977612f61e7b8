/**
 * Which host files make up a Node plugin's rootfs: the node binary (placed at
 * /usr/bin/node, where config.json's entrypoint looks), every library `ldd` lists at
 * the path the loader will look for it, and the loader itself (the `/lib64/ld-…` line
 * with no `=>` — miss it and the plugin dies with "exec /usr/bin/node: no such file
 * or directory"). Sources are resolved through symlinks: the rootfs gets real file
 * content at the ldd path, never a link pointing at a file that is not there.
 *
 * Shared by examples/prepare-context.mjs (docker build context) and the test fixtures
 * (tar stream straight to POST /plugins/create), so both build the same rootfs.
 */
import { execFileSync } from 'node:child_process';
import { realpathSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const EXAMPLES_DIR = dirname(fileURLToPath(import.meta.url));
export const NET_DRIVER_DIR = join(EXAMPLES_DIR, 'net-driver');

/** Parses `ldd` output into absolute library paths (vdso has no file and is skipped). */
export function parseLdd(text) {
  const libs = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const arrow = /^(\S+)\s+=>\s+(.*)$/.exec(line);
    if (arrow) {
      if (/^not found/.test(arrow[2])) throw new Error(`ldd: ${arrow[1]} not found on this host`);
      const p = /^(\/\S+)/.exec(arrow[2]);
      if (p) libs.push(p[1]);
      continue;
    }
    // The loader line: "/lib64/ld-linux-x86-64.so.2 (0x…)" — a path, no arrow.
    const loader = /^(\/\S+)\s+\(0x[0-9a-f]+\)$/.exec(line);
    if (loader) libs.push(loader[1]);
  }
  return [...new Set(libs)];
}

export function lddOf(binary) {
  let out;
  try {
    out = execFileSync('ldd', [binary], { encoding: 'utf8' });
  } catch (err) {
    // A static binary: ldd exits 1 with "not a dynamic executable"; it needs no libraries.
    if (/not a dynamic executable|statically linked/.test(`${err.stdout ?? ''}${err.stderr ?? ''}`)) return [];
    throw new Error(`ldd ${binary} failed: ${err.message}`);
  }
  return parseLdd(out);
}

/**
 * [{ src, dest, size, mode }] with dest relative to the rootfs (no leading slash).
 * `node` defaults to the node running this code.
 */
export function nodeRootfsFiles({ node = process.execPath, driver = join(NET_DRIVER_DIR, 'driver.js') } = {}) {
  const entries = [
    { from: node, dest: 'usr/bin/node' },
    ...lddOf(node).map((lib) => ({ from: lib, dest: lib.replace(/^\/+/, '') })),
    { from: driver, dest: 'driver.js' },
  ];
  return entries.map(({ from, dest }) => {
    const src = realpathSync(from);
    const st = statSync(src);
    return { src, dest, size: st.size, mode: st.mode & 0o7777 };
  });
}
