/**
 * Removes what a killed dockerd left of a plugin in containerd (see containerd.ts): its task (the
 * old plugin process, killed) and its container, so the next enable can create them again.
 *
 * Safe by construction: it acts only on a plugin the engine says is disabled, whose container
 * containerd made before this dockerd started (so no enable of this engine is using it), and it
 * re-reads both after every step. containerd itself refuses to delete a container that has a
 * task; and when the engine brings the plugin up by itself meanwhile (it re-enables a plugin whose
 * enable failed in this engine's life once the old task exits), that is the end: nothing of a
 * working plugin is touched.
 */
import { PlugsmithError } from '../errors';
import type { Engine } from './engine';
import type { EnginePlugin } from './plugin-model';
import { CtrError, argvText, ctrBase, locateContainerd, pluginContainers, runCtr, type PluginContainer } from './containerd';

export interface LeftoverCleanupResult {
  plugin: string;
  id: string;
  socket: string;
  /** The commands that ran, as typed. */
  ran: string[];
  /** The engine started the plugin by itself once the old task was gone. */
  enabledByEngine: boolean;
  /** containerd held nothing of the plugin any more: nothing to do. */
  nothingLeft: boolean;
}

export interface CleanupDeps {
  engine: Engine;
  isRoot: boolean;
  log?: (line: string) => void;
  signal?: AbortSignal;
  /** How long to wait for the killed task to stop. */
  stopTimeoutMs?: number;
}

const gone = (e: unknown) => e instanceof CtrError && /not found/i.test(e.stderr);

async function inspect(engine: Engine, name: string, signal?: AbortSignal): Promise<EnginePlugin> {
  return engine.request<EnginePlugin>({ method: 'GET', path: `/plugins/${encodeURIComponent(name)}/json`, timeoutMs: 10_000, signal });
}

export async function clearPluginLeftover(name: string, deps: CleanupDeps): Promise<LeftoverCleanupResult> {
  const log = deps.log ?? (() => undefined);
  const { engine, signal } = deps;
  const p = await inspect(engine, name, signal);
  if (p.Enabled) throw new PlugsmithError('doctor/leftover-enabled', `${p.Name} is enabled: there is nothing to clean up`);
  const where = await locateContainerd(engine.connection.socketPath, deps.isRoot);
  if ('unknown' in where) throw new PlugsmithError('doctor/containerd-unknown', `Cannot reach the engine's containerd: ${where.unknown}`);
  const base = { plugin: p.Name, id: p.Id, socket: where.socket, ran: [] as string[] };
  log(`containerd: ${where.socket} (${where.from})`);
  const find = async (): Promise<PluginContainer | null> => (await pluginContainers(where.socket)).find((c) => c.id === p.Id) ?? null;
  const c = await find();
  if (!c) {
    log(`containerd holds nothing of ${p.Id}: nothing to clean up`);
    return { ...base, enabledByEngine: false, nothingLeft: true };
  }
  if (c.createdAtMs !== null && where.dockerd.startedAtMs && c.createdAtMs >= where.dockerd.startedAtMs) {
    throw new PlugsmithError(
      'doctor/leftover-recent',
      `containerd's container ${p.Id.slice(0, 12)} was made by the running engine (after it started): an enable may be in progress, so it is left alone. Run the doctor again once no enable is running.`,
    );
  }
  const run = async (argv: string[]) => {
    log(`$ ${argvText(argv)}`);
    base.ran.push(argvText(argv));
    await runCtr(argv);
  };
  const tolerateGone = (e: unknown) => {
    if (!gone(e)) throw e;
  };
  const ctr = ctrBase(where.socket);
  const oldPid = c.task?.pid ?? null;
  if (c.task && c.task.status !== 'STOPPED') await run([...ctr, 'tasks', 'kill', '--signal', 'SIGKILL', p.Id]).catch(tolerateGone);
  // Then, observed until settled: the old task stops (containerd or the engine may delete it and
  // the container themselves), and the engine may start the plugin anew by itself (it does when an
  // enable failed in its life): a task with another pid is the engine's, and is left alone.
  const deadline = Date.now() + (deps.stopTimeoutMs ?? 20_000);
  for (;;) {
    if (signal?.aborted) throw new PlugsmithError('jobs/cancelled', 'cancelled');
    if ((await inspect(engine, name, signal)).Enabled) {
      log(`the engine enabled ${p.Name} by itself once the old task was gone`);
      return { ...base, enabledByEngine: true, nothingLeft: false };
    }
    const now = await find();
    if (!now) {
      log(`containerd holds nothing of ${p.Name} any more: it can be enabled`);
      return { ...base, enabledByEngine: false, nothingLeft: false };
    }
    const enginesOwn = now.task && now.task.pid !== oldPid;
    if (Date.now() > deadline) {
      throw new PlugsmithError(
        'doctor/leftover-cleanup-failed',
        enginesOwn
          ? `The engine started ${p.Name} anew (task pid ${now.task!.pid}) but has not said it is enabled: look at the plugin's log lines`
          : `containerd still holds ${p.Id.slice(0, 12)}${now.task ? ` with its task ${now.task.status} (pid ${now.task.pid})` : ''} after the clean-up`,
      );
    }
    if (!enginesOwn) {
      try {
        if (now.task?.status === 'STOPPED') await run([...ctr, 'tasks', 'delete', p.Id]);
        else if (!now.task) await run([...ctr, 'containers', 'delete', p.Id]);
      } catch (e) {
        // "not found": gone meanwhile; "non stopped"/"must be stopped": the engine is starting it — look again.
        if (!(e instanceof CtrError) || e.missing) throw e;
        log(`(${e.message})`);
      }
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
