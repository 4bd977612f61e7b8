/**
 * A JSON parser that keeps where everything is: every value and every key with its
 * [from, to) range in the text. The form reads the document through it and edits
 * it surgically (jsonedit.ts) — replace just a value's range, insert one key — so
 * key order, the user's casing and formatting survive a round trip through the form.
 *
 * Strict JSON only (RFC 8259, what Go's encoding/json accepts): the form is
 * read-only while the text does not parse, and the model's diagnostics say why.
 */
// Go's case fold (ſ → s, Kelvin → k, ASCII lower-cased), from the config model: one definition.
import { foldKey } from '../../../electron/services/config/schema';

export type JsonNode =
  | { kind: 'object'; from: number; to: number; props: JsonProp[] }
  | { kind: 'array'; from: number; to: number; items: JsonNode[] }
  | { kind: 'string'; from: number; to: number; value: string }
  | { kind: 'number'; from: number; to: number; value: number }
  | { kind: 'boolean'; from: number; to: number; value: boolean }
  | { kind: 'null'; from: number; to: number; value: null };

export interface JsonProp {
  key: string;
  keyFrom: number;
  keyTo: number;
  value: JsonNode;
}

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

export function parseJsonTree(text: string): JsonNode {
  let i = 0;
  const ws = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const fail = (msg: string): never => {
    throw new JsonSyntaxError(msg, i);
  };

  const str = (): { value: string; from: number; to: number } => {
    const from = i;
    if (text[i] !== '"') fail('expected a string');
    i++;
    let out = '';
    for (;;) {
      if (i >= text.length) fail('unterminated string');
      const c = text[i];
      if (c === '"') break;
      if (c === '\\') {
        const e = text[i + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e in simple) {
          out += simple[e];
          i += 2;
        } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
          out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
        } else fail('bad escape');
      } else if (c < ' ') {
        fail('control character in string');
      } else {
        out += c;
        i++;
      }
    }
    i++;
    return { value: out, from, to: i };
  };

  const value = (): JsonNode => {
    ws();
    const from = i;
    const c = text[i];
    if (c === '{') {
      i++;
      const props: JsonProp[] = [];
      ws();
      if (text[i] === '}') {
        i++;
        return { kind: 'object', from, to: i, props };
      }
      for (;;) {
        ws();
        const k = str();
        ws();
        if (text[i] !== ':') fail('expected ":"');
        i++;
        const v = value();
        props.push({ key: k.value, keyFrom: k.from, keyTo: k.to, value: v });
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return { kind: 'object', from, to: i, props };
        }
        fail('expected "," or "}"');
      }
    }
    if (c === '[') {
      i++;
      const items: JsonNode[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return { kind: 'array', from, to: i, items };
      }
      for (;;) {
        items.push(value());
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return { kind: 'array', from, to: i, items };
        }
        fail('expected "," or "]"');
      }
    }
    if (c === '"') {
      const s = str();
      return { kind: 'string', ...s };
    }
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 64));
    if (m && m[0]) {
      i += m[0].length;
      return { kind: 'number', from, to: i, value: Number(m[0]) };
    }
    for (const [word, v] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return v === null ? { kind: 'null', from, to: i, value: null } : { kind: 'boolean', from, to: i, value: v };
      }
    }
    return fail('unexpected character');
  };

  const root = value();
  ws();
  if (i < text.length) fail('text after the end of the document');
  return root;
}

/**
 * The property the engine would decode for field `name`: Go decodes every key that
 * selects the field, in order, so the last one wins.
 */
export function findProp(obj: JsonNode | undefined, name: string): JsonProp | undefined {
  if (!obj || obj.kind !== 'object') return undefined;
  let found: JsonProp | undefined;
  const folded = foldKey(name);
  for (const p of obj.props) if (foldKey(p.key) === folded) found = p;
  return found;
}

export type PathSeg = string | number;

/** The node at a path of field names (matched like the engine) and array indexes. */
export function nodeAt(root: JsonNode | undefined, path: PathSeg[]): JsonNode | undefined {
  let n = root;
  for (const seg of path) {
    if (!n) return undefined;
    if (typeof seg === 'number') n = n.kind === 'array' ? n.items[seg] : undefined;
    else n = findProp(n, seg)?.value;
  }
  return n;
}

/** A node as a plain value (what JSON.parse would give). */
export function plain(n: JsonNode | undefined): unknown {
  if (!n) return undefined;
  switch (n.kind) {
    case 'object':
      return Object.fromEntries(n.props.map((p) => [p.key, plain(p.value)]));
    case 'array':
      return n.items.map(plain);
    default:
      return n.value;
  }
}

/**
 * The key path under the cursor: the property whose key contains `pos`, with the
 * path of keys from the root (as written in the document) — for hover docs and completion.
 */
export function keyAt(root: JsonNode, pos: number): { path: PathSeg[]; prop: JsonProp } | null {
  const walk = (n: JsonNode, path: PathSeg[]): { path: PathSeg[]; prop: JsonProp } | null => {
    if (pos < n.from || pos > n.to) return null;
    if (n.kind === 'object') {
      for (const p of n.props) {
        if (pos >= p.keyFrom && pos <= p.keyTo) return { path: [...path, p.key], prop: p };
        const inner = walk(p.value, [...path, p.key]);
        if (inner) return inner;
      }
    } else if (n.kind === 'array') {
      for (let k = 0; k < n.items.length; k++) {
        const inner = walk(n.items[k], [...path, k]);
        if (inner) return inner;
      }
    }
    return null;
  };
  return walk(root, []);
}
