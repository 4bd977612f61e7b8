/**
 * The renderer imports the model directly (per-keystroke lint, hover docs, completion), so
 * everything reachable from index.ts must stay free of Node modules. Follows the imports.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

function reachable(entry: string, seen = new Set<string>()): Set<string> {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  const src = readFileSync(entry, 'utf8');
  for (const m of src.matchAll(/^(?:import|export)\s+(?!type\b)[^'"]*?from\s+'([^']+)'/gm)) {
    const spec = m[1];
    if (!spec.startsWith('.')) continue;
    const file = [`${spec}.ts`, `${spec}/index.ts`].map((s) => resolve(dirname(entry), s)).find(existsSync);
    if (file) reachable(file, seen);
  }
  return seen;
}

describe('browser-safe model', () => {
  it('nothing reachable from index.ts imports a node: module or a Node-only file', () => {
    const files = [...reachable(join(here, 'index.ts'))];
    expect(files.length).toBeGreaterThan(8);
    for (const f of files) {
      const src = readFileSync(f, 'utf8');
      expect(src, f).not.toMatch(/from\s+'node:|require\(/);
      expect(f).not.toMatch(/service\.ts$|cli-lint\.ts$/);
    }
  });
});
