/**
 * The topology sources as services/index.ts makes them: the netmaster URL asked the same way the
 * netmaster browser and the doctor ask it (resolveNetmasterUrl: call → PLUGSMITH_NETMASTER →
 * settings → the Contiv plugin's env), the OVSDB address from PLUGSMITH_OVSDB, else the ovsdbSocket setting.
 */
import type { PluginHealth, PluginSummary } from '../../ipc/types';
import type { Engine } from '../docker/engine';
import type { EventHub } from '../events/hub';
import { resolveNetmasterUrl } from '../netmaster/service';
import { TopologySources } from './sources';

export interface TopologyWiring {
  env: NodeJS.ProcessEnv;
  engine: () => Engine;
  hub: EventHub;
  plugins: () => Promise<PluginSummary[]>;
  /** The plugin service's health by id (PluginService.healthById): one health on every screen. */
  pluginHealth?: (opts: { wait: boolean }) => Promise<Map<string, PluginHealth>>;
  settingsUrl?: () => string | null | undefined;
  /** The CLI's --netmaster: wins over everything else. */
  netmaster?: string;
  /** The ovsdbSocket setting (env PLUGSMITH_OVSDB wins over it: see host/ovsdb/resolve.ts). */
  ovsdbSetting?: () => string | null | undefined;
}

export function createTopologySources(w: TopologyWiring): TopologySources {
  return new TopologySources({
    engine: w.engine,
    hub: w.hub,
    env: w.env,
    netmasterUrl: async () => (await resolveNetmasterUrl(w.netmaster, { env: w.env, settingsUrl: w.settingsUrl, plugins: w.plugins }))?.url ?? null,
    ovsdbSetting: w.ovsdbSetting,
    pluginHealth: w.pluginHealth,
  });
}
