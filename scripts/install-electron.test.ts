/**
 * scripts/install-electron.mjs (the project's postinstall) against real Electron install code:
 * node_modules/electron/install.js and @electron/get, in a copy of the electron package under a
 * temp root (the shared node_modules is never written), downloading from a mirror served here on
 * 127.0.0.1 — the online path, end to end — and from a mirror nobody answers — the offline path:
 * one line, exit 0, the reason kept for `npm start`.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const REPO = join(import.meta.dirname, '..');
const SCRIPT = join(REPO, 'scripts', 'install-electron.mjs');
const ELECTRON = join(REPO, 'node_modules', 'electron');
const VERSION = JSON.parse(readFileSync(join(ELECTRON, 'package.json'), 'utf8')).version as string;
const ZIP_NAME = `electron-v${VERSION}-${process.platform}-${process.arch}.zip`;

/** A zip with stored (uncompressed) entries: enough for extract-zip, no zip tool needed. */
function zip(files: { name: string; data: Buffer; mode: number }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const f of files) {
    const name = Buffer.from(f.name);
    const crc = crc32(f.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(f.data.length, 18);
    local.writeUInt32LE(f.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by Unix: the mode below is kept
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(f.data.length, 20);
    central.writeUInt32LE(f.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(((0o100000 | f.mode) << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, f.data);
    centrals.push(central, name);
    offset += local.length + name.length + f.data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/** A project root whose node_modules has a copy of electron (without its binary) and links to the rest. */
function fakeRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'plugsmith-electron-'));
  const nm = join(root, 'node_modules');
  mkdirSync(nm);
  for (const name of readdirSync(join(REPO, 'node_modules'))) {
    if (name === 'electron' || name.startsWith('.')) continue;
    symlinkSync(join(REPO, 'node_modules', name), join(nm, name));
  }
  cpSync(ELECTRON, join(nm, 'electron'), { recursive: true, filter: (src) => !/[/\\](dist|path\.txt)$/.test(src) && !src.includes(`${ELECTRON}/dist/`) });
  return root;
}

function run(root: string, env: Record<string, string>, args: string[] = []): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const base = { ...process.env };
    for (const k of Object.keys(base)) if (/^(ELECTRON_|electron_|npm_config_electron|GLOBAL_AGENT_)/.test(k)) delete base[k];
    const child = spawn(process.execPath, [SCRIPT, ...args], { env: { ...base, PLUGSMITH_ROOT: root, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (out += c));
    child.on('exit', (code) => resolve({ code, out }));
  });
}

const status = (root: string) => JSON.parse(readFileSync(join(root, 'node_modules', '.plugsmith-electron.json'), 'utf8')) as { state: string; reason: string | null };

describe('the postinstall that fetches Electrons binary', () => {
  const roots: string[] = [];
  let server: Server;
  let mirror = '';
  const asked: string[] = [];
  const body = zip([
    { name: 'electron', data: Buffer.from('#!/bin/sh\necho stand-in\n'), mode: 0o755 },
    { name: 'version', data: Buffer.from(VERSION), mode: 0o644 },
  ]);

  beforeAll(async () => {
    const sums = `${createHash('sha256').update(body).digest('hex')} *${ZIP_NAME}\n`;
    server = createServer((req, res) => {
      asked.push(req.url ?? '');
      if (req.url === `/v${VERSION}/${ZIP_NAME}`) return res.end(body);
      if (req.url === `/v${VERSION}/SHASUMS256.txt`) return res.end(sums);
      res.statusCode = 404;
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    mirror = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    for (const r of roots) rmSync(r, { recursive: true, force: true });
  });

  const newRoot = () => {
    const r = fakeRoot();
    roots.push(r);
    return r;
  };

  it('online: runs Electrons own install.js, which downloads, checks and unpacks the binary', async () => {
    const root = newRoot();
    const cache = join(root, 'cache');
    // Checksums from the mirror (ours), not the package's checksums.json (the real zip's).
    const r = await run(root, { ELECTRON_MIRROR: mirror, electron_config_cache: cache, electron_use_remote_checksums: '1' });
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain(`Electron ${VERSION}: downloading its binary from ${mirror}`);
    expect(r.out).toContain(`Electron ${VERSION}'s binary is ready: ${join(root, 'node_modules', 'electron', 'dist', 'electron')}`);
    expect(asked).toContain(`/v${VERSION}/${ZIP_NAME}`);
    expect(readFileSync(join(root, 'node_modules', 'electron', 'path.txt'), 'utf8')).toBe('electron');
    expect(status(root)).toMatchObject({ state: 'ok', reason: null });
    // Installed: a second run (npm rebuild, another install) says so and downloads nothing.
    asked.length = 0;
    const again = await run(root, { ELECTRON_MIRROR: mirror, electron_config_cache: cache, electron_use_remote_checksums: '1' });
    expect(again.out).toContain('binary is already here');
    expect(asked).toEqual([]);
  });

  it('offline: one line saying why and what to do, exit 0 so the install goes on, the reason kept for npm start', async () => {
    const root = newRoot();
    // A port nobody listens on: the connection is refused, as an offline host's would be.
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const r = await run(root, { ELECTRON_MIRROR: `http://127.0.0.1:${port}/`, electron_config_cache: join(root, 'cache') });
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(new RegExp(`Electron ${VERSION.replace(/\./g, '\\.')}'s binary cannot be downloaded: 127\\.0\\.0\\.1:${port} refused the connection \\(ECONNREFUSED\\)`));
    expect(r.out).toContain('`npm start` runs serve mode');
    expect(r.out).toContain('npm run electron:fetch');
    expect(existsSync(join(root, 'node_modules', 'electron', 'dist'))).toBe(false);
    expect(status(root)).toMatchObject({ state: 'failed', reason: expect.stringContaining('ECONNREFUSED') });
    // Asked for by hand (npm run electron:fetch), the same failure is an error.
    const strict = await run(root, { ELECTRON_MIRROR: `http://127.0.0.1:${port}/` }, ['--strict']);
    expect(strict.code).toBe(1);
  });

  it('a download that fails after connecting (404 at the mirror) is the same single line, exit 0', async () => {
    const root = newRoot();
    const r = await run(root, { ELECTRON_MIRROR: `${mirror}nothing-here/`, electron_config_cache: join(root, 'cache'), electron_use_remote_checksums: '1' });
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/binary could not be downloaded: install\.js ended with exit code 1 — the install goes on without it/);
    expect(status(root).state).toBe('failed');
  });

  it('ELECTRON_SKIP_BINARY_DOWNLOAD (CI): says it skipped, downloads nothing', async () => {
    const root = newRoot();
    asked.length = 0;
    const r = await run(root, { ELECTRON_SKIP_BINARY_DOWNLOAD: '1', ELECTRON_MIRROR: mirror });
    expect(r.code).toBe(0);
    expect(r.out).toContain('Electron binary download skipped (ELECTRON_SKIP_BINARY_DOWNLOAD is set)');
    expect(asked).toEqual([]);
    expect(status(root).state).toBe('skipped');
  });
});
