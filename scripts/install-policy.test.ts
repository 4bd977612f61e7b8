/**
 * What `npm install` of this package.json + package-lock.json prints, checked from the files npm
 * reads (not from the shared node_modules, which another lockfile may have installed):
 *  - no unreviewed install script: every locked package that has one is named in `allowScripts`
 *    (npm 11 lists the others as unreviewed, and a later npm blocks them);
 *  - Electron's own postinstall is denied and the project's postinstall runs its download instead
 *    (a failed download must not roll the install back: scripts/install-electron.mjs);
 *  - no EBADENGINE on the oldest Node the project says it supports (package.json `engines`,
 *    the README's Node versions), nor on the LTS lines the README names.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const REPO = join(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as {
  engines: { node: string };
  scripts: Record<string, string>;
  allowScripts?: Record<string, boolean>;
};
const lock = JSON.parse(readFileSync(join(REPO, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { hasInstallScript?: boolean; engines?: { node?: string } | string[]; optional?: boolean; os?: string[]; cpu?: string[] }>;
};
const semver = createRequire(import.meta.url)('semver') as {
  minVersion(range: string): { version: string } | null;
  satisfies(v: string, range: string, o?: object): boolean;
};
const nameOf = (path: string) => path.replace(/^.*node_modules\//, '');

describe('install policy', () => {
  it('every locked package with an install script is reviewed in allowScripts', () => {
    const withScripts = Object.entries(lock.packages)
      .filter(([path, p]) => path !== '' && p.hasInstallScript)
      .map(([path]) => nameOf(path));
    expect(withScripts.length).toBeGreaterThan(0);
    const reviewed = new Set(Object.keys(pkg.allowScripts ?? {}).map((k) => k.replace(/(.)@.*$/, '$1')));
    expect(withScripts.filter((n) => !reviewed.has(n))).toEqual([]);
    // And nothing stale: an entry for a package no longer locked is a review of nothing.
    expect([...reviewed].filter((n) => !withScripts.includes(n))).toEqual([]);
  });

  it("Electron's postinstall is denied, and the project's own postinstall fetches the binary", () => {
    expect(pkg.allowScripts?.electron).toBe(false);
    expect(pkg.scripts.postinstall).toBe('node scripts/install-electron.mjs');
    expect(pkg.scripts['electron:fetch']).toBe('node scripts/install-electron.mjs --strict');
  });

  it('no locked package refuses the oldest Node the project supports, nor the LTS lines after it', () => {
    const oldest = semver.minVersion(pkg.engines.node)!.version;
    expect(semver.satisfies(process.version, pkg.engines.node)).toBe(true);
    for (const node of [oldest, '22.13.0', '24.0.0', process.version.slice(1)]) {
      const refusing = Object.entries(lock.packages)
        .filter(([path, p]) => {
          const range = p.engines && !Array.isArray(p.engines) ? p.engines.node : undefined;
          // Platform binaries for other systems are never installed here (npm skips them by os/cpu).
          if (p.optional && (p.os || p.cpu) && /wasm32|android|darwin|win32|freebsd|openharmony/.test(path)) return false;
          return path !== '' && range && !semver.satisfies(node, range, { includePrerelease: true });
        })
        .map(([path, p]) => `${nameOf(path)} wants node ${(p.engines as { node: string }).node}`);
      expect(refusing, `on Node ${node}`).toEqual([]);
    }
  });
});
