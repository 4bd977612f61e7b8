import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lintConfig, locate } from './index';
import type { ExtraCheck } from './types';
import { corpusDir } from './testing/paths';

const codes = (text: string) => lintConfig(text).diagnostics.map((d) => d.code);
const one = (text: string, code: string) => {
  const d = lintConfig(text).diagnostics.filter((x) => x.code === code);
  expect(d, `${code} in ${JSON.stringify(lintConfig(text).diagnostics.map((x) => x.code))}`).toHaveLength(1);
  return d[0];
};

const OK = `{
  "description": "ok",
  "entrypoint": ["/bin/p"],
  "interface": {"socket": "p.sock", "types": ["docker.volumedriver/1.0"]}
}`;

describe('lintConfig: errors only where create refuses', () => {
  it('a clean config has no diagnostics and a decoded config', () => {
    const r = lintConfig(OK);
    expect(r.diagnostics).toEqual([]);
    expect(r.decoded).toMatchObject({ Description: 'ok', Entrypoint: ['/bin/p'] });
    expect(r.template).toBe(false);
  });

  it('syntax errors carry line, column and Go\'s words', () => {
    const d = one('{\n  "env": [\n    {"name": "A"},\n  ]\n}', 'json/syntax');
    expect(d).toMatchObject({ severity: 'error', stage: 'create', line: 4, column: 3, pointer: '' });
    expect(d.message).toContain("invalid character ']' looking for beginning of value");
    expect(lintConfig('{\n  "a": 1,\n}').decoded).toBeNull();
  });

  it('type errors point at the user\'s own key path and value', () => {
    const text = '{\n  "Env": [\n    {"NAME": "A", "Value": 5}\n  ]\n}';
    const d = one(text, 'type/mismatch');
    expect(d).toMatchObject({ severity: 'error', pointer: '/Env/0/Value', line: 3, column: 28 });
    expect(text.slice(d.from, d.to)).toBe('5');
    expect(d.message).toContain('Env.Value must be a string (or null), not a number');
  });

  it('uint32 errors name the literal', () => {
    const d = one('{"user": {"uid": 1e2}}', 'type/uint32');
    expect(d.message).toContain('not 1e2');
  });
});

describe('lintConfig: warnings for what fails later', () => {
  it.each([
    ['{"interface":{"socket":"p.sock","types":["docker.volumedriver/1.0"]}}', 'enable/no-entrypoint', 'enable', '/Entrypoint'],
    ['{"entrypoint":["/p"],"interface":{"types":["docker.volumedriver/1.0"]}}', 'enable/no-socket', 'enable', '/interface/Socket'],
    ['{"entrypoint":["/p"],"interface":{"socket":"/run/p.sock","types":["docker.volumedriver/1.0"]}}', 'enable/socket-not-bare', 'enable', '/interface/socket'],
    ['{"entrypoint":["/p"],"interface":{"socket":"p.sock","types":["docker.networkdriver/2.0"]},"network":{"type":"host"}}', 'interface/version', 'enable', '/interface/types/0'],
    ['{"entrypoint":["/p"],"interface":{"socket":"p.sock","types":["docker.networkdriver"]},"network":{"type":"host"}}', 'interface/malformed', 'ignored', '/interface/types/0'],
    ['{"entrypoint":["/p"],"interface":{"socket":"p.sock","types":["docker.foo/1.0"]}}', 'interface/unknown-type', 'ignored', '/interface/types/0'],
    ['{"entrypoint":["/p"],"interface":{"socket":"p.sock","types":["docker.volumedriver/1.0"]},"mounts":[{"destination":"/x"}]}', 'enable/mount-no-source', 'enable', '/mounts/0'],
    ['{"entrypoint":["/p"],"interface":{"socket":"p.sock","types":["docker.volumedriver/1.0"]},"mounts":[{"name":"m","destination":"/x","settable":["source"]}]}', 'set/mount-source-required', 'enable', '/mounts/0/Source'],
    ['{"entrypoint":["/p"],"interface":{"socket":"p.sock","types":["docker.volumedriver/1.0"]},"mounts":[{"name":"m","source":"/a","destination":"/x","settable":["destination"]}]}', 'set/not-settable-field', 'set', '/mounts/0/settable/0'],
    ['{"entrypoint":["/p"],"interface":{"socket":"p.sock","types":["docker.volumedriver/1.0"]},"env":[{"name":"A","value":"1","settable":["Value"]}]}', 'set/settable-case', 'set', '/env/0/settable/0'],
    ['{"entrypoint":["/p"],"interface":{"socket":"p.sock","types":["docker.volumedriver/1.0"]},"mounts":[{"name":"m","source":"/a","destination":"/x","settable":["source","destination"]}]}', 'set/multiple-settable', 'set', '/mounts/0/settable'],
    ['{"entrypoint":["/p"],"interface":{"socket":"p.sock","types":["docker.volumedriver/1.0"]},"linux":{"devices":[{"name":"d"}]}}', 'enable/device-no-path', 'enable', '/linux/devices/0'],
    ['{"entrypoint":["/p"],"interface":{"socket":"p.sock","types":["docker.volumedriver/1.0"]},"linux":{"capabilities":["SYS_ADMIN"]}}', 'linux/capability-name', 'enable', '/linux/capabilities/0'],
  ])('%s → %s (%s) at %s', (text, code, stage, pointer) => {
    const d = one(text, code);
    expect(d.severity === 'warning' || d.severity === 'info').toBe(true);
    expect(d.stage).toBe(stage);
    expect(d.pointer).toBe(pointer);
    expect(codes(text)).not.toContain('json/syntax');
    expect(lintConfig(text).diagnostics.some((x) => x.severity === 'error')).toBe(false);
  });

  it('says what the engine really does: keys it ignores are "ignored", never "refused at create"; only what it refuses (bad JSON, wrong types) is', () => {
    const base = '"entrypoint":["/p"],"interface":{"socket":"p.sock","types":["docker.volumedriver/1.0"]}';
    for (const [text, code] of [
      [`{${base},"manifestVersion":2}`, 'key/ignored'],
      [`{${base},"Mountz":[]}`, 'key/ignored'],
      [`{${base},"rootfs":{"type":"layers"}}`, 'key/engine-owned'],
      [`{${base},"user":{"uid":1}}`, 'user/unused'],
    ] as const) {
      const d = one(text, code);
      expect(d.stage).toBe('ignored');
      expect(d.severity).not.toBe('error');
    }
    expect(one(`{${base},"ſettable":1}`.replace('"ſettable":1', '"mounts":[],"Mounts":[]'), 'key/duplicate').stage).toBe('accepted');
    expect(one('{"entrypoint":"/p"}', 'type/mismatch')).toMatchObject({ stage: 'create', severity: 'error' });
  });

  it('"refused at create" goes with an error and an error is refused at create: create validates nothing but JSON and types', () => {
    const texts = [
      '{"entrypoint":["/p"],"manifestVersion":1,"Mountz":[],"interface":{"socket":"p.sock","types":["docker.foo/1.0","x"]},"user":{"uid":1},"network":{"type":"none"},"env":[{"name":"A","value":null}]}',
      '{"entrypoint":"/p"}',
      '{"a":',
    ];
    for (const t of texts) for (const d of lintConfig(t).diagnostics) expect([d.code, d.stage === 'create']).toEqual([d.code, d.severity === 'error']);
  });

  it('ignored keys get a "did you mean" with the user\'s casing', () => {
    const base = '"entrypoint":["/p"],"interface":{"socket":"p.sock","types":["docker.volumedriver/1.0"]}';
    expect(one(`{${base},"mount":[]}`, 'key/ignored')).toMatchObject({ suggestion: 'mounts', pointer: '/mount', severity: 'warning' });
    expect(one(`{${base},"ipc":true}`, 'key/ignored').suggestion).toBe('ipchost');
    expect(one(`{${base},"Descripton":"x"}`, 'key/ignored').suggestion).toBe('Description');
    expect(one(`{${base},"capabilities":["CAP_NET_ADMIN"]}`, 'key/ignored').suggestion).toBe('linux.capabilities');
    expect(one(`{${base},"manifestVersion":"v0"}`, 'key/ignored').message).toContain('pre-1.13');
    expect(one(`{${base},"mounts":[{"name":"m","source":"/a","destination":"/b","src":"/c"}]}`, 'key/ignored').suggestion).toBe('source');
  });

  it('notes Unicode-folded keys and duplicate fields, without errors', () => {
    const text = `{"entrypoint":["/p"],"interface":{"socket":"p.sock","types":["docker.volumedriver/1.0"]},"description":"a","Description":"b","env":[{"name":"A","ſettable":["value"],"value":"1"}]}`;
    const r = lintConfig(text);
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(one(text, 'key/unicode-fold').pointer).toBe('/env/0/ſettable');
    expect(one(text, 'key/duplicate').pointer).toBe('/Description');
  });

  it('maps an extra check\'s canonical path to the user\'s pointer and position', () => {
    const text = '{\n  "env": [\n    {"name": "A", "value": "1"},\n    {"Name": "B", "VALUE": "2"}\n  ]\n}';
    const check: ExtraCheck = () => [{ severity: 'warning', code: 'contiv/x', message: 'm', stage: 'contiv', path: ['Env', 1, 'Value'] }];
    const d = lintConfig(text, { extraChecks: [check] }).diagnostics.find((x) => x.code === 'contiv/x')!;
    expect(d).toMatchObject({ pointer: '/env/1/VALUE', line: 4, column: 28 });
    expect(text.slice(d.from, d.to)).toBe('"2"');
    const missing = lintConfig(text, { extraChecks: [() => [{ severity: 'info', code: 'x/y', message: 'm', stage: 'lint', path: ['Network', 'Type'] }]] }).diagnostics.find((x) => x.code === 'x/y')!;
    expect(missing.pointer).toBe('/Network/Type');
    const throwing = lintConfig(OK, { extraChecks: [() => { throw new Error('boom'); }] });
    expect(throwing.diagnostics.map((x) => x.code)).toEqual(['lint/check-failed']);
  });

  it('locate finds a pointer in the user\'s text', () => {
    const text = '{\n  "env": [{"name": "A"}]\n}';
    expect(locate(text, '/env/0/name')).toMatchObject({ line: 2, column: 20 });
    expect(locate(text, '/nope')).toBeNull();
    expect(lintConfig(text).locate(['Env', 0, 'Name'])).toMatchObject({ pointer: '/env/0/name', line: 2, column: 20 });
  });
});

describe('privileges, as the engine computes them', () => {
  it('lists network, ipc, pid, mounts, devices, all devices, capabilities in the engine\'s order', () => {
    const r = lintConfig('{"network":{"type":"host"},"ipchost":true,"pidhost":true,"mounts":[{"source":"/a","destination":"/b"},{"destination":"/c"}],"linux":{"devices":[{"path":"/dev/fuse"}],"allowalldevices":true,"capabilities":["CAP_SYS_ADMIN"]}}');
    expect(r.privileges.map((p) => [p.name, p.value])).toEqual([
      ['network', ['host']],
      ['host ipc namespace', ['true']],
      ['host pid namespace', ['true']],
      ['mount', ['/a']],
      ['device', ['/dev/fuse']],
      ['allow-all-devices', ['true']],
      ['capabilities', ['CAP_SYS_ADMIN']],
    ]);
  });
  it.each([
    ['', 0],
    ['bridge', 0],
    ['null', 0],
    ['none', 1],
    ['host', 1],
  ])('network type %j asks %i network privilege', (type, n) => {
    expect(lintConfig(JSON.stringify({ network: { type } })).privileges.filter((p) => p.name === 'network')).toHaveLength(n);
  });
});

describe('template mode on Contiv\'s real templates', () => {
  const at92 = readFileSync(join(corpusDir(), 'contiv__netplugin__install__v2plugin__config.template__at_92cd1fef.json'), 'utf8');

  it('blanks ## lines and fills the placeholder, keeping positions', () => {
    const r = lintConfig(at92, { pluginName: 'contiv/v2plugin:1.2.0' });
    expect(r.template).toBe(true);
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const note = r.diagnostics.find((d) => d.code === 'template/filled')!;
    expect(note).toMatchObject({ severity: 'info', line: 104 });
    expect(note.message).toContain("line 104, column 11: invalid character '#' looking for beginning of object key string");
    const env = (r.decoded as { Env: { Name: string; Value: string | null }[] }).Env;
    expect(env.find((e) => e.Value === 'contiv/v2plugin:1.2.0')).toBeTruthy();
    // A position after the placeholder still points at the user's text.
    const ignored = r.diagnostics.find((d) => d.code === 'key/ignored')!;
    expect(at92.slice(ignored.from, ignored.to)).toBe('"manifestVersion"');
  });

  it('judged as is (template off), the same text is the engine\'s syntax error', () => {
    const d = lintConfig(at92, { template: false }).diagnostics.find((x) => x.code === 'json/syntax')!;
    expect(d).toMatchObject({ line: 104, column: 11 });
  });

  it('fills ${…} placeholders and neutral values outside strings', () => {
    const r = lintConfig('{\n## comment\n"description": "${NAME}", "ipchost": ${IPC}}');
    expect(r.template).toBe(true);
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect((r.decoded as { Description: string }).Description).toBe('plugsmith/template:latest');
  });
});
