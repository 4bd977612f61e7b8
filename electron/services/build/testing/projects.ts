/**
 * Plugin projects for the build tests and the benchmark, made in temp folders from real parts:
 *  - the example network driver (examples/net-driver: config.json + FROM-scratch Dockerfile,
 *    its context filled by examples/prepare-context.mjs) with a marker of its own;
 *  - a Contiv-shaped install/v2plugin folder (testing/contiv-v2plugin: config.template, ARG
 *    TAR_FILE) plus a tarball of stand-in binaries made here;
 * and the engine-side facts a test compares before/after (containers, images, plugins).
 * Test helper only, not shipped.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync, createWriteStream } from 'node:fs';
import { dirname, join } from 'node:path';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { PassThrough } from 'node:stream';
import { createGzip } from 'node:zlib';
import tar from 'tar-stream';
import type { Engine } from '../../docker/engine';
import { pluginTar, fixtureConfig } from '../../docker/testing/fixtures';
import { lddOf } from '../../../../examples/rootfs-files.mjs';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const REPO = join(HERE, '..', '..', '..', '..');

export function tempDir(label: string): string {
  return mkdtempSync(join(tmpdir(), `plugsmith-${label}-`));
}

/** The example plugin's project: config.json, its Dockerfile and a filled context/ (≈100 MB: node + libs). */
export function exampleProject(marker: string): string {
  const dir = tempDir('example');
  copyFileSync(join(REPO, 'examples/net-driver/config.json'), join(dir, 'config.json'));
  copyFileSync(join(REPO, 'examples/net-driver/Dockerfile'), join(dir, 'Dockerfile'));
  execFileSync(process.execPath, [join(REPO, 'examples/prepare-context.mjs'), '--out', join(dir, 'context'), '--marker', marker], { stdio: 'ignore' });
  return dir;
}

/** A tar of stand-in binaries, like `make archive` writes (binaries at the root), with a marker. */
export async function writeBinTarball(file: string, marker: string): Promise<void> {
  const pack = tar.pack();
  const out = createWriteStream(file);
  pack.pipe(out);
  for (const bin of ['netplugin', 'netmaster', 'netctl']) {
    pack.entry({ name: bin, mode: 0o755 }, `#!/bin/sh\n# stand-in for contiv ${bin}\necho ${bin}\n`);
  }
  pack.entry({ name: '.plugsmith-marker', mode: 0o644 }, `${marker}\n`);
  pack.finalize();
  await once(out, 'finish');
}

/**
 * testing/contiv-v2plugin copied to a temp folder, plus `netplugin-bin.tar` (the TAR_FILE) and
 * `shell/`: this host's /bin/sh with its libraries and loader at their ldd paths (the script's #!
 * interpreter, which the build checks is in the rootfs before create).
 */
export async function contivProject(marker: string): Promise<string> {
  const dir = tempDir('contiv');
  cpSync(join(HERE, 'contiv-v2plugin'), dir, { recursive: true });
  await writeBinTarball(join(dir, 'netplugin-bin.tar'), marker);
  const sh = realpathSync('/bin/sh');
  for (const [from, dest] of [[sh, 'bin/sh'], ...lddOf(sh).map((lib) => [lib, lib.replace(/^\/+/, '')])]) {
    const to = join(dir, 'shell', dest);
    mkdirSync(dirname(to), { recursive: true });
    copyFileSync(realpathSync(from), to);
    chmodSync(to, 0o755);
  }
  return dir;
}

/**
 * Layout 3: config.json + a rootfs tarball named `.tar.gz` that is really an uncompressed tar, as
 * Contiv's script leaves it (the example driver's rootfs, packed by the fixtures' own packer).
 */
export async function tarballProject(marker: string, gzip = false): Promise<string> {
  const dir = tempDir('tarball');
  writeFileSync(join(dir, 'config.json'), `${JSON.stringify(fixtureConfig({ name: 'x', mode: 'ok' }), null, 2)}\n`);
  const out = createWriteStream(join(dir, 'v2plugin-0.1.tar.gz'));
  const pack = rootfsTar(marker);
  if (gzip) pack.pipe(createGzip()).pipe(out);
  else pack.pipe(out);
  await once(out, 'finish');
  return dir;
}

/**
 * The example driver's rootfs as a plain tar, files at its root: the fixtures' plugin bundle
 * (config.json + rootfs/…) with only its rootfs/ entries kept, unprefixed.
 */
function rootfsTar(marker: string): tar.Pack {
  const { stream } = pluginTar(fixtureConfig({ name: 'x', mode: 'ok' }), marker);
  const extract = tar.extract();
  const pack = tar.pack();
  extract.on('entry', (h, s, next) => {
    if (!h.name.startsWith('rootfs/') || h.name === 'rootfs/') {
      s.resume();
      return next();
    }
    const e = pack.entry({ ...h, name: h.name.slice('rootfs/'.length) }, (err) => next(err ?? undefined));
    s.pipe(e as unknown as NodeJS.WritableStream);
  });
  extract.on('finish', () => pack.finalize());
  stream.pipe(extract as unknown as NodeJS.WritableStream);
  return pack;
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export interface EngineFacts {
  containers: string[];
  images: string[];
  plugins: string[];
}

/** What is in the engine now: every container (all states), every image (intermediates too), every plugin. */
export async function engineFacts(engine: Engine): Promise<EngineFacts> {
  const [c, i, p] = await Promise.all([
    engine.request<{ Id: string }[]>({ method: 'GET', path: '/containers/json', query: { all: 1 } }),
    engine.request<{ Id: string }[]>({ method: 'GET', path: '/images/json', query: { all: 1 } }),
    engine.request<{ Name: string }[]>({ method: 'GET', path: '/plugins' }),
  ]);
  return { containers: c.map((x) => x.Id).sort(), images: i.map((x) => x.Id).sort(), plugins: p.map((x) => x.Name).sort() };
}

/** What appeared since `before` (left over), per kind. */
export function newSince(before: EngineFacts, after: EngineFacts): EngineFacts {
  const d = (a: string[], b: string[]) => b.filter((x) => !a.includes(x));
  return { containers: d(before.containers, after.containers), images: d(before.images, after.images), plugins: d(before.plugins, after.plugins) };
}

/**
 * A base image with node in it, imported from this host's files (`docker import`, no registry),
 * so a Dockerfile can RUN something slow — what the cancel and engine-stop tests need.
 */
export async function importNodeBase(engine: Engine, tag: string): Promise<void> {
  const body = new PassThrough();
  rootfsTar(`base ${tag}`).pipe(body);
  const [repo, t] = tag.split(':');
  await engine.request({ method: 'POST', path: '/images/create', query: { fromSrc: '-', repo, tag: t ?? 'latest' }, file: body, contentType: 'application/x-tar', timeoutMs: 180_000 });
}
