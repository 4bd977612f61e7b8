import { describe, expect, it } from 'vitest';
import { parseJson } from './json';
import { decodeConfig, goEscape } from './decode';

function decode(text: string) {
  const { root, error } = parseJson(text);
  if (!root) throw new Error(error?.message);
  return decodeConfig(text, root);
}

describe('decodeConfig (Go encoding/json into moby PluginConfig)', () => {
  it('matches keys case-insensitively, with Go\'s Unicode folds (ſ = s, K = k)', () => {
    const d = decode('{"ſettable":1,"env":[{"ſettable":["value"],"NAME":"X"}],"networ\u212a":{"TYPE":"host"},"linux":{"Capabilities":["CAP_NET_ADMIN"]}}');
    expect(d.errors).toEqual([]);
    expect(d.config.Env).toEqual([{ Description: '', Name: 'X', Settable: ['value'], Value: null }]);
    expect(d.config.Network.Type).toBe('host');
    expect(d.config.Linux.Capabilities).toEqual(['CAP_NET_ADMIN']);
    const folded = d.keys.find((k) => k.key === 'networ\u212a');
    expect(folded).toMatchObject({ field: 'Network', exact: false, unicodeFold: true });
    expect(d.keys.find((k) => k.key === 'ſettable' && k.parent.length === 0)?.field).toBeNull();
  });

  it('merges objects and lets the last scalar win across casings; null keeps strings', () => {
    const d = decode('{"linux":{"capabilities":["A"]},"Linux":{"allowalldevices":true},"description":"a","Description":"b","documentation":"d","Documentation":null}');
    expect(d.config.Linux).toMatchObject({ Capabilities: ['A'], AllowAllDevices: true });
    expect(d.config.Description).toBe('b');
    expect(d.config.Documentation).toBe('d');
  });

  it('decodes a repeated array over the earlier items, reusing the backing array like Go', () => {
    const d = decode('{"env":[{"name":"a","value":"1"},{"name":"b"},{"name":"c"}],"Env":[{"value":"2"}],"ENV":[{},{},{}]}');
    expect(d.config.Env?.map((e) => [e.Name, e.Value])).toEqual([
      ['a', '2'],
      ['b', null],
      ['c', null],
    ]);
    expect(decode('{"entrypoint":["a","b"],"Entrypoint":[null]}').config.Entrypoint).toEqual(['a']);
    expect(decode('{"env":[{"name":"a"}],"env":[]}').config.Env).toEqual([]);
  });

  it.each([
    ['{"user":{"uid":-1}}', 'type/uint32', '/user/uid'],
    ['{"user":{"uid":1.5}}', 'type/uint32', '/user/uid'],
    ['{"user":{"uid":1e2}}', 'type/uint32', '/user/uid'],
    ['{"user":{"gid":4294967296}}', 'type/uint32', '/user/gid'],
    ['{"user":{"uid":"1"}}', 'type/mismatch', '/user/uid'],
    ['{"description":5}', 'type/mismatch', '/description'],
    ['{"ipchost":"true"}', 'type/mismatch', '/ipchost'],
    ['{"entrypoint":"x"}', 'type/mismatch', '/entrypoint'],
    ['{"entrypoint":[1]}', 'type/mismatch', '/entrypoint/0'],
    ['{"mounts":{}}', 'type/mismatch', '/mounts'],
    ['{"env":[{"value":5}]}', 'type/mismatch', '/env/0/value'],
    ['{"interface":{"types":[null]}}', 'type/interface-type', '/interface/types/0'],
    ['{"interface":{"types":[{}]}}', 'type/interface-type', '/interface/types/0'],
    ['{"interface":{"types":["/x"]}}', 'type/interface-panic', '/interface/types/0'],
    ['[]', 'type/mismatch', ''],
  ])('%s → %s at %s', (text, code, pointer) => {
    const d = decode(text);
    expect(d.errors.map((e) => [e.code, e.pointer])).toEqual([[code, pointer]]);
  });

  it('gives Go\'s own error text', () => {
    expect(decode('{"env":[{"value":5}]}').errors[0].goMessage).toBe('json: cannot unmarshal number into Go struct field PluginEnv.Env.Value of type string');
    expect(decode('{"user":{"uid":-1}}').errors[0].goMessage).toBe('json: cannot unmarshal number -1 into Go struct field PluginConfigUser.User.UID of type uint32');
    expect(decode('[]').errors[0].goMessage).toBe('json: cannot unmarshal array into Go value of type types.PluginConfig');
  });

  it('accepts null anywhere the engine does', () => {
    const d = decode('{"user":null,"env":[null,{"name":"x"}],"mounts":[{"source":null,"options":null}],"args":{"value":null},"interface":{"types":null}}');
    expect(d.errors).toEqual([]);
    expect(d.config.Mounts?.[0].Source).toBeNull();
    expect(d.config.Env?.[0].Name).toBe('');
  });

  it('mangles interface types exactly as moby\'s UnmarshalJSON (twice: create, then the stored blob)', () => {
    const types = (t: string) => decode(`{"interface":{"types":[${t}]}}`).config.Interface.Types;
    expect(types('"docker.networkdriver/1.0"')).toEqual(['docker.networkdriver/1.0']);
    expect(types('"docker.networkdriver"')).toEqual(['docker.networkdriver\\"]/']);
    expect(types('"networkdriver/1.0"')).toEqual(['.etworkdriver/1.0']);
    expect(types('""')).toEqual(['.]/']);
    expect(types('"a.b.c/1.0/2"')).toEqual(['a.b.c/1.0/2']);
    expect(types('"docker.a\\/1.0"')).toEqual(['docker.a\\\\/1.0']);
    expect(types('"a<b.c/1&"')).toEqual(['a\\u003cb.c/1\\u0026']);
    expect(decode('{"interface":{"types":["docker.a/1.0"],"Types":["docker.b"]}}').config.Interface.Types).toEqual(['docker.b\\"]/1.0']);
  });

  it('re-encodes like the engine: omitempty fields absent, nil slices null', () => {
    const d = decode('{}');
    expect(d.config).toEqual({
      Args: { Description: '', Name: '', Settable: null, Value: null },
      Description: '',
      Documentation: '',
      Entrypoint: null,
      Env: null,
      Interface: { Socket: '', Types: null },
      IpcHost: false,
      Linux: { AllowAllDevices: false, Capabilities: null, Devices: null },
      Mounts: null,
      Network: { Type: '' },
      PidHost: false,
      PropagatedMount: '',
      User: {},
      WorkDir: '',
    });
    expect(decode('{"user":{"uid":5,"GID":0}}').config.User).toEqual({ UID: 5 });
  });

  it('escapes like Go 1.19', () => {
    expect(goEscape('a"b\\c\n<>&\u2028\x01')).toBe('a\\"b\\\\c\\n\\u003c\\u003e\\u0026\\u2028\\u0001');
  });
});
