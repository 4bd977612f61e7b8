import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allowedExternal, EXTERNAL_LINKS, isSameAppPage, isAllowedPermission } from './window-policy';

const APP = 'file:///opt/Plugsmith/resources/app.asar/dist/renderer/index.html';

describe('window policy', () => {
  it('opens only the listed https links', () => {
    expect(allowedExternal('https://docs.docker.com/engine/extend/')).toBe('https://docs.docker.com/engine/extend/');
    expect(allowedExternal('https://GitHub.com/contiv/netplugin')).toBe('https://github.com/contiv/netplugin');
    for (const bad of [
      'http://docs.docker.com/engine/extend/',
      'https://docs.docker.com/engine/extend/../../../evil',
      'https://docs.docker.com.evil.example/engine/extend/',
      'https://user:pw@github.com/contiv/netplugin',
      'https://github.com/contiv/netplugin/../../evil/repo',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'not a url',
    ]) {
      expect(allowedExternal(bad), bad).toBeNull();
    }
  });

  it('main.ts opens exactly the listed links, each as a literal (what Electronegativity can verify)', () => {
    const main = readFileSync(join(__dirname, 'main.ts'), 'utf8');
    const calls = [...main.matchAll(/openExternal\(([^)]*)\)/g)].map((m) => m[1].trim());
    expect(calls.sort()).toEqual(EXTERNAL_LINKS.map((l) => `'${l}'`).sort());
  });

  it('lets the window reload its own page and nothing else', () => {
    expect(isSameAppPage(APP, APP)).toBe(true);
    expect(isSameAppPage(`${APP}#/doctor`, APP)).toBe(true);
    expect(isSameAppPage('file:///opt/Plugsmith/resources/app.asar/dist/renderer/other.html', APP)).toBe(false);
    expect(isSameAppPage('https://example.com/', APP)).toBe(false);
    expect(isSameAppPage('', APP)).toBe(false);
  });

  it('grants only clipboard writes, and only to the app page', () => {
    expect(isAllowedPermission('clipboard-sanitized-write', APP, APP)).toBe(true);
    expect(isAllowedPermission('clipboard-read', APP, APP)).toBe(false);
    expect(isAllowedPermission('media', APP, APP)).toBe(false);
    expect(isAllowedPermission('clipboard-sanitized-write', 'https://evil.example/', APP)).toBe(false);
    expect(isAllowedPermission('clipboard-sanitized-write', undefined, APP)).toBe(false);
  });
});
