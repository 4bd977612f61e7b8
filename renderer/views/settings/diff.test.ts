import { describe, expect, it } from 'vitest';
import type { Settings } from '../../../electron/ipc/types';
import { diffSettings } from './SettingsView';

const base: Settings = { dockerHost: 'unix:///run/d.sock', tlsVerify: false, certPath: null, theme: 'system', language: 'en', enableTimeoutSeconds: 30, netmasterUrl: null, engineLogPath: null, ovsdbSocket: null };
const form = { dockerHost: 'unix:///run/d.sock', tlsVerify: false, certPath: '', netmasterUrl: '', engineLogPath: '', ovsdbSocket: '', enableTimeoutSeconds: '30', theme: 'system' as const, language: 'en' as const };

describe('settings form diff', () => {
  it('sends nothing when nothing changed', () => {
    expect(diffSettings(base, form)).toEqual({});
  });
  it('sends only the changed fields, empty text as null, numbers as numbers', () => {
    expect(diffSettings(base, { ...form, dockerHost: '  ', enableTimeoutSeconds: '45', theme: 'dark' })).toEqual({
      dockerHost: null,
      enableTimeoutSeconds: 45,
      theme: 'dark',
    });
  });
  it('a netmaster address is trimmed; clearing it sends null', () => {
    expect(diffSettings(base, { ...form, netmasterUrl: ' 127.0.0.1:9999 ' })).toEqual({ netmasterUrl: '127.0.0.1:9999' });
    expect(diffSettings({ ...base, netmasterUrl: '127.0.0.1:9999' }, form)).toEqual({ netmasterUrl: null });
  });
  it('the engine log path and OVSDB socket: trimmed, blank means the default (null)', () => {
    expect(diffSettings(base, { ...form, engineLogPath: ' /var/log/docker.log ', ovsdbSocket: 'unix:/tmp/db.sock' })).toEqual({ engineLogPath: '/var/log/docker.log', ovsdbSocket: 'unix:/tmp/db.sock' });
    expect(diffSettings({ ...base, ovsdbSocket: '/x/db.sock' }, { ...form, ovsdbSocket: '  ' })).toEqual({ ovsdbSocket: null });
  });
});
