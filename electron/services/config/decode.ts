/**
 * Decodes a parsed config into moby's plugin Config exactly as Go's `encoding/json` (Go 1.19,
 * the one in dockerd 20.10) does, including its less obvious habits — each confirmed against
 * the engine:
 * - a key matches a field exactly or by Go's case folding (`ſettable`, Kelvin `K`); unknown keys
 *   are skipped;
 * - the same field twice decodes into the same place: structs merge, scalars take the last value,
 *   and a second array is decoded element-wise *over the first one's elements* (structs merge,
 *   Go re-uses the slice's backing array, so even a third, longer array can resurface old items);
 * - `null` clears slices and pointers and is ignored for strings, bools, numbers and structs;
 * - a uint32 takes only a plain non-negative integer in range (`1e2`, `1.0`, `-0` are refused);
 * - interface types use moby's own UnmarshalJSON over the raw bytes: any non-string (null too)
 *   is an error, a string lacking `/` or `.` is mangled (it reads two bytes past the string),
 *   and one starting with `/` panics the engine's request handler.
 * A type error does not stop Go's decoding (it keeps the first and goes on); here every one is kept.
 * Pure and browser-safe.
 */
import type { JsonNode, JsonString, Span } from './json';
import { pointerSegment } from './json';
import { CONFIG, matchField, type GoType } from './schema';
import type { CanonicalPath, DecodedConfig } from './types';

type GoSlice = { nil: boolean; backing: GoValue[]; len: number };
type GoStruct = { [field: string]: GoValue };
type IfaceType = { prefix: string; capability: string; version: string; iface: true };
type GoValue = string | boolean | number | null | GoSlice | GoStruct | IfaceType;

export interface DecodeError {
  code: 'type/mismatch' | 'type/uint32' | 'type/interface-type' | 'type/interface-panic';
  /** Go's message, e.g. "json: cannot unmarshal number into Go struct field PluginConfig.Description of type string". */
  goMessage: string;
  /** What we tell the user. */
  message: string;
  pointer: string;
  span: Span;
}

export interface KeyUse {
  key: string;
  keySpan: Span;
  valueSpan: Span;
  /** The user's pointer to the value. */
  pointer: string;
  /** Canonical path of the struct holding the key. */
  parent: CanonicalPath;
  /** Go type name of that struct (e.g. PluginMount), for "did you mean" among its fields. */
  struct: string;
  /** The field it selected, or null when the engine ignores the key. */
  field: string | null;
  exact: boolean;
  unicodeFold: boolean;
}

export interface Origin {
  pointer: string;
  span: Span;
  keySpan?: Span;
}

export interface DecodeResult {
  config: DecodedConfig;
  errors: DecodeError[];
  keys: KeyUse[];
  /** Canonical path ('Env/3/Value') → where in the text it got its value (the last writer). */
  origins: Map<string, Origin>;
}

interface Ctx {
  text: string;
  errors: DecodeError[];
  keys: KeyUse[];
  origins: Map<string, Origin>;
}

const describe = (node: JsonNode): string =>
  node.kind === 'true' || node.kind === 'false' ? 'bool' : node.kind === 'null' ? 'null' : node.kind;

function zero(t: GoType): GoValue {
  switch (t.k) {
    case 'string':
      return '';
    case 'bool':
      return false;
    case 'uint32':
      return 0;
    case 'ptrString':
    case 'ptrStruct':
      return null;
    case 'slice':
      return { nil: true, backing: [], len: 0 };
    case 'ifaceType':
      return { prefix: '', capability: '', version: '', iface: true };
    case 'struct': {
      const s: GoStruct = {};
      for (const f of t.fields) s[f.name] = zero(f.type);
      return s;
    }
  }
}

function goTypeName(t: GoType): string {
  switch (t.k) {
    case 'ptrString':
      return 'string';
    case 'slice':
      return t.go;
    case 'struct':
      return `types.${t.go}`;
    case 'ptrStruct':
      return t.go;
    case 'ifaceType':
      return 'types.PluginInterfaceType';
    default:
      return t.k;
  }
}

const WORDS: Record<string, string> = {
  string: 'a string',
  bool: 'true or false',
  uint32: 'a whole number from 0 to 4294967295',
  ptrString: 'a string (or null)',
  slice: 'an array',
  struct: 'an object',
  ptrStruct: 'an object',
  ifaceType: 'a string like "docker.networkdriver/1.0"',
};

/** Where we are, for Go's error text: innermost struct name and the JSON field names from the top. */
interface Where {
  struct: string | null;
  fields: string[];
  canonical: CanonicalPath;
  pointer: string;
}

function typeError(ctx: Ctx, node: JsonNode, t: GoType, where: Where, literal?: string): void {
  const what = describe(node);
  const into = where.struct ? `Go struct field ${where.struct}.${where.fields.join('.')}` : 'Go value';
  const goMessage = `json: cannot unmarshal ${what}${literal ? ` ${literal}` : ''} into ${into} of type ${goTypeName(t)}`;
  const field = where.canonical.length ? where.canonical.filter((s) => typeof s === 'string').join('.') : 'the config';
  ctx.errors.push({
    code: t.k === 'uint32' && literal ? 'type/uint32' : 'type/mismatch',
    goMessage,
    message: `${field} must be ${WORDS[t.k]}, not ${literal ? literal : `${what === 'null' ? 'null' : `a${/^[aeiou]/.test(what) ? 'n' : ''} ${what}`}`}: Docker refuses the config at create (${goMessage})`,
    pointer: where.pointer,
    span: { from: node.from, to: node.to },
  });
}

function record(ctx: Ctx, where: Where, node: JsonNode, keySpan?: Span) {
  ctx.origins.set(where.canonical.join('/'), { pointer: where.pointer, span: { from: node.from, to: node.to }, keySpan });
}

const UINT32 = /^(0|[1-9][0-9]*)$/;

function decodeValue(ctx: Ctx, node: JsonNode, t: GoType, old: GoValue, where: Where, keySpan?: Span): GoValue {
  record(ctx, where, node, keySpan);
  if (t.k === 'ifaceType') return decodeIfaceType(ctx, node, old as IfaceType, where);
  if (node.kind === 'null') {
    // Go: null zeroes slices, pointers (and maps/interfaces); strings, bools, numbers and structs keep their value.
    if (t.k === 'slice') return { nil: true, backing: [], len: 0 };
    if (t.k === 'ptrString' || t.k === 'ptrStruct') return null;
    return old;
  }
  switch (t.k) {
    case 'string':
    case 'ptrString':
      if (node.kind === 'string') return node.value;
      typeError(ctx, node, t, where);
      return old;
    case 'bool':
      if (node.kind === 'true' || node.kind === 'false') return node.kind === 'true';
      typeError(ctx, node, t, where);
      return old;
    case 'uint32':
      if (node.kind === 'number') {
        if (UINT32.test(node.raw) && (node.raw.length < 10 || (node.raw.length === 10 && node.raw <= '4294967295'))) return Number(node.raw);
        typeError(ctx, node, t, where, node.raw);
        return old;
      }
      typeError(ctx, node, t, where);
      return old;
    case 'slice':
      if (node.kind !== 'array') {
        typeError(ctx, node, t, where);
        return old;
      }
      return decodeSlice(ctx, node.items, t, old as GoSlice, where);
    case 'ptrStruct': {
      // Go allocates the pointer before looking at what it decodes into it.
      const target = (old as GoStruct | null) ?? (zero(t.target) as GoStruct);
      if (node.kind !== 'object') {
        typeError(ctx, node, t.target, where);
        return target;
      }
      return decodeStruct(ctx, node, t.target, target, where);
    }
    case 'struct':
      if (node.kind !== 'object') {
        typeError(ctx, node, t, where);
        return old;
      }
      return decodeStruct(ctx, node, t, old as GoStruct, where);
  }
}

function decodeSlice(ctx: Ctx, items: JsonNode[], t: Extract<GoType, { k: 'slice' }>, old: GoSlice, where: Where): GoSlice {
  // Go 1.19 decodeState.array: decode over the existing elements, grow by cap+cap/2 (min 4)
  // copying only len elements, truncate at the end; an empty array becomes a fresh empty slice.
  let s: GoSlice = { nil: old.nil, backing: old.backing, len: old.len };
  items.forEach((item, i) => {
    if (i >= s.backing.length) {
      const cap = s.backing.length;
      const newcap = Math.max(4, cap + Math.floor(cap / 2));
      const backing: GoValue[] = [];
      for (let k = 0; k < newcap; k++) backing.push(k < s.len ? s.backing[k] : zero(t.elem));
      s = { nil: false, backing, len: s.len };
    }
    if (i >= s.len) s.len = i + 1;
    s.nil = false;
    s.backing[i] = decodeValue(ctx, item, t.elem, s.backing[i], { ...where, canonical: [...where.canonical, i], pointer: `${where.pointer}/${i}` });
  });
  if (items.length < s.len) s.len = items.length;
  if (items.length === 0) return { nil: false, backing: [], len: 0 };
  return s;
}

function decodeStruct(ctx: Ctx, node: Extract<JsonNode, { kind: 'object' }>, t: Extract<GoType, { k: 'struct' }>, target: GoStruct, where: Where): GoStruct {
  for (const m of node.members) {
    const match = matchField(t, m.key);
    const pointer = `${where.pointer}/${pointerSegment(m.key)}`;
    ctx.keys.push({
      key: m.key,
      keySpan: m.keySpan,
      valueSpan: { from: m.value.from, to: m.value.to },
      pointer,
      parent: where.canonical,
      struct: t.go,
      field: match?.field.name ?? null,
      exact: match?.exact ?? false,
      unicodeFold: match?.unicodeFold ?? false,
    });
    if (!match) continue; // Go skips unknown keys without looking at their values
    const f = match.field;
    target[f.name] = decodeValue(ctx, m.value, f.type, target[f.name], { struct: t.go, fields: [...where.fields, f.name], canonical: [...where.canonical, f.name], pointer }, m.keySpan);
  }
  return target;
}

/** moby api/types/plugin.go `(*PluginInterfaceType).UnmarshalJSON`, byte for byte. */
function decodeIfaceType(ctx: Ctx, node: JsonNode, old: IfaceType, where: Where): IfaceType {
  if (node.kind !== 'string') {
    const raw = ctx.text.slice(node.from, node.to);
    const goMessage = `${JSON.stringify(raw)} is not a plugin interface type`;
    ctx.errors.push({
      code: 'type/interface-type',
      goMessage,
      message: `An interface type must be a string like "docker.networkdriver/1.0", not ${node.kind === 'null' ? 'null' : raw.length > 40 ? `a${node.kind === 'array' || node.kind === 'object' ? 'n' : ''} ${describe(node)}` : raw}: Docker refuses the config at create (${goMessage})`,
      pointer: where.pointer,
      span: { from: node.from, to: node.to },
    });
    return old;
  }
  const p = (node as JsonString).raw;
  // versionIndex starts at the length of the *quoted* bytes: with no '/', the capability runs two
  // bytes past the string — its closing quote and whatever byte follows it in the file.
  let versionIndex = p.length + 2;
  let prefixIndex = 0;
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '.') prefixIndex = i;
    else if (p[i] === '/') {
      versionIndex = i;
      break;
    }
  }
  if (prefixIndex + 1 > versionIndex) {
    const goMessage = `runtime error: slice bounds out of range [${prefixIndex + 1}:${versionIndex}]`;
    ctx.errors.push({
      code: 'type/interface-panic',
      goMessage,
      message: `The interface type "${p}" starts with "/": the engine's decoder panics on it (${goMessage}) and \`docker plugin create\` fails with a dropped connection`,
      pointer: where.pointer,
      span: { from: node.from, to: node.to },
    });
    return old;
  }
  const extended = `${p}"${ctx.text.charAt(node.to)}`;
  return {
    prefix: p.slice(0, prefixIndex),
    capability: extended.slice(prefixIndex + 1, versionIndex),
    version: versionIndex < p.length ? p.slice(versionIndex + 1) : old.version,
    iface: true,
  };
}

/** Go's json.Marshal of the decoded value: the engine's stored/inspected form. */
function marshal(v: GoValue, t: GoType): unknown {
  switch (t.k) {
    case 'slice': {
      const s = v as GoSlice;
      if (s.nil) return null;
      return s.backing.slice(0, s.len).map((e) => marshal(e, t.elem));
    }
    case 'ifaceType': {
      // The engine decodes the config twice: at create, and again from the blob it stored
      // (json.Marshal of the first result). The second UnmarshalJSON keeps Go's escapes raw, so
      // what inspect shows is the first result with Go's JSON escaping applied once more.
      const it = v as IfaceType;
      return goEscape(`${it.prefix}.${it.capability}/${it.version}`);
    }
    case 'ptrStruct':
      return v === null ? undefined : marshal(v, t.target);
    case 'struct': {
      const s = v as GoStruct;
      const out: Record<string, unknown> = {};
      for (const f of t.fields) {
        const val = marshal(s[f.name], f.type);
        if (f.omitempty && (val === '' || val === 0 || val === false || val === undefined || val === null)) continue;
        if (val !== undefined) out[f.name] = val;
      }
      return out;
    }
    default:
      return v;
  }
}

/** Go 1.19 encoding/json string escaping (HTML-safe), without the quotes. */
export function goEscape(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === '"') out += '\\"';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || ch === '<' || ch === '>' || ch === '&') out += `\\u00${c.toString(16).padStart(2, '0')}`;
    else if (c === 0x2028 || c === 0x2029) out += `\\u${c.toString(16)}`;
    else if (c >= 0xd800 && c <= 0xdfff) out += '\ufffd';
    else out += ch;
  }
  return out;
}

/** Top level: Go refuses anything but an object or null for a struct. */
export function decodeConfig(text: string, root: JsonNode): DecodeResult {
  const ctx: Ctx = { text, errors: [], keys: [], origins: new Map() };
  let value = zero(CONFIG) as GoStruct;
  const where: Where = { struct: null, fields: [], canonical: [], pointer: '' };
  if (root.kind === 'object') value = decodeStruct(ctx, root, CONFIG, value, where);
  else if (root.kind !== 'null') typeError(ctx, root, CONFIG, where);
  return { config: marshal(value, CONFIG) as DecodedConfig, errors: ctx.errors, keys: ctx.keys, origins: ctx.origins };
}
