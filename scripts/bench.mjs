#!/usr/bin/env node
/**
 * `npm run bench`: bundles each bench/*.bench.ts with esbuild and runs it with node.
 * Benchmarks print their numbers and ratios against a baseline; nothing is asserted.
 * `npm run bench -- enable-to-ui` runs one.
 */
import { build } from 'esbuild';
import { readdirSync, mkdirSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv.slice(2);

// Project modules locate their own files with import.meta.url (examples/, scripts/test-env/);
// in a CJS bundle that is empty, so pin each source file's own URL at bundle time.
const keepImportMetaUrl = {
  name: 'keep-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /\.(mjs|ts)$/ }, (args) => {
      if (args.path.includes('node_modules')) return undefined;
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      return { contents: text.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)), loader: args.path.endsWith('.ts') ? 'ts' : 'js' };
    });
  },
};
const benches = readdirSync(join(root, 'bench')).filter((f) => f.endsWith('.bench.ts') && (!only.length || only.some((o) => f.startsWith(o))));
const outDir = join(root, '.tmp', 'bench');
mkdirSync(outDir, { recursive: true });
let failed = 0;
for (const f of benches) {
  const outfile = join(outDir, f.replace(/\.ts$/, '.cjs'));
  await build({ entryPoints: [join(root, 'bench', f)], outfile, bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: ['playwright-core', 'electron', 'cpu-features', 'ssh2'], logLevel: 'warning', plugins: [keepImportMetaUrl] });
  console.log(`\n== ${f}`);
  const r = spawnSync(process.execPath, [outfile], { stdio: 'inherit', cwd: root });
  if (r.status !== 0) failed++;
}
process.exitCode = failed ? 1 : 0;
