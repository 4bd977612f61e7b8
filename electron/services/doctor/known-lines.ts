/**
 * Known error lines → the doctor check they explain. The OVS/kernel lines are the host table's
 * (services/host/modules: KNOWN_OVS_LINES), used as they are; this file adds only Contiv's own
 * start-up lines (start script, netplugin, netmaster), taken from ../shared/contiv/REAL-FAILURES.md
 * and the captured startup_errors. Pure.
 */
import { explainOvsLine, type KnownLineCheck } from '../host/modules';

export interface KnownLine {
  id: string;
  pattern: RegExp;
  meaning: string;
  fix: string;
  /** The doctor check id this line explains. */
  check: string;
}

export const KNOWN_CONTIV_LINES: readonly KnownLine[] = [
  {
    id: 'contiv-role',
    pattern: /CRITICAL: ENV CONTIV_ROLE must be in \[netmaster, netplugin\]/,
    meaning: 'CONTIV_ROLE has a value the 2019 start script refuses (the 2017 `plugin_role=master` is not `netmaster`); the script exits before writing any log file.',
    fix: 'docker plugin set <plugin> CONTIV_ROLE=netmaster (or netplugin), then enable again.',
    check: 'contiv-plugin',
  },
  {
    id: 'etcd-unavailable',
    pattern: /etcd cluster is unavailable or misconfigured/,
    meaning: 'netmaster/netplugin could not reach the cluster store at the configured endpoints and exited.',
    fix: 'Start etcd (or fix CONTIV_*_ETCD_ENDPOINTS / cluster_store) so that `curl <endpoint>/health` answers.',
    check: 'cluster-store',
  },
  {
    id: 'etcd-v2-missing',
    pattern: /response is invalid json\. The endpoint is probably not valid etcd cluster endpoint/,
    meaning: 'The cluster store answers but not the etcd v2 API Contiv uses (etcd 3.4+ without --enable-v2).',
    fix: 'Restart etcd with --enable-v2=true (or ETCD_ENABLE_V2=true).',
    check: 'cluster-store',
  },
  {
    id: 'cluster-store-flag',
    pattern: /flag provided but not defined: -cluster-store/,
    meaning: 'The 2017 start script passes -cluster-store to a netplugin binary that no longer knows it: script and binaries come from different Contiv releases.',
    fix: 'Use the start script that ships with the binaries (the 2019 script reads CONTIV_* settings).',
    check: 'contiv-plugin',
  },
  {
    id: 'fwd-mode',
    pattern: /invalid net(?:plugin|master) forwarding mode: "?(\w+)"? \(network mode: "?(\w+)"?\)/,
    meaning: 'The forwarding mode does not fit the network mode (vxlan needs routing).',
    fix: 'docker plugin set <plugin> CONTIV_NETPLUGIN_FORWARD_MODE=routing CONTIV_NETMASTER_FORWARD_MODE=routing',
    check: 'contiv-plugin',
  },
  {
    id: 'vlan-uplinks-unset',
    pattern: /vlan-uplinks must be set when using VLAN mode/,
    meaning: 'VLAN mode needs an uplink interface and none is set.',
    fix: 'docker plugin set <plugin> CONTIV_NETPLUGIN_VLAN_UPLINKS=<interface> (not the one carrying the default route).',
    check: 'vlan-uplinks',
  },
  {
    id: 'flow-exists',
    pattern: /Flow .* already exists/,
    meaning: 'netplugin re-programmed a flow left over from an earlier run (a restart without cleaning the bridges): harmless alone, a sign of stale OVS state with other errors.',
    fix: 'Disable the plugin, delete contivVxlanBridge/contivVlanBridge (`ovs-vsctl del-br …`), enable again.',
    check: 'ovs-bridges',
  },
  {
    id: 'dial-netplugin-sock',
    pattern: /dial unix \S*netplugin\.sock: connect: no such file or directory/,
    meaning: 'The engine gave up waiting for netplugin.sock: netplugin never started. This line never says why — the lines around it in the bootup log and the engine log do.',
    fix: 'Read the other known lines this check lists; each names its own check.',
    check: 'plugin-socket',
  },
  {
    // Any plugin (after the Contiv line above, which says more for netplugin.sock).
    id: 'dial-plugin-sock',
    pattern: /dial unix \S*\/run\/docker\/plugins\/\S+: connect: no such file or directory/,
    meaning: "The engine gave up waiting for the plugin's socket: its entrypoint never listened (it exited, or runs without opening the socket). The plugin's own output, listed with this check, says why.",
    fix: "Read the plugin's own output; enabling again without a change fails the same way.",
    check: 'plugin-socket',
  },
];

/** The OVS table names the controller failure separately; in the doctor it is a bridge problem. */
const OVS_CHECK: Record<KnownLineCheck, string> = {
  'plugin-mounts': 'plugin-mounts',
  'ovs-kernel-module': 'ovs-kernel-module',
  'ovs-running': 'ovs-running',
  'ovs-bridges': 'ovs-bridges',
  'ovs-controller': 'ovs-bridges',
};

export interface MatchedLine {
  line: string;
  id: string;
  check: string;
  meaning: string;
  fix: string;
}

export function matchLine(line: string): MatchedLine | null {
  const ovs = explainOvsLine(line);
  if (ovs) return { line, id: ovs.known.id, check: OVS_CHECK[ovs.known.check], meaning: ovs.known.meaning, fix: ovs.known.fix };
  for (const k of KNOWN_CONTIV_LINES) if (k.pattern.test(line)) return { line, id: k.id, check: k.check, meaning: k.meaning, fix: k.fix };
  return null;
}

export function matchText(text: string): MatchedLine[] {
  return text.split('\n').map(matchLine).filter((m): m is MatchedLine => !!m);
}
