/**
 * THE table of Contiv's plugin settings, for both real layouts:
 *  - 2017 (`../shared/contiv/seed-config.json`, contiv/netplugin install/v2plugin before late 2017):
 *    lower-case env read by the old `/startcontiv.sh`, which builds netplugin/netmaster flags.
 *  - 2019 (`../shared/contiv/config.template.json`): `CONTIV_*` env, read by netplugin and
 *    netmaster themselves (urfave/cli EnvVar) and by the new start script (role, log dir).
 *
 * The editor's Contiv form, the build and the doctor all read this one table. Meanings come from
 * the configs' own descriptions, Contiv's flag definitions and start scripts (contiv/netplugin),
 * and what ../shared/contiv/REAL-FAILURES.md saw on a real host. Pure and browser-safe.
 */
import type { ConfigProfile } from '../../../ipc/types';

export type ContivLayout = Exclude<ConfigProfile, null>;

/** How a value is checked (see checks.ts) and which widget the form shows. */
export type ContivValueKind =
  | 'enum'
  | 'ip-or-none' // 2017: an IP, or the literal `none` for "let netplugin pick"
  | 'ip-or-empty' // 2019: an IP, or empty for "let netplugin pick"
  | 'interfaces'
  | 'cluster-store' // 2017: etcd://host:port | consul://host:port
  | 'endpoints' // 2019: comma-separated http://host:port
  | 'bind-address'
  | 'plugin-ref'
  | 'path'
  | 'port'
  | 'log-level'
  | 'debug-flag'
  | 'bool'
  | 'url'
  | 'text';

export type ContivReader = 'start-script' | 'netplugin' | 'netmaster';

export interface ContivSetting {
  layout: ContivLayout;
  name: string;
  /** A short label for the form. */
  title: string;
  /** What it means, in one paragraph. */
  meaning: string;
  /** The value the layout's shipped config carries. */
  default: string;
  /** Allowed values or format, as the user should read it. */
  format: string;
  kind: ContivValueKind;
  /** For `enum`: the accepted values (already in the case Contiv compares them in). */
  values?: readonly string[];
  /** Contiv lower-cases these values before comparing (utils.ValidateNetworkOptions, infra). */
  caseInsensitive?: boolean;
  readBy: readonly ContivReader[];
  /** 2017 settings: the 2019 name(s) the value moves to. */
  to2019?: readonly string[];
}

const S = (s: ContivSetting) => s;

export const CONTIV_SETTINGS: readonly ContivSetting[] = [
  // ---- 2017 layout ------------------------------------------------------------------------------
  S({
    layout: 'contiv-2017', name: 'dbg_flag', title: 'Debug flag', kind: 'debug-flag', default: '-debug',
    format: '`-debug` or empty',
    meaning: 'Passed word for word as the first argument of netplugin and netmaster. `-debug` turns on debug logging; empty turns it off. Anything else is an unknown flag and the binary exits at once, so the start script restarts it every 5 s and the plugin socket never opens.',
    readBy: ['start-script'], to2019: ['CONTIV_NETPLUGIN_LOG_LEVEL', 'CONTIV_NETMASTER_LOG_LEVEL'],
  }),
  S({
    layout: 'contiv-2017', name: 'log_dir', title: 'Log folder', kind: 'path', default: '/var/log/contiv',
    format: 'an absolute path inside the plugin (later 2017 configs only)',
    meaning: 'Where the start script writes plugin_bootup.log, netplugin.log, netmaster.log and the OVS logs. Only readable from the host when a bind mount covers it.',
    readBy: ['start-script'], to2019: ['CONTIV_LOG_DIR'],
  }),
  S({
    layout: 'contiv-2017', name: 'iflist', title: 'VLAN uplinks', kind: 'interfaces', default: '',
    format: 'host interface name(s), comma-separated',
    meaning: 'The host interface Open vSwitch takes over as the uplink for VLAN networks (netplugin `-vlan-if`). It must exist on this host and must not be the interface that carries the host\'s own traffic. The 2017 script passes it unquoted, so leaving it empty shifts the next argument into its place.',
    readBy: ['start-script', 'netplugin'], to2019: ['CONTIV_NETPLUGIN_VLAN_UPLINKS'],
  }),
  S({
    layout: 'contiv-2017', name: 'cluster_store', title: 'Cluster store', kind: 'cluster-store', default: 'etcd://172.20.0.113:2379',
    format: 'etcd://host:port or consul://host:port',
    meaning: 'The key-value store netplugin and netmaster keep all network state in (`-cluster-store`). The scheme picks the driver. The plugin runs in the host network namespace, so 127.0.0.1 is the host\'s own etcd.',
    readBy: ['start-script', 'netplugin', 'netmaster'], to2019: ['CONTIV_NETPLUGIN_ETCD_ENDPOINTS', 'CONTIV_NETMASTER_ETCD_ENDPOINTS'],
  }),
  S({
    layout: 'contiv-2017', name: 'plugin_mode', title: 'Plugin mode', kind: 'enum', default: 'swarm-mode', values: ['docker', 'swarm-mode'],
    format: 'docker | swarm-mode (later 2017 configs only)',
    meaning: 'Which orchestrator netplugin serves: classic Docker with an external store, or Docker swarm mode.',
    readBy: ['start-script', 'netplugin'], to2019: ['CONTIV_NETPLUGIN_MODE', 'CONTIV_NETMASTER_MODE'],
  }),
  S({
    layout: 'contiv-2017', name: 'ctrl_ip', title: 'Control IP', kind: 'ip-or-none', default: 'none',
    format: 'an IP address of this host, or `none`',
    meaning: 'The local address netplugin uses for control-plane traffic with other hosts (`-ctrl-ip`). `none` lets netplugin pick the host\'s first address.',
    readBy: ['start-script', 'netplugin'], to2019: ['CONTIV_NETPLUGIN_CONTROL_IP'],
  }),
  S({
    layout: 'contiv-2017', name: 'vtep_ip', title: 'VTEP IP', kind: 'ip-or-none', default: 'none',
    format: 'an IP address of this host, or `none`',
    meaning: 'The local address VXLAN tunnels start and end at (`-vtep-ip`). `none` lets netplugin pick the host\'s first address.',
    readBy: ['start-script', 'netplugin'], to2019: ['CONTIV_NETPLUGIN_VTEP_IP'],
  }),
  S({
    layout: 'contiv-2017', name: 'vxlan_port', title: 'VXLAN port', kind: 'port', default: '8742',
    format: 'UDP port 1-65535 (later 2017 configs only)',
    meaning: 'The UDP port VXLAN packets are encapsulated on. Every host of the cluster must use the same one.',
    readBy: ['start-script', 'netplugin'], to2019: ['CONTIV_NETPLUGIN_VXLAN_PORT'],
  }),
  S({
    layout: 'contiv-2017', name: 'fwd_mode', title: 'Forwarding mode', kind: 'enum', default: '', values: ['', 'bridge', 'routing'],
    format: 'bridge | routing (later 2017 configs only)',
    meaning: 'How netplugin forwards between hosts: bridging (L2) or routing (L3).',
    readBy: ['start-script', 'netplugin'], to2019: ['CONTIV_NETPLUGIN_FORWARD_MODE', 'CONTIV_NETMASTER_FORWARD_MODE'],
  }),
  S({
    layout: 'contiv-2017', name: 'plugin_role', title: 'Role', kind: 'enum', default: 'master', values: ['master', 'worker'],
    format: 'master | worker',
    meaning: 'In `master` role the plugin runs netmaster and netplugin; any other value (the docs say `worker`) runs netplugin only. One host of the cluster needs the master.',
    readBy: ['start-script'], to2019: ['CONTIV_ROLE'],
  }),
  S({
    layout: 'contiv-2017', name: 'listen_url', title: 'Netmaster listen address', kind: 'bind-address', default: '172.20.0.113:9999',
    format: 'host:port (`:9999` = all addresses)',
    meaning: 'Where netmaster serves its REST API (netctl and the other hosts talk to it here). Used only in master role. The host part must be an address of this host, or empty for all.',
    readBy: ['start-script', 'netmaster'], to2019: ['CONTIV_NETMASTER_EXTERNAL_ADDRESS'],
  }),
  S({
    layout: 'contiv-2017', name: 'control_url', title: 'Netmaster control address', kind: 'bind-address', default: ':9999',
    format: 'host:port (later 2017 configs only)',
    meaning: 'Where netmaster listens for RPC and leader election between netmasters.',
    readBy: ['start-script', 'netmaster'], to2019: ['CONTIV_NETMASTER_INTERNAL_ADDRESS'],
  }),
  S({
    layout: 'contiv-2017', name: 'plugin_name', title: 'Plugin name', kind: 'plugin-ref', default: 'contiv/v2plugin:latest',
    format: 'the name:tag the plugin is created as',
    meaning: 'The driver name netmaster hands to dockerd when it creates networks. It must be the name the plugin was created or installed as; otherwise dockerd looks for a legacy plugin of that name and answers "legacy plugin: plugin not found".',
    readBy: ['start-script', 'netmaster'], to2019: ['CONTIV_NETMASTER_PLUGIN_NAME'],
  }),

  // ---- 2019 layout ------------------------------------------------------------------------------
  S({
    layout: 'contiv-2019', name: 'CONTIV_ROLE', title: 'Role', kind: 'enum', default: 'netplugin', values: ['netmaster', 'netplugin'],
    format: 'netmaster | netplugin (empty = netplugin)',
    meaning: '`netmaster` runs netmaster and netplugin, `netplugin` runs netplugin only. Any other value — `master` from the 2017 `plugin_role` is the natural guess — makes the start script print "CRITICAL: ENV CONTIV_ROLE must be in [netmaster, netplugin]" and exit; that line reaches only the engine\'s log (tagged plugin=<id>), and enable fails with the usual dial error.',
    readBy: ['start-script'],
  }),
  S({
    layout: 'contiv-2019', name: 'CONTIV_LOG_DIR', title: 'Log folder', kind: 'path', default: '/var/log/contiv',
    format: 'an absolute path inside the plugin',
    meaning: 'Where plugin_bootup.log, ovs-db.log, ovs-vswitchd.log, netmaster.log and netplugin.log are written. Readable from the host only under a bind mount (the template mounts /var/log). It is an env value, not a mount: `CONTIV_LOG_DIR.source` is not settable.',
    readBy: ['start-script'],
  }),
  S({
    layout: 'contiv-2019', name: 'CONTIV_NETPLUGIN_CONSUL_ENDPOINTS', title: 'netplugin Consul endpoints', kind: 'endpoints', default: '',
    format: 'comma-separated http://host:port; leave empty when using etcd',
    meaning: 'Consul servers netplugin keeps state in. Setting both etcd and consul endpoints is refused ("ambiguous netplugin db endpoints").',
    readBy: ['netplugin'],
  }),
  S({
    layout: 'contiv-2019', name: 'CONTIV_NETPLUGIN_ETCD_ENDPOINTS', title: 'netplugin etcd endpoints', kind: 'endpoints', default: 'http://127.0.0.1:2379',
    format: 'comma-separated http://host:port (only the first is used)',
    meaning: 'etcd servers netplugin keeps state in, through etcd\'s v2 API. Empty (with no consul endpoints) means http://127.0.0.1:2379. Contiv uses only the first endpoint of the list.',
    readBy: ['netplugin'],
  }),
  S({
    layout: 'contiv-2019', name: 'CONTIV_NETPLUGIN_VLAN_UPLINKS', title: 'VLAN uplinks', kind: 'interfaces', default: '',
    format: 'host interface names, comma-separated',
    meaning: 'Host interfaces Open vSwitch takes over as uplinks for VLAN networks. Required in vlan network mode ("vlan-uplinks must be set when using VLAN mode"). Each must exist on this host and must not carry the host\'s default route — OVS would take it over and cut the host off.',
    readBy: ['netplugin'],
  }),
  S({
    layout: 'contiv-2019', name: 'CONTIV_NETPLUGIN_VTEP_IP', title: 'VTEP IP', kind: 'ip-or-empty', default: '',
    format: 'an IP address of this host; empty = the host\'s address',
    meaning: 'The local address VXLAN tunnels start and end at. Empty lets netplugin use the address the host name resolves to, or the first address.',
    readBy: ['netplugin'],
  }),
  S({
    layout: 'contiv-2019', name: 'CONTIV_NETPLUGIN_CONTROL_IP', title: 'Control IP', kind: 'ip-or-empty', default: '',
    format: 'an IP address of this host; empty = the host\'s address',
    meaning: 'The local address netplugin uses for control-plane traffic (BGP, peer discovery). Empty lets netplugin pick as for the VTEP IP.',
    readBy: ['netplugin'],
  }),
  S({
    layout: 'contiv-2019', name: 'CONTIV_NETPLUGIN_FORWARD_MODE', title: 'netplugin forwarding mode', kind: 'enum', default: '', values: ['bridge', 'routing'], caseInsensitive: true,
    format: 'bridge | routing (required; vxlan needs routing)',
    meaning: 'How netplugin forwards between hosts: bridging (L2) or routing (L3). Must be set; vxlan network mode accepts only routing ("invalid netplugin forwarding mode: \\"bridge\\" (network mode: \\"vxlan\\")").',
    readBy: ['netplugin'],
  }),
  S({
    layout: 'contiv-2019', name: 'CONTIV_NETPLUGIN_HOST', title: 'Host label', kind: 'text', default: '',
    format: 'a name; empty = the kernel\'s host name',
    meaning: 'The name netplugin identifies this host by to netmaster; endpoints are homed by it.',
    readBy: ['netplugin'],
  }),
  S({
    layout: 'contiv-2019', name: 'CONTIV_NETPLUGIN_LOG_LEVEL', title: 'netplugin log level', kind: 'log-level', default: 'INFO',
    format: 'DEBUG | INFO | WARN | ERROR',
    meaning: 'How much netplugin writes to netplugin.log.',
    readBy: ['netplugin'],
  }),
  S({
    layout: 'contiv-2019', name: 'CONTIV_NETPLUGIN_MODE', title: 'netplugin mode', kind: 'enum', default: '', values: ['docker', 'kubernetes', 'swarm-mode'], caseInsensitive: true,
    format: 'docker | kubernetes | swarm-mode (required)',
    meaning: 'Which orchestrator netplugin serves. Must be set ("netplugin mode is not set"); a v2 plugin is `docker` or `swarm-mode`.',
    readBy: ['netplugin'],
  }),
  S({
    layout: 'contiv-2019', name: 'CONTIV_NETPLUGIN_NET_MODE', title: 'netplugin network mode', kind: 'enum', default: '', values: ['vlan', 'vxlan'], caseInsensitive: true,
    format: 'vlan | vxlan (required)',
    meaning: 'How container traffic crosses hosts: VLAN tags on an uplink, or VXLAN tunnels between VTEP addresses. Must be set ("netplugin network mode is not set").',
    readBy: ['netplugin'],
  }),
  S({
    layout: 'contiv-2019', name: 'CONTIV_NETPLUGIN_SYSLOG_URL', title: 'netplugin syslog URL', kind: 'url', default: 'udp://127.0.0.1:514',
    format: 'protocol://ip:port',
    meaning: 'Where netplugin sends its log when syslog is on.',
    readBy: ['netplugin'],
  }),
  S({
    layout: 'contiv-2019', name: 'CONTIV_NETPLUGIN_USE_SYSLOG', title: 'netplugin logs to syslog', kind: 'bool', default: '',
    format: 'true | false (empty = false)',
    meaning: 'Also send netplugin\'s log to the syslog URL.',
    readBy: ['netplugin'],
  }),
  S({
    layout: 'contiv-2019', name: 'CONTIV_NETPLUGIN_USE_JSON_LOG', title: 'netplugin JSON log', kind: 'bool', default: '',
    format: 'true | false (empty = false)',
    meaning: 'Write netplugin\'s log as JSON lines instead of text.',
    readBy: ['netplugin'],
  }),
  S({
    layout: 'contiv-2019', name: 'CONTIV_NETPLUGIN_VXLAN_PORT', title: 'VXLAN port', kind: 'port', default: '4789',
    format: 'UDP port 1-65535',
    meaning: 'The UDP port VXLAN packets are encapsulated on. Every host of the cluster must use the same one.',
    readBy: ['netplugin'],
  }),
  S({
    layout: 'contiv-2019', name: 'CONTIV_NETMASTER_CONSUL_ENDPOINTS', title: 'netmaster Consul endpoints', kind: 'endpoints', default: '',
    format: 'comma-separated http://host:port; leave empty when using etcd',
    meaning: 'Consul servers netmaster keeps state in. Setting both etcd and consul endpoints is refused ("ambiguous netmaster db endpoints").',
    readBy: ['netmaster'],
  }),
  S({
    layout: 'contiv-2019', name: 'CONTIV_NETMASTER_ETCD_ENDPOINTS', title: 'netmaster etcd endpoints', kind: 'endpoints', default: 'http://127.0.0.1:2379',
    format: 'comma-separated http://host:port (only the first is used)',
    meaning: 'etcd servers netmaster keeps state in, through etcd\'s v2 API. It must be the same store netplugin uses.',
    readBy: ['netmaster'],
  }),
  S({
    layout: 'contiv-2019', name: 'CONTIV_NETMASTER_FORWARD_MODE', title: 'netmaster forwarding mode', kind: 'enum', default: '', values: ['bridge', 'routing'], caseInsensitive: true,
    format: 'bridge | routing (required in netmaster role; vxlan needs routing)',
    meaning: 'The cluster-wide forwarding mode netmaster records. Must match netplugin\'s.',
    readBy: ['netmaster'],
  }),
  S({
    layout: 'contiv-2019', name: 'CONTIV_NETMASTER_EXTERNAL_ADDRESS', title: 'Netmaster API address', kind: 'bind-address', default: '0.0.0.0:9999',
    format: 'ip:port (IPv6 literals are refused)',
    meaning: 'Where netmaster serves its REST API (netctl, the UI and other hosts). "bind address is not in \'ip:port\' format" when it is not exactly one host and one port.',
    readBy: ['netmaster'],
  }),
  S({
    layout: 'contiv-2019', name: 'CONTIV_NETMASTER_INTERNAL_ADDRESS', title: 'Netmaster RPC address', kind: 'bind-address', default: '',
    format: 'ip:port; empty = this host\'s address with the API port',
    meaning: 'Where netmaster listens for RPC from netplugins and for leader election.',
    readBy: ['netmaster'],
  }),
  S({
    layout: 'contiv-2019', name: 'CONTIV_NETMASTER_INFRA', title: 'Infra type', kind: 'enum', default: 'default', values: ['aci', 'default'], caseInsensitive: true,
    format: 'aci | default',
    meaning: '`aci` hands policy to a Cisco ACI fabric through the ACI gateway; `default` is plain Contiv.',
    readBy: ['netmaster'],
  }),
  S({
    layout: 'contiv-2019', name: 'CONTIV_NETMASTER_LOG_LEVEL', title: 'netmaster log level', kind: 'log-level', default: 'INFO',
    format: 'DEBUG | INFO | WARN | ERROR',
    meaning: 'How much netmaster writes to netmaster.log.',
    readBy: ['netmaster'],
  }),
  S({
    layout: 'contiv-2019', name: 'CONTIV_NETMASTER_MODE', title: 'netmaster mode', kind: 'enum', default: '', values: ['docker', 'kubernetes', 'swarm-mode'], caseInsensitive: true,
    format: 'docker | kubernetes | swarm-mode (required in netmaster role)',
    meaning: 'Which orchestrator netmaster serves ("netmaster mode is not set", "unknown netmaster mode: …"). The plugin name below is used only in docker and swarm-mode.',
    readBy: ['netmaster'],
  }),
  S({
    layout: 'contiv-2019', name: 'CONTIV_NETMASTER_PLUGIN_NAME', title: 'Plugin name', kind: 'plugin-ref', default: 'netplugin',
    format: 'the name:tag the plugin is created as',
    meaning: 'The driver and IPAM name netmaster hands to dockerd when it creates networks. It must be the name the plugin was created or installed as (e.g. contiv/v2plugin:latest); otherwise dockerd looks for a legacy plugin of that name and answers "legacy plugin: plugin not found".',
    readBy: ['netmaster'],
  }),
  S({
    layout: 'contiv-2019', name: 'CONTIV_NETMASTER_NET_MODE', title: 'netmaster network mode', kind: 'enum', default: '', values: ['vlan', 'vxlan'], caseInsensitive: true,
    format: 'vlan | vxlan (required in netmaster role)',
    meaning: 'The cluster-wide network mode netmaster records. Must match netplugin\'s.',
    readBy: ['netmaster'],
  }),
  S({
    layout: 'contiv-2019', name: 'CONTIV_NETMASTER_SYSLOG_URL', title: 'netmaster syslog URL', kind: 'url', default: 'udp://127.0.0.1:514',
    format: 'protocol://ip:port',
    meaning: 'Where netmaster sends its log when syslog is on.',
    readBy: ['netmaster'],
  }),
  S({
    layout: 'contiv-2019', name: 'CONTIV_NETMASTER_USE_SYSLOG', title: 'netmaster logs to syslog', kind: 'bool', default: '',
    format: 'true | false (empty = false)',
    meaning: 'Also send netmaster\'s log to the syslog URL.',
    readBy: ['netmaster'],
  }),
  S({
    layout: 'contiv-2019', name: 'CONTIV_NETMASTER_USE_JSON_LOG', title: 'netmaster JSON log', kind: 'bool', default: '',
    format: 'true | false (empty = false)',
    meaning: 'Write netmaster\'s log as JSON lines instead of text.',
    readBy: ['netmaster'],
  }),
];

const byKey = new Map(CONTIV_SETTINGS.map((s) => [`${s.layout}/${s.name}`, s]));

export function contivSetting(layout: ContivLayout, name: string): ContivSetting | undefined {
  return byKey.get(`${layout}/${name}`);
}

export function settingsOf(layout: ContivLayout): ContivSetting[] {
  return CONTIV_SETTINGS.filter((s) => s.layout === layout);
}

/** Names that only the 2017 start script reads. */
export const NAMES_2017: ReadonlySet<string> = new Set(settingsOf('contiv-2017').map((s) => s.name));

/**
 * A 2017 setting and value as 2019 env entries, for the form's "convert to 2019 names" and for
 * suggestions. The values change too: `master` → `netmaster`, `none` → empty,
 * `etcd://h:p` → `http://h:p`, `-debug` → `DEBUG`.
 */
export function translate2017To2019(name: string, value: string): { name: string; value: string }[] {
  const v = value.trim();
  switch (name) {
    case 'plugin_role':
      return [{ name: 'CONTIV_ROLE', value: v === 'master' ? 'netmaster' : 'netplugin' }];
    case 'dbg_flag': {
      const level = v === '-debug' ? 'DEBUG' : 'INFO';
      return [{ name: 'CONTIV_NETPLUGIN_LOG_LEVEL', value: level }, { name: 'CONTIV_NETMASTER_LOG_LEVEL', value: level }];
    }
    case 'ctrl_ip':
      return [{ name: 'CONTIV_NETPLUGIN_CONTROL_IP', value: v === 'none' ? '' : v }];
    case 'vtep_ip':
      return [{ name: 'CONTIV_NETPLUGIN_VTEP_IP', value: v === 'none' ? '' : v }];
    case 'cluster_store': {
      const m = /^(etcd|consul):\/\/(.*)$/.exec(v);
      const kind = m?.[1] === 'consul' ? 'CONSUL' : 'ETCD';
      const url = m ? `http://${m[2]}` : v;
      return [{ name: `CONTIV_NETPLUGIN_${kind}_ENDPOINTS`, value: url }, { name: `CONTIV_NETMASTER_${kind}_ENDPOINTS`, value: url }];
    }
    case 'listen_url':
      return [{ name: 'CONTIV_NETMASTER_EXTERNAL_ADDRESS', value: v.startsWith(':') ? `0.0.0.0${v}` : v }];
    case 'control_url':
      // `:9999` meant "default"; the 2019 default (empty) derives the same from the host address.
      return [{ name: 'CONTIV_NETMASTER_INTERNAL_ADDRESS', value: v.startsWith(':') ? '' : v }];
    default: {
      const s = contivSetting('contiv-2017', name);
      return (s?.to2019 ?? []).map((n) => ({ name: n, value: v }));
    }
  }
}
