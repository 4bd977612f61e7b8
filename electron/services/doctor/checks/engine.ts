/** Check 1 (engine, API, swarm) and 15 (Docker Desktop). Evaluators are pure; defs read facts. */
import type { EngineStatus } from '../../../ipc/types';
import type { EnginePlugin } from '../../docker/plugin-model';
import { pass, type CheckDef, type Outcome } from '../types';

export interface EngineInput {
  status: EngineStatus;
  info: Record<string, unknown> | null;
  /** The examined plugin, to say whether swarm mode refuses it. */
  plugin: EnginePlugin | null;
}

export function evalEngine({ status, info, plugin }: EngineInput): Outcome {
  const ev = [`${status.host} (${status.source}): ${status.state}${status.version ? `, Docker ${status.version}, API ${status.apiVersion}` : ''}`];
  if (status.state !== 'connected') {
    return {
      status: 'fail',
      evidence: [...ev, status.error?.message ?? ''].filter(Boolean),
      why: status.state === 'too-old' ? 'Managed plugins need API 1.25 (Docker 1.13) or newer.' : 'Nothing else can be checked without the engine.',
      fix: status.state === 'too-old' ? 'Upgrade Docker to 1.13 or newer.' : status.state === 'denied' ? 'Add your user to the docker group (then log in again) or run as root.' : 'Start the engine (`systemctl start docker`) or point Plugsmith at it (DOCKER_HOST / settings).',
      command: 'docker version',
    };
  }
  const swarm = String((info?.Swarm as { LocalNodeState?: string } | undefined)?.LocalNodeState ?? 'unknown');
  ev.push(`swarm: ${swarm}`);
  // A managed (v2) plugin is fine in swarm mode; a legacy one is refused (Contiv issue 776).
  const legacy = plugin === null && swarm === 'active';
  if (legacy) {
    return {
      status: 'warn',
      evidence: [...ev, 'swarm mode is active and no managed plugin is examined: a legacy (v1) network plugin is refused in swarm mode'],
      why: 'In swarm mode the engine refuses legacy plugins: "legacy plugin … is not supported in swarm mode" (Contiv issue 776).',
      fix: 'Install Contiv as a managed (v2) plugin, or leave swarm mode (`docker swarm leave`) to use the legacy one.',
      command: 'docker info --format {{.Swarm.LocalNodeState}}',
    };
  }
  return pass(ev, 'Nothing to do.', 'docker version');
}

export function evalDesktop(info: Record<string, unknown> | null, isLocal: boolean): Outcome {
  const os = String(info?.OperatingSystem ?? 'unknown');
  if (/Docker Desktop/i.test(os)) {
    return {
      status: 'warn',
      evidence: [`engine OperatingSystem: ${os}`],
      fix: 'Run the host checks inside the Docker Desktop VM (e.g. `docker run --rm -it --privileged --pid=host debian nsenter -t 1 -m -u -n -i sh`); Plugsmith skips them here instead of reporting false failures.',
    };
  }
  return pass([`engine OperatingSystem: ${os}`, isLocal ? 'the engine runs on this host: host checks apply' : 'the engine is remote: host checks are skipped']);
}

export const engineChecks: CheckDef[] = [
  {
    id: 'engine',
    title: 'Engine reachable, API ≥ 1.25, swarm mode',
    group: 'engine',
    why: 'Managed plugins need API 1.25; swarm mode refuses legacy (v1) network plugins.',
    async run(f) {
      const status = await f.version();
      const info = status.state === 'connected' ? await f.info().catch(() => null) : null;
      const plugin = status.state === 'connected' ? (await f.target().catch(() => null))?.plugin ?? null : null;
      return evalEngine({ status, info, plugin });
    },
  },
  {
    id: 'docker-desktop',
    title: 'Docker Desktop (host checks inside its VM)',
    group: 'engine',
    why: 'With Docker Desktop the plugin, OVS and contivh0 live inside its VM: host checks would report false failures.',
    async run(f) {
      return evalDesktop(await f.info(), f.engine.isLocal);
    },
  },
];
