/**
 * OVSDB's value notation (RFC 7047 §5.1) → plain JS values.
 *
 * On the wire: atoms are JSON scalars, a uuid is `["uuid", "…"]`, a set is
 * `["set", [atoms]]` and a map `["map", [[k, v], …]]` — except that a set with exactly one
 * element MAY be sent as the bare atom. So `Bridge.ports` arrives as `["uuid", x]` for a
 * bridge with one port and `["set", […]]` for two. Without the schema a reader cannot tell
 * "one-element set" from "scalar"; with it, every column decodes to one stable shape:
 *   map column          → object (keys as strings)
 *   set column (max > 1) → array, always
 *   optional (0..1)     → the value, or null when the set is empty
 *   scalar              → the value
 */

export type Atom = string | number | boolean;
export type Decoded = Atom | null | Decoded[] | { [k: string]: Decoded };

export interface BaseType {
  type: 'integer' | 'real' | 'boolean' | 'string' | 'uuid';
  refTable?: string;
  enum?: unknown;
  [k: string]: unknown;
}

export interface ColumnTypeObject {
  key: BaseType | BaseType['type'];
  value?: BaseType | BaseType['type'];
  min?: number;
  max?: number | 'unlimited';
}

export type ColumnType = BaseType['type'] | ColumnTypeObject;

export interface TableSchema {
  columns: Record<string, { type: ColumnType; ephemeral?: boolean; mutable?: boolean }>;
  isRoot?: boolean;
  indexes?: string[][];
  maxRows?: number;
}

export interface DatabaseSchema {
  name: string;
  version: string;
  cksum?: string;
  tables: Record<string, TableSchema>;
}

export type ColumnShape = 'scalar' | 'optional' | 'set' | 'map';

export function columnShape(type: ColumnType): ColumnShape {
  if (typeof type === 'string') return 'scalar';
  if (type.value !== undefined) return 'map';
  const min = type.min ?? 1;
  const max = type.max ?? 1;
  if (max === 'unlimited' || max > 1) return 'set';
  return min === 0 ? 'optional' : 'scalar';
}

function isTagged(v: unknown, tag: string): v is [string, unknown] {
  return Array.isArray(v) && v.length === 2 && v[0] === tag;
}

/** One atom: `["uuid", x]` and `["named-uuid", x]` become the id string; JSON scalars stay. */
export function decodeAtom(v: unknown): Atom {
  if (isTagged(v, 'uuid') || isTagged(v, 'named-uuid')) return String(v[1]);
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  throw new TypeError(`not an OVSDB atom: ${JSON.stringify(v)}`);
}

/**
 * Without a schema: tags decide (`set` → array, `map` → object, `uuid` → string). A bare
 * atom stays an atom — use decodeColumn when the column's type is known.
 */
export function decodeValue(v: unknown): Decoded {
  if (isTagged(v, 'set')) {
    if (!Array.isArray(v[1])) throw new TypeError(`malformed OVSDB set: ${JSON.stringify(v)}`);
    return v[1].map(decodeAtom);
  }
  if (isTagged(v, 'map')) {
    if (!Array.isArray(v[1])) throw new TypeError(`malformed OVSDB map: ${JSON.stringify(v)}`);
    const out: Record<string, Decoded> = {};
    for (const pair of v[1]) {
      if (!Array.isArray(pair) || pair.length !== 2) throw new TypeError(`malformed OVSDB map pair: ${JSON.stringify(pair)}`);
      out[String(decodeAtom(pair[0]))] = decodeAtom(pair[1]);
    }
    return out;
  }
  return decodeAtom(v);
}

/** One column value, normalised to the column's shape (see the file comment). */
export function decodeColumn(v: unknown, type: ColumnType): Decoded {
  const shape = columnShape(type);
  const d = decodeValue(v);
  switch (shape) {
    case 'map':
      // An empty map is always ["map", []]; anything else here is a server bug worth seeing.
      if (d === null || typeof d !== 'object' || Array.isArray(d)) throw new TypeError(`expected a map, got ${JSON.stringify(v)}`);
      return d;
    case 'set':
      return Array.isArray(d) ? d : [d as Atom];
    case 'optional':
      if (Array.isArray(d)) {
        if (d.length > 1) throw new TypeError(`expected at most one value, got ${JSON.stringify(v)}`);
        return d.length ? d[0] : null;
      }
      return d;
    case 'scalar':
      if (Array.isArray(d)) {
        if (d.length !== 1) throw new TypeError(`expected exactly one value, got ${JSON.stringify(v)}`);
        return d[0];
      }
      return d;
  }
}

/** A raw row (as select or monitor return it) → decoded columns; columns the schema lacks are decoded tag-wise. */
export function decodeRow(raw: Record<string, unknown>, table: TableSchema | undefined): Record<string, Decoded> {
  const out: Record<string, Decoded> = {};
  for (const [col, v] of Object.entries(raw)) {
    // _uuid and _version are not in the schema's columns; they are uuids.
    const type = table?.columns[col]?.type;
    out[col] = type ? decodeColumn(v, type) : decodeValue(v);
  }
  return out;
}
