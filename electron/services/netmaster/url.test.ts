import { describe, expect, it } from 'vitest';
import { netmasterUrlFromConfig, normalizeNetmasterUrl } from './url';

describe('netmaster URL', () => {
  it.each([
    ['127.0.0.1:9999', 'http://127.0.0.1:9999'],
    ['http://127.0.0.1:9999', 'http://127.0.0.1:9999'],
    ['http://127.0.0.1:9999/', 'http://127.0.0.1:9999'],
    ['  netmaster.local:9999//  ', 'http://netmaster.local:9999'],
    ['0.0.0.0:9999', 'http://127.0.0.1:9999'],
    [':9999', 'http://127.0.0.1:9999'],
    ['https://nm.example:443/', 'https://nm.example'],
  ])('%s → %s', (input, want) => {
    expect(normalizeNetmasterUrl(input)).toBe(want);
  });

  it('refuses what is not an http URL', () => {
    expect(() => normalizeNetmasterUrl('')).toThrow(/empty/);
    expect(() => normalizeNetmasterUrl('unix:///run/nm.sock')).toThrow(/http/);
  });

  it('reads the 2017 plugin layout (listen_url)', () => {
    expect(netmasterUrlFromConfig(['CONTIV_ROLE=netplugin', 'listen_url=172.20.0.113:9999'])).toBe('http://172.20.0.113:9999');
  });

  it('reads the 2019 layout (CONTIV_NETMASTER_EXTERNAL_ADDRESS, wildcard → loopback)', () => {
    expect(netmasterUrlFromConfig({ CONTIV_NETMASTER_EXTERNAL_ADDRESS: '0.0.0.0:9999', listen_url: null })).toBe('http://127.0.0.1:9999');
  });

  it('has no answer when the config says nothing', () => {
    expect(netmasterUrlFromConfig(['CONTIV_ROLE=netmaster', 'listen_url='])).toBeNull();
  });
});
