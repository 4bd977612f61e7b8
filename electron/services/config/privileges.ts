/**
 * What `docker plugin install` asks the user to accept, computed as the engine does (moby
 * plugin/backend_linux.go `computePrivileges`, same order, same words). Local create/enable
 * ask for none, and `GET /plugins/privileges` answers `[]` when its lookup fails — so this
 * preview, from the config itself, is what Plugsmith's consent screen shows.
 * Pure and browser-safe.
 */
import type { Privilege } from '../../ipc/types';
import type { DecodedConfig } from './types';

export function computePrivileges(c: DecodedConfig): Privilege[] {
  const out: Privilege[] = [];
  const net = c.Network.Type;
  // Only these three ask nothing: "none" does ask (it is not one of them).
  if (net !== 'null' && net !== 'bridge' && net !== '') out.push({ name: 'network', description: 'permissions to access a network', value: [net] });
  if (c.IpcHost) out.push({ name: 'host ipc namespace', description: 'allow access to host ipc namespace', value: ['true'] });
  if (c.PidHost) out.push({ name: 'host pid namespace', description: 'allow access to host pid namespace', value: ['true'] });
  for (const m of c.Mounts ?? []) if (m.Source !== null) out.push({ name: 'mount', description: 'host path to mount', value: [m.Source] });
  for (const d of c.Linux.Devices ?? []) if (d.Path !== null) out.push({ name: 'device', description: 'host device to access', value: [d.Path] });
  if (c.Linux.AllowAllDevices) out.push({ name: 'allow-all-devices', description: "allow 'rwm' access to all devices", value: ['true'] });
  if (c.Linux.Capabilities && c.Linux.Capabilities.length > 0) out.push({ name: 'capabilities', description: 'list of additional capabilities required', value: [...c.Linux.Capabilities] });
  return out;
}
