/** Checks 5 (openvswitch module), 6 (ovsdb / vswitchd / manager), 7 (Contiv bridges and their datapath), 8 (contivh0). */
import { readFile, readdir, stat } from 'node:fs/promises';
import type { KernelModuleFact } from '../../host/modules';
import type { OvsProbe, OvsState } from '../../host/ovsdb';
import { explainOvsLog } from '../../host/modules';
import type { HostFacts } from '../../../ipc/types';
import { DESKTOP_SKIP, REMOTE_SKIP, SUDO_FIX, pass, skip, unknown, type CheckDef, type Outcome } from '../types';
import type { DoctorFacts } from '../facts';
import { openSettings } from '../actions';

export const CONTIV_BRIDGES = ['contivVxlanBridge', 'contivVlanBridge'] as const;

/** Can this kernel load modules at all? /proc/modules exists (module support) and /lib/modules/<release> holds its modules. */
export interface ModuleSupport {
  loadable: boolean;
  evidence: string;
}

export async function readModuleSupport(kernel: string, paths: { procModules?: string; libModules?: string } = {}): Promise<ModuleSupport> {
  const proc = paths.procModules ?? '/proc/modules';
  const dir = `${paths.libModules ?? '/lib/modules'}/${kernel}`;
  const [hasProc, hasDir] = await Promise.all([stat(proc).then(() => true, () => false), stat(dir).then((s) => s.isDirectory(), () => false)]);
  if (!hasProc) return { loadable: false, evidence: `${proc} does not exist: kernel ${kernel} was built without loadable module support` };
  if (!hasDir) return { loadable: false, evidence: `${dir} does not exist: no module of kernel ${kernel} is installed on this host, so modprobe cannot load any` };
  return { loadable: true, evidence: `${dir} exists` };
}

/**
 * The userspace datapath in use and working: every Contiv bridge has datapath_type=netdev and the
 * plugin answers. Then the openvswitch module is not needed, and ovs-vswitchd's complaints about
 * the kernel datapath are expected (it probes the system datapath whatever the bridges use).
 */
export interface UserspaceFact {
  /** true: working on the userspace datapath; false: not; null: can't tell (OVS unreadable), with why. */
  working: boolean | null;
  why: string;
}

export function userspaceOf(state: OvsState | null, ovsWhy: string, pluginAnswers: boolean | null): UserspaceFact {
  if (pluginAnswers !== true) return { working: false, why: 'the plugin does not answer' };
  if (!state) return { working: null, why: `the bridges' datapath could not be read (${ovsWhy})` };
  const bridges = CONTIV_BRIDGES.map((n) => state.bridges.find((b) => b.name === n));
  if (bridges.some((b) => !b)) return { working: false, why: 'a Contiv bridge is absent' };
  const notNetdev = bridges.filter((b) => b!.datapathType !== 'netdev');
  if (notNetdev.length) return { working: false, why: `${notNetdev.map((b) => `${b!.name} uses datapath_type ${b!.datapathType || 'system'}`).join(', ')}` };
  return { working: true, why: `every Contiv bridge uses the userspace datapath (datapath_type=netdev) and the plugin answers` };
}

/** Read once per run: the kernel module check and the logs check both ask. */
export function userspaceFact(f: DoctorFacts): Promise<UserspaceFact> {
  return f.shared('userspace', async () => {
    const t = await f.target();
    if (!t.plugin?.Enabled || (await f.hostMode()) !== 'local') return { working: false, why: 'the plugin is not enabled here' };
    const [health, probe] = await Promise.all([f.probe(t.plugin), f.ovs()]);
    const answers = health.state === 'answering' ? true : health.state === 'skipped' ? null : false;
    return userspaceOf(probe.status === 'ok' ? probe.state : null, probe.status === 'ok' ? '' : probe.status === 'skipped' ? probe.reason : probe.error.message, answers);
  });
}

const NETDEV_FIX = 'pre-create the Contiv bridges with datapath_type=netdev: `ovs-vsctl add-br contivVxlanBridge -- set bridge contivVxlanBridge datapath_type=netdev` (and contivVlanBridge; needs /dev/net/tun), with a start script that does not stop on a failed modprobe';

export function evalKernelModule(k: KernelModuleFact, contiv: boolean, userspace: UserspaceFact = { working: false, why: '' }, support: ModuleSupport | null = null): Outcome {
  if (k.loaded) return pass([k.evidence], 'Nothing to do.', 'lsmod | grep openvswitch');
  if (userspace.working) return skip(`skipped: not needed here — ${userspace.why}`, [k.evidence]);
  const ev = [k.evidence, `kernel ${k.kernel} on ${k.host}: the openvswitch module is not loaded`, ...(support && !k.evidence.includes(support.evidence.split(':')[0]) ? [support.evidence] : [])];
  if (userspace.working === null) {
    return {
      status: 'unknown',
      evidence: [...ev, `can't tell whether it is needed: the plugin answers, but ${userspace.why}`],
      cantTell: [`whether it is needed: the plugin answers, but ${userspace.why}`],
      fix: 'Let the doctor read OVS (see the OVS check): with every Contiv bridge on datapath_type=netdev the module is not needed.',
      command: 'ovs-vsctl --columns=name,datapath_type list bridge',
    };
  }
  const why = "Contiv's start script runs `modprobe openvswitch` and stops when it fails (plugin_bootup.log: \"CRITICAL: Failed to load kernel module openvswitch\"); bridges on the default (system) datapath cannot be created without it.";
  if (support && !support.loadable) {
    // No modprobe can work on this kernel: lead with the path that can.
    return {
      status: contiv ? 'fail' : 'warn',
      evidence: ev,
      why,
      fix: `This kernel cannot load the module (${support.evidence}): use the userspace datapath — ${NETDEV_FIX}.`,
      command: 'ovs-vsctl add-br contivVxlanBridge -- set bridge contivVxlanBridge datapath_type=netdev',
    };
  }
  return {
    status: contiv ? 'fail' : 'warn',
    evidence: ev,
    why,
    fix: 'On the host: `modprobe openvswitch`. "Module openvswitch not found in directory /lib/modules/<kernel>" means this kernel has no such module installed (install the modules package for `uname -r`); "Exec format error" means the .ko was built for another kernel. Without a module: ' + NETDEV_FIX + '.',
    command: 'modprobe openvswitch',
  };
}

export interface VswitchdFact {
  running: boolean;
  evidence: string;
}

/** Is an ovs-vswitchd process attached to this database? (Its command line names the db socket.) */
export async function findVswitchd(dbTarget: string): Promise<VswitchdFact> {
  const path = dbTarget.replace(/^unix:/, '');
  const seen: string[] = [];
  for (const name of await readdir('/proc').catch(() => [] as string[])) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if ((await readFile(`/proc/${name}/comm`, 'utf8')).trim() !== 'ovs-vswitchd') continue;
      const argv = (await readFile(`/proc/${name}/cmdline`, 'utf8')).split('\0').filter(Boolean);
      if (argv.some((a) => a.includes(path))) return { running: true, evidence: `ovs-vswitchd pid ${name}: ${argv.join(' ').slice(0, 200)}` };
      // Started without a database argument it uses the default socket.
      if (path === '/var/run/openvswitch/db.sock' && !argv.some((a) => a.startsWith('unix:'))) return { running: true, evidence: `ovs-vswitchd pid ${name} (default database)` };
      seen.push(name);
    } catch {
      // gone while we looked
    }
  }
  return { running: false, evidence: seen.length ? `ovs-vswitchd running (pid ${seen.join(', ')}) but attached to another database, not ${path}` : 'no ovs-vswitchd process on this host' };
}

/** Where OVS runs for the examined plugin: inside it (Contiv's start scripts start it) while the plugin is not running. */
export interface OvsInside {
  /** Why OVS is expected inside the plugin (which start script). */
  why: string;
  pluginRunning: boolean;
}

export function evalOvsRunning(probe: OvsProbe, vswitchd: VswitchdFact | null, target: string, inside: OvsInside | null = null): Outcome {
  if (probe.status === 'skipped') return unknown(`needs root (${target} is root-only)`, [probe.error.message], SUDO_FIX, 'sudo plugsmith doctor --check ovs-running');
  if (probe.status === 'error' && inside && !inside.pluginRunning) {
    // Starting OVS on the host would not help (and would fight the plugin's own): it is down because the plugin is.
    return {
      status: 'fail',
      evidence: [`${target}: ${probe.error.message}`, `OVS runs inside the plugin (${inside.why}), and the plugin is not running`],
      why: 'OVS starts with the plugin: while the plugin does not run, neither does OVS.',
      fix: 'Fix why the plugin does not start (the verdict names it), then enable it: its start script starts OVS. Do not start OVS on the host for it.',
      command: 'ovs-vsctl show',
    };
  }
  if (probe.status === 'error') {
    return {
      status: 'fail',
      evidence: [`${target}: ${probe.error.message}`],
      fix: 'Start Open vSwitch (`/usr/share/openvswitch/scripts/ovs-ctl start` or `systemctl start openvswitch-switch`); Contiv\'s start script starts it inside the plugin only when the plugin runs. If it runs with its database elsewhere, set the OVSDB socket in Settings.',
      command: '/usr/share/openvswitch/scripts/ovs-ctl start',
      // Starting OVS is the host's business; the one thing Plugsmith can change is where it looks.
      action: openSettings('ovsdbSocket', target),
    };
  }
  const s = probe.state;
  const ev = [`ovsdb-server answers on ${target} in ${probe.ms} ms (schema ${s.schemaVersion ?? '?'}, ${s.bridges.length} bridge(s))`, `next_cfg ${s.nextCfg}, cur_cfg ${s.curCfg}`];
  const problems: string[] = [];
  if (vswitchd) ev.push(vswitchd.evidence);
  const behind = s.curCfg < s.nextCfg;
  if ((vswitchd && !vswitchd.running) || behind) problems.push(behind ? 'ovs-vswitchd has not applied the database (cur_cfg behind next_cfg): it is not running' : 'ovs-vswitchd is not running: bridges exist only as database rows');
  const managers = s.managers.map((m) => m.target);
  ev.push(`managers: ${managers.join(', ') || 'none'}`);
  const hasManager = managers.some((m) => /^ptcp:6640/.test(m));
  if (problems.length) {
    return { status: 'fail', evidence: [...ev, ...problems], fix: 'Start ovs-vswitchd (`ovs-ctl start` starts both daemons).', command: '/usr/share/openvswitch/scripts/ovs-ctl start' };
  }
  if (!hasManager) {
    return { status: 'warn', evidence: [...ev, 'no ptcp:6640 manager: netplugin reaches OVSDB on tcp 6640'], fix: 'Set the manager Contiv expects.', command: 'ovs-vsctl set-manager ptcp:6640' };
  }
  return pass(ev);
}

export function evalBridges(state: OvsState, vswitchdLog: string, pluginEnabled: boolean): Outcome {
  const ev: string[] = [];
  const problems: string[] = [];
  const explained = explainOvsLog(vswitchdLog).filter((x) => x.known.check === 'ovs-bridges');
  for (const name of CONTIV_BRIDGES) {
    const b = state.bridges.find((x) => x.name === name);
    if (!b) {
      ev.push(`${name}: absent`);
      problems.push(`${name} does not exist`);
      continue;
    }
    ev.push(`${name}: datapath_type ${b.datapathType}, datapath_id ${b.datapathId ?? '(empty)'}`);
    if (!b.datapathExists) {
      problems.push(`${name} has no datapath: creation failed although ovs-vsctl exited 0`);
      const line = explained.find((x) => x.captured.includes(name) || x.line.includes(name));
      if (line) ev.push(`ovs-vswitchd: ${line.line.trim()}`);
    }
  }
  if (problems.length === 0) return pass(ev, 'Nothing to do.', 'ovs-vsctl --columns=name,datapath_type,datapath_id list bridge');
  const noDatapath = problems.some((p) => p.includes('no datapath'));
  return {
    status: noDatapath || pluginEnabled ? 'fail' : 'warn',
    evidence: [...ev, ...problems],
    fix: noDatapath
      ? 'Load the openvswitch module (`modprobe openvswitch`) or give the bridges the userspace datapath: `ovs-vsctl set bridge contivVxlanBridge datapath_type=netdev` (and contivVlanBridge).'
      : 'netplugin creates the bridges when it starts: absent bridges mean it never got that far — see the logs check.',
    command: noDatapath ? 'ovs-vsctl set bridge contivVxlanBridge datapath_type=netdev' : 'ovs-vsctl show',
  };
}

export interface Contivh0Input {
  host: HostFacts;
  state: OvsState | null;
  /** netmaster's pvtSubnet, when known (it moves the address). */
  pvtSubnet: string | null;
  nat: { rules: string[] } | { skipped: string };
  /** Why the OVS state is unavailable, when it is. */
  ovsWhy?: string;
}

/** 172.19.0.0/16 → 172.19.255.254/16: Contiv gives contivh0 the subnet's last host address. */
export function privateAddress(pvtSubnet: string | null): { address: string; prefix: number; subnet: string } {
  if (!pvtSubnet) return { address: '172.19.255.254', prefix: 16, subnet: '172.19.0.0/16' };
  const [net, p] = pvtSubnet.split('/');
  const prefix = Number(p);
  const n = net.split('.').reduce((a, x) => (a << 8) + Number(x), 0) >>> 0;
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  const last = ((n & mask) | (~mask >>> 0)) >>> 0;
  const host = last - 1;
  const ip = [24, 16, 8, 0].map((s) => (host >>> s) & 255).join('.');
  return { address: ip, prefix, subnet: `${[24, 16, 8, 0].map((s) => ((n & mask) >>> s) & 255).join('.')}/${prefix}` };
}

/** "up" in words a user can check against `ip link show`: the flag, the operational state, the carrier. */
function linkWords(i: HostFacts['interfaces'][number]): string {
  return [i.up ? 'UP flag set' : 'UP flag not set', i.operstate ? `state ${i.operstate}` : null, i.carrier === false ? 'NO-CARRIER' : i.carrier ? 'carrier' : null].filter(Boolean).join(', ');
}

/** Is the link really up? The flag, and neither a DOWN operational state nor a missing carrier (OVS internal ports say UNKNOWN: fine). */
export function linkWorks(i: HostFacts['interfaces'][number]): boolean {
  return i.up && i.operstate !== 'DOWN' && i.operstate !== 'LOWERLAYERDOWN' && i.carrier !== false;
}

export function evalContivh0({ host, state, pvtSubnet, nat, ovsWhy }: Contivh0Input): Outcome {
  const want = privateAddress(pvtSubnet);
  const ev: string[] = [];
  const problems: string[] = [];
  const cannot: string[] = [];
  const iface = host.interfaces.find((i) => i.ifname === 'contivh0');
  if (!iface) {
    return {
      status: 'fail',
      evidence: [`contivh0 is not an interface on ${host.hostname} (${host.source})`],
      fix: 'netplugin creates contivh0 as an internal port of contivVxlanBridge when it starts: fix the bridge and plugin checks, then enable the plugin again.',
      command: 'ip addr show contivh0',
    };
  }
  const works = linkWorks(iface);
  ev.push(`contivh0: ${works ? 'up' : 'DOWN'} (${linkWords(iface)})`);
  if (!iface.up) problems.push('contivh0 is down');
  else if (!works) problems.push('contivh0 has its UP flag but its link is down (no carrier): nothing serves it — left over after the plugin or ovs-vswitchd stopped');
  else if (iface.operstate === undefined && iface.carrier === undefined) cannot.push(`whether contivh0's link works (only its UP flag is known: ${host.source})`);
  const addrs = host.addresses.filter((a) => a.ifname === 'contivh0' && a.family === 'inet');
  ev.push(`addresses: ${addrs.map((a) => `${a.address}/${a.prefixlen}`).join(', ') || 'none'}`);
  if (!addrs.some((a) => a.address === want.address && a.prefixlen === want.prefix)) problems.push(`contivh0 does not hold ${want.address}/${want.prefix}${pvtSubnet ? ` (netmaster pvtSubnet ${pvtSubnet})` : ''}`);
  if (state) {
    const b = state.bridges.find((x) => x.name === 'contivVxlanBridge');
    const isPort = !!b?.ports.some((p) => p.name === 'contivh0' || p.interfaces.some((i) => i.name === 'contivh0'));
    ev.push(`port of contivVxlanBridge: ${isPort ? 'yes' : 'no'}`);
    if (!isPort) problems.push('contivh0 is not a port of contivVxlanBridge');
  } else {
    ev.push(`OVS state unavailable${ovsWhy ? ` (${ovsWhy})` : ''}: port membership not checked`);
    cannot.push(`whether contivh0 is a port of contivVxlanBridge (OVS state unavailable${ovsWhy ? `: ${ovsWhy}` : ''})`);
  }
  if ('skipped' in nat) {
    ev.push(`MASQUERADE: ${nat.skipped}`);
    cannot.push(`whether the MASQUERADE rule is there (${nat.skipped.replace(/^skipped: /, '')})`);
  } else {
    const rule = nat.rules.find((r) => r.includes('MASQUERADE') && r.includes(want.subnet));
    ev.push(rule ? `iptables: ${rule}` : `no MASQUERADE rule for ${want.subnet} in iptables -t nat -S`);
    if (!rule) problems.push(`no MASQUERADE rule for ${want.subnet}: containers cannot reach outside through contivh0`);
  }
  if (problems.length === 0 && cannot.length) {
    // What was seen is fine, but the title promises more than could be verified: can't tell, never a pass.
    return {
      status: 'unknown',
      evidence: [...ev, ...cannot.map((c) => `can't tell ${c}`)],
      cantTell: cannot,
      fix: cannot.some((c) => /root|CAP_NET_ADMIN|permission/i.test(c)) ? 'Run the doctor as root (`sudo plugsmith doctor`) so it can read OVS and iptables.' : 'Make OVS readable to the doctor (see the OVS check), then run it again.',
      command: 'ovs-vsctl port-to-br contivh0; iptables -t nat -S POSTROUTING',
    };
  }
  if (problems.length === 0) return pass(ev, 'Nothing to do.', 'ip addr show contivh0');
  return {
    status: 'fail',
    evidence: [...ev, ...problems],
    fix: `netplugin sets contivh0 up with ${want.address}/${want.prefix} and adds the MASQUERADE rule at start; restart the plugin. By hand: \`ip link set contivh0 up; ip addr add ${want.address}/${want.prefix} dev contivh0; iptables -t nat -A POSTROUTING -s ${want.subnet} ! -o contivh0 -j MASQUERADE\`.`,
    command: `iptables -t nat -A POSTROUTING -s ${want.subnet} ! -o contivh0 -j MASQUERADE`,
  };
}

/** Host checks apply only to a local engine, and Contiv's only when a Contiv plugin (or an explicit OVSDB) is examined. */
export async function hostGate(f: DoctorFacts, needsContiv: boolean): Promise<Outcome | null> {
  const mode = await f.hostMode();
  if (mode === 'remote') return skip(REMOTE_SKIP);
  if (mode === 'desktop') return skip(DESKTOP_SKIP);
  if (needsContiv && !f.opts.ovsdb && !(await f.contiv())) return skip('skipped: no Contiv plugin examined');
  return null;
}

async function vswitchdLog(f: DoctorFacts): Promise<string> {
  const files = [...(f.opts.ovsLogs ?? []), '/var/log/openvswitch/ovs-vswitchd.log'];
  const texts = await Promise.all(files.map((p) => readFile(p, 'utf8').then((t) => t.slice(-512 * 1024)).catch(() => '')));
  return texts.join('\n');
}

export const ovsChecks: CheckDef[] = [
  {
    id: 'ovs-kernel-module',
    title: 'openvswitch kernel module loaded',
    group: 'ovs',
    why: "Contiv's start script needs it (`modprobe openvswitch`); the kernel datapath needs it.",
    async run(f) {
      const gate = await hostGate(f, false);
      if (gate) return gate;
      const k = await f.kernelModule();
      if (k.loaded) return evalKernelModule(k, true);
      const [contiv, userspace, support] = await Promise.all([f.contiv(), userspaceFact(f), readModuleSupport(k.kernel, { procModules: f.opts.modulePaths?.procModules, libModules: f.opts.libModules })]);
      return evalKernelModule(k, !!contiv, userspace, support);
    },
  },
  {
    id: 'ovs-running',
    title: 'ovsdb-server answers, ovs-vswitchd runs, manager ptcp:6640',
    group: 'ovs',
    why: 'netplugin programs OVS through ovsdb (tcp 6640) and OpenFlow; without vswitchd, bridges are rows with no datapath.',
    async run(f) {
      const gate = await hostGate(f, true);
      if (gate) return gate;
      const target = f.opts.ovsdb ?? '/var/run/openvswitch/db.sock';
      const [probe, vs, t, contiv] = await Promise.all([f.ovs(), findVswitchd(target), f.target(), f.contiv()]);
      // Contiv's own start scripts start ovsdb-server and ovs-vswitchd inside the plugin.
      const inside = contiv?.layout && t.plugin ? { why: `Contiv's ${contiv.layout === 'contiv-2019' ? '2019' : '2017'} start script starts it`, pluginRunning: t.plugin.Enabled } : null;
      return evalOvsRunning(probe, probe.status === 'ok' ? vs : null, target, inside);
    },
  },
  {
    id: 'ovs-bridges',
    title: 'contivVxlanBridge / contivVlanBridge exist with a datapath',
    group: 'ovs',
    why: 'An empty datapath_id means creation failed even though ovs-vsctl exited 0; netplugin then logs "OVS switch … Failed to connect" and exits.',
    async run(f) {
      const gate = await hostGate(f, true);
      if (gate) return gate;
      const probe = await f.ovs();
      if (probe.status === 'skipped') return unknown(`${probe.reason} (the OVS database is root-only)`, [probe.error.message], SUDO_FIX, 'sudo plugsmith doctor --check ovs-bridges');
      if (probe.status !== 'ok') return unknown(`ovsdb does not answer (${probe.error.message}): the bridges cannot be read`, [], 'Start OVS first (see the OVS check), then re-check.', 'ovs-vsctl show');
      const t = await f.target();
      return evalBridges(probe.state, await vswitchdLog(f), !!t.plugin?.Enabled);
    },
  },
  {
    id: 'contivh0',
    title: 'contivh0 up with the private address, on contivVxlanBridge, MASQUERADE',
    group: 'host network',
    why: 'contivh0 is the host side of Contiv containers\' outside access; without it (or its NAT rule) they cannot leave the host.',
    async run(f) {
      const gate = await hostGate(f, true);
      if (gate) return gate;
      const [host, probe, nm, nat] = await Promise.all([f.hostFacts(), f.ovs(), f.netmaster(), f.natRules()]);
      const ovsWhy = probe.status === 'ok' ? undefined : probe.status === 'skipped' ? `${probe.reason}: ${probe.error.message}` : probe.error.message;
      return evalContivh0({ host, state: probe.status === 'ok' ? probe.state : null, pvtSubnet: nm.globalPvtSubnet ?? null, nat, ovsWhy });
    },
  },
];
