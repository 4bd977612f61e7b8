import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic';
import { SettingsStore, DEFAULT_SETTINGS } from './settings';
import { StateStore } from './state';
import { storePaths } from './paths';

const tmp = () => mkdtempSync(join(tmpdir(), 'plugsmith-store-'));

describe('writeFileAtomic', () => {
  it('replaces the file, keeps the previous version and its mode, leaves no temp file', async () => {
    const dir = tmp();
    const f = join(dir, 'config.json');
    writeFileSync(f, 'old', { mode: 0o640 });
    await writeFileAtomic(f, 'new', { backupTo: join(dir, 'bak', 'config.json') });
    expect(readFileSync(f, 'utf8')).toBe('new');
    expect(readFileSync(join(dir, 'bak', 'config.json'), 'utf8')).toBe('old');
    expect(statSync(f).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});

describe('SettingsStore', () => {
  it('starts from defaults, persists updates, and drops invalid values on load', async () => {
    const dir = tmp();
    const s = new SettingsStore(dir);
    expect(await s.load()).toEqual(DEFAULT_SETTINGS);
    await s.update({ theme: 'dark', dockerHost: ' unix:///x.sock ' });
    // Settings may name certificate folders: readable by the user only.
    expect(statSync(join(dir, 'settings.json')).mode & 0o777).toBe(0o600);
    const again = new SettingsStore(dir);
    expect(await again.load()).toMatchObject({ theme: 'dark', dockerHost: 'unix:///x.sock' });
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ theme: 'neon', enableTimeoutSeconds: -5, language: 'zh-CN' }));
    expect(await again.load()).toMatchObject({ theme: 'system', enableTimeoutSeconds: 30, language: 'zh-CN' });
  });
  it('tells listeners the new and previous settings', async () => {
    const s = new SettingsStore(tmp());
    await s.load();
    const seen: string[] = [];
    s.onChange((n, p) => seen.push(`${p.language}→${n.language}`));
    await s.update({ language: 'zh-CN' });
    expect(seen).toEqual(['en→zh-CN']);
  });
});

describe('StateStore', () => {
  it('round-trips JSON values per key and refuses path-like keys', async () => {
    const st = new StateStore(tmp());
    expect(await st.get('recent.folders')).toBeNull();
    await st.set('recent.folders', ['/a', '/b']);
    expect(await st.get('recent.folders')).toEqual(['/a', '/b']);
    await expect(st.get('../etc/passwd')).rejects.toThrow(/Not a state key/);
  });
});

describe('storePaths', () => {
  it('follows XDG, and PLUGSMITH_HOME overrides both', () => {
    expect(storePaths({ HOME: '/h' })).toEqual({ configDir: '/h/.config/plugsmith', stateDir: '/h/.local/state/plugsmith' });
    expect(storePaths({ HOME: '/h', XDG_CONFIG_HOME: '/c', XDG_STATE_HOME: '/s' })).toEqual({ configDir: '/c/plugsmith', stateDir: '/s/plugsmith' });
    expect(storePaths({ PLUGSMITH_HOME: '/p' })).toEqual({ configDir: '/p/config', stateDir: '/p/state' });
  });
});
