/**
 * The doctor's deployment defaults from the environment and the user's Settings, read at each
 * run (a changed setting applies to the next run without a restart). Per-run arguments
 * (--plugin, --netmaster, the screen's fields) still win over these in DoctorService.options.
 */
import type { Settings } from '../../ipc/types';
import { resolveOvsdb } from '../host/ovsdb/resolve';
import { ENV_NETMASTER } from '../netmaster/service';
import type { DoctorOptions } from './facts';

export function doctorDefaults(env: NodeJS.ProcessEnv, s: Pick<Settings, 'engineLogPath' | 'ovsdbSocket' | 'netmasterUrl'>): Partial<DoctorOptions> {
  const nmEnv = env[ENV_NETMASTER]?.trim();
  const nmSetting = s.netmasterUrl?.trim();
  return {
    // Tried in this order by findEngineLog: the setting, then the env file.
    engineLog: s.engineLogPath || null,
    engineLogEnv: env.PLUGSMITH_ENGINE_LOG?.trim() || null,
    // env PLUGSMITH_OVSDB wins over the setting (an override for tests and one-off runs).
    ovsdb: resolveOvsdb(env, s.ovsdbSocket).target,
    netmasterDefault: nmEnv ? { url: nmEnv, from: ENV_NETMASTER } : nmSetting ? { url: nmSetting, from: 'the netmasterUrl setting' } : null,
  };
}
