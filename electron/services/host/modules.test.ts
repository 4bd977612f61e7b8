import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KNOWN_OVS_LINES, explainOvsLine, explainOvsLog, parseProcModules, readKernelModule } from './modules';

const work = mkdtempSync(join(tmpdir(), 'plugsmith-mod-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A /proc/modules as a host with OVS loaded prints it (captured from a Debian 12 host). */
const WITH_OVS = `openvswitch 192512 2 - Live 0x0000000000000000
nsh 16384 1 openvswitch, Live 0x0000000000000000
nf_conncount 24576 1 openvswitch, Live 0x0000000000000000
nf_nat 57344 3 openvswitch,nft_chain_nat,xt_MASQUERADE, Live 0x0000000000000000
overlay 163840 0 - Live 0x0000000000000000
`;

function fakeRoot(name: string, procModules: string | null, sysModules: string[] = []) {
  const dir = join(work, name);
  mkdirSync(join(dir, 'sys'), { recursive: true });
  for (const m of sysModules) mkdirSync(join(dir, 'sys', m));
  if (procModules !== null) writeFileSync(join(dir, 'modules'), procModules);
  return { procModules: join(dir, 'modules'), sysModule: join(dir, 'sys') };
}

describe('parseProcModules', () => {
  it('reads name, size, refcount, users and state', () => {
    const rows = parseProcModules(WITH_OVS);
    expect(rows.map((r) => r.name)).toEqual(['openvswitch', 'nsh', 'nf_conncount', 'nf_nat', 'overlay']);
    expect(rows[0]).toMatchObject({ size: 192512, refcount: 2, usedBy: [], state: 'Live' });
    expect(rows[3].usedBy).toEqual(['openvswitch', 'nft_chain_nat', 'xt_MASQUERADE']);
  });
});

describe('readKernelModule on given files', () => {
  it('loaded: the /proc/modules line is the evidence', () => {
    const f = readKernelModule('openvswitch', fakeRoot('loaded', WITH_OVS, ['openvswitch']));
    expect(f.loaded).toBe(true);
    expect(f.source).toMatch(/modules$/);
    expect(f.evidence).toContain('openvswitch 192512 2 - Live');
  });

  it('a module only *used by* another line does not count as loaded', () => {
    const text = WITH_OVS.split('\n').slice(1).join('\n'); // nsh "used by openvswitch", but openvswitch itself absent
    const f = readKernelModule('openvswitch', fakeRoot('absent', text));
    expect(f.loaded).toBe(false);
    expect(f.evidence).toMatch(/openvswitch is not listed in .*modules; .*sys\/openvswitch does not exist/);
  });

  it('still loading is not loaded', () => {
    const f = readKernelModule('openvswitch', fakeRoot('loading', 'openvswitch 192512 0 - Loading 0x0\n', ['openvswitch']));
    expect(f.loaded).toBe(false);
    expect(f.evidence).toMatch(/state Loading, not Live/);
  });

  it('built in: absent from /proc/modules but present in /sys/module', () => {
    const f = readKernelModule('openvswitch', fakeRoot('builtin', 'overlay 163840 0 - Live 0x0\n', ['openvswitch']));
    expect(f.loaded).toBe(true);
    expect(f.evidence).toMatch(/built into the kernel/);
  });

  it('a kernel without module support (no /proc/modules) says so', () => {
    const f = readKernelModule('openvswitch', fakeRoot('nomods', null));
    expect(f.loaded).toBe(false);
    expect(f.evidence).toMatch(/does not exist: this kernel .* without loadable module support/);
  });
});

describe('readKernelModule on this machine (the real files)', () => {
  it('agrees with what /proc/modules and /sys/module say, read independently', () => {
    const f = readKernelModule();
    const inProc = existsSync('/proc/modules') && readFileSync('/proc/modules', 'utf8').split('\n').some((l) => l.startsWith('openvswitch ') && l.includes(' Live '));
    const inSys = existsSync('/sys/module/openvswitch');
    expect(f.loaded).toBe(inProc || inSys);
    expect(f.kernel).toBe(readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim());
    // Whatever the answer, the evidence names the file that decided.
    expect(f.evidence).toContain(f.loaded ? (inProc ? '/proc/modules' : '/sys/module/openvswitch') : '/sys/module/openvswitch does not exist');
  });
});

// Real lines, as Contiv, ovs-vswitchd, modprobe and the engine wrote them.
const REAL = {
  notFound: 'modprobe: FATAL: Module openvswitch not found in directory /lib/modules/6.1.0-18-amd64',
  execFormat: "modprobe: ERROR: could not insert 'openvswitch': Exec format error",
  critical: 'CRITICAL: Failed to load kernel module openvswitch',
  genl: "2026-11-27T17:30:49Z|00006|dpif_netlink|INFO|Generic Netlink family 'ovs_datapath' does not exist. The Open vSwitch kernel module is probably not loaded.",
  bridge: '2026-11-27T21:26:53Z|00049|bridge|ERR|failed to create bridge sysbr: No such file or directory',
  vsctl: "ovs-vsctl: Error detected while setting up 'sysbr'.  See ovs-vswitchd log for details.",
  netplugin: 'time="Nov 27 17:31:10.737667576" level=fatal msg="OVS switch vrouter Failed to connect" ',
  mount: 'failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: error mounting "/lib/modules" to rootfs at "/lib/modules": stat /lib/modules: no such file or directory: unknown',
};

describe('known OVS / kernel lines', () => {
  it('explains each real line with the right entry and captures what it names', () => {
    expect(explainOvsLine(REAL.notFound)).toMatchObject({ known: { id: 'modprobe-not-found' }, captured: ['/lib/modules/6.1.0-18-amd64'] });
    expect(explainOvsLine(REAL.execFormat)?.known.id).toBe('modprobe-exec-format');
    expect(explainOvsLine(REAL.critical)?.known.id).toBe('contiv-kmod-critical');
    expect(explainOvsLine(REAL.genl)?.known.check).toBe('ovs-kernel-module');
    expect(explainOvsLine(REAL.bridge)).toMatchObject({ known: { id: 'bridge-create-failed', check: 'ovs-bridges' }, captured: ['sysbr'] });
    expect(explainOvsLine(REAL.vsctl)).toMatchObject({ known: { id: 'vsctl-setup-error' }, captured: ['sysbr'] });
    expect(explainOvsLine(REAL.netplugin)).toMatchObject({ known: { id: 'netplugin-switch-connect' }, captured: ['vrouter'] });
    expect(explainOvsLine(REAL.mount)?.known.check).toBe('plugin-mounts');
  });

  it('leaves ordinary lines alone', () => {
    for (const l of ['2026-11-27T21:26:53Z|00042|bridge|INFO|bridge contivVxlanBridge: using datapath ID 0000361cd7380647', 'level=info msg="Initializing ovsdriver"', '']) {
      expect(explainOvsLine(l)).toBeNull();
    }
  });

  it('every entry has a meaning, a fix, and a unique id', () => {
    expect(new Set(KNOWN_OVS_LINES.map((k) => k.id)).size).toBe(KNOWN_OVS_LINES.length);
    for (const k of KNOWN_OVS_LINES) {
      expect(k.meaning.length).toBeGreaterThan(20);
      expect(k.fix.length).toBeGreaterThan(10);
    }
  });

  // The captured logs of the real Contiv attempts on this kind of host (when the shared folder is there).
  const LOGS = '/work/shared/contiv/netmaster-api/netplugin';
  it.skipIf(!existsSync(LOGS))('finds the cause in the real failed-attempt logs', () => {
    const text = (f: string) => readFileSync(join(LOGS, f), 'utf8');
    const files = readdirSync(LOGS);
    const sysVswitchd = files.find((f) => f.startsWith('attempt1') && f.endsWith('ovs-vswitchd.log'))!;
    const ids = new Set(explainOvsLog(text(sysVswitchd)).map((e) => e.known.id));
    expect(ids).toContain('genl-ovs-datapath');
    expect(ids).toContain('bridge-create-failed');
    const sysNetplugin = files.find((f) => f.startsWith('attempt1') && f.endsWith('netplugin.log'))!;
    expect(explainOvsLog(text(sysNetplugin)).map((e) => e.known.id)).toContain('netplugin-switch-connect');
    // The run that worked: no bridge failure to explain in its vswitchd log.
    const ok = files.find((f) => f.startsWith('attempt5') && f.endsWith('ovs-vswitchd.log'))!;
    expect(explainOvsLog(text(ok)).map((e) => e.known.id)).not.toContain('bridge-create-failed');
  });
});
