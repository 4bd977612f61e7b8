/**
 * What the engine accepts at create but fails (or quietly does differently) later: each finding
 * is a warning or a note with its own code and the stage it bites at. Read from moby 20.10's
 * plugin/v2 (InitSpec, settable.go), runc's behaviour, and the engine's own runs.
 * Pure and browser-safe.
 */
import { KNOWN_VALUES } from './docs';
import type { DecodedConfig, DecodedSetting, Finding } from './types';

const EXACT_VERSION = new Set(KNOWN_VALUES.interfaceTypes.filter((t) => t.exactVersion).map((t) => t.type.slice('docker.'.length, t.type.indexOf('/'))));
const KNOWN_CAPS = new Set(KNOWN_VALUES.interfaceTypes.map((t) => t.type.slice('docker.'.length, t.type.indexOf('/'))));
const LINUX_CAPS = new Set(KNOWN_VALUES.capabilities.map((c) => c.name));
const NETWORK_TYPES = new Set<string>([...KNOWN_VALUES.networkTypes.map((n): string => n.value), 'null']);

/** Split an interface type the way the engine did: prefix = up to the last '.' before the first '/'. */
export function splitInterfaceType(t: string): { prefix: string; capability: string; version: string } {
  const slash = t.indexOf('/');
  const left = slash < 0 ? t : t.slice(0, slash);
  const dot = left.lastIndexOf('.');
  return { prefix: left.slice(0, Math.max(dot, 0)), capability: left.slice(dot + 1), version: slash < 0 ? '' : t.slice(slash + 1) };
}

export interface CheckInput {
  config: DecodedConfig;
  /** The interface type strings as the user wrote them (raw, between the quotes), by index. */
  rawTypes: (string | null)[];
}

export function engineChecks({ config: c, rawTypes }: CheckInput): Finding[] {
  const out: Finding[] = [];
  const add = (f: Finding) => out.push(f);

  // Entrypoint: runc gets Entrypoint + Args values as argv.
  const argsValue = c.Args.Value ?? [];
  if (!c.Entrypoint || c.Entrypoint.length === 0) {
    if (argsValue.length === 0) add({ severity: 'warning', code: 'enable/no-entrypoint', stage: 'enable', path: ['Entrypoint'], message: 'No entrypoint: Docker creates the plugin, but enable fails in runc with "args must not be empty".' });
    else add({ severity: 'info', code: 'enable/args-as-entrypoint', stage: 'enable', path: ['Entrypoint'], message: `No entrypoint: the first Args value ("${argsValue[0]}") is what runs.` });
  } else if (c.Entrypoint[0] === '') add({ severity: 'warning', code: 'enable/entrypoint-empty', stage: 'enable', path: ['Entrypoint', 0], message: 'The entrypoint\'s program is an empty string: enable fails (nothing to execute).' });
  if (c.WorkDir && !c.WorkDir.startsWith('/')) add({ severity: 'warning', code: 'enable/workdir-relative', stage: 'enable', path: ['WorkDir'], message: `workdir "${c.WorkDir}" is not absolute: runc refuses a relative working directory at enable.` });

  // Interface.
  const socket = c.Interface.Socket;
  if (socket === '') add({ severity: 'warning', code: 'enable/no-socket', stage: 'enable', path: ['Interface', 'Socket'], message: 'No interface.socket: enable waits ~12.6 s for a socket it cannot name, then fails with a dial error.', suggestion: 'plugin.sock' });
  else if (socket.includes('/')) add({ severity: 'warning', code: 'enable/socket-not-bare', stage: 'enable', path: ['Interface', 'Socket'], message: `interface.socket "${socket}" is not a bare file name: the engine looks for /run/docker/plugins/<id>/${socket}, and the plugin sees only /run/docker/plugins — enable fails with a dial error.`, suggestion: socket.slice(socket.lastIndexOf('/') + 1) || undefined });
  const scheme = c.Interface.ProtocolScheme ?? '';
  if (scheme !== '' && scheme !== 'moby.plugins.http/v1') add({ severity: 'warning', code: 'enable/protocol', stage: 'enable', path: ['Interface', 'ProtocolScheme'], message: `Unknown protocol scheme "${scheme}": the engine speaks only "moby.plugins.http/v1" (or "").` });
  const types = c.Interface.Types ?? [];
  if (types.length === 0) add({ severity: 'warning', code: 'interface/no-types', stage: 'accepted', path: ['Interface', 'Types'], message: 'No interface types: the engine will never hand this plugin any work.' });
  let networkish = false;
  types.forEach((t, i) => {
    const path = ['Interface', 'Types', i];
    const raw = rawTypes[i];
    const { prefix, capability, version } = splitInterfaceType(t);
    if (raw !== null && raw !== undefined && raw !== t) {
      add({ severity: 'warning', code: 'interface/malformed', stage: 'ignored', path, message: `"${raw}" is not "prefix.capability/version": the engine stores it as "${t}" and no part of Docker will use it.` });
      return;
    }
    if (prefix !== 'docker') {
      add({ severity: 'warning', code: 'interface/prefix', stage: 'enable', path, message: `Interface types must start with "docker." (case-sensitive): "${t}" is never used.`, suggestion: `docker.${capability}/${version}` });
      return;
    }
    if (!KNOWN_CAPS.has(capability)) {
      if (KNOWN_CAPS.has(capability.toLowerCase())) add({ severity: 'warning', code: 'interface/case', stage: 'enable', path, message: `"${capability}" must be lowercase: the engine matches capabilities case-sensitively, so "${t}" is never used.`, suggestion: `docker.${capability.toLowerCase()}/${version}` });
      else add({ severity: 'info', code: 'interface/unknown-type', stage: 'ignored', path, message: `"${t}" is not one of Docker's plugin types; the engine stores it and nothing in Docker calls it.` });
      return;
    }
    if (capability === 'networkdriver' || capability === 'ipamdriver') networkish = true;
    if (EXACT_VERSION.has(capability) && version !== '1.0') add({ severity: 'warning', code: 'interface/version', stage: 'enable', path, message: `${capability} plugins are found only as "docker.${capability}/1.0": with "/${version}" the engine will not find this plugin.`, suggestion: `docker.${capability}/1.0` });
  });
  if (networkish && c.Network.Type !== 'host') add({ severity: 'info', code: 'network/driver-private-netns', stage: 'accepted', path: ['Network', 'Type'], message: `A network or IPAM driver with network type "${c.Network.Type}" runs in a private namespace: it cannot create host interfaces (drivers usually need "host").`, suggestion: 'host' });
  if (!NETWORK_TYPES.has(c.Network.Type)) add({ severity: 'info', code: 'network/unknown-type', stage: 'accepted', path: ['Network', 'Type'], message: `Network type "${c.Network.Type}" is not special to the engine: it gives a private namespace with read-only /etc/hosts and /etc/resolv.conf (like "bridge"), and asks the "network" privilege.` });

  // Settable rules, as `docker plugin set` applies them (plugin/v2/settable.go: exact, case-sensitive).
  const settable = (s: DecodedSetting, allowed: string, path: (string | number)[], what: string) => {
    const list = s.Settable ?? [];
    list.forEach((f, k) => {
      if (f === allowed) return;
      if (f.toLowerCase() === allowed) add({ severity: 'warning', code: 'set/settable-case', stage: 'set', path: [...path, 'Settable', k], message: `"${f}" must be written "${allowed}": \`docker plugin set\` compares it case-sensitively and refuses with "is not settable".`, suggestion: allowed });
      else add({ severity: 'warning', code: 'set/not-settable-field', stage: 'set', path: [...path, 'Settable', k], message: `Only "${allowed}" of a ${what} can be settable: \`docker plugin set\` refuses "${s.Name || what}.${f}" ("is not settable").`, suggestion: allowed });
    });
    if (list.length > 1) add({ severity: 'warning', code: 'set/multiple-settable', stage: 'set', path: [...path, 'Settable'], message: `Several settable fields: \`docker plugin set\` must name one (${s.Name || what}.${allowed}=…), or fails with "multiple fields are settable, one must be specified".` });
    if (list.length > 0 && !s.Name) add({ severity: 'warning', code: 'set/unnamed', stage: 'set', path: [...path, 'Name'], message: `This ${what} is settable but has no name: \`docker plugin set\` finds settings by name, so it can never be set.` });
  };
  const isSettable = (s: DecodedSetting, field: string) => (s.Settable ?? []).length === 1 && s.Settable![0] === field;

  const seen = new Map<string, string>();
  const claim = (name: string, kind: string, path: (string | number)[]) => {
    if (!name) return;
    const first = seen.get(name);
    if (first && first !== kind) add({ severity: 'warning', code: 'set/name-shadowed', stage: 'set', path, message: `"${name}" is also the name of a ${first}: \`docker plugin set ${name}=…\` looks in env, then mounts, devices, args, and always finds the ${first}.` });
    else if (!first) seen.set(name, kind);
  };

  const envNames = new Map<string, number>();
  (c.Env ?? []).forEach((e, i) => {
    const path = ['Env', i];
    settable(e, 'value', path, 'variable');
    if (!e.Name) add({ severity: 'warning', code: 'env/no-name', stage: 'enable', path, message: 'An env entry without a name: the process gets "=value", which most programs ignore.' });
    else if (e.Name.includes('=')) add({ severity: 'warning', code: 'env/name-equals', stage: 'enable', path: [...path, 'Name'], message: `Env name "${e.Name}" contains "=": the process sees a different name and value.` });
    if (e.Name && envNames.has(e.Name)) add({ severity: 'warning', code: 'env/duplicate', stage: 'start', path: [...path, 'Name'], message: `"${e.Name}" is declared twice (also env item ${envNames.get(e.Name)}): the process receives both, and \`docker plugin set\` changes only the first.` });
    else if (e.Name) envNames.set(e.Name, i);
    if (e.Value === null && !isSettable(e, 'value')) add({ severity: 'warning', code: 'env/null-unsettable', stage: 'start', path: [...path, 'Value'], message: `"${e.Name}" has a null value and is not settable: the variable is never passed to the plugin.` });
    claim(e.Name, 'env variable', [...path, 'Name']);
  });

  (c.Mounts ?? []).forEach((m, i) => {
    const path = ['Mounts', i];
    settable(m, 'source', path, 'mount');
    const canSet = isSettable(m, 'source');
    if (m.Source === null || m.Source === '') {
      if (canSet) add({ severity: 'warning', code: 'set/mount-source-required', stage: 'enable', path: [...path, 'Source'], message: `The mount ${m.Name ? `"${m.Name}"` : `to ${m.Destination || '?'}`} has no source: it must be set before enable (\`docker plugin set PLUGIN ${m.Name || 'NAME'}.source=/host/path\`).` });
      else if (m.Source === null) add({ severity: 'warning', code: 'enable/mount-no-source', stage: 'enable', path, message: `A mount${m.Destination ? ` to ${m.Destination}` : ''} without a source, not settable: enable fails with "mount source is not specified".` });
      else add({ severity: 'warning', code: 'enable/mount-empty-source', stage: 'enable', path: [...path, 'Source'], message: `A mount${m.Destination ? ` to ${m.Destination}` : ''} with an empty source, not settable: enable fails in runc (bind of "").` });
    } else if (!m.Source.startsWith('/')) add({ severity: 'warning', code: 'enable/mount-relative-source', stage: 'enable', path: [...path, 'Source'], message: `Mount source "${m.Source}" is not an absolute host path: runc resolves it against the engine's working directory, not your project.` });
    if (!m.Destination) add({ severity: 'warning', code: 'enable/mount-no-destination', stage: 'enable', path, message: 'A mount without a destination: enable fails in runc.' });
    claim(m.Name, 'mount', [...path, 'Name']);
  });

  (c.Linux.Devices ?? []).forEach((d, i) => {
    const path = ['Linux', 'Devices', i];
    settable(d, 'path', path, 'device');
    if (d.Path === null || d.Path === '') {
      if (isSettable(d, 'path')) add({ severity: 'warning', code: 'set/device-path-required', stage: 'enable', path: [...path, 'Path'], message: `The device ${d.Name ? `"${d.Name}" ` : ''}has no path: it must be set before enable (\`docker plugin set PLUGIN ${d.Name || 'NAME'}.path=/dev/…\`).` });
      else add({ severity: 'warning', code: 'enable/device-no-path', stage: 'enable', path, message: 'A device without a path, not settable: enable fails (the engine needs the host device path).' });
    }
    claim(d.Name, 'device', [...path, 'Name']);
  });

  settable(c.Args, 'value', ['Args'], 'argument list');
  claim(c.Args.Name, 'argument list', ['Args', 'Name']);

  (c.Linux.Capabilities ?? []).forEach((cap, i) => {
    if (LINUX_CAPS.has(cap)) return;
    const fixed = `CAP_${cap.toUpperCase().replace(/^CAP_/, '')}`;
    if (LINUX_CAPS.has(fixed)) add({ severity: 'warning', code: 'linux/capability-name', stage: 'enable', path: ['Linux', 'Capabilities', i], message: `Docker passes capability names to runc as written; runc knows "${fixed}", so "${cap}" is ignored and the plugin runs without it.`, suggestion: fixed });
    else add({ severity: 'warning', code: 'linux/capability-unknown', stage: 'enable', path: ['Linux', 'Capabilities', i], message: `"${cap}" is not a Linux capability: runc ignores it.` });
  });

  if (c.PropagatedMount && !c.PropagatedMount.startsWith('/')) add({ severity: 'warning', code: 'enable/propagated-relative', stage: 'enable', path: ['PropagatedMount'], message: `propagatedMount "${c.PropagatedMount}" is not an absolute path inside the plugin.` });
  if (c.User.UID !== undefined || c.User.GID !== undefined) add({ severity: 'info', code: 'user/unused', stage: 'ignored', path: ['User'], message: 'The engine accepts and stores `user` but never uses it: the plugin runs as root.' });
  return out;
}
