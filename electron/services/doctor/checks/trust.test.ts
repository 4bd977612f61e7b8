/**
 * Issue 10 on captured inputs: no false failure on a working userspace node (item 1), no false
 * pass of a dead contivh0 and "can't tell" where a check could not verify its title (item 2), and
 * only fixes that can work on this host (item 5).
 */
import { describe, expect, it } from 'vitest';
import type { EnginePlugin } from '../../docker/plugin-model';
import type { HostFacts } from '../../../ipc/types';
import type { OvsState } from '../../host/ovsdb';
import type { KernelModuleFact } from '../../host/modules';
import { parseIpAddr, parseIpLink } from '../../host/facts';
import { readContiv } from '../contiv-config';
import { enableOutlook, evalContivPlugin, evalMounts, evalSocket } from './plugin';
import { evalContivh0, evalKernelModule, evalOvsRunning, userspaceOf } from './ovs';
import { evalLogs, KERNEL_DATAPATH_LINES } from './logs';

const ID = 'c'.repeat(64);
const kmod: KernelModuleFact = { module: 'openvswitch', loaded: false, evidence: 'openvswitch is not listed in /proc/modules', source: '/proc/modules', host: 'h1', kernel: '6.18.44-fc-v1300' };
const bridge = (name: string, datapathType: string) => ({ name, uuid: name, datapathType, datapathId: '0000aa', datapathExists: true, failMode: null, controller: [], externalIds: {}, ports: [{ name: 'contivh0', uuid: 'p', tag: null, externalIds: {}, interfaces: [] }] });
const state = (types: [string, string]): OvsState => ({
  source: { target: 'unix:/x', host: 'h1' }, ovsVersion: null, dbVersion: null, schemaVersion: '8.3.0', managers: [{ target: 'ptcp:6640', connected: null }], nextCfg: 1, curCfg: 1,
  bridges: [bridge('contivVxlanBridge', types[0]), bridge('contivVlanBridge', types[1])],
});
function plugin(env: Record<string, string>, o: { enabled?: boolean; mounts?: { Name?: string; Settable?: string[]; Source: string; Destination: string }[] } = {}): EnginePlugin {
  return {
    Id: ID, Name: 'contiv/v2plugin:latest', Enabled: o.enabled ?? false,
    Settings: { Env: Object.entries(env).map(([k, v]) => `${k}=${v}`), Mounts: (o.mounts ?? []).map(({ Source, Destination }) => ({ Source, Destination, Type: 'bind' })) },
    Config: { Interface: { Types: ['docker.networkdriver/1.0'], Socket: 'netplugin.sock' }, Env: Object.keys(env).map((k) => ({ Name: k, Settable: ['value'], Value: '' })), Mounts: (o.mounts ?? []).map((m) => ({ ...m, Type: 'bind' })) },
  };
}
const ENV = { CONTIV_ROLE: 'netplugin', CONTIV_NETMASTER_PLUGIN_NAME: 'contiv/v2plugin:latest' };

describe('item 1: a working userspace node is no failure', () => {
  const working = userspaceOf(state(['netdev', 'netdev']), '', true);
  it('the module is not needed when every Contiv bridge is netdev and the plugin answers', () => {
    expect(working.working).toBe(true);
    const o = evalKernelModule(kmod, true, working);
    expect(o.status).toBe('skip');
    expect(o.evidence[0]).toMatch(/not needed here — every Contiv bridge uses the userspace datapath/);
  });
  it('still a failure with a system-datapath bridge, or a plugin that does not answer; can\'t tell when OVS is unreadable', () => {
    expect(evalKernelModule(kmod, true, userspaceOf(state(['netdev', 'system']), '', true)).status).toBe('fail');
    expect(evalKernelModule(kmod, true, userspaceOf(state(['netdev', 'netdev']), '', false)).status).toBe('fail');
    expect(evalKernelModule(kmod, true, userspaceOf(null, 'needs root', true)).status).toBe('unknown');
  });
  it("ovs-vswitchd's \"Generic Netlink family 'ovs_datapath' does not exist\" is expected there, not a failure", () => {
    const folder = { dir: '/var/log/contiv', files: { 'ovs-vswitchd.log': "2026-12-01T10:00:00.000Z|00007|dpif_netlink|INFO|Generic Netlink family 'ovs_datapath' does not exist. The Open vSwitch kernel module is probably not loaded.\n" } };
    const engineLog = { ok: true as const, source: { via: 'journald' as const, where: 'journalctl -u docker', text: '' } };
    const p = plugin(ENV, { enabled: true });
    const expected = evalLogs({ plugin: p, engineLog, folder, expected: { ids: KERNEL_DATAPATH_LINES, why: working.why } });
    expect(expected.status).toBe('pass');
    expect(expected.evidence.join('\n')).toMatch(/\[expected here: every Contiv bridge uses the userspace datapath.*\] .*ovs_datapath/);
    // On a node whose bridges need the kernel datapath, the same line is the failure it always was.
    expect(evalLogs({ plugin: p, engineLog, folder }).status).toBe('fail');
  });
});

describe('item 2: contivh0 left down is no pass; what could not be verified is "can\'t tell"', () => {
  // Captured: `ip -j link show contivh0` of a tap left UP after its process is gone.
  const LEFT_DOWN = '[{"ifindex":2,"ifname":"contivh0","flags":["NO-CARRIER","BROADCAST","MULTICAST","UP"],"mtu":1500,"qdisc":"pfifo_fast","operstate":"DOWN","linkmode":"DEFAULT","group":"default","txqlen":1000,"link_type":"ether","address":"d6:9d:e8:6c:cb:64","broadcast":"ff:ff:ff:ff:ff:ff"}]';
  const host = (interfaces: HostFacts['interfaces']): HostFacts => ({ hostname: 'h1', addresses: [{ ifname: 'contivh0', address: '172.19.255.254', prefixlen: 16, family: 'inet' }], interfaces, defaultRouteInterfaces: [], source: 'ip -j link' });
  const nat = { rules: ['-A POSTROUTING -s 172.19.0.0/16 ! -o contivh0 -j MASQUERADE'] };
  it('host facts read the operational state and the carrier, not only the UP flag', () => {
    expect(parseIpLink(LEFT_DOWN)).toEqual([{ ifname: 'contivh0', up: true, operstate: 'DOWN', carrier: false }]);
    expect(parseIpAddr(LEFT_DOWN).interfaces).toEqual([{ ifname: 'contivh0', up: true, operstate: 'DOWN', carrier: false }]);
  });
  it('<NO-CARRIER,…,UP> state DOWN fails, whatever else is right', () => {
    const o = evalContivh0({ host: host(parseIpLink(LEFT_DOWN)), state: state(['netdev', 'netdev']), pvtSubnet: null, nat });
    expect(o.status).toBe('fail');
    expect(o.evidence.join('\n')).toMatch(/contivh0: DOWN \(UP flag set, state DOWN, NO-CARRIER\)/);
    expect(o.evidence.join('\n')).toMatch(/its link is down/);
  });
  it('"OVS state unavailable: port membership not checked" is can\'t tell, with why; a failure seen still fails', () => {
    const upIface = [{ ifname: 'contivh0', up: true, operstate: 'UNKNOWN', carrier: true }];
    const o = evalContivh0({ host: host(upIface), state: null, pvtSubnet: null, nat, ovsWhy: 'needs root: permission denied on /var/run/openvswitch/db.sock' });
    expect(o.status).toBe('unknown');
    expect(o.evidence.join('\n')).toMatch(/can't tell whether contivh0 is a port of contivVxlanBridge \(OVS state unavailable: needs root/);
    expect(o.fix).toMatch(/sudo plugsmith doctor/);
    expect(evalContivh0({ host: host(parseIpLink(LEFT_DOWN)), state: null, pvtSubnet: null, nat }).status).toBe('fail');
  });
  it('needs root on the OVS database or the plugin socket: can\'t tell, never skip', () => {
    expect(evalOvsRunning({ status: 'skipped', reason: 'needs root', error: { code: 'ovs/needs-root', message: 'EACCES' } }, null, '/x').status).toBe('unknown');
    expect(evalSocket(plugin(ENV, { enabled: true }), 'local', { state: 'skipped', detail: 'skipped: needs root (/run/docker/plugins is readable by root only)', checkedAt: '' }).status).toBe('unknown');
  });
});

describe('item 3: OVS inside a plugin that is not running is not "start OVS on the host"', () => {
  const down = { status: 'error' as const, error: { code: 'ovs/unreachable', message: 'ovsdb-server is not running: no socket at /var/run/openvswitch/db.sock' } };
  it('says OVS starts with the plugin, and offers no host start', () => {
    const o = evalOvsRunning(down, null, '/var/run/openvswitch/db.sock', { why: "Contiv's 2019 start script starts it", pluginRunning: false });
    expect(o.status).toBe('fail');
    expect(o.evidence.join('\n')).toMatch(/OVS runs inside the plugin \(Contiv's 2019 start script starts it\), and the plugin is not running/);
    expect(o.fix).not.toMatch(/ovs-ctl start|systemctl/);
    expect(o.action).toBeUndefined();
    // OVS on the host (or the plugin running): starting it is the fix, as before.
    expect(evalOvsRunning(down, null, '/x', { why: 'x', pluginRunning: true }).command).toBe('/usr/share/openvswitch/scripts/ovs-ctl start');
    expect(evalOvsRunning(down, null, '/x').command).toBe('/usr/share/openvswitch/scripts/ovs-ctl start');
  });
});

describe('item 5: only fixes that can work on this host', () => {
  it('a kernel without loadable modules leads with the userspace datapath, not modprobe', () => {
    const o = evalKernelModule(kmod, true, { working: false, why: 'the plugin does not answer' }, { loadable: false, evidence: '/lib/modules/6.18.44-fc-v1300 does not exist: no module of kernel 6.18.44-fc-v1300 is installed on this host, so modprobe cannot load any' });
    expect(o.status).toBe('fail');
    expect(o.fix).toMatch(/^This kernel cannot load the module .*: use the userspace datapath/);
    expect(o.fix).not.toMatch(/install the modules package/);
    expect(o.command).toMatch(/datapath_type=netdev/);
    // With modules on disk, modprobe can work and leads.
    expect(evalKernelModule(kmod, true, { working: false, why: '' }, { loadable: true, evidence: '/lib/modules/x exists' }).command).toBe('modprobe openvswitch');
  });
  it('a missing source of a mount with no name: create it — never "set the mount elsewhere"', () => {
    const p = plugin(ENV, { mounts: [{ Source: '/lib/modules', Destination: '/lib/modules' }] });
    const o = evalMounts(p, 'local', [{ source: '/lib/modules', destination: '/lib/modules', exists: false, kind: 'ENOENT', settable: false }]);
    expect(o.fix).not.toMatch(/elsewhere|plugin set .*source/);
    expect(o.fix).toMatch(/has no name, so `docker plugin set` cannot move it/);
    // A named, settable one may be moved, and the fix says how.
    const named = evalMounts(p, 'local', [{ source: '/var/log/contiv', destination: '/var/log/contiv', exists: false, kind: 'ENOENT', name: 'CONTIV_LOG_DIR', settable: true }]);
    expect(named.fix).toMatch(/or point CONTIV_LOG_DIR\.source elsewhere: `docker plugin set contiv\/v2plugin:latest CONTIV_LOG_DIR\.source=/);
  });
  it('after an enable refused for a missing mount, it says the OCI mount error — not "only dial unix…"; and offers no Enable', () => {
    const p = plugin(ENV);
    const o = evalContivPlugin({ plugin: p, requested: null, contiv: true }, readContiv(p), [p.Name], enableOutlook({ missingMounts: ['/lib/modules'], contiv: readContiv(p), stoppedAtModprobe: null }));
    const text = o.evidence.join('\n');
    expect(text).not.toMatch(/says only "dial unix/);
    expect(text).toMatch(/at enable the engine says: OCI runtime create failed: … error mounting "\/lib\/modules"/);
    expect(text).toMatch(/enabling again is certain to fail: bind-mount source \/lib\/modules is missing/);
    expect(o.action).toBeUndefined();
    // Nothing known against it: Enable is offered as before.
    expect(evalContivPlugin({ plugin: p, requested: null, contiv: true }, readContiv(p), [p.Name]).action?.kind).toBe('enable-plugin');
  });
  it('a refused CONTIV_ROLE: the role to fill, never Enable', () => {
    const p = plugin({ ...ENV, CONTIV_ROLE: 'master' });
    const c = readContiv(p);
    const o = evalContivPlugin({ plugin: p, requested: null, contiv: true }, c, [p.Name], enableOutlook({ missingMounts: [], contiv: c, stoppedAtModprobe: null }));
    expect(o.status).toBe('fail');
    expect(o.evidence.join('\n')).toMatch(/CONTIV_ROLE is "master": the 2019 start script accepts only netmaster or netplugin/);
    expect(o.action).toMatchObject({ kind: 'open-editor', field: 'CONTIV_ROLE' });
  });
  it('a start that stopped at modprobe, the module still missing: no Enable', () => {
    const p = plugin(ENV);
    const c = readContiv(p);
    const o = evalContivPlugin({ plugin: p, requested: null, contiv: true }, c, [p.Name], enableOutlook({ missingMounts: [], contiv: c, stoppedAtModprobe: 'its last start stopped at modprobe openvswitch (…) and the module is still not loaded' }));
    expect(o.action).toBeUndefined();
    expect(o.fix).toMatch(/Enabling now would fail again — first: its last start stopped at modprobe/);
  });
});
