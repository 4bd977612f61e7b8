/**
 * The consent gate. The privileges come from the registry's config through the config model
 * (services/config: one decoder, one `computePrivileges`), never from the engine's
 * `GET /plugins/privileges`, which answers `[]` when its lookup fails. What the user accepted
 * must equal them entry for entry: the engine's own comparison sorts both lists and skips the
 * first entry (moby `isEqual` starts at index 1), so it is not a gate anyone can rely on.
 * Pure.
 */
import type { InstallConfigSummary, Privilege } from '../../ipc/types';
import type { DecodedConfig } from '../config/types';
import { decodeConfig } from '../config/decode';
import { parseJson } from '../config/json';
import { computePrivileges } from '../config/privileges';
import { PlugsmithError } from '../errors';

const key = (p: Privilege) => JSON.stringify([p.name, p.value]);

/** Same privileges, whatever the order (name and value compared; the description is only words). */
export function samePrivileges(a: Privilege[], b: Privilege[]): boolean {
  if (a.length !== b.length) return false;
  const x = a.map(key).sort();
  const y = b.map(key).sort();
  return x.every((k, i) => k === y[i]);
}

/**
 * What `want` asks beyond `have`, value by value (for an upgrade: what the new version adds):
 * capabilities [A] after [A, B] add nothing; [A, C] add [C].
 */
export function addedPrivileges(want: Privilege[], have: Privilege[]): Privilege[] {
  const out: Privilege[] = [];
  for (const p of want) {
    const known = new Set(have.filter((h) => h.name === p.name).flatMap((h) => h.value));
    const extra = p.value.filter((v) => !known.has(v));
    if (extra.length) out.push({ ...p, value: extra });
  }
  return out;
}

/** The engine's PascalCase privileges (GET /plugins/privileges), as the contract spells them. */
export function fromEngine(list: unknown): Privilege[] | null {
  if (!Array.isArray(list)) return null;
  return list.map((p: { Name?: string; Description?: string; Value?: string[] }) => ({ name: p.Name as Privilege['name'], description: p.Description ?? '', value: p.Value ?? [] }));
}

/** Decodes a registry config blob with the engine's own rules; a config the engine could not read is refused. */
export function decodeRegistryConfig(text: string, reference: string): DecodedConfig {
  const { root, error } = parseJson(text);
  if (!root) throw new PlugsmithError('install/bad-config', `The config of ${reference} in the registry is not JSON: ${error?.message ?? 'empty'}`, text.slice(0, 2000));
  const d = decodeConfig(text, root);
  if (d.errors.length) throw new PlugsmithError('install/bad-config', `The engine could not decode the config of ${reference}: ${d.errors[0].message}`, d.errors.map((e) => `${e.pointer}: ${e.goMessage}`).join('\n'));
  return d.config;
}

export function privilegesOf(config: DecodedConfig): Privilege[] {
  return computePrivileges(config);
}

export function summarizeConfig(c: DecodedConfig): InstallConfigSummary {
  return {
    description: c.Description,
    documentation: c.Documentation,
    entrypoint: c.Entrypoint ?? [],
    interfaceTypes: c.Interface.Types ?? [],
    socket: c.Interface.Socket,
    networkType: c.Network.Type,
    propagatedMount: c.PropagatedMount,
    env: (c.Env ?? []).map((e) => ({ name: e.Name, value: e.Value, settable: e.Settable ?? [] })),
    mounts: (c.Mounts ?? []).map((m) => ({ name: m.Name, source: m.Source, destination: m.Destination, settable: m.Settable ?? [] })),
    devices: (c.Linux.Devices ?? []).map((d) => ({ name: d.Name, path: d.Path })),
    capabilities: c.Linux.Capabilities ?? [],
    allowAllDevices: c.Linux.AllowAllDevices,
    ipcHost: c.IpcHost,
    pidHost: c.PidHost,
  };
}

/** Plain words for each privilege (the CLI's consent text; the UI has its own translated ones). */
export function explainPrivilege(p: Privilege): string {
  const v = p.value.join(', ');
  switch (p.name) {
    case 'network':
      return v === 'host'
        ? "runs in the host's network namespace: it sees and can change every interface, route and firewall rule of this machine"
        : `runs with network type "${v}" (its own namespace, plus the host's /etc/hosts and /etc/resolv.conf read-only)`;
    case 'mount':
      return `the host path ${v} is mounted into the plugin (it can read and, unless mounted read-only, change what is there)`;
    case 'device':
      return `direct access to the host device ${v}`;
    case 'allow-all-devices':
      return 'read, write and create (rwm) access to every device of the host';
    case 'capabilities':
      return `runs as root with the extra kernel capabilities ${v}${p.value.some((c) => /SYS_ADMIN|NET_ADMIN|SYS_MODULE|SYS_PTRACE|DAC_OVERRIDE/.test(c)) ? ' — enough to change the host system' : ''}`;
    case 'host ipc namespace':
      return "shares the host's IPC namespace (shared memory and semaphores of every process on the host)";
    case 'host pid namespace':
      return 'shares the host PID namespace: it sees every process of the host and can signal them';
    default:
      return p.description;
  }
}

/** The list as the CLI prints it before asking, as `docker plugin install` does. */
export function formatPrivileges(reference: string, ps: Privilege[]): string {
  if (!ps.length) return `Plugin "${reference}" does not ask for any privileges.\n`;
  return `Plugin "${reference}" is requesting the following privileges:\n${ps.map((p) => ` - ${p.name}: [${p.value.join(' ')}]\n     ${explainPrivilege(p)}\n`).join('')}`;
}
