import { describe, expect, it } from 'vitest';
import { addedPrivileges, decodeRegistryConfig, explainPrivilege, formatPrivileges, privilegesOf, samePrivileges } from './consent';
import { endpointFor, isLoopbackHost } from './registry';
import { installTwins } from './twins';
import type { Privilege } from '../../ipc/types';

const net: Privilege = { name: 'network', description: 'permissions to access a network', value: ['host'] };
const caps: Privilege = { name: 'capabilities', description: 'list of additional capabilities required', value: ['CAP_NET_ADMIN'] };
const mount: Privilege = { name: 'mount', description: 'host path to mount', value: ['/var/run'] };

describe('the consent gate', () => {
  it('compares every entry, in any order; descriptions are only words', () => {
    expect(samePrivileges([net, caps], [caps, { ...net, description: 'other words' }])).toBe(true);
    // The engine sorts and skips index 0 ("capabilities" here): this gate does not.
    expect(samePrivileges([net, caps], [net, { ...caps, value: ['CAP_SYS_ADMIN'] }])).toBe(false);
    expect(samePrivileges([net], [net, net])).toBe(false);
    expect(addedPrivileges([net, caps, mount], [caps])).toEqual([net, mount]);
    // Fewer capabilities add nothing; one more adds just that one.
    expect(addedPrivileges([caps], [{ ...caps, value: ['CAP_NET_ADMIN', 'CAP_SYS_ADMIN'] }])).toEqual([]);
    expect(addedPrivileges([{ ...caps, value: ['CAP_NET_ADMIN', 'CAP_SYS_MODULE'] }], [caps])).toEqual([{ ...caps, value: ['CAP_SYS_MODULE'] }]);
  });
  it('decodes a registry config with the engine rules (case-insensitive keys) and computes its privileges', () => {
    const text = JSON.stringify({ network: { TYPE: 'none' }, mounts: [{ source: '/etc' }, { destination: '/x' }], linux: { allowalldevices: true }, ipchost: true, pidHost: true });
    expect(privilegesOf(decodeRegistryConfig(text, 'a/b:1')).map((p) => `${p.name}=${p.value.join(',')}`)).toEqual([
      'network=none',
      'host ipc namespace=true',
      'host pid namespace=true',
      'mount=/etc',
      'allow-all-devices=true',
    ]);
    expect(() => decodeRegistryConfig('{"Description": 5}', 'a/b:1')).toThrow(/could not decode the config of a\/b:1/);
    expect(() => decodeRegistryConfig('{', 'a/b:1')).toThrow(/not JSON/);
  });
  it('explains each privilege in plain words, and prints the list as the CLI asks', () => {
    expect(explainPrivilege(net)).toMatch(/host's network namespace/);
    expect(explainPrivilege({ ...caps, value: ['CAP_SYS_ADMIN'] })).toMatch(/enough to change the host system/);
    expect(formatPrivileges('r/p:1', [mount])).toBe('Plugin "r/p:1" is requesting the following privileges:\n - mount: [/var/run]\n     the host path /var/run is mounted into the plugin (it can read and, unless mounted read-only, change what is there)\n');
    expect(formatPrivileges('r/p:1', [])).toMatch(/does not ask for any privileges/);
  });
});

describe('registry endpoints and twins', () => {
  it('http only for loopback registries, as the engine allows; Docker Hub at registry-1', () => {
    expect(endpointFor('127.0.0.1:5000')).toEqual({ base: 'http://127.0.0.1:5000', insecure: true });
    expect(endpointFor('localhost:5000').base).toBe('http://localhost:5000');
    expect(isLoopbackHost('[::1]:5000')).toBe(true);
    expect(isLoopbackHost('127.evil.example')).toBe(false);
    expect(endpointFor('registry.example:5000').base).toBe('https://registry.example:5000');
    expect(endpointFor('docker.io').base).toBe('https://registry-1.docker.io');
  });
  it('the CLI twins', () => {
    expect(installTwins.install('localhost:5000/acme/plugin:1.0', { alias: 'p:1' })).toBe('docker plugin install --grant-all-permissions --alias p:1 --disable localhost:5000/acme/plugin:1.0');
    expect(installTwins.install('a/b:1', { enable: true })).toBe('docker plugin install --grant-all-permissions a/b:1');
    expect(installTwins.upgrade('p:1', 'a/b:2', { wasEnabled: true })).toBe('docker plugin disable p:1 && docker plugin upgrade --grant-all-permissions p:1 a/b:2 && docker plugin enable p:1');
  });
});
