#!/usr/bin/env node
/**
 * `npm start`: build if the sources are newer than dist/, then open the Electron
 * app — or, where that cannot work, serve mode and the URL to open in a browser:
 *  - no Electron binary (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1, or no network: the
 *    reason is the one scripts/install-electron.mjs recorded at install);
 *  - running as root (Chromium would need --no-sandbox; the root path is serve mode).
 * Extra arguments go to `plugsmith serve` (e.g. `npm start -- --port 8080`).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUTPUTS = ['dist/electron/main.cjs', 'dist/electron/preload.cjs', 'dist/renderer/index.html', 'dist/cli.cjs'];
const SOURCES = ['electron', 'renderer', 'assets/public', 'vite.config.ts', 'scripts/build.mjs', 'package.json'];

function newest(path) {
  const full = join(root, path);
  if (!existsSync(full)) return 0;
  const st = statSync(full);
  if (!st.isDirectory()) return st.mtimeMs;
  let m = 0;
  for (const e of readdirSync(full)) if (e !== 'node_modules') m = Math.max(m, newest(join(path, e)));
  return m;
}

function needsBuild() {
  const outs = OUTPUTS.map((o) => join(root, o));
  if (outs.some((o) => !existsSync(o))) return true;
  const built = Math.min(...outs.map((o) => statSync(o).mtimeMs));
  return SOURCES.some((s) => newest(s) > built);
}

function run(cmd, args) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: 'inherit' });
    // Forward Ctrl-C / termination to the child and exit with its code.
    for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

/** The Electron binary's path, or null when the package is there without its download. */
function electronBinary() {
  try {
    const path = createRequire(join(root, 'package.json'))('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

/** Why the binary is missing, as the install's postinstall (scripts/install-electron.mjs) recorded it. */
function whyNoElectron() {
  try {
    const s = JSON.parse(readFileSync(join(root, 'node_modules', '.plugsmith-electron.json'), 'utf8'));
    if (s.reason) return s.reason;
  } catch {
    // installed before the postinstall recorded anything
  }
  return 'the install did not download it';
}

async function main() {
  if (needsBuild()) {
    const code = await run(process.execPath, [join(root, 'scripts', 'build.mjs')]);
    if (code !== 0) return code;
  }
  const serveArgs = process.argv.slice(2);
  const serve = () => run(process.execPath, [join(root, 'bin', 'plugsmith.cjs'), 'serve', ...serveArgs]);
  const electron = electronBinary();
  if (!electron) {
    console.log(`No Electron binary here (${whyNoElectron()}): starting serve mode instead — \`npm run electron:fetch\` fetches it`);
    return serve();
  }
  if (process.getuid?.() === 0) {
    console.log('Running as root: Electron would need --no-sandbox, so starting serve mode instead (open the URL below in a browser)');
    return serve();
  }
  return run(electron, [join(root, 'dist', 'electron', 'main.cjs')]);
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err?.message ?? err);
    process.exit(1);
  },
);
