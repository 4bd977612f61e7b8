/**
 * What the doctor needs to know from an installed Contiv plugin's inspect: its layout, the values
 * the engine will really pass (Settings.Env overrides Config.Env), and the few settings the checks
 * read under either layout's name. Pure.
 */
import type { EnginePlugin } from '../docker/plugin-model';
import { detectContivProfile } from '../config/contiv/profile';
import { isContivConfig } from '../config/contiv/is-contiv';
import type { ContivConfigView } from '../config/contiv/view';
import type { ConfigProfile } from '../../ipc/types';

export interface ContivView {
  layout: ConfigProfile;
  env: Map<string, string>;
  /** Name of the setting that carries the expected plugin name, and its value. */
  pluginName: { setting: string; value: string } | null;
  role: { setting: string; value: string } | null;
  clusterStore: { setting: string; urls: string[] } | null;
  vlanUplinks: { setting: string; names: string[] } | null;
  vtepIp: { setting: string; value: string } | null;
  controlIp: { setting: string; value: string } | null;
  netmasterAddress: { setting: string; value: string } | null;
  /** Where Contiv writes its logs inside the plugin. */
  logDir: string;
}

/** The config as the Contiv rules read it (the engine's inspect is already PascalCase). */
export function configView(p: EnginePlugin): ContivConfigView {
  const c = p.Config ?? {};
  return {
    Env: (c.Env ?? []).map((e) => ({ Name: e.Name, Value: e.Value ?? null, Settable: e.Settable ?? null })),
    Mounts: (c.Mounts ?? []).map((m) => ({ Name: m.Name ?? null, Source: m.Source ?? null, Destination: m.Destination ?? null, Type: m.Type ?? null })),
    Interface: { Types: c.Interface?.Types ?? [], Socket: c.Interface?.Socket ?? '' },
    Entrypoint: (c as { Entrypoint?: string[] }).Entrypoint ?? null,
    Network: { Type: (c as { Network?: { Type?: string } }).Network?.Type ?? '' },
  };
}

export function isContivPlugin(p: EnginePlugin): boolean {
  return isContivConfig(configView(p));
}

/** The env the plugin's process gets: declared values, overridden by `docker plugin set`. */
export function effectiveEnv(p: EnginePlugin): Map<string, string> {
  const m = new Map<string, string>();
  for (const e of p.Config?.Env ?? []) if (typeof e.Value === 'string') m.set(e.Name, e.Value);
  for (const e of p.Settings?.Env ?? []) {
    const i = e.indexOf('=');
    if (i > 0) m.set(e.slice(0, i), e.slice(i + 1));
  }
  return m;
}

const list = (v: string) => v.split(/[\s,]+/).map((x) => x.trim()).filter(Boolean);

function first(env: Map<string, string>, names: string[]): { setting: string; value: string } | null {
  for (const n of names) if (env.has(n)) return { setting: n, value: env.get(n)! };
  return null;
}

/** `etcd://host:2379` (2017) → `http://host:2379`; endpoints lists (2019) as they are. */
export function clusterStoreUrls(value: string): string[] {
  return list(value).map((u) => u.replace(/^etcd:\/\//, 'http://').replace(/^consul:\/\//, 'http://'));
}

export function readContiv(p: EnginePlugin): ContivView {
  const env = effectiveEnv(p);
  const layout = detectContivProfile(configView(p));
  const store = first(env, ['CONTIV_NETPLUGIN_ETCD_ENDPOINTS', 'CONTIV_NETMASTER_ETCD_ENDPOINTS', 'CONTIV_NETPLUGIN_CONSUL_ENDPOINTS', 'cluster_store']);
  const uplinks = first(env, ['CONTIV_NETPLUGIN_VLAN_UPLINKS', 'iflist']);
  const noneToEmpty = (x: { setting: string; value: string } | null) => (x && x.value !== 'none' && x.value !== '' ? x : null);
  return {
    layout,
    env,
    pluginName: first(env, ['CONTIV_NETMASTER_PLUGIN_NAME', 'plugin_name']),
    role: first(env, ['CONTIV_ROLE', 'plugin_role']),
    clusterStore: store && store.value ? { setting: store.setting, urls: clusterStoreUrls(store.value) } : null,
    vlanUplinks: uplinks && uplinks.value ? { setting: uplinks.setting, names: list(uplinks.value) } : null,
    vtepIp: noneToEmpty(first(env, ['CONTIV_NETPLUGIN_VTEP_IP', 'vtep_ip'])),
    controlIp: noneToEmpty(first(env, ['CONTIV_NETPLUGIN_CONTROL_IP', 'ctrl_ip'])),
    netmasterAddress: first(env, ['CONTIV_NETMASTER_EXTERNAL_ADDRESS', 'listen_url']),
    logDir: env.get('CONTIV_LOG_DIR') || env.get('log_dir') || '/var/log/contiv',
  };
}

/**
 * A path inside the plugin → the host path it is bind-mounted from, through the mount with the
 * longest matching destination; null when no mount covers it (then only the plugin can read it).
 */
export function hostPathOf(p: EnginePlugin, inside: string): string | null {
  const mounts = (p.Settings?.Mounts?.length ? p.Settings.Mounts : p.Config?.Mounts) ?? [];
  let best: { dest: string; src: string } | null = null;
  for (const m of mounts) {
    const dest = (m.Destination ?? '').replace(/\/+$/, '');
    if (!dest || !m.Source) continue;
    if ((inside === dest || inside.startsWith(`${dest}/`)) && (!best || dest.length > best.dest.length)) best = { dest, src: m.Source };
  }
  return best ? best.src.replace(/\/+$/, '') + inside.slice(best.dest.length) : null;
}
