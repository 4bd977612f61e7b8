import { describe, expect, it } from 'vitest';
import { canonicalIP, parseBindAddress, parseClusterStore, parseEndpoints, parseEnvBool, parseIP, parseLogLevel, splitList } from './values';

describe('parseIP', () => {
  it.each(['172.20.0.113', '0.0.0.0', '255.255.255.255', '::1', 'fe80::1', '2001:db8::8a2e:370:7334', '::ffff:10.0.0.1', '::'])('accepts %s', (s) => {
    expect(parseIP(s).ok).toBe(true);
  });
  it.each(['none', '', '256.1.1.1', '1.2.3', '01.2.3.4', '1.2.3.4/24', 'fe80::1%eth0', '1::2::3', 'g::1', ' 1.2.3.4'])('refuses %j', (s) => {
    expect(parseIP(s).ok).toBe(false);
  });
  it('canonicalises so equal addresses compare equal', () => {
    expect(canonicalIP('fe80:0:0::1')).toBe(canonicalIP('fe80::1'));
    expect(canonicalIP('::ffff:127.0.0.1')).toBe('127.0.0.1');
    const lo = parseIP('::1');
    expect(lo.ok && lo.value.loopback).toBe(true);
  });
});

describe('parseBindAddress (netmaster ValidateBindAddress)', () => {
  it('takes ip:port and :port', () => {
    expect(parseBindAddress('0.0.0.0:9999')).toEqual({ ok: true, value: { host: '0.0.0.0', port: 9999 } });
    expect(parseBindAddress(':9999')).toEqual({ ok: true, value: { host: '', port: 9999 } });
  });
  it("refuses a bare port with netmaster's own words", () => {
    const r = parseBindAddress('9999');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toBe("bind address is not in 'ip:port' format, got 9999");
  });
  it.each(['[::1]:9999', '1.2.3.4:0', '1.2.3.4:65536', '1.2.3.4:x'])('refuses %s', (s) => expect(parseBindAddress(s).ok).toBe(false));
});

describe('store URLs', () => {
  it('2017 cluster_store needs etcd:// or consul://', () => {
    const r = parseClusterStore('etcd://172.20.0.113:2379');
    expect(r.ok && r.value.driver).toBe('etcd');
    expect(parseClusterStore('consul://127.0.0.1:8500').ok).toBe(true);
    expect(parseClusterStore('http://127.0.0.1:2379').ok).toBe(false);
    expect(parseClusterStore('127.0.0.1:2379').ok).toBe(false);
  });
  it('2019 endpoints are comma-separated http(s) URLs', () => {
    const r = parseEndpoints('http://127.0.0.1:2379,https://[::1]:2379');
    expect(r.ok && r.value.map((e) => e.host)).toEqual(['127.0.0.1', '::1']);
    expect(parseEndpoints('etcd://127.0.0.1:2379').ok).toBe(false);
    expect(parseEndpoints('http://:2379').ok).toBe(false);
    expect(parseEndpoints(',,').ok).toBe(false);
  });
  it('drops empty list items like Contiv', () => expect(splitList('eth1,,eth2,')).toEqual(['eth1', 'eth2']));
});

describe('small values', () => {
  it('log levels as logrus parses them', () => {
    expect(parseLogLevel('INFO').ok).toBe(true);
    expect(parseLogLevel('Warning').ok).toBe(true);
    expect(parseLogLevel('verbose').ok).toBe(false);
  });
  it('env bools: empty is false, Go spellings only', () => {
    expect(parseEnvBool('')).toEqual({ ok: true, value: false });
    expect(parseEnvBool('True')).toEqual({ ok: true, value: true });
    expect(parseEnvBool('yes').ok).toBe(false);
  });
});
