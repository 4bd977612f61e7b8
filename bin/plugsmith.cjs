#!/usr/bin/env node
// The `plugsmith` command: runs the built CLI (npm run build makes dist/cli.cjs).
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const cli = join(__dirname, '..', 'dist', 'cli.cjs');
if (!existsSync(cli)) {
  console.error('plugsmith: not built yet — run `npm run build` in ' + join(__dirname, '..'));
  process.exit(2);
}
require(cli)
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
