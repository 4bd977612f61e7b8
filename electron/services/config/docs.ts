/**
 * What each config.json field means, the rule the engine applies to it, and the values it
 * takes — for hover docs, completion and the form view. Keys are canonical field paths with
 * `[]` for array items (`Env[].Value`); `docsFor(['Env', 3, 'Value'])` finds the entry.
 * The rules are the engine's (dockerd 20.10, checked in the differential test), not the docs'.
 * Pure and browser-safe.
 */
import type { CanonicalPath } from './types';

export interface FieldDoc {
  /** One paragraph: what it is for. */
  meaning: string;
  /** What the engine does with it (and when that fails). */
  rule: string;
  /** The JSON type, and known values when there are a few. */
  allowed: string;
}

const setting = (what: string, settableField: string): Record<string, FieldDoc> => ({
  Name: { meaning: `The ${what}'s name; \`docker plugin set\` finds it by this name.`, rule: 'Matched exactly (case-sensitive) by `docker plugin set`; an unnamed entry cannot be set.', allowed: 'string' },
  Description: { meaning: `Shown to users of the ${what}.`, rule: 'Not used by the engine.', allowed: 'string' },
  Settable: {
    meaning: `Which field of this ${what} \`docker plugin set\` may change.`,
    rule: `Only ["${settableField}"] works (matched case-sensitively: "${settableField[0].toUpperCase()}${settableField.slice(1)}" is refused as not settable). With several entries the user must write NAME.field.`,
    allowed: `array of strings: ["${settableField}"] or []`,
  },
});

export const fieldDocs: Readonly<Record<string, FieldDoc>> = {
  Description: { meaning: 'A one-line description shown by `docker plugin ls`.', rule: 'Not checked.', allowed: 'string' },
  Documentation: { meaning: 'A link to the plugin\'s documentation.', rule: 'Not checked.', allowed: 'string (URL)' },
  Entrypoint: {
    meaning: 'The program the engine starts inside the plugin\'s rootfs, with its arguments (Args values are appended).',
    rule: 'Not checked at create. At enable, an empty entrypoint with no args fails in runc ("args must not be empty"); a missing binary fails with "no such file or directory". A relative name is looked up in PATH.',
    allowed: 'array of strings, e.g. ["/usr/bin/my-plugin", "--flag"]',
  },
  WorkDir: { meaning: 'The working directory of the plugin process.', rule: 'Empty means "/".', allowed: 'string (absolute path inside the rootfs)' },
  User: { meaning: 'The user the plugin runs as.', rule: 'Accepted and stored, never used by the engine (the plugin runs as root).', allowed: 'object {UID, GID}' },
  'User.UID': { meaning: 'User id.', rule: 'Must be a plain whole number 0–4294967295 (1e2, 1.0, -1 are refused at create). Unused.', allowed: 'uint32' },
  'User.GID': { meaning: 'Group id.', rule: 'Must be a plain whole number 0–4294967295 (1e2, 1.0, -1 are refused at create). Unused.', allowed: 'uint32' },
  Interface: { meaning: 'How the engine talks to the plugin: which APIs it implements and on which socket.', rule: 'Not checked at create.', allowed: 'object {Types, Socket, ProtocolScheme}' },
  'Interface.Types': {
    meaning: 'The plugin APIs this plugin implements, as "docker.<capability>/<version>".',
    rule: 'Each must be a string (null or anything else is refused at create). The engine splits it at the last "." before the first "/": a string without "/" or "." is stored mangled, one starting with "/" crashes the create request. Volume, log, authz and CSI plugins are found by capability (any version); network, IPAM and metrics plugins only with exactly "/1.0". Capability and prefix are matched case-sensitively.',
    allowed: 'array of strings, see KNOWN_VALUES.interfaceTypes',
  },
  'Interface.Socket': {
    meaning: 'The unix socket file name the plugin listens on, inside /run/docker/plugins.',
    rule: 'The engine dials /run/docker/plugins/<id>/<socket> after enable (4 tries over ~12.6 s); empty or a path fails enable with a dial error.',
    allowed: 'string: a bare file name such as "plugin.sock"',
  },
  'Interface.ProtocolScheme': { meaning: 'The wire protocol on the socket.', rule: 'Empty means the classic JSON-over-HTTP plugin protocol; "moby.plugins.http/v1" is the same.', allowed: 'string: "" or "moby.plugins.http/v1"' },
  Network: { meaning: 'Which network namespace the plugin runs in.', rule: 'Decides the "network" install privilege.', allowed: 'object {Type}' },
  'Network.Type': {
    meaning: 'The plugin\'s network namespace.',
    rule: '"host" shares the host\'s network (network drivers need this); "" keeps a private namespace; anything else (bridge, none, …) keeps a private one plus read-only /etc/hosts and /etc/resolv.conf. No bridge is ever created. Install asks a "network" privilege unless it is "", "bridge" or "null" ("none" asks).',
    allowed: 'string: "host", "", "bridge", "none"',
  },
  Env: { meaning: 'Environment variables for the plugin process.', rule: 'Passed in order; an entry with a null value is absent until `docker plugin set NAME=value`.', allowed: 'array of {Name, Description, Settable, Value}' },
  'Env[].Value': { meaning: 'The variable\'s default value.', rule: 'null means "not set" (the process gets no variable). Must be a string: numbers and booleans are refused at create.', allowed: 'string or null' },
  Args: { meaning: 'Extra arguments appended to the entrypoint.', rule: '`docker plugin set NAME NAME="a b"` splits on spaces (no quoting).', allowed: 'object {Name, Description, Settable, Value}' },
  'Args.Value': { meaning: 'The default extra arguments.', rule: 'Appended to Entrypoint at enable.', allowed: 'array of strings' },
  Mounts: { meaning: 'Host paths bind-mounted into the plugin.', rule: 'At enable: a null source fails ("mount source is not specified"); a missing host path fails with "no such file or directory". Each source is a "mount" install privilege.', allowed: 'array of {Name, Description, Settable, Source, Destination, Type, Options}' },
  'Mounts[].Source': { meaning: 'The host path.', rule: 'null fails enable; settable with Settable ["source"].', allowed: 'string (absolute host path) or null' },
  'Mounts[].Destination': { meaning: 'Where it appears inside the plugin.', rule: 'Never settable.', allowed: 'string (absolute path)' },
  'Mounts[].Type': { meaning: 'The mount type.', rule: 'Passed to runc; "bind" (or "none" with a "bind"/"rbind" option) for host paths.', allowed: 'string: "bind", "none", …' },
  'Mounts[].Options': { meaning: 'Mount options.', rule: 'Passed to runc unchanged.', allowed: 'array of strings: "bind", "rbind", "ro", "rw", "rshared", "private", …' },
  Linux: { meaning: 'Linux-specific privileges.', rule: 'Each part is an install privilege.', allowed: 'object {Capabilities, AllowAllDevices, Devices}' },
  'Linux.Capabilities': {
    meaning: 'Extra Linux capabilities for the plugin process.',
    rule: 'Passed to runc as written: runc knows "CAP_SYS_ADMIN", and ignores names it does not know (with a warning in the engine\'s log).',
    allowed: 'array of strings, see KNOWN_VALUES.capabilities',
  },
  'Linux.AllowAllDevices': { meaning: 'Give the plugin rwm access to every device.', rule: 'An "allow-all-devices" install privilege.', allowed: 'boolean' },
  'Linux.Devices': { meaning: 'Host devices made available to the plugin.', rule: 'Each path is a "device" install privilege; a device without a path fails enable.', allowed: 'array of {Name, Description, Settable, Path}' },
  'Linux.Devices[].Path': { meaning: 'The host device path.', rule: 'Settable with Settable ["path"].', allowed: 'string (e.g. /dev/fuse) or null' },
  PropagatedMount: { meaning: 'A path inside the plugin whose mounts propagate back to the host (volume plugins).', rule: 'The engine bind-mounts a host folder there with rshared propagation.', allowed: 'string (absolute path inside the rootfs) or ""' },
  IpcHost: { meaning: 'Share the host\'s IPC namespace.', rule: 'A "host ipc namespace" install privilege.', allowed: 'boolean' },
  PidHost: { meaning: 'Share the host\'s PID namespace.', rule: 'A "host pid namespace" install privilege.', allowed: 'boolean' },
  DockerVersion: { meaning: 'The engine version that created the plugin.', rule: 'Overwritten by the engine at create.', allowed: 'string' },
  rootfs: { meaning: 'The plugin\'s stored layer.', rule: 'Overwritten by the engine at create.', allowed: 'object {type, diff_ids}' },
};

for (const [prefix, settable] of [['Env[]', 'value'], ['Args', 'value'], ['Mounts[]', 'source'], ['Linux.Devices[]', 'path']] as const) {
  const what = prefix.startsWith('Env') ? 'variable' : prefix === 'Args' ? 'argument list' : prefix.startsWith('Mounts') ? 'mount' : 'device';
  for (const [k, v] of Object.entries(setting(what, settable))) (fieldDocs as Record<string, FieldDoc>)[`${prefix}.${k}`] = v;
}

/** The docs entry for a canonical path (['Env', 3, 'Value'] → 'Env[].Value'). */
export function docsFor(path: CanonicalPath): FieldDoc | null {
  const key = path.reduce<string>((acc, seg) => (typeof seg === 'number' ? `${acc}[]` : acc ? `${acc}.${seg}` : seg), '');
  return fieldDocs[key] ?? null;
}

export interface KnownInterfaceType {
  type: string;
  meaning: string;
  /** True when the engine finds the plugin only with exactly this version. */
  exactVersion: boolean;
}

export const KNOWN_VALUES = {
  interfaceTypes: [
    { type: 'docker.networkdriver/1.0', meaning: 'Network driver (docker network create -d)', exactVersion: true },
    { type: 'docker.ipamdriver/1.0', meaning: 'IP address management driver', exactVersion: true },
    { type: 'docker.volumedriver/1.0', meaning: 'Volume driver', exactVersion: false },
    { type: 'docker.logdriver/1.0', meaning: 'Logging driver', exactVersion: false },
    { type: 'docker.authz/1.0', meaning: 'Authorization plugin', exactVersion: false },
    { type: 'docker.metricscollector/1.0', meaning: 'Metrics collector', exactVersion: true },
    { type: 'docker.csicontroller/1.0', meaning: 'Swarm CSI controller plugin', exactVersion: false },
    { type: 'docker.csinode/1.0', meaning: 'Swarm CSI node plugin', exactVersion: false },
  ] as readonly KnownInterfaceType[],
  networkTypes: [
    { value: 'host', meaning: 'Share the host\'s network namespace (asks the "network" privilege); what network drivers need' },
    { value: '', meaning: 'A private network namespace with nothing in it; no privilege' },
    { value: 'bridge', meaning: 'A private namespace plus read-only /etc/hosts and /etc/resolv.conf (no bridge is made); no privilege' },
    { value: 'none', meaning: 'Like bridge, but asks the "network" privilege' },
  ],
  capabilities: [
    ['CAP_AUDIT_CONTROL', 'Configure kernel auditing'],
    ['CAP_AUDIT_READ', 'Read the audit log over netlink'],
    ['CAP_AUDIT_WRITE', 'Write records to the kernel audit log'],
    ['CAP_BLOCK_SUSPEND', 'Keep the system from suspending'],
    ['CAP_BPF', 'Load BPF programs and maps'],
    ['CAP_CHECKPOINT_RESTORE', 'Checkpoint/restore operations'],
    ['CAP_CHOWN', 'Change file owners'],
    ['CAP_DAC_OVERRIDE', 'Bypass file read/write/execute permission checks'],
    ['CAP_DAC_READ_SEARCH', 'Bypass file read and directory search checks'],
    ['CAP_FOWNER', 'Bypass checks that need the file owner'],
    ['CAP_FSETID', 'Keep set-user/group-ID bits when a file changes'],
    ['CAP_IPC_LOCK', 'Lock memory (mlock)'],
    ['CAP_IPC_OWNER', 'Bypass System V IPC permission checks'],
    ['CAP_KILL', 'Send signals to any process'],
    ['CAP_LEASE', 'Take file leases'],
    ['CAP_LINUX_IMMUTABLE', 'Set immutable and append-only file flags'],
    ['CAP_MAC_ADMIN', 'Configure mandatory access control (AppArmor, SELinux)'],
    ['CAP_MAC_OVERRIDE', 'Override mandatory access control'],
    ['CAP_MKNOD', 'Create device files'],
    ['CAP_NET_ADMIN', 'Configure interfaces, routes, firewall, OVS (network drivers need it)'],
    ['CAP_NET_BIND_SERVICE', 'Bind ports below 1024'],
    ['CAP_NET_BROADCAST', 'Broadcast and listen to multicast'],
    ['CAP_NET_RAW', 'Use raw and packet sockets'],
    ['CAP_PERFMON', 'Use performance monitoring'],
    ['CAP_SETFCAP', 'Set file capabilities'],
    ['CAP_SETGID', 'Change group ids'],
    ['CAP_SETPCAP', 'Change process capabilities'],
    ['CAP_SETUID', 'Change user ids'],
    ['CAP_SYSLOG', 'Use privileged syslog operations'],
    ['CAP_SYS_ADMIN', 'Mount filesystems and many other admin operations (volume plugins, FUSE)'],
    ['CAP_SYS_BOOT', 'Reboot and load new kernels'],
    ['CAP_SYS_CHROOT', 'Use chroot'],
    ['CAP_SYS_MODULE', 'Load and unload kernel modules (Contiv loads openvswitch)'],
    ['CAP_SYS_NICE', 'Raise priority, set scheduling and CPU affinity of any process'],
    ['CAP_SYS_PACCT', 'Configure process accounting'],
    ['CAP_SYS_PTRACE', 'Trace and inspect any process'],
    ['CAP_SYS_RAWIO', 'Raw I/O port and memory access'],
    ['CAP_SYS_RESOURCE', 'Override resource limits'],
    ['CAP_SYS_TIME', 'Set the system clock'],
    ['CAP_SYS_TTY_CONFIG', 'Configure terminals (vhangup)'],
    ['CAP_WAKE_ALARM', 'Set alarms that wake the system'],
  ].map(([name, meaning]) => ({ name, meaning })) as readonly { name: string; meaning: string }[],
  /** What each kind of entry lets `docker plugin set` change. */
  settableFields: { Env: ['value'], Args: ['value'], Mounts: ['source'], Devices: ['path'] } as const,
  protocolSchemes: ['', 'moby.plugins.http/v1'],
  mountOptions: ['bind', 'rbind', 'ro', 'rw', 'rshared', 'rslave', 'rprivate', 'shared', 'slave', 'private', 'nosuid', 'nodev', 'noexec'],
} as const;
