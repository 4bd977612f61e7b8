/**
 * Pure functions over the engine's plugin JSON (`GET /plugins`, `GET /plugins/{name}/json`):
 * what each interface type means, which settings `docker plugin set` will accept and
 * under which key, and the CLI twin of every action. No I/O here.
 */
import type { PluginCapability, PluginHealth, PluginKind, PluginSetting, PluginSummary, SettingKind } from '../../ipc/types';

/** The engine's inspect JSON, as much of it as we read (the engine re-encodes it PascalCase). */
export interface EnginePlugin {
  Id: string;
  Name: string;
  Enabled: boolean;
  Settings?: {
    Mounts?: EngineMount[];
    Env?: string[];
    Args?: string[];
    Devices?: EngineDevice[];
  };
  Config?: {
    Description?: string;
    Documentation?: string;
    Interface?: { Types?: string[]; Socket?: string; ProtocolScheme?: string };
    Env?: { Name: string; Description?: string; Settable?: string[] | null; Value?: string | null }[];
    Args?: { Name: string; Description?: string; Settable?: string[] | null; Value?: string[] | null };
    Mounts?: EngineMount[];
    Linux?: { Devices?: EngineDevice[] | null };
  };
}

interface EngineMount {
  Name?: string;
  Description?: string;
  Settable?: string[] | null;
  Source?: string | null;
  Destination?: string;
  Type?: string;
  Options?: string[];
}
interface EngineDevice {
  Name?: string;
  Description?: string;
  Settable?: string[] | null;
  Path?: string | null;
}

const KIND_BY_CAPABILITY: Record<string, PluginKind> = {
  networkdriver: 'network',
  ipamdriver: 'ipam',
  volumedriver: 'volume',
  logdriver: 'log',
  authz: 'authz',
  metricscollector: 'metrics',
  csicontroller: 'csi',
  csinode: 'csi',
};

/** `docker.networkdriver/1.0` → network. The engine matches the capability case-sensitively after `docker.`. */
export function capabilityOf(type: string): PluginCapability {
  const m = /^docker\.([a-z]+)\/(.+)$/.exec(type);
  return { type, kind: (m && KIND_BY_CAPABILITY[m[1]]) || 'unknown' };
}

/** The fields `docker plugin set` accepts per entry kind (moby: allowedSettableFields*). */
export const ALLOWED_SETTABLE: Record<SettingKind, string[]> = {
  env: ['value'],
  arg: ['value'],
  mount: ['source'],
  device: ['path'],
};

/**
 * The key `docker plugin set` needs for an entry, or null when none works:
 * one settable field → NAME (the engine fills the field in); several →
 * NAME.field, and only a field the engine allows for that kind.
 */
export function setKeyFor(kind: SettingKind, name: string, settable: string[]): { key: string | null; fields: string[] } {
  const fields = settable.filter((f) => ALLOWED_SETTABLE[kind].includes(f));
  if (!name || fields.length === 0) return { key: null, fields };
  if (settable.length === 1) return { key: name, fields };
  return { key: `${name}.${fields[0]}`, fields };
}

/** `KEY=VALUE` entries (Settings.Env) as a map; an entry without a name is skipped. */
export function envValues(list: string[] | undefined): Map<string, string> {
  const m = new Map<string, string>();
  for (const e of list ?? []) {
    const i = e.indexOf('=');
    if (i > 0) m.set(e.slice(0, i), e.slice(i + 1));
  }
  return m;
}

export function settingsOf(p: EnginePlugin): PluginSetting[] {
  const out: PluginSetting[] = [];
  const cfg = p.Config ?? {};
  const live = p.Settings ?? {};
  const push = (kind: SettingKind, name: string, description: string, value: string | null, settable: string[] | null | undefined) => {
    const raw = settable ?? [];
    const { key, fields } = setKeyFor(kind, name, raw);
    out.push({
      kind,
      name,
      description,
      value,
      settable: raw,
      settableFields: fields,
      setKey: key,
      locked: key === null ? 'not-settable' : p.Enabled ? 'enabled' : null,
    });
  };
  const env = envValues(live.Env);
  for (const e of cfg.Env ?? []) push('env', e.Name, e.Description ?? '', env.has(e.Name) ? env.get(e.Name)! : (e.Value ?? null), e.Settable);
  const liveMounts = live.Mounts ?? [];
  (cfg.Mounts ?? []).forEach((m, i) => {
    const lm = liveMounts.find((x) => x.Name && x.Name === m.Name) ?? liveMounts[i];
    push('mount', m.Name ?? '', m.Description ?? `${m.Destination ?? ''}`, lm?.Source ?? m.Source ?? null, m.Settable);
  });
  const liveDevices = live.Devices ?? [];
  (cfg.Linux?.Devices ?? []).forEach((d, i) => {
    const ld = liveDevices.find((x) => x.Name && x.Name === d.Name) ?? liveDevices[i];
    push('device', d.Name ?? '', d.Description ?? '', ld?.Path ?? d.Path ?? null, d.Settable);
  });
  if (cfg.Args && cfg.Args.Name) {
    const value = (live.Args ?? cfg.Args.Value ?? []).join(' ');
    push('arg', cfg.Args.Name, cfg.Args.Description ?? '', value, cfg.Args.Settable);
  }
  return out;
}

export function summarize(p: EnginePlugin, health: PluginHealth): PluginSummary {
  const types = p.Config?.Interface?.Types ?? [];
  return {
    id: p.Id,
    name: p.Name,
    description: p.Config?.Description ?? '',
    documentation: p.Config?.Documentation ?? '',
    enabled: !!p.Enabled,
    capabilities: types.map(capabilityOf),
    socket: p.Config?.Interface?.Socket ?? '',
    settings: settingsOf(p),
    health: p.Enabled ? health : { state: 'disabled', detail: '', checkedAt: null },
    raw: p,
  };
}

/** POSIX shell quoting for the copyable CLI twins (the commands are shown, never run through a shell). */
export function shellQuote(s: string): string {
  return /^[A-Za-z0-9_./:@%+=,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

export const cli = {
  enable: (name: string, timeout?: number) => `docker plugin enable${timeout ? ` --timeout ${timeout}` : ''} ${shellQuote(name)}`,
  disable: (name: string, force?: boolean) => `docker plugin disable${force ? ' --force' : ''} ${shellQuote(name)}`,
  remove: (name: string, force?: boolean) => `docker plugin rm${force ? ' --force' : ''} ${shellQuote(name)}`,
  set: (name: string, values: { key: string; value: string }[]) =>
    `docker plugin set ${shellQuote(name)} ${values.map((v) => shellQuote(`${v.key}=${v.value}`)).join(' ')}`,
  inspect: (name: string) => `docker plugin inspect ${shellQuote(name)}`,
  ls: () => 'docker plugin ls',
};
