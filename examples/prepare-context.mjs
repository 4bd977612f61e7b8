#!/usr/bin/env node
/**
 * Fills examples/net-driver/context/ (gitignored) with the files the FROM-scratch
 * Dockerfile copies: node at usr/bin/node, its libraries and loader at their ldd paths,
 * and driver.js — taken from this host, so `docker build` needs no registry.
 *
 *   node examples/prepare-context.mjs [--marker TEXT] [--out DIR]
 *
 * --marker writes TEXT to /.plugsmith-marker in the rootfs: the engine refuses a rootfs
 * layer identical to another plugin's ("content sha256:… already exists"), so a second
 * plugin from the same files needs a marker of its own.
 */
import { copyFileSync, chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { NET_DRIVER_DIR, nodeRootfsFiles } from './rootfs-files.mjs';

const { values } = parseArgs({ options: { marker: { type: 'string' }, out: { type: 'string' } } });
const out = resolve(values.out ?? join(NET_DRIVER_DIR, 'context'));

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
let bytes = 0;
for (const f of nodeRootfsFiles()) {
  const to = join(out, f.dest);
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(f.src, to); // src is the resolved file: real content at the ldd path
  chmodSync(to, f.mode);
  bytes += f.size;
  process.stdout.write(`${f.dest} ← ${f.src}\n`);
}
if (values.marker !== undefined) writeFileSync(join(out, '.plugsmith-marker'), `${values.marker}\n`);
process.stdout.write(`context ready: ${out} (${(bytes / 1e6).toFixed(1)} MB)\n`);
