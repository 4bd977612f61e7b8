/**
 * electron-builder.yml, checked for real where Electron cannot be downloaded:
 * build, pack `--linux dir` against a stand-in Electron (standin.ts), then look
 * inside the produced app.asar — the built main, preload and renderer are there,
 * and nothing from tests, e2e, sources or node_modules — check the fuses were
 * flipped, and run the packed CLI from a folder with no node_modules anywhere
 * above it (so dockerode and ws work without their optional native addons).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { request } from 'node:http';
import { makeStandinElectron, readFuses, DEFAULT_FUSES } from './standin';

const root = resolve(__dirname, '..', '..');
const require_ = createRequire(join(root, 'package.json'));
const asar = require_('@electron/asar') as typeof import('@electron/asar');
const electronVersion = (require_('electron/package.json') as { version: string }).version;

describe('packaging with electron-builder', () => {
  let work: string;
  let appOut: string;
  let files: string[];

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'plugsmith-pack-'));
    execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'pipe' });
    const standin = makeStandinElectron(join(work, 'electron-dist'), electronVersion);
    execFileSync(
      process.execPath,
      [
        require_.resolve('electron-builder/cli.js'),
        '--linux',
        'dir',
        '--config',
        'electron-builder.yml',
        `-c.electronDist=${standin}`,
        `-c.electronVersion=${electronVersion}`,
        `-c.directories.output=${join(work, 'out')}`,
      ],
      { cwd: root, stdio: 'pipe', env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1', CSC_IDENTITY_AUTO_DISCOVERY: 'false' } },
    );
    appOut = join(work, 'out', 'linux-unpacked');
    files = asar.listPackage(join(appOut, 'resources', 'app.asar'), { isPack: false }).map((f) => f.replace(/\\/g, '/'));
  }, 240_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('holds the built main, preload, CLI and renderer', () => {
    for (const f of ['/dist/electron/main.cjs', '/dist/electron/preload.cjs', '/dist/cli.cjs', '/dist/renderer/index.html', '/package.json']) {
      expect(files, f).toContain(f);
    }
    expect(files.some((f) => /^\/dist\/renderer\/assets\/index-[\w-]+\.js$/.test(f))).toBe(true);
    const html = asar.extractFile(join(appOut, 'resources', 'app.asar'), 'dist/renderer/index.html').toString();
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'self';/);
  });

  it('ships nothing from tests, e2e, sources, source maps or node_modules', () => {
    const unwanted = files.filter(
      (f) =>
        /\.test\.tsx?$/.test(f) ||
        /\.tsx?$/.test(f) ||
        f.endsWith('.map') ||
        /^\/(e2e|electron|renderer|scripts|bench|examples|\.ci)(\/|$)/.test(f) ||
        f.includes('/node_modules/'),
    );
    expect(unwanted).toEqual([]);
    // Everything is under dist/ except the manifest electron-builder needs.
    expect(files.filter((f) => !f.startsWith('/dist')).sort()).toEqual(['/package.json']);
  });

  it('names the executable, and flips the fuses in the binary', () => {
    expect(existsSync(join(appOut, 'plugsmith'))).toBe(true);
    expect(existsSync(join(appOut, 'resources', 'default_app.asar'))).toBe(false);
    const fuses = readFuses(readFileSync(join(appOut, 'plugsmith')));
    expect(DEFAULT_FUSES[0]).toBe('1'); // the stand-in starts from Electron's defaults
    // RunAsNode off, cookie encryption on, NODE_OPTIONS off, --inspect off, asar integrity on, only-from-asar on.
    expect(fuses.slice(0, 6)).toBe('010011');
  });

  it('runs the packed CLI with no node_modules anywhere (no optional native addons)', async () => {
    const unpacked = join(work, 'unpacked');
    asar.extractAll(join(appOut, 'resources', 'app.asar'), unpacked);
    const dockerHost = process.env.PLUGSMITH_TEST_DOCKER_HOST;
    const env = { PATH: process.env.PATH, PLUGSMITH_HOME: join(work, 'home'), DOCKER_HOST: dockerHost ?? 'unix:///nonexistent.sock' };
    const cli = join(unpacked, 'dist', 'cli.cjs');
    const run = (args: string[]) => `require(${JSON.stringify(cli)}).main(${JSON.stringify(args)}).then((c) => process.exit(c))`;
    let out = '';
    let status = 0;
    try {
      out = execFileSync(process.execPath, ['-e', run(['plugins', 'ls', '--json'])], { cwd: work, env, stdio: 'pipe', timeout: 60_000 }).toString();
    } catch (err) {
      const e = err as { status: number; stderr: Buffer };
      status = e.status;
      out = e.stderr.toString();
    }
    expect(out).not.toMatch(/Cannot find module|MODULE_NOT_FOUND/);
    if (dockerHost) {
      expect(status).toBe(0);
      expect(Array.isArray(JSON.parse(out))).toBe(true);
    } else {
      expect(out).toContain('engine/unreachable');
    }

    // And serve mode from the same folder: the printed URL logs in and serves the page.
    const child = spawn(process.execPath, ['-e', run(['serve', '--no-open'])], { cwd: work, env, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise<string>((resolveUrl, reject) => {
        let buf = '';
        const t = setTimeout(() => reject(new Error(`no URL printed: ${buf}`)), 30_000);
        child.stdout.on('data', (d: Buffer) => {
          buf += d;
          const m = /Open: (\S+)/.exec(buf);
          if (m) {
            clearTimeout(t);
            resolveUrl(m[1]);
          }
        });
        child.stderr.on('data', (d: Buffer) => (buf += d));
      });
      const u = new URL(url);
      const status303 = await new Promise<number>((res, rej) =>
        request(url, (r) => {
          r.resume();
          res(r.statusCode ?? 0);
        })
          .on('error', rej)
          .end(),
      );
      expect(u.hostname).toBe('127.0.0.1');
      expect(status303).toBe(303);
    } finally {
      child.kill('SIGTERM');
    }
  }, 120_000);
});
