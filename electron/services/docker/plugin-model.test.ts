import { describe, it, expect } from 'vitest';
import { capabilityOf, setKeyFor, settingsOf, summarize, shellQuote, cli, type EnginePlugin } from './plugin-model';

describe('capabilityOf', () => {
  it.each([
    ['docker.networkdriver/1.0', 'network'],
    ['docker.ipamdriver/1.0', 'ipam'],
    ['docker.volumedriver/1.0', 'volume'],
    ['docker.logdriver/1.0', 'log'],
    ['docker.authz/1.0', 'authz'],
    ['docker.metricscollector/1.0', 'metrics'],
    ['docker.csicontroller/1.0', 'csi'],
    ['docker.csinode/1.0', 'csi'],
    ['docker.somethingnew/2.0', 'unknown'],
    ['not-docker', 'unknown'],
  ])('%s → %s', (type, kind) => {
    expect(capabilityOf(type)).toEqual({ type, kind });
  });
});

describe('setKeyFor follows `docker plugin set`', () => {
  it('one allowed settable field → the bare name', () => {
    expect(setKeyFor('env', 'DEBUG', ['value']).key).toBe('DEBUG');
    expect(setKeyFor('mount', 'logs', ['source']).key).toBe('logs');
    expect(setKeyFor('device', 'tun', ['path']).key).toBe('tun');
  });
  it('a field the engine never allows → not settable (destination, env source…)', () => {
    expect(setKeyFor('mount', 'logs', ['destination']).key).toBeNull();
    expect(setKeyFor('env', 'X', ['source']).key).toBeNull();
    expect(setKeyFor('env', 'X', []).key).toBeNull();
  });
  it('several settable fields → NAME.field must be named', () => {
    expect(setKeyFor('mount', 'logs', ['source', 'destination'])).toEqual({ key: 'logs.source', fields: ['source'] });
  });
  it('an unnamed entry can never be set', () => {
    expect(setKeyFor('mount', '', ['source']).key).toBeNull();
  });
});

const contiv: EnginePlugin = {
  Id: 'abc',
  Name: 'contiv/v2plugin:latest',
  Enabled: false,
  Settings: { Env: ['plugin_role=master', 'dbg_flag=0'], Mounts: [{ Name: '', Source: '/lib/modules', Destination: '/lib/modules' }], Args: [], Devices: [] },
  Config: {
    Description: 'Contiv network plugin',
    Interface: { Types: ['docker.networkdriver/1.0', 'docker.ipamdriver/1.0'], Socket: 'netplugin.sock' },
    Env: [
      { Name: 'dbg_flag', Settable: ['value'], Value: '0' },
      { Name: 'plugin_role', Settable: ['value'], Value: 'master' },
      { Name: 'fixed', Settable: null, Value: 'x' },
    ],
    Mounts: [{ Name: '', Source: '/lib/modules', Destination: '/lib/modules', Settable: null }],
  },
};

describe('settingsOf / summarize', () => {
  it('reads live values from Settings, and locks by the engine rules', () => {
    const s = settingsOf(contiv);
    expect(s.find((x) => x.name === 'plugin_role')).toMatchObject({ kind: 'env', value: 'master', setKey: 'plugin_role', locked: null });
    expect(s.find((x) => x.name === 'fixed')).toMatchObject({ setKey: null, locked: 'not-settable', value: 'x' });
    expect(s.find((x) => x.kind === 'mount')).toMatchObject({ value: '/lib/modules', locked: 'not-settable' });
  });
  it('an enabled plugin locks every settable entry with the reason', () => {
    const s = settingsOf({ ...contiv, Enabled: true });
    expect(s.find((x) => x.name === 'dbg_flag')?.locked).toBe('enabled');
    expect(s.find((x) => x.name === 'fixed')?.locked).toBe('not-settable');
  });
  it('args are one entry whose value is the joined list', () => {
    const p: EnginePlugin = { ...contiv, Settings: { Args: ['-v', '--debug'] }, Config: { Args: { Name: 'args', Settable: ['value'], Value: [] } } };
    expect(settingsOf(p)).toEqual([expect.objectContaining({ kind: 'arg', name: 'args', value: '-v --debug', setKey: 'args' })]);
  });
  it('summarize: kinds, socket, and a disabled plugin has health "disabled"', () => {
    const s = summarize(contiv, { state: 'answering', detail: '', checkedAt: null });
    expect(s.capabilities.map((c) => c.kind)).toEqual(['network', 'ipam']);
    expect(s.socket).toBe('netplugin.sock');
    expect(s.health.state).toBe('disabled');
    expect(summarize({ ...contiv, Enabled: true }, { state: 'not-answering', detail: 'x', checkedAt: null }).health.state).toBe('not-answering');
  });
});

describe('CLI twins', () => {
  it('quote only what a shell would mangle', () => {
    expect(shellQuote('contiv/v2plugin:latest')).toBe('contiv/v2plugin:latest');
    expect(shellQuote("it's here")).toBe(`'it'\\''s here'`);
    expect(cli.set('contiv/v2plugin:latest', [{ key: 'cluster_store', value: 'etcd://127.0.0.1:2379' }])).toBe(
      'docker plugin set contiv/v2plugin:latest cluster_store=etcd://127.0.0.1:2379',
    );
    expect(cli.set('p', [{ key: 'args', value: '-a -b' }])).toBe("docker plugin set p 'args=-a -b'");
    expect(cli.remove('p', true)).toBe('docker plugin rm --force p');
    expect(cli.enable('p', 30)).toBe('docker plugin enable --timeout 30 p');
  });
});
