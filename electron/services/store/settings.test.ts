import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Settings } from '../../ipc/types';
import { DEFAULT_SETTINGS, SettingsStore, sanitize } from './settings';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'psd-settings-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const with_ = (patch: Record<string, unknown>) => sanitize({ ...DEFAULT_SETTINGS, ...patch } as Settings);

describe('settings: engineLogPath and ovsdbSocket', () => {
  it('default to null (the lookup order / the default socket decide)', () => {
    expect(DEFAULT_SETTINGS.engineLogPath).toBeNull();
    expect(DEFAULT_SETTINGS.ovsdbSocket).toBeNull();
  });
  it('keep a path or target trimmed; blank, non-string or control characters fall back to null', () => {
    expect(with_({ engineLogPath: '  /var/log/docker.log ' }).engineLogPath).toBe('/var/log/docker.log');
    expect(with_({ engineLogPath: '/var/log/my docker.log' }).engineLogPath).toBe('/var/log/my docker.log');
    expect(with_({ engineLogPath: '   ' }).engineLogPath).toBeNull();
    expect(with_({ engineLogPath: 42 }).engineLogPath).toBeNull();
    expect(with_({ engineLogPath: '/x\n/y' }).engineLogPath).toBeNull();
    expect(with_({ ovsdbSocket: ' unix:/run/ovs/db.sock ' }).ovsdbSocket).toBe('unix:/run/ovs/db.sock');
    expect(with_({ ovsdbSocket: 'tcp:127.0.0.1:6640' }).ovsdbSocket).toBe('tcp:127.0.0.1:6640');
    expect(with_({ ovsdbSocket: '/run/a b/db.sock' }).ovsdbSocket).toBeNull();
    expect(with_({ ovsdbSocket: false }).ovsdbSocket).toBeNull();
  });
  it('a settings file from before these fields loads with them null; saved values survive a reload', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ theme: 'dark', netmasterUrl: '127.0.0.1:9999' }));
    const s = new SettingsStore(dir);
    const loaded = await s.load();
    expect(loaded).toMatchObject({ theme: 'dark', engineLogPath: null, ovsdbSocket: null });
    await s.update({ engineLogPath: '/var/log/dockerd.log', ovsdbSocket: 'unix:/tmp/ovs/db.sock' });
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'))).toMatchObject({ engineLogPath: '/var/log/dockerd.log', ovsdbSocket: 'unix:/tmp/ovs/db.sock' });
    const again = await new SettingsStore(dir).load();
    expect(again.engineLogPath).toBe('/var/log/dockerd.log');
    expect(again.ovsdbSocket).toBe('unix:/tmp/ovs/db.sock');
  });
});
