/**
 * Is the `openvswitch` kernel module loaded? Contiv's start script runs
 * `modprobe openvswitch` and gives up without it; bridges on the default (system)
 * datapath cannot be created without it. Two places tell:
 *  - /proc/modules lists loadable modules that are loaded;
 *  - /sys/module/<name> exists for loaded modules AND for ones built into the kernel
 *    (which /proc/modules never lists).
 * A kernel built without module support has no /proc/modules at all — then only
 * /sys/module can say yes.
 *
 * Also here: the one table of known OVS / kernel error lines → meaning → fix, pure, shared
 * by the doctor's log matching and the topology's reasons.
 */
import { existsSync, readFileSync } from 'node:fs';
import { hostname, release } from 'node:os';
import { join } from 'node:path';

export interface KernelModuleFact {
  module: string;
  loaded: boolean;
  /** What was seen, in words a user can check by hand. */
  evidence: string;
  /** Which file decided. */
  source: string;
  /** Facts carry their host: with a remote engine this is not that engine's machine. */
  host: string;
  kernel: string;
}

export interface ProcModuleLine {
  name: string;
  size: number;
  refcount: number;
  usedBy: string[];
  state: string;
  raw: string;
}

/** `/proc/modules` text → its lines: `name size refcount deps state address`. */
export function parseProcModules(text: string): ProcModuleLine[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((raw) => {
      const [name, size, refcount, deps = '-', state = ''] = raw.split(/\s+/);
      return { name, size: Number(size), refcount: Number(refcount), usedBy: deps === '-' ? [] : deps.split(',').filter(Boolean), state, raw };
    });
}

export interface ModuleProbePaths {
  procModules?: string;
  sysModule?: string;
}

/**
 * Reads the real files (paths overridable so a test can hand it a given /proc/modules).
 * Pure of side effects; never throws — an unreadable file is evidence, not an error.
 */
export function readKernelModule(module = 'openvswitch', paths: ModuleProbePaths = {}): KernelModuleFact {
  const procModules = paths.procModules ?? '/proc/modules';
  const sysDir = join(paths.sysModule ?? '/sys/module', module);
  const base = { module, host: hostname(), kernel: release() };
  let procText: string | null = null;
  let procWhy = '';
  try {
    procText = readFileSync(procModules, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    procWhy = code === 'ENOENT' ? `${procModules} does not exist: this kernel (${base.kernel}) was built without loadable module support` : `${procModules} unreadable: ${(err as Error).message}`;
  }
  const line = procText === null ? undefined : parseProcModules(procText).find((m) => m.name === module);
  if (line) {
    // "Loading"/"Unloading" are transient; only "Live" is usable.
    const live = line.state === 'Live' || line.state === '';
    return { ...base, loaded: live, source: procModules, evidence: `${procModules}: ${line.raw}${live ? '' : ` (state ${line.state}, not Live)`}` };
  }
  if (existsSync(sysDir)) {
    return { ...base, loaded: true, source: sysDir, evidence: `${sysDir} exists${procText === null ? '' : ` and ${module} is not in ${procModules}`}: built into the kernel` };
  }
  const procPart = procText === null ? procWhy : `${module} is not listed in ${procModules}`;
  return { ...base, loaded: false, source: procText === null ? sysDir : procModules, evidence: `${procPart}; ${sysDir} does not exist` };
}

/** Which doctor check a known line explains (issue 6's numbering, as stable ids). */
export type KnownLineCheck = 'plugin-mounts' | 'ovs-kernel-module' | 'ovs-running' | 'ovs-bridges' | 'ovs-controller';

export interface KnownOvsLine {
  id: string;
  /** Matched against one log or error line. */
  pattern: RegExp;
  meaning: string;
  fix: string;
  check: KnownLineCheck;
}

/**
 * Real lines (from Contiv's bootup log, netplugin.log, ovs-vswitchd.log and the engine;
 * see ../shared/contiv/REAL-FAILURES.md), what they mean and the fix. Order matters only
 * for explainOvsLine's first match: specific before general.
 */
export const KNOWN_OVS_LINES: readonly KnownOvsLine[] = [
  {
    id: 'modprobe-exec-format',
    pattern: /(could not insert '?openvswitch'?|modprobe|insmod).*Exec format error/i,
    meaning:
      'The openvswitch.ko found was built for a different kernel (version magic or architecture mismatch) — typically modules from an image or another kernel under /lib/modules/<kernel>, not the running kernel\'s own.',
    fix: 'Use the module of the running kernel: install the kernel package matching `uname -r` (its modules include openvswitch) and run `modprobe openvswitch` on the host; do not copy .ko files between kernels.',
    check: 'ovs-kernel-module',
  },
  {
    id: 'modprobe-not-found',
    pattern: /Module openvswitch not found in directory (\/lib\/modules\/\S*)/,
    meaning:
      'modprobe looked for openvswitch.ko under /lib/modules/<kernel> and it is not there: the running kernel has no such module installed (or, inside a plugin, /lib/modules is not the host\'s).',
    fix: 'On the host: `modprobe openvswitch`; if that fails too, install the modules package of the running kernel. Kernels without it (some cloud/VM kernels): pre-create the Contiv bridges with datapath_type=netdev (userspace datapath, needs /dev/net/tun).',
    check: 'ovs-kernel-module',
  },
  {
    id: 'contiv-kmod-critical',
    pattern: /CRITICAL: Failed to load kernel module openvswitch|Load ovs FAILED/,
    meaning: "Contiv's start script ran `modprobe openvswitch`, it failed, and the script stopped — netplugin never started, so the engine later reports only that netplugin.sock does not exist.",
    fix: 'Load the module on the host (`modprobe openvswitch`) before enabling the plugin; the line just before this one in plugin_bootup.log says why modprobe failed.',
    check: 'ovs-kernel-module',
  },
  {
    id: 'genl-ovs-datapath',
    pattern: /Generic Netlink family 'ovs_datapath' does not exist/,
    meaning: 'ovs-vswitchd cannot reach the kernel datapath: the openvswitch module is not loaded. Bridges on the default (system) datapath cannot be created; userspace (netdev) bridges still work.',
    fix: '`modprobe openvswitch`, then restart ovs-vswitchd — or give the bridges datapath_type=netdev.',
    check: 'ovs-kernel-module',
  },
  {
    id: 'bridge-create-failed',
    pattern: /failed to create bridge (\S+): No such file or directory|failed to open datapath (\S+): No such file or directory/,
    meaning:
      'ovs-vswitchd could not create this bridge\'s kernel datapath (no openvswitch module). The bridge row exists in the database — `ovs-vsctl add-br` still exited 0 — but it has no datapath_id and passes no traffic.',
    fix: 'Load the module (`modprobe openvswitch`) or recreate the bridge with `ovs-vsctl set bridge <name> datapath_type=netdev`.',
    check: 'ovs-bridges',
  },
  {
    id: 'system-datapath-missing',
    pattern: /failed to (create datapath ovs-system|enumerate system datapaths|open datapath of type system): No such file or directory/,
    meaning: 'The kernel (system) datapath is unavailable: the openvswitch module is not loaded.',
    fix: '`modprobe openvswitch`, or use datapath_type=netdev for the bridges.',
    check: 'ovs-kernel-module',
  },
  {
    id: 'vsctl-setup-error',
    pattern: /ovs-vsctl: Error detected while setting up '([^']+)'/,
    meaning: 'ovs-vsctl saw ovs-vswitchd fail to set up this bridge/port; it still exits 0, so scripts carry on as if it worked.',
    fix: "Read the ovs-vswitchd log lines at the same time; for bridges it is usually the missing kernel datapath (see 'failed to create bridge').",
    check: 'ovs-bridges',
  },
  {
    id: 'netplugin-switch-connect',
    pattern: /OVS switch (\S+) Failed to connect/,
    meaning:
      "netplugin waited 20 s for the bridge to connect to its OpenFlow controller and gave up. The bridge either has no datapath (default system datapath without the kernel module) or ovs-vswitchd is not running; netplugin then exits and the engine reports only the missing netplugin.sock.",
    fix: 'Check that contivVxlanBridge/contivVlanBridge have a datapath_id; without the kernel module pre-create them with datapath_type=netdev (and make /dev/net/tun available).',
    check: 'ovs-controller',
  },
  {
    id: 'db-sock-missing',
    pattern: /(db\.sock|ovsdb-server\S*): (database connection failed|connection attempt failed) \((No such file or directory|Connection refused)\)/,
    meaning: 'Nothing answers on the OVSDB socket: ovsdb-server is not running (or runs with another rundir).',
    fix: 'Start OVS (`/usr/share/openvswitch/scripts/ovs-ctl start`, or `systemctl start openvswitch-switch`) and check /var/run/openvswitch/db.sock exists.',
    check: 'ovs-running',
  },
  {
    id: 'tun-missing',
    pattern: /opening "\/dev\/net\/tun" failed|\/dev\/net\/tun.*No such file or directory/,
    meaning: 'Userspace (netdev) bridges need /dev/net/tun for their internal ports (contivh0); it is missing on the host or not passed into the plugin.',
    fix: 'On the host: `modprobe tun` (or create the node: `mkdir -p /dev/net && mknod /dev/net/tun c 10 200`); a plugin needs it listed in its devices.',
    check: 'ovs-bridges',
  },
  {
    id: 'lib-modules-mount',
    pattern: /error mounting "\/lib\/modules".*stat \/lib\/modules: no such file or directory/,
    meaning: 'The plugin bind-mounts /lib/modules from the host and the host has no /lib/modules, so the engine cannot even start its container.',
    fix: 'Create /lib/modules on the host (with the running kernel\'s modules, if it has any); the mount has no name and cannot be changed with `docker plugin set`.',
    check: 'plugin-mounts',
  },
];

export interface ExplainedLine {
  line: string;
  known: KnownOvsLine;
  /** What the pattern captured (a bridge name, a modules directory), when it captures. */
  captured: string[];
}

/** The first known entry a line matches, or null. */
export function explainOvsLine(line: string): ExplainedLine | null {
  for (const known of KNOWN_OVS_LINES) {
    const m = known.pattern.exec(line);
    if (m) return { line, known, captured: m.slice(1).filter((x): x is string => typeof x === 'string') };
  }
  return null;
}

/** Every known line in a log text, in order. */
export function explainOvsLog(text: string): ExplainedLine[] {
  return text
    .split('\n')
    .map((l) => explainOvsLine(l))
    .filter((x): x is ExplainedLine => !!x);
}
