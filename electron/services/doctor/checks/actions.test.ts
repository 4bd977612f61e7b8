/**
 * Which checks offer which one-click fix, over captured inputs (engine JSON as dockerd 20.10
 * returns it, probe results as the services build them): the action's kind and target, and its
 * CLI twin; and no action where the outcome is not known or nothing is wrong.
 */
import { describe, expect, it } from 'vitest';
import type { EnginePlugin } from '../../docker/plugin-model';
import type { PluginHealth } from '../../../ipc/types';
import { readContiv } from '../contiv-config';
import { evalContivPlugin, evalSocket } from './plugin';
import { evalGeneric } from './generic';
import { evalNetmaster } from './cluster';
import { evalLogs } from './logs';
import { evalOvsRunning } from './ovs';
import { actionLabel, toText } from '../format';

const ID = 'b'.repeat(64);

function contiv(env: Record<string, string>, o: { name?: string; enabled?: boolean } = {}): EnginePlugin {
  return {
    Id: ID,
    Name: o.name ?? 'contiv/v2plugin:latest',
    Enabled: o.enabled ?? true,
    Settings: { Env: Object.entries(env).map(([k, v]) => `${k}=${v}`), Mounts: [] },
    Config: {
      Interface: { Types: ['docker.networkdriver/1.0', 'docker.ipamdriver/1.0'], Socket: 'netplugin.sock' },
      Env: Object.keys(env).map((k) => ({ Name: k, Settable: ['value'], Value: '' })),
      Mounts: [],
    },
  };
}
const check2 = (p: EnginePlugin) => evalContivPlugin({ plugin: p, requested: null, contiv: true }, readContiv(p), [p.Name]);

describe('2 Contiv plugin → enable-plugin / set-setting', () => {
  it('disabled, name right: enable it', () => {
    const p = contiv({ CONTIV_ROLE: 'netplugin', CONTIV_NETMASTER_PLUGIN_NAME: 'contiv/v2plugin:latest' }, { enabled: false });
    expect(check2(p).action).toEqual({ kind: 'enable-plugin', plugin: 'contiv/v2plugin:latest', command: 'docker plugin enable contiv/v2plugin:latest' });
  });
  it('name wrong (2019 layout), enabled: set CONTIV_NETMASTER_PLUGIN_NAME to the installed name:tag, around a disable/enable', () => {
    const p = contiv({ CONTIV_ROLE: 'netplugin', CONTIV_NETMASTER_PLUGIN_NAME: 'contiv/v2plugin:latest' }, { name: 'myorg/contiv:1.2' });
    expect(check2(p).action).toEqual({
      kind: 'set-setting',
      plugin: 'myorg/contiv:1.2',
      key: 'CONTIV_NETMASTER_PLUGIN_NAME',
      value: 'myorg/contiv:1.2',
      disableFirst: true,
      command: 'docker plugin disable myorg/contiv:1.2 && docker plugin set myorg/contiv:1.2 CONTIV_NETMASTER_PLUGIN_NAME=myorg/contiv:1.2 && docker plugin enable myorg/contiv:1.2',
    });
  });
  it('name wrong (2017 layout) and disabled: the name first, a plain set (enabling would start a driver netplugin cannot find)', () => {
    const p = contiv({ plugin_role: 'master', cluster_store: 'etcd://127.0.0.1:2379', plugin_name: 'contiv/v2plugin:latest' }, { name: 'myorg/contiv:1.2', enabled: false });
    const a = check2(p).action;
    expect(a).toMatchObject({ kind: 'set-setting', key: 'plugin_name', value: 'myorg/contiv:1.2', disableFirst: false, command: 'docker plugin set myorg/contiv:1.2 plugin_name=myorg/contiv:1.2' });
  });
  it('nothing wrong, or no plugin: no action', () => {
    expect(check2(contiv({ CONTIV_ROLE: 'netplugin', CONTIV_NETMASTER_PLUGIN_NAME: 'contiv/v2plugin' })).action).toBeUndefined();
    expect(evalContivPlugin({ plugin: null, requested: 'nope', contiv: false }, null, []).action).toBeUndefined();
  });
});

describe('3 socket → enable-plugin for a disabled plugin that is not Contiv', () => {
  const plain: EnginePlugin = { Id: ID, Name: 'plugsmith-e2e/netdriver:latest', Enabled: false, Settings: {}, Config: { Interface: { Types: ['docker.networkdriver/1.0'], Socket: 'net.sock' } } };
  it('warns and offers to enable it; a Contiv plugin leaves that to check 2', () => {
    const o = evalSocket(plain, 'local', null, false);
    expect(o.status).toBe('warn');
    expect(o.action).toEqual({ kind: 'enable-plugin', plugin: plain.Name, command: 'docker plugin enable plugsmith-e2e/netdriver:latest' });
    const c = evalSocket(contiv({ CONTIV_ROLE: 'netplugin' }, { enabled: false }), 'local', null, true);
    expect(c.status).toBe('skip');
    expect(c.action).toBeUndefined();
  });
  it('enabled and not answering: no one-click fix (restarting is not known to help)', () => {
    const h: PluginHealth = { state: 'not-answering', detail: 'dial unix …: no such file', checkedAt: '' };
    expect(evalSocket({ ...plain, Enabled: true }, 'local', h).action).toBeUndefined();
  });
});

describe('16 every plugin → open-editor for an empty settable mount source', () => {
  const sshfs = (enabled: boolean): EnginePlugin => ({
    Id: ID, Name: 'vieux/sshfs:latest', Enabled: enabled, Settings: { Mounts: [{ Name: 'sshkey', Settable: ['source'], Source: '', Destination: '/root/.ssh', Type: 'bind' }] },
    Config: { Interface: { Types: ['docker.volumedriver/1.0'], Socket: 'sshfs.sock' }, Mounts: [{ Name: 'sshkey', Settable: ['source'], Source: '', Destination: '/root/.ssh', Type: 'bind' }] },
  });
  const input = (plugins: EnginePlugin[]) => ({ plugins, authorization: [], mode: 'local' as const, health: new Map(), mounts: new Map() });
  it('opens the field (the host path is the user’s to choose), with the set twin', () => {
    const a = evalGeneric(input([sshfs(false)])).action;
    expect(a).toMatchObject({ kind: 'open-editor', plugin: 'vieux/sshfs:latest' });
    expect(a?.kind === 'open-editor' && a.field).toMatch(/^sshkey/);
    expect(a?.command).toMatch(/^docker plugin set vieux\/sshfs:latest 'sshkey[^']*=<host path>'$/);
    expect(evalGeneric(input([sshfs(true)])).action?.command).toMatch(/^docker plugin disable vieux\/sshfs:latest && docker plugin set .* && docker plugin enable vieux\/sshfs:latest$/);
  });
  it('a /2.0 network type has no one-click fix (the plugin must be rebuilt)', () => {
    const v2: EnginePlugin = { Id: ID, Name: 'n:latest', Enabled: false, Settings: {}, Config: { Interface: { Types: ['docker.networkdriver/2.0'], Socket: 'n.sock' } } };
    const o = evalGeneric(input([v2]));
    expect(o.status).toBe('fail');
    expect(o.action).toBeUndefined();
  });
});

describe('Settings fields → open-settings', () => {
  it('12 netmaster: none named, or not answering → the netmasterUrl field; twin --netmaster', () => {
    expect(evalNetmaster({ url: null, from: 'nowhere' }, null, false).action).toBeUndefined();
    expect(evalNetmaster({ url: null, from: 'nowhere' }, null).action).toEqual({ kind: 'open-settings', field: 'netmasterUrl', command: 'plugsmith doctor --netmaster http://HOST:9999' });
    expect(evalNetmaster({ url: 'http://127.0.0.1:9999', from: 'x', error: 'connect ECONNREFUSED' }, null).action).toEqual({ kind: 'open-settings', field: 'netmasterUrl', command: 'plugsmith doctor --netmaster http://127.0.0.1:9999' });
    expect(evalNetmaster({ url: 'http://x', from: 'x', version: { Version: '1.1.7', GitCommit: '', BuildTime: '' } as never }, null).action).toBeUndefined();
  });
  it('14 logs: the engine log not found on this host → the engineLogPath field; twin PLUGSMITH_ENGINE_LOG', () => {
    const p = contiv({ CONTIV_ROLE: 'netplugin' });
    const o = evalLogs({ plugin: p, engineLog: { ok: false, reason: 'no dockerd process on this host serves /x.sock; journalctl -u docker has no entries' }, folder: null });
    expect(o.status).toBe('skip');
    expect(o.action).toEqual({ kind: 'open-settings', field: 'engineLogPath', command: 'PLUGSMITH_ENGINE_LOG=/var/log/docker.log plugsmith doctor' });
    expect(evalLogs({ plugin: p, engineLog: { ok: true, source: { via: 'journald', where: 'journalctl -u docker', text: '' } }, folder: null }).action).toBeUndefined();
    // A remote engine's log is on that machine: no field here would help.
    expect(evalLogs({ plugin: p, engineLog: { ok: false, reason: 'the engine is remote: its log is on that machine' }, folder: null }).action).toBeUndefined();
  });
  it('6 OVS: ovsdb-server not answering where Plugsmith looks → the ovsdbSocket field; twin PLUGSMITH_OVSDB', () => {
    const o = evalOvsRunning({ status: 'error', error: { code: 'ovs/unreachable', message: 'connect ENOENT /var/run/openvswitch/db.sock' } }, null, '/var/run/openvswitch/db.sock');
    expect(o.action).toEqual({ kind: 'open-settings', field: 'ovsdbSocket', command: 'PLUGSMITH_OVSDB=/var/run/openvswitch/db.sock plugsmith doctor' });
  });
});

describe('the CLI prints the fix’s twin', () => {
  it('under a failing check, labelled with what the button does', () => {
    const p = contiv({ CONTIV_ROLE: 'netplugin' }, { enabled: false });
    const o = check2(p);
    const text = toText({ verdict: { status: 'failing', causes: [{ check: 'contiv-plugin', status: 'fail', consequences: [] }] }, checks: [{ id: 'contiv-plugin', title: 'Contiv plugin', group: 'plugin', status: o.status, evidence: o.evidence, why: '', fix: o.fix, command: 'other', action: o.action, ms: 1 }], host: 'h', plugin: null, startedAt: '', ms: 1 });
    expect(text).toContain('fix (enable contiv/v2plugin:latest): $ docker plugin enable contiv/v2plugin:latest');
    expect(actionLabel({ kind: 'open-settings', field: 'ovsdbSocket', command: '' })).toBe('set ovsdbSocket in Settings');
  });
});
