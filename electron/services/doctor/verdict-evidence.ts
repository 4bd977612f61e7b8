/**
 * What the verdict ranks by, read from this run's facts (shared and memoized: nothing is asked
 * twice): whether the plugin answers and whether its process ever ran, where OVS runs and whether
 * the start script needs the module, which checks the plugin's own output names, and what
 * Plugsmith lacks to tell. The ranking itself is verdict.ts (pure).
 */
import type { DoctorCheckResult } from '../../ipc/types';
import { sameReference } from '../docker/reference';
import { PLUGIN_SOCKET_ROOT } from '../docker/probe';
import type { DoctorFacts } from './facts';
import { gatherLogs, collectMatches, type SourcedMatch } from './checks/logs';
import type { VerdictEvidence } from './verdict';
import { badRole } from './checks/plugin';
import { CONTIV_BRIDGES } from './checks/ovs';

/** What to do to give the doctor what root-only files need: the engine's own paths, named. */
export const ROOT_NEED = (dataRoot: string, id: string | null, socketRoot: string) =>
  `root: the plugin folder ${dataRoot}/plugins/${id ?? '<id>'} and the socket directory ${socketRoot} are root-only — run \`sudo plugsmith doctor\` (or start Plugsmith as root) to read them`;

export async function gatherVerdictEvidence(f: DoctorFacts, checks: DoctorCheckResult[], matches: SourcedMatch[]): Promise<VerdictEvidence> {
  const [t, mode, contiv] = await Promise.all([f.target().catch(() => null), f.hostMode().catch(() => 'remote' as const), f.contiv().catch(() => null)]);
  const pl = t?.plugin ?? null;
  const ev: VerdictEvidence = { plugin: null, ovsWhere: 'unknown', ovsWhereWhy: 'no Contiv start script known', scriptNeedsModule: null, logExplains: [...new Set(matches.map((m) => m.check))], needs: [] };
  if (mode === 'local' && !f.isRoot) {
    const info = await f.info().catch(() => null);
    ev.needs.push(ROOT_NEED(String(info?.DockerRootDir ?? '/var/lib/docker'), pl?.Id ?? null, f.opts.pluginSocketRoot ?? PLUGIN_SOCKET_ROOT));
  }
  // Bridges with no datapath follow from a missing module (the ranking reads the OVS state itself, never a check's words).
  const ovs = await f.ovs().catch(() => null);
  if (ovs?.status === 'ok') ev.bridgesWithoutDatapath = ovs.state.bridges.some((b) => (CONTIV_BRIDGES as readonly string[]).includes(b.name) && !b.datapathExists);
  if (!pl) return ev;
  const health = pl.Enabled && mode === 'local' ? await f.probe(pl).catch(() => null) : null;
  const answers = !pl.Enabled ? null : health?.state === 'answering' ? true : !health || health.state === 'skipped' ? null : false;
  const logs = await gatherLogs(f).catch(() => null);
  let everRan: boolean | null = null;
  let everRanWhy = 'nothing to tell by (no engine log lines, no log folder read)';
  if (logs && !('status' in logs)) {
    const { engineLines } = collectMatches(logs);
    const files = Object.entries(logs.folder?.files ?? {}).filter(([, t]) => !!t).map(([n]) => n);
    if (engineLines.length) [everRan, everRanWhy] = [true, `${engineLines.length} engine log line(s) tagged with its id`];
    else if (files.length) [everRan, everRanWhy] = [true, `it wrote ${files.join(', ')} in ${logs.folder!.dir}`];
  }
  if (everRan === null && checks.find((c) => c.id === 'plugin-mounts')?.status === 'fail') [everRan, everRanWhy] = [false, 'a bind-mount source is missing: the engine refuses to start it'];
  if (answers) [everRan, everRanWhy] = [true, 'its socket answers'];
  const configFaults: string[] = [];
  // First: it stops the start itself. A role the 2019 script refuses is certain from the config alone, before any log line exists.
  const role = badRole(contiv);
  if (role) configFaults.push(role);
  if (contiv?.pluginName && !sameReference(contiv.pluginName.value, pl.Name)) configFaults.push(`${contiv.pluginName.setting} is "${contiv.pluginName.value}", the plugin is installed as "${pl.Name}"`);
  ev.plugin = { name: pl.Name, enabled: pl.Enabled, answers, everRan, everRanWhy, configFaults, contiv: !!t?.contiv };
  if (contiv?.layout) {
    // Contiv's own start scripts (2017 and 2019) run modprobe openvswitch, then start ovsdb-server
    // and ovs-vswitchd inside the plugin. A script read from the rootfs (when known) says better.
    ev.ovsWhere = 'plugin';
    ev.ovsWhereWhy = `Contiv's ${contiv.layout === 'contiv-2019' ? '2019' : '2017'} start script starts ovsdb-server and ovs-vswitchd inside the plugin`;
    ev.scriptNeedsModule = true;
    // The script the plugin really has (plugin-rootfs.ts): what it reads, runs and starts.
    const script = await f.startScript().catch(() => null);
    if (script?.state === 'read') {
      ev.scriptNeedsModule = script.runsModprobe;
      ev.ovsWhere = script.startsOvs ? 'plugin' : 'host';
      ev.ovsWhereWhy = `its start script ${script.script} ${script.startsOvs ? 'starts' : 'does not start'} ovsdb-server / ovs-vswitchd`;
      // First: with none of its settings the script ends before anything else is tried.
      if (script.silentExit) configFaults.unshift(`its start script ${script.script} reads none of the configured env names: it exits silently`);
    }
  }
  return ev;
}
