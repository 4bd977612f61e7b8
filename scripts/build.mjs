#!/usr/bin/env node
/**
 * Builds everything that ships, into dist/:
 *   dist/renderer/           vite (vite.config.ts)
 *   dist/electron/main.cjs   the Electron main process, services bundled in
 *   dist/electron/preload.cjs  the sandboxed preload: one file, requires only 'electron'
 *   dist/cli.cjs             the `plugsmith` CLI (bin/plugsmith.cjs loads it), serve mode included
 *
 * Node-side bundles carry their dependencies, so the package needs no node_modules.
 * Optional native addons stay out: each is loaded inside try/catch by its user
 * (ssh2 → cpu-features and sshcrypto.node, ws → bufferutil / utf-8-validate) and the
 * JavaScript fallback is used when absent, which is what we want everywhere.
 *
 * Usage: node scripts/build.mjs [--only renderer,main,preload,cli] [--outdir DIR]
 */
import { build as esbuild } from 'esbuild';
import { existsSync, mkdirSync, rmSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const OPTIONAL_NATIVE = ['cpu-features', 'bufferutil', 'utf-8-validate', '*.node'];

const nodeBundle = (entry, outfile, extra = {}) => ({
  entryPoints: [join(root, entry)],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  logLevel: 'warning',
  // Warnings about requires inside try/catch that are meant to fail are expected; real errors still stop the build.
  logOverride: { 'require-resolve-not-external': 'silent' },
  legalComments: 'none',
  ...extra,
});

/**
 * The preload needs only the contract's request names, not its zod schemas (which
 * would make the preload ~20x larger). The names are read from the contract itself
 * at build time — the contract stays the single list — and handed to the preload
 * as a generated module.
 */
async function contractNames() {
  const out = await esbuild(nodeBundle('electron/ipc/contract.ts', 'contract.cjs', { write: false, logLevel: 'error' }));
  const dir = mkdtempSync(join(tmpdir(), 'plugsmith-contract-'));
  const file = join(dir, 'contract.cjs');
  writeFileSync(file, out.outputFiles[0].text);
  try {
    const { requestNames, eventNames } = createRequire(import.meta.url)(file);
    return { requestNames, eventNames };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const contractNamesOnly = {
  name: 'contract-names-only',
  setup(b) {
    b.onResolve({ filter: /[\\/]ipc[\\/]contract$|^\.\/ipc\/contract$/ }, (args) =>
      args.importer.endsWith('preload.ts') ? { path: 'contract-names', namespace: 'plugsmith' } : undefined,
    );
    b.onLoad({ filter: /^contract-names$/, namespace: 'plugsmith' }, async () => {
      const { requestNames, eventNames } = await contractNames();
      return { contents: `export const requestNames = ${JSON.stringify(requestNames)};\nexport const eventNames = ${JSON.stringify(eventNames)};\n`, loader: 'js' };
    });
  },
};

export const targets = {
  renderer: async (outdir) => {
    // vite.config.ts imports the CSP from a .ts file without an extension (tsc wants it that way);
    // the bundling config loader handles that, the warning is about a future loader.
    process.env.VITE_CONFIG_NATIVE_IGNORE_WARNING ??= 'true';
    const { build } = await import('vite');
    await build({
      configFile: join(root, 'vite.config.ts'),
      configLoader: 'bundle',
      logLevel: 'warn',
      build: { outDir: join(outdir, 'renderer'), emptyOutDir: true },
    });
  },
  main: (outdir) => esbuild(nodeBundle('electron/main.ts', join(outdir, 'electron', 'main.cjs'), { external: ['electron', ...OPTIONAL_NATIVE] })),
  // The sandbox gives a preload `require('electron')` and nothing else from Node, so everything else is bundled.
  preload: (outdir) =>
    esbuild(nodeBundle('electron/preload.ts', join(outdir, 'electron', 'preload.cjs'), { external: ['electron'], plugins: [contractNamesOnly] })),
  cli: async (outdir) => {
    if (!existsSync(join(root, 'electron', 'cli.ts'))) {
      console.log('build: electron/cli.ts does not exist yet, skipping dist/cli.cjs');
      return;
    }
    await esbuild(nodeBundle('electron/cli.ts', join(outdir, 'cli.cjs'), { external: ['electron', ...OPTIONAL_NATIVE] }));
  },
};

export async function buildAll({ only = Object.keys(targets), outdir = join(root, 'dist') } = {}) {
  mkdirSync(outdir, { recursive: true });
  if (only.includes('main') && only.includes('preload')) rmSync(join(outdir, 'electron'), { recursive: true, force: true });
  for (const name of only) {
    if (!targets[name]) throw new Error(`unknown build target ${name}; known: ${Object.keys(targets).join(', ')}`);
    const started = Date.now();
    await targets[name](outdir);
    console.log(`build: ${name} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { only: { type: 'string' }, outdir: { type: 'string' } } });
  buildAll({ only: values.only ? values.only.split(',') : undefined, outdir: values.outdir }).catch((err) => {
    console.error(err?.message ?? err);
    process.exit(1);
  });
}
