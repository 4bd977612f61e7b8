/**
 * "Did you mean" for keys the engine ignores: a field of the same struct within a small edit
 * distance, a field that belongs one level down (top-level `capabilities` → `linux`), or a
 * known alias (`mount` → `mounts`, `ipc` → `ipchost`). Suggestions keep the user's casing style.
 * Pure and browser-safe.
 */
import { CONFIG, foldKey, type GoType } from './schema';

export function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) return 99;
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

/** Aliases seen in real configs and guesses, per struct: folded key → the field meant (a path when it lives elsewhere). */
const ALIASES: Record<string, Record<string, string>> = {
  PluginConfig: {
    mount: 'Mounts',
    ipc: 'IpcHost',
    pid: 'PidHost',
    ipcmode: 'IpcHost',
    pidmode: 'PidHost',
    hostipc: 'IpcHost',
    hostpid: 'PidHost',
    environment: 'Env',
    envs: 'Env',
    cmd: 'Entrypoint',
    command: 'Entrypoint',
    workingdir: 'WorkDir',
    cwd: 'WorkDir',
    capabilities: 'Linux.Capabilities',
    caps: 'Linux.Capabilities',
    capadd: 'Linux.Capabilities',
    devices: 'Linux.Devices',
    device: 'Linux.Devices',
    allowalldevices: 'Linux.AllowAllDevices',
    socket: 'Interface.Socket',
    types: 'Interface.Types',
    networkmode: 'Network.Type',
    net: 'Network',
    propagatedmounts: 'PropagatedMount',
    arg: 'Args',
    argument: 'Args',
    arguments: 'Args',
  },
  PluginConfigLinux: { caps: 'Capabilities', capadd: 'Capabilities', device: 'Devices' },
  PluginConfigInterface: { type: 'Types', sock: 'Socket', socketname: 'Socket' },
  PluginEnv: { default: 'Value', val: 'Value', key: 'Name' },
  PluginMount: { src: 'Source', dst: 'Destination', dest: 'Destination', target: 'Destination', option: 'Options', opts: 'Options' },
  PluginDevice: { source: 'Path', device: 'Path' },
  PluginConfigArgs: { values: 'Value', default: 'Value' },
};

/** Keys that have no counterpart; said plainly instead of guessed at. */
export const KNOWN_IGNORED: Record<string, string> = {
  manifestversion: 'a leftover of the pre-1.13 plugin format',
  hooks: 'not part of the plugin format',
  name: 'the plugin name comes from `docker plugin create NAME`, not from config.json',
  version: 'the plugin version comes from its tag',
};

function structs(t: GoType, out: Map<string, Extract<GoType, { k: 'struct' }>>) {
  if (t.k === 'struct') {
    out.set(t.go, t);
    for (const f of t.fields) structs(f.type, out);
  } else if (t.k === 'slice') structs(t.elem, out);
  else if (t.k === 'ptrStruct') structs(t.target, out);
}
const STRUCTS = new Map<string, Extract<GoType, { k: 'struct' }>>();
structs(CONFIG, STRUCTS);

/** Write `canonical` in the style of `key` (all lower, camelCase or Pascal). */
function styled(canonical: string, key: string): string {
  return canonical
    .split('.')
    .map((part) => (key === key.toLowerCase() ? part.toLowerCase() : /^[a-z]/.test(key) ? part[0].toLowerCase() + part.slice(1) : part))
    .join('.');
}

export interface Suggestion {
  /** Canonical field (or dotted path) meant. */
  field: string;
  /** As the user would write it. */
  text: string;
}

export function suggestKey(structName: string, key: string): Suggestion | null {
  const folded = foldKey(key).replace(/[-_\s]/g, '');
  const alias = ALIASES[structName]?.[folded];
  if (alias) return { field: alias, text: styled(alias, key) };
  const t = STRUCTS.get(structName);
  if (!t) return null;
  let best: { name: string; d: number } | null = null;
  for (const f of t.fields) {
    if (f.name === 'rootfs' || f.name === 'DockerVersion') continue;
    const d = editDistance(folded, f.name.toLowerCase());
    if (d <= (f.name.length <= 4 ? 1 : 2) && (!best || d < best.d)) best = { name: f.name, d };
  }
  return best ? { field: best.name, text: styled(best.name, key) } : null;
}
