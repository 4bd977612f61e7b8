#!/usr/bin/env node
/**
 * Fetches Electron's binary: the project's own `postinstall` (and `npm run electron:fetch`).
 *
 * Electron's own postinstall (node_modules/electron/install.js) is denied in package.json's
 * `allowScripts` and run from here instead, because npm rolls the WHOLE install back when a
 * dependency's install script fails — and on a machine that cannot reach the download host it
 * does fail, after minutes of retries. Here the same install.js runs, with the same environment
 * (ELECTRON_MIRROR, electron_config_cache, proxies), but:
 *  - the download host is looked up and connected to first (bounded), so an offline machine is
 *    told in a second, not after minutes of retries;
 *  - a failed download is one clear line, the install goes on, and `npm start` runs serve mode
 *    saying why (it reads the outcome written to node_modules/.plugsmith-electron.json);
 *  - ELECTRON_SKIP_BINARY_DOWNLOAD=1 (CI) is honoured and said.
 * With --strict (`npm run electron:fetch`) a failed download exits 1: asked for by hand, it must fail.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { lookup } from 'node:dns/promises';
import { connect } from 'node:net';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = process.env.PLUGSMITH_ROOT ?? join(dirname(fileURLToPath(import.meta.url)), '..');
const strict = process.argv.includes('--strict');
const PROBE_MS = Number(process.env.PLUGSMITH_ELECTRON_PROBE_MS ?? 10_000);
const DEFAULT_MIRROR = 'https://github.com/electron/electron/releases/download/';
export const STATUS_FILE = join(root, 'node_modules', '.plugsmith-electron.json');

const say = (line) => process.stdout.write(`plugsmith: ${line}\n`);

function record(state, reason) {
  try {
    writeFileSync(STATUS_FILE, `${JSON.stringify({ state, reason, at: new Date().toISOString() }, null, 2)}\n`);
  } catch {
    // no node_modules (nothing installed): nothing to tell `npm start` either
  }
}

function electronDir() {
  const dir = join(root, 'node_modules', 'electron');
  return existsSync(join(dir, 'package.json')) ? dir : null;
}

/** The binary install.js leaves (dist/ + path.txt), or null. */
function installedBinary(dir) {
  try {
    const p = join(dir, 'dist', readFileSync(join(dir, 'path.txt'), 'utf8'));
    return existsSync(p) ? p : null;
  } catch {
    return null;
  }
}

/** The zip @electron/get keeps in its cache (a download needs no network then). */
function cachedZip(version) {
  const cache = process.env.electron_config_cache ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'electron');
  const arch = process.env.npm_config_arch ?? process.arch;
  const platform = process.env.npm_config_platform ?? process.platform;
  const want = `electron-v${version}-${platform}-${arch}.zip`;
  try {
    if (existsSync(join(cache, want))) return true;
    return readdirSync(cache).some((d) => existsSync(join(cache, d, want)));
  } catch {
    return false;
  }
}

/** Where install.js will download from: @electron/get's mirror settings, in its order. */
function mirror() {
  const m = process.env.npm_config_electron_mirror || process.env.NPM_CONFIG_ELECTRON_MIRROR || process.env.npm_package_config_electron_mirror || process.env.ELECTRON_MIRROR;
  return m || DEFAULT_MIRROR;
}

/** null when the host answers a TCP connect; otherwise why not, in words. */
async function unreachable(url) {
  let u;
  try {
    u = new URL(url);
  } catch {
    return null; // not a URL we understand (a file mirror?): let install.js say
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  const port = Number(u.port || (u.protocol === 'https:' ? 443 : 80));
  const host = u.hostname.replace(/^\[|\]$/g, '');
  let address;
  try {
    address = (await lookup(host)).address;
  } catch (err) {
    return `${host} cannot be resolved (${err.code ?? err.message})`;
  }
  return new Promise((resolve) => {
    const s = connect({ host: address, port });
    const done = (why) => {
      s.destroy();
      resolve(why);
    };
    s.setTimeout(PROBE_MS, () => done(`${host}:${port} did not answer within ${PROBE_MS / 1000} s`));
    s.once('connect', () => done(null));
    s.once('error', (err) => done(`${host}:${port} refused the connection (${err.code ?? err.message})`));
  });
}

const usesProxy = () => Boolean(process.env.ELECTRON_GET_USE_PROXY || process.env.GLOBAL_AGENT_HTTPS_PROXY || process.env.GLOBAL_AGENT_HTTP_PROXY);

function runInstallJs(dir) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(dir, 'install.js')], { cwd: dir, stdio: 'inherit', env: process.env });
    child.on('error', (err) => resolve(`could not start node: ${err.message}`));
    child.on('exit', (code, signal) => resolve(code === 0 ? null : `install.js ended with ${signal ?? `exit code ${code}`}`));
  });
}

const LATER = 'the install goes on without it: `npm start` runs serve mode (the same UI in a browser). Fetch it later with `npm run electron:fetch`.';

async function main() {
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
    say('Electron binary download skipped (ELECTRON_SKIP_BINARY_DOWNLOAD is set): `npm start` runs serve mode.');
    record('skipped', 'ELECTRON_SKIP_BINARY_DOWNLOAD was set at install');
    return 0;
  }
  const dir = electronDir();
  if (!dir) {
    say('the electron package is not installed: `npm start` runs serve mode.');
    record('failed', 'the electron package is not installed');
    return strict ? 1 : 0;
  }
  const { version } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const have = installedBinary(dir);
  if (have) {
    say(`Electron ${version}'s binary is already here: ${have}`);
    record('ok', null);
    return 0;
  }
  const from = mirror();
  if (!cachedZip(version) && !usesProxy()) {
    const why = await unreachable(from);
    if (why) {
      say(`Electron ${version}'s binary cannot be downloaded: ${why} (from ${from}) — ${LATER}`);
      record('failed', `the download host was unreachable at install: ${why}`);
      return strict ? 1 : 0;
    }
  }
  say(`Electron ${version}: downloading its binary from ${from} (node_modules/electron/install.js, run by this project's postinstall)…`);
  const failed = await runInstallJs(dir);
  const bin = installedBinary(dir);
  if (failed || !bin) {
    const why = failed ?? 'install.js ended without leaving the binary';
    say(`Electron ${version}'s binary could not be downloaded: ${why} — ${LATER}`);
    record('failed', `the download failed at install: ${why}`);
    return strict ? 1 : 0;
  }
  say(`Electron ${version}'s binary is ready: ${bin}`);
  record('ok', null);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    // Never the reason an install is rolled back: say it and go on (unless asked by hand).
    say(`Electron's binary was not fetched: ${err?.message ?? err} — ${LATER}`);
    record('failed', String(err?.message ?? err));
    process.exit(strict ? 1 : 0);
  },
);
