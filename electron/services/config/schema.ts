/**
 * moby's plugin config structs (api/types/plugin.go as built into dockerd 20.10) as data: the
 * decoder walks it the way Go's reflection walks the structs, and the docs and completion read
 * the field names from it. JSON names are the struct tags; `go` is the type name Go prints in
 * "cannot unmarshal … of type X" errors.
 */

export type GoType =
  | { k: 'string' }
  | { k: 'bool' }
  | { k: 'uint32' }
  /** *string: null clears it. */
  | { k: 'ptrString' }
  | { k: 'slice'; elem: GoType; go: string }
  | { k: 'struct'; go: string; fields: GoField[] }
  /** *struct (rootfs): null clears it, anything else allocates it. */
  | { k: 'ptrStruct'; go: string; target: Extract<GoType, { k: 'struct' }> }
  /** types.PluginInterfaceType: a custom UnmarshalJSON over the raw bytes. */
  | { k: 'ifaceType' };

export interface GoField {
  /** The JSON name (struct tag); also the canonical name in DecodedConfig. */
  name: string;
  type: GoType;
  omitempty?: boolean;
}

const str: GoType = { k: 'string' };
const bool: GoType = { k: 'bool' };
const strings: GoType = { k: 'slice', elem: str, go: '[]string' };

const setting = (extra: GoField[]): GoField[] =>
  [{ name: 'Description', type: str }, { name: 'Name', type: str }, { name: 'Settable', type: strings }, ...extra].sort((a, b) => (a.name < b.name ? -1 : 1));

export const ENV: Extract<GoType, { k: 'struct' }> = { k: 'struct', go: 'PluginEnv', fields: setting([{ name: 'Value', type: { k: 'ptrString' } }]) };
export const MOUNT: Extract<GoType, { k: 'struct' }> = {
  k: 'struct',
  go: 'PluginMount',
  fields: setting([
    { name: 'Destination', type: str },
    { name: 'Options', type: strings },
    { name: 'Source', type: { k: 'ptrString' } },
    { name: 'Type', type: str },
  ]),
};
export const DEVICE: Extract<GoType, { k: 'struct' }> = { k: 'struct', go: 'PluginDevice', fields: setting([{ name: 'Path', type: { k: 'ptrString' } }]) };
export const ARGS: Extract<GoType, { k: 'struct' }> = { k: 'struct', go: 'PluginConfigArgs', fields: setting([{ name: 'Value', type: strings }]) };

const ROOTFS: Extract<GoType, { k: 'struct' }> = {
  k: 'struct',
  go: 'PluginConfigRootfs',
  fields: [
    { name: 'diff_ids', type: strings },
    { name: 'type', type: str, omitempty: true },
  ],
};

export const CONFIG: Extract<GoType, { k: 'struct' }> = {
  k: 'struct',
  go: 'PluginConfig',
  fields: [
    { name: 'Args', type: ARGS },
    { name: 'Description', type: str },
    { name: 'DockerVersion', type: str, omitempty: true },
    { name: 'Documentation', type: str },
    { name: 'Entrypoint', type: strings },
    { name: 'Env', type: { k: 'slice', elem: ENV, go: '[]types.PluginEnv' } },
    {
      name: 'Interface',
      type: {
        k: 'struct',
        go: 'PluginConfigInterface',
        fields: [
          { name: 'ProtocolScheme', type: str, omitempty: true },
          { name: 'Socket', type: str },
          { name: 'Types', type: { k: 'slice', elem: { k: 'ifaceType' }, go: '[]types.PluginInterfaceType' } },
        ],
      },
    },
    { name: 'IpcHost', type: bool },
    {
      name: 'Linux',
      type: {
        k: 'struct',
        go: 'PluginConfigLinux',
        fields: [
          { name: 'AllowAllDevices', type: bool },
          { name: 'Capabilities', type: strings },
          { name: 'Devices', type: { k: 'slice', elem: DEVICE, go: '[]types.PluginDevice' } },
        ],
      },
    },
    { name: 'Mounts', type: { k: 'slice', elem: MOUNT, go: '[]types.PluginMount' } },
    { name: 'Network', type: { k: 'struct', go: 'PluginConfigNetwork', fields: [{ name: 'Type', type: str }] } },
    { name: 'PidHost', type: bool },
    { name: 'PropagatedMount', type: str },
    {
      name: 'User',
      type: {
        k: 'struct',
        go: 'PluginConfigUser',
        fields: [
          { name: 'GID', type: { k: 'uint32' }, omitempty: true },
          { name: 'UID', type: { k: 'uint32' }, omitempty: true },
        ],
      },
    },
    { name: 'WorkDir', type: str },
    { name: 'rootfs', type: { k: 'ptrStruct', go: 'types.PluginConfigRootfs', target: ROOTFS }, omitempty: true },
  ],
};

/** Fields the engine overwrites at create whatever the file says. */
export const ENGINE_OWNED = new Set(['DockerVersion', 'rootfs']);

/**
 * Go's case-insensitive field match (encoding/json, Go 1.19: bytes.EqualFold semantics): ASCII
 * letters match either case, and the only non-ASCII runes that fold onto ASCII letters are
 * U+017F ſ (→ s) and U+212A K (Kelvin, → k). Struct names here are ASCII, so folding the key
 * this way and comparing with the lowered field name is exact.
 */
export function foldKey(key: string): string {
  let out = '';
  for (const ch of key) {
    if (ch === '\u017f') out += 's';
    else if (ch === '\u212a') out += 'k';
    else if (ch.length === 1 && ch.charCodeAt(0) < 0x80) out += ch.toLowerCase();
    else out += ch;
  }
  return out;
}

/** The field a JSON key selects in a struct: exact name first, then Go's fold. */
export function matchField(type: Extract<GoType, { k: 'struct' }>, key: string): { field: GoField; exact: boolean; unicodeFold: boolean } | null {
  for (const f of type.fields) if (f.name === key) return { field: f, exact: true, unicodeFold: false };
  const folded = foldKey(key);
  for (const f of type.fields) {
    if (f.name.toLowerCase() === folded) return { field: f, exact: false, unicodeFold: /[\u017f\u212a]/.test(key) };
  }
  return null;
}

/** The struct type at a canonical path (for docs and completion), or null. */
export function typeAt(path: (string | number)[]): GoType | null {
  let t: GoType = CONFIG;
  for (const seg of path) {
    if (t.k === 'slice' && typeof seg === 'number') t = t.elem;
    else if (t.k === 'struct' && typeof seg === 'string') {
      const f: GoField | undefined = t.fields.find((x) => x.name === seg);
      if (!f) return null;
      t = f.type;
    } else if (t.k === 'ptrStruct' && typeof seg === 'string') {
      const f: GoField | undefined = t.target.fields.find((x) => x.name === seg);
      if (!f) return null;
      t = f.type;
    } else return null;
  }
  return t;
}
