/**
 * The doctor's verdict: which failing check is the cause to fix first, which fail only because of
 * it (folded under it), and which are independent roots. The dependencies are derived from the
 * evidence of this run — where OVS runs, whether the plugin process ever ran, what its own output
 * names — never from a fixed order: the same failing checks with different evidence rank
 * differently (the plugin running but OVS down makes `ovs-running` the cause; OVS inside a
 * plugin that never started makes it a consequence). Pure: verdict.test.ts feeds it captured runs.
 */
import type { DoctorCause, DoctorCheckResult, DoctorVerdict } from '../../ipc/types';
import { CHECK_IDS } from './check-ids';

export interface VerdictEvidence {
  /** The examined plugin; null when none. */
  plugin: {
    name: string;
    enabled: boolean;
    /** Its socket answers; null when that could not be told (not root, remote, disabled). */
    answers: boolean | null;
    /**
     * Did its process ever run? true: it wrote lines (engine log lines tagged with its id, files
     * in its log folder); false: the evidence says it never started (a missing bind-mount
     * source: the engine refuses at once); null: nothing to tell by.
     */
    everRan: boolean | null;
    everRanWhy: string;
    /**
     * Faults of the plugin's own configuration that the doctor knows (installed name ≠ the name
     * its config registers, env names the start script does not read, a refused CONTIV_ROLE…):
     * `contiv-plugin` is then a cause of its own, not merely "disabled".
     */
    configFaults: string[];
    /** A Contiv plugin (false: any other plugin, whose start needs neither OVS, the module nor a cluster store). */
    contiv?: boolean;
  } | null;
  /**
   * Where OVS runs: inside the plugin (its start script starts ovsdb-server / ovs-vswitchd, as
   * Contiv's own scripts do), on the host, or not known.
   */
  ovsWhere: 'plugin' | 'host' | 'unknown';
  ovsWhereWhy: string;
  /** Does the start script need the openvswitch module (it runs modprobe and stops when it fails)? */
  scriptNeedsModule: boolean | null;
  /** The checks named by known lines of the plugin's own output (engine log, its log folder), in the order found. */
  logExplains: string[];
  /** A Contiv bridge exists in ovsdb with no datapath (creation failed): read from the OVS state, not the check's words. */
  bridgesWithoutDatapath?: boolean;
  /** What Plugsmith could not read, each with how to get it (root, a socket, a log). */
  needs: string[];
}

type Bad = DoctorCheckResult & { status: 'fail' | 'warn' | 'unknown' };
const isBad = (c: DoctorCheckResult): c is Bad => c.status === 'fail' || c.status === 'warn' || c.status === 'unknown';
const STATUS_RANK = { fail: 0, warn: 1, unknown: 2 } as const;
const order = (id: string) => {
  const i = (CHECK_IDS as readonly string[]).indexOf(id);
  return i < 0 ? CHECK_IDS.length : i;
};

/** A check that keeps the plugin from starting, with how sure the evidence is (lower: surer) and why. */
interface Blocker {
  check: string;
  rank: number;
  why: string;
}

/** The checks that explain why a plugin that is not running is not running, surest first. */
function blockersOf(bad: Map<string, Bad>, ev: VerdictEvidence): Blocker[] {
  const out: Blocker[] = [];
  const add = (check: string, rank: number, why: string) => {
    if (bad.get(check)?.status === 'fail' && !out.some((b) => b.check === check)) out.push({ check, rank, why });
  };
  // Certain: the engine refuses every enable while containerd holds the plugin ("id already in use").
  add('containerd-leftover', 0, 'containerd still holds the plugin from an engine killed during an enable: the engine refuses every enable of it ("id already in use") until that leftover is removed');
  add('plugin-mounts', 1, 'the engine refuses to start the plugin: a bind-mount source is missing (OCI runtime error), so its process never ran');
  for (const id of ev.logExplains) if (id !== 'plugin-socket') add(id, 2, `the plugin's own output names it (a known line in its logs explains ${id})`);
  if (ev.plugin?.configFaults.length) add('contiv-plugin', 3, `its configuration makes the start fail: ${ev.plugin.configFaults[0]}`);
  // What Contiv's start needs; another plugin's start does not wait on any of it.
  if (ev.plugin?.contiv === false) return out.sort((a, b) => a.rank - b.rank || order(a.check) - order(b.check));
  if (ev.scriptNeedsModule !== false) add('ovs-kernel-module', 4, `its start script runs modprobe openvswitch and stops when it fails${ev.scriptNeedsModule === null ? ' (as Contiv\'s scripts do)' : ''}`);
  // A script that runs modprobe stops there before it ever reaches OVS: the module comes first.
  if (ev.ovsWhere !== 'plugin') add('ovs-running', ev.scriptNeedsModule ? 5 : 4, 'netplugin needs OVS on the host, and it is down');
  for (const id of ['cluster-store', 'vlan-uplinks', 'host-ips']) add(id, 5, `netplugin exits when ${id === 'cluster-store' ? 'its cluster store does not answer' : id === 'vlan-uplinks' ? 'a VLAN uplink is wrong' : 'its VTEP/control IP is not this host\'s'}`);
  return out.sort((a, b) => a.rank - b.rank || order(a.check) - order(b.check));
}

export function verdictOf(results: DoctorCheckResult[], ev: VerdictEvidence): DoctorVerdict {
  const bad = new Map(results.filter(isBad).map((c) => [c.id, c]));
  const needs = [...new Set(ev.needs)];
  // The engine down: nothing else could be looked at.
  const engine = bad.get('engine');
  if (engine?.status === 'fail') {
    return { status: 'failing', causes: [{ check: 'engine', status: 'fail', consequences: [...bad.keys()].filter((id) => id !== 'engine').sort((a, b) => order(a) - order(b)), why: 'nothing else can be checked without the engine' }] };
  }

  // parent: a check that fails/warns only because of another one (its parent), from this run's evidence.
  const parent = new Map<string, string>();
  const why = new Map<string, string>();
  const link = (child: string, to: string) => {
    // A failure is never folded under a warning or a can't-tell: it would hide a failing check behind a milder cause.
    if (child !== to && bad.has(child) && bad.has(to) && !parent.has(child) && (bad.get(child)!.status !== 'fail' || bad.get(to)!.status === 'fail')) parent.set(child, to);
  };
  const p = ev.plugin;
  const pluginDown = !!p && (!p.enabled || p.answers === false);
  const ovsBad = bad.get('ovs-running')?.status === 'fail';
  /** The examined plugin's own failing check when it is down: what the user came with, ranked before unrelated roots. */
  let pluginTop: string | null = null;

  if (pluginDown) {
    const blockers = blockersOf(bad, ev);
    // Not running, and nothing says why: the plugin's own state is the cause (enable it and watch).
    const top = blockers[0]?.check ?? (bad.has('contiv-plugin') ? 'contiv-plugin' : 'plugin-socket');
    pluginTop = top;
    if (blockers[0]) why.set(top, blockers[0].why);
    else if (bad.has(top)) why.set(top, p!.enabled ? 'the plugin is enabled but does not answer, and no log line says why' : `the plugin is disabled and nothing found says why${p!.everRan === false ? ' (its process never ran)' : ''}`);
    // Not running because of `top`: its socket, its disabled state (when that is all check 2 found),
    // and whatever it would have set up — all of OVS when OVS runs inside it, else the bridges and contivh0 netplugin makes.
    const downstream = ['plugin-socket', 'plugin-logs'];
    if (!p!.configFaults.length) downstream.push('contiv-plugin');
    if (ev.ovsWhere === 'plugin') downstream.push('ovs-running', 'ovs-bridges', 'contivh0', 'ovs-kernel-module');
    else if (!ovsBad) downstream.push('ovs-bridges', 'contivh0');
    // A blocker is a cause of its own, never a consequence of another blocker (independent roots stay separate).
    const rootsToKeep = new Set(blockers.map((b) => b.check));
    for (const id of downstream) {
      if (rootsToKeep.has(id)) continue;
      // The module is a consequence only where the plugin's own OVS never started and its script does not need it.
      if (id === 'ovs-kernel-module' && ev.scriptNeedsModule !== false) continue;
      link(id, top);
    }
    if (p!.everRan === false && ev.ovsWhere === 'plugin') why.set(top, `${why.get(top) ?? ''}; OVS runs inside the plugin (${ev.ovsWhereWhy}), so it never started either`.replace(/^; /, ''));
  } else if (p?.answers === true && ovsBad) {
    why.set('ovs-running', `the plugin runs and answers, but OVS is down${ev.ovsWhere === 'plugin' ? ' inside it' : ''}: everything that needs OVS fails because of it`);
  }

  // OVS down: the bridges, contivh0 and a module check that could not read the bridges follow from it.
  if (ovsBad) for (const id of ['ovs-bridges', 'contivh0']) link(id, 'ovs-running');
  if (ovsBad && bad.get('ovs-kernel-module')?.status === 'unknown') link('ovs-kernel-module', 'ovs-running');
  // Bridges without a datapath on a host without the module: the module is the cause.
  if (bad.get('ovs-kernel-module')?.status === 'fail' && ev.bridgesWithoutDatapath) link('ovs-bridges', 'ovs-kernel-module');
  if (bad.has('ovs-bridges')) link('contivh0', 'ovs-bridges');
  if (bad.get('cluster-store')?.status === 'fail') link('netmaster', 'cluster-store');
  if (bad.has('netmaster')) link('networks-sync', 'netmaster');
  // The logs check reports lines that explain other checks: it is a consequence of the first one it explains.
  const explained = ev.logExplains.find((id) => bad.has(id) && id !== 'plugin-logs');
  if (explained) link('plugin-logs', explained);

  const rootOf = (id: string): string => {
    const seen = new Set<string>();
    let cur = id;
    while (parent.has(cur) && !seen.has(cur)) {
      seen.add(cur);
      cur = parent.get(cur)!;
    }
    return cur;
  };
  const roots = new Map<string, string[]>();
  for (const id of bad.keys()) {
    const r = rootOf(id);
    if (!roots.has(r)) roots.set(r, []);
    if (r !== id) roots.get(r)!.push(id);
  }
  const blockerRank = new Map(pluginDown ? blockersOf(bad, ev).map((b) => [b.check, b.rank]) : []);
  if (pluginTop && !blockerRank.has(pluginTop)) blockerRank.set(pluginTop, 8);
  const causes: DoctorCause[] = [...roots.entries()]
    .map(([check, consequences]): DoctorCause => ({
      check,
      status: bad.get(check)!.status,
      consequences: consequences.sort((a, b) => order(a) - order(b)),
      ...(why.has(check) ? { why: why.get(check) } : {}),
    }))
    .sort((a, b) =>
      STATUS_RANK[a.status] - STATUS_RANK[b.status]
      || (blockerRank.get(a.check) ?? 9) - (blockerRank.get(b.check) ?? 9)
      // More folded under it: more explained by fixing it.
      || b.consequences.length - a.consequences.length
      || order(a.check) - order(b.check));
  const status = causes.some((c) => c.status === 'fail') ? 'failing' : causes.some((c) => c.status === 'unknown') || needs.length ? 'unknown' : 'healthy';
  return { status, causes, ...(needs.length ? { needs } : {}) };
}

/** `plugsmith doctor`'s exit code: 1 when a cause fails; a can't-tell or a warning alone is 0. */
export function doctorExitCode(r: { verdict: DoctorVerdict }): 0 | 1 {
  return r.verdict.causes.some((c) => c.status === 'fail') ? 1 : 0;
}

/** The check ids a "re-check the cause" re-runs: the cause and its consequences, in check order. */
export function recheckSet(cause: DoctorCause): string[] {
  return [cause.check, ...cause.consequences].filter((id, i, a) => a.indexOf(id) === i).sort((a, b) => order(a) - order(b));
}
