/**
 * Check: nothing a killed engine left in containerd blocks a plugin.
 *
 * A dockerd SIGKILLed during an enable — after containerd made the plugin's container, before the
 * engine saved it as enabled — comes back with the plugin disabled while containerd (namespace
 * plugins.moby) still holds the container under the plugin's id, often with the old plugin
 * process running. Every enable then fails with `error creating containerd container: id already
 * in use` (or `task … already exists`), for ever. The evidence that names it: a container of that
 * id in containerd, made before the running dockerd started, while the engine says the plugin is
 * disabled. The fix is containerd's own client (ctr), then an enable.
 */
import { cli, type EnginePlugin } from '../../docker/plugin-model';
import { cleanupTwin, locateContainerd, PLUGIN_NAMESPACE, pluginContainers, type PluginContainer } from '../../docker/containerd';
import type { DoctorAction } from '../../../ipc/types';
import type { DoctorFacts } from '../facts';
import { DESKTOP_SKIP, REMOTE_SKIP, pass, skip, type CheckDef, type Outcome } from '../types';

export const LEFTOVER_CHECK_ID = 'containerd-leftover';

export type ContainerdView =
  | { socket: string; from: string; dockerdPid: number; engineStartedAtMs: number; containers: PluginContainer[] }
  | { unknown: string };

export interface LeftoverInput {
  mode: 'local' | 'remote' | 'desktop';
  /** The plugins to look at: the one asked for, else every installed plugin. */
  plugins: EnginePlugin[];
  /** Read only when a plugin is disabled (a leftover blocks only a disabled one). */
  containerd: ContainerdView | null;
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

export function clearLeftoverAction(plugin: string, socket: string, id: string, withTask: boolean): DoctorAction {
  return { kind: 'clear-leftover', plugin, command: `${cleanupTwin(socket, id, withTask)} && ${cli.enable(plugin)}` };
}

export function evalLeftover({ mode, plugins, containerd }: LeftoverInput): Outcome {
  if (mode === 'remote') return skip(REMOTE_SKIP);
  if (mode === 'desktop') return skip(DESKTOP_SKIP);
  if (plugins.length === 0) return skip('skipped: no plugin to examine');
  const disabled = plugins.filter((p) => !p.Enabled);
  // An enabled plugin's container and task are the engine's own: a leftover only blocks a disabled one.
  if (disabled.length === 0) return pass([`every examined plugin is enabled (${plugins.map((p) => p.Name).join(', ')}): the engine owns their containerd tasks`]);
  if (!containerd) return skip('skipped: containerd not read');
  // Something could be there and was not looked at: can't tell, with exactly what is missing — never a pass.
  if ('unknown' in containerd) {
    return {
      status: 'unknown',
      cantTell: [containerd.unknown],
      evidence: [`can't tell: ${containerd.unknown}`, `disabled: ${disabled.map((p) => p.Name).join(', ')} — a leftover of a killed engine would block their enable; it could not be looked at`],
      fix: 'Run the doctor as root on the engine\'s host (containerd\'s socket is root-only); to look by hand: ctr --namespace plugins.moby containers ls',
      command: `ctr --namespace ${PLUGIN_NAMESPACE} containers ls`,
    };
  }
  const where = `containerd ${containerd.socket} (${containerd.from}), namespace ${PLUGIN_NAMESPACE}`;
  const engineStart = containerd.engineStartedAtMs;
  const ev = [`${where}: ${containerd.containers.length} container(s)`, `this dockerd (pid ${containerd.dockerdPid}) started ${engineStart ? iso(engineStart) : 'at an unknown time'}`];
  const found = disabled
    .map((p) => ({ p, c: containerd.containers.find((c) => c.id === p.Id) }))
    .filter((x): x is { p: EnginePlugin; c: PluginContainer } => !!x.c);
  if (found.length === 0) return pass([...ev, `no container of a disabled plugin (${disabled.map((p) => p.Name).join(', ')}): nothing blocks their enable`]);
  const old = found.filter(({ c }) => c.createdAtMs !== null && engineStart > 0 && c.createdAtMs < engineStart);
  const describe = ({ p, c }: { p: EnginePlugin; c: PluginContainer }) => [
    `the engine says ${p.Name} (id ${p.Id.slice(0, 12)}) is disabled, yet containerd holds a container of that id, made ${c.createdAtMs !== null ? iso(c.createdAtMs) : 'at an unknown time'}`,
    c.task ? `its task: pid ${c.task.pid} ${c.task.status}${c.task.status === 'RUNNING' ? ' — the old plugin process still runs' : ''}` : 'it has no task (no process)',
  ];
  if (old.length) {
    const first = old[0];
    return {
      status: 'fail',
      evidence: [
        ...ev,
        ...old.flatMap(describe),
        `made before this dockerd started: left by an engine that was killed during an enable; every enable of ${old.map((x) => x.p.Name).join(', ')} fails with "error creating containerd container: id already in use" until it is removed`,
      ],
      why: 'When dockerd is killed during an enable, containerd keeps the plugin container (and its process) while the restarted engine thinks the plugin is disabled and has lost track of it: every enable then fails with "id already in use" / "task … already exists".',
      fix: `Remove the leftover with containerd's client — kill the old task, delete it and the container — then enable ${first.p.Name}. If an enable was tried since the engine restarted, the engine starts the plugin by itself once the old task is killed ("task must be stopped" from the next step means just that): check \`docker plugin ls\` before going on.${old.length > 1 ? ` Then the same for ${old.slice(1).map((x) => x.p.Name).join(', ')}.` : ''}`,
      command: clearLeftoverAction(first.p.Name, containerd.socket, first.p.Id, !!first.c.task).command,
      action: clearLeftoverAction(first.p.Name, containerd.socket, first.p.Id, !!first.c.task),
    };
  }
  // Made by the running engine: an enable in progress looks exactly like this for a moment.
  const first = found[0];
  return {
    status: 'warn',
    evidence: [...ev, ...found.flatMap(describe), 'made by the running engine: an enable in progress looks like this for a few seconds'],
    fix: `If no enable of ${first.p.Name} is running, this is a leftover: remove it with containerd's client and enable again. Re-run this check first: while an enable runs, the clean-up would break it.`,
    command: clearLeftoverAction(first.p.Name, containerd.socket, first.p.Id, !!first.c.task).command,
  };
}

/** Reads containerd once per run (and only when some examined plugin is disabled). */
async function readContainerd(f: DoctorFacts): Promise<ContainerdView> {
  return f.shared('containerd', async (): Promise<ContainerdView> => {
    const where = await locateContainerd(f.engine.connection.socketPath, f.isRoot);
    if ('unknown' in where) return where;
    try {
      return { socket: where.socket, from: where.from, dockerdPid: where.dockerd.pid, engineStartedAtMs: where.dockerd.startedAtMs, containers: await pluginContainers(where.socket) };
    } catch (err) {
      return { unknown: (err as Error).message };
    }
  });
}

export const leftoverChecks: CheckDef[] = [
  {
    id: LEFTOVER_CHECK_ID,
    title: "No leftover of a killed engine in containerd blocks a plugin",
    group: 'plugin',
    why: 'A plugin whose container a killed dockerd left in containerd can never be enabled again ("error creating containerd container: id already in use") until the leftover is removed.',
    async run(f) {
      const [t, all, mode] = await Promise.all([f.target(), f.plugins(), f.hostMode()]);
      const plugins = t.requested ? (t.plugin ? [t.plugin] : []) : all;
      const needContainerd = mode === 'local' && plugins.some((p) => !p.Enabled);
      return evalLeftover({ mode, plugins, containerd: needContainerd ? await readContainerd(f) : null });
    },
  },
];
