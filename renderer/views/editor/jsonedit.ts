/**
 * Surgical edits of a config.json text, for the form: each edit is a minimal
 * change {from, to, insert} applied through the editor's document, so it lands in
 * the same undo history as typing. Existing keys keep their spelling (`Description`
 * stays `Description`), new keys follow the casing their siblings use, and new
 * lines follow the document's own indentation. Nothing else in the text moves.
 */
import { findProp, nodeAt, parseJsonTree, type JsonNode, type PathSeg } from './jsontree';

export interface TextChange {
  from: number;
  to: number;
  insert: string;
}

export function applyChanges(text: string, changes: TextChange[]): string {
  // Apply from the end so earlier offsets stay valid.
  const sorted = [...changes].sort((a, b) => b.from - a.from);
  let out = text;
  for (const c of sorted) out = out.slice(0, c.from) + c.insert + out.slice(c.to);
  return out;
}

/** The indentation unit the document uses (first indented line), 4 spaces when it has none. */
function indentUnit(text: string): string {
  const m = /\n([ \t]+)\S/.exec(text);
  if (!m) return '    ';
  return m[1].startsWith('\t') ? '\t' : m[1];
}

/** Leading whitespace of the line holding `pos`. */
function lineIndent(text: string, pos: number): string {
  const start = text.lastIndexOf('\n', pos - 1) + 1;
  return /^[ \t]*/.exec(text.slice(start))![0];
}

/** True when the node spans more than one line. */
const multiline = (text: string, n: JsonNode) => text.slice(n.from, n.to).includes('\n');

/**
 * A value as JSON text placed at `indent`: scalars and short scalar arrays inline
 * (`["value"]`), objects and longer arrays over several lines in the document's unit.
 */
function serialize(value: unknown, indent: string, unit: string): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const scalars = value.every((v) => v === null || typeof v !== 'object');
    const inline = `[${value.map((v) => serialize(v, indent, unit)).join(', ')}]`;
    if (scalars && inline.length <= 80) return inline;
    const inner = indent + unit;
    return `[\n${value.map((v) => inner + serialize(v, inner, unit)).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return '{}';
  const inner = indent + unit;
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${serialize(v, inner, unit)}`).join(',\n')}\n${indent}}`;
}

/**
 * How a new key is spelled, following its siblings: PascalCase when most of them
 * start upper-case (the env entries of Contiv's config: `Name`, `Value`), else the
 * documented camelCase (`propagatedMount`), else as given.
 */
export function keyCasing(canonical: string, siblings: string[]): string {
  const letters = siblings.filter((k) => /^[A-Za-z]/.test(k));
  const upper = letters.filter((k) => /^[A-Z]/.test(k)).length;
  if (letters.length === 0) return canonical[0].toLowerCase() + canonical.slice(1);
  return upper * 2 > letters.length ? canonical[0].toUpperCase() + canonical.slice(1) : canonical[0].toLowerCase() + canonical.slice(1);
}

/** The change that inserts `"key": value` as the last property of `obj`. */
function insertProp(text: string, obj: JsonNode & { kind: 'object' }, key: string, value: unknown): TextChange {
  const unit = indentUnit(text);
  const spelled = keyCasing(key, obj.props.map((p) => p.key));
  if (obj.props.length === 0) {
    const outer = lineIndent(text, obj.from);
    const inner = outer + unit;
    return { from: obj.from + 1, to: obj.to - 1, insert: `\n${inner}${JSON.stringify(spelled)}: ${serialize(value, inner, unit)}\n${outer}` };
  }
  const last = obj.props[obj.props.length - 1];
  if (!multiline(text, obj)) {
    return { from: last.value.to, to: last.value.to, insert: `, ${JSON.stringify(spelled)}: ${serialize(value, '', unit).replace(/\n\s*/g, ' ')}` };
  }
  const indent = lineIndent(text, last.keyFrom);
  return { from: last.value.to, to: last.value.to, insert: `,\n${indent}${JSON.stringify(spelled)}: ${serialize(value, indent, unit)}` };
}

/** The change that appends `value` to `arr`. */
function insertItem(text: string, arr: JsonNode & { kind: 'array' }, value: unknown): TextChange {
  const unit = indentUnit(text);
  if (arr.items.length === 0) {
    if (value !== null && typeof value === 'object') {
      const outer = lineIndent(text, arr.from);
      const inner = outer + unit;
      return { from: arr.from + 1, to: arr.to - 1, insert: `\n${inner}${serialize(value, inner, unit)}\n${outer}` };
    }
    return { from: arr.from + 1, to: arr.to - 1, insert: serialize(value, '', unit) };
  }
  const last = arr.items[arr.items.length - 1];
  if (!multiline(text, arr)) return { from: last.to, to: last.to, insert: `, ${serialize(value, '', unit).replace(/\n\s*/g, ' ')}` };
  const indent = lineIndent(text, last.from);
  return { from: last.to, to: last.to, insert: `,\n${indent}${serialize(value, indent, unit)}` };
}

/**
 * Sets the value at `path` (field names matched like the engine, case-insensitively):
 * replaces just the value's range when it exists, else inserts the missing keys
 * (creating parent objects as needed). Returns null when a parent is not an object
 * or array of the right kind (the form never asks that; the raw view is the way).
 */
export function setValue(text: string, path: PathSeg[], value: unknown): TextChange | null {
  const root = parseJsonTree(text);
  const unit = indentUnit(text);
  const existing = nodeAt(root, path);
  if (existing) {
    const indent = lineIndent(text, existing.from);
    const insert = serialize(value, indent, unit);
    if (text.slice(existing.from, existing.to) === insert) return null;
    return { from: existing.from, to: existing.to, insert };
  }
  // Walk down to the deepest existing parent, then insert the rest as one nested value.
  let parent: JsonNode = root;
  let k = 0;
  for (; k < path.length - 1; k++) {
    const next = nodeAt(parent, [path[k]]);
    if (!next) break;
    parent = next;
  }
  // Keys created inside the new value follow the same casing as the inserted one.
  const siblings = parent.kind === 'object' ? parent.props.map((p) => p.key) : [];
  let nested: unknown = value;
  for (let j = path.length - 1; j > k; j--) {
    const seg = path[j];
    if (typeof seg === 'number') return null; // cannot create array slots out of nothing
    nested = { [keyCasing(seg, siblings)]: nested };
  }
  const seg = path[k];
  if (typeof seg === 'number') {
    if (parent.kind !== 'array' || seg !== parent.items.length) return null;
    return insertItem(text, parent, nested);
  }
  if (parent.kind !== 'object') return null;
  return insertProp(text, parent, seg, nested);
}

/** Removes the property or array item at `path`, with its comma; null when absent. */
export function removeAt(text: string, path: PathSeg[]): TextChange | null {
  if (path.length === 0) return null;
  const root = parseJsonTree(text);
  const parent = nodeAt(root, path.slice(0, -1));
  const last = path[path.length - 1];
  let spans: { from: number; to: number }[];
  let index: number;
  if (parent?.kind === 'object' && typeof last === 'string') {
    const prop = findProp(parent, last);
    if (!prop) return null;
    spans = parent.props.map((p) => ({ from: p.keyFrom, to: p.value.to }));
    index = parent.props.indexOf(prop);
  } else if (parent?.kind === 'array' && typeof last === 'number' && last < parent.items.length) {
    spans = parent.items.map((n) => ({ from: n.from, to: n.to }));
    index = last;
  } else return null;
  const self = spans[index];
  if (spans.length === 1) {
    // The only member: empty the container, keeping its brackets on its own line.
    return { from: parent.from + 1, to: parent.to - 1, insert: '' };
  }
  // Not the last: remove up to the next member's start (its comma and line break go with it).
  if (index < spans.length - 1) return { from: lineStartIfBlank(text, self.from), to: lineStartIfBlank(text, spans[index + 1].from), insert: '' };
  // The last: remove from the previous member's end (taking the comma before it).
  return { from: spans[index - 1].to, to: self.to, insert: '' };
}

/** `pos` moved back to its line start when only whitespace precedes it there (keeps indentation tidy). */
function lineStartIfBlank(text: string, pos: number): number {
  const start = text.lastIndexOf('\n', pos - 1) + 1;
  return /^[ \t]*$/.test(text.slice(start, pos)) ? start : pos;
}

/** Appends an item to the array at `path`, creating the array when the key is missing. */
export function appendItem(text: string, path: PathSeg[], value: unknown): TextChange | null {
  const root = parseJsonTree(text);
  const arr = nodeAt(root, path);
  if (!arr) return setValue(text, path, [value]);
  if (arr.kind !== 'array') return setValue(text, path, [value]);
  return insertItem(text, arr, value);
}
