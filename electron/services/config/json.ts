/**
 * A JSON parser that judges text exactly as Go's `encoding/json` scanner does (the engine
 * runs `json.Unmarshal` on config.json, which checks the whole text before decoding) and keeps
 * the position of every value and key, so a diagnostic can point at the user's own text.
 *
 * Go's rules, as checked against dockerd 20.10 (Go 1.19):
 * - whitespace is only space, tab, CR, LF; a UTF-8 BOM is "invalid character 'ï' looking for
 *   beginning of value"; text after the top-level value is "invalid character … after top-level value";
 * - numbers: -?(0|[1-9]d*)(.d+)?([eE][+-]?d+)? (no leading zeros, no `.5`, no `+1`);
 * - strings: no raw control characters (< 0x20), escapes \" \\ \/ \b \f \n \r \t \uXXXX;
 *   lone surrogates and invalid UTF-8 become U+FFFD (not an error);
 * - nesting deeper than 10000 is "exceeded max depth".
 *
 * Iterative on purpose: a hostile `[[[[…` must never overflow the stack (the lint runs per keystroke).
 * Pure and browser-safe.
 */

export interface Span {
  from: number;
  to: number;
}

export type JsonNode = JsonObject | JsonArray | JsonString | JsonNumber | JsonLiteral;

export interface JsonObject extends Span {
  kind: 'object';
  members: JsonMember[];
}
export interface JsonMember {
  /** The key as Go sees it (escapes decoded). */
  key: string;
  keySpan: Span;
  value: JsonNode;
}
export interface JsonArray extends Span {
  kind: 'array';
  items: JsonNode[];
}
export interface JsonString extends Span {
  kind: 'string';
  value: string;
  /** The text between the quotes, undecoded: what a custom Go UnmarshalJSON sees. */
  raw: string;
}
export interface JsonNumber extends Span {
  kind: 'number';
  raw: string;
}
export interface JsonLiteral extends Span {
  kind: 'true' | 'false' | 'null';
}

export interface SyntaxProblem {
  /** Go's own words, e.g. "invalid character '}' looking for beginning of object key string". */
  message: string;
  offset: number;
}

export interface ParseResult {
  root: JsonNode | null;
  error: SyntaxProblem | null;
}

export const MAX_DEPTH = 10000;

const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isHex = (c: number) => isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);

/**
 * How Go's scanner quotes the offending byte. Go reads bytes: for a non-ASCII character it
 * reports the first byte of its UTF-8 form as a rune (a BOM shows as 'ï').
 */
export function quoteChar(text: string, offset: number): string {
  const code = text.codePointAt(offset) ?? 0;
  if (code === 0x27) return "'\\''";
  if (code === 0x22) return `'"'`;
  let c = code;
  if (code >= 0x80) c = new TextEncoder().encode(String.fromCodePoint(code))[0];
  const ch = String.fromCharCode(c);
  const named: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f', '\\': '\\\\', '\v': '\\v', '\x07': '\\a', '\x00': '\\x00' };
  if (named[ch]) return `'${named[ch]}'`;
  if (c < 0x20 || c === 0x7f) return `'\\x${c.toString(16).padStart(2, '0')}'`;
  return `'${ch}'`;
}

type Frame =
  | { kind: 'object'; node: JsonObject; state: 'key-or-end' | 'key' | 'colon' | 'comma-or-end'; pendingKey?: { key: string; span: Span } }
  | { kind: 'array'; node: JsonArray; state: 'value-or-end' | 'comma-or-end' };

class Fail {
  constructor(readonly problem: SyntaxProblem) {}
}

export function parseJson(text: string): ParseResult {
  try {
    return { root: parse(text), error: null };
  } catch (e) {
    if (e instanceof Fail) return { root: null, error: e.problem };
    throw e;
  }
}

function parse(text: string): JsonNode {
  const n = text.length;
  let i = 0;
  const stack: Frame[] = [];
  let root: JsonNode | null = null;

  const fail = (message: string, offset: number): never => {
    throw new Fail({ message, offset });
  };
  const invalid = (context: string, at: number): never => (at >= n ? fail('unexpected end of JSON input', n) : fail(`invalid character ${quoteChar(text, at)} ${context}`, at));
  const skipWs = () => {
    while (i < n && isSpace(text.charCodeAt(i))) i++;
  };

  const readString = (): { value: string; raw: string; span: Span } => {
    const start = i;
    i++; // opening quote
    let out = '';
    let chunk = i;
    for (;;) {
      if (i >= n) fail('unexpected end of JSON input', n);
      const c = text.charCodeAt(i);
      if (c === 0x22) break;
      if (c < 0x20) invalid('in string literal', i);
      if (c === 0x5c) {
        out += text.slice(chunk, i);
        i++;
        if (i >= n) fail('unexpected end of JSON input', n);
        const e = text[i];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e in simple) {
          out += simple[e];
          i++;
        } else if (e === 'u') {
          for (let k = 1; k <= 4; k++) {
            if (i + k >= n) fail('unexpected end of JSON input', n);
            if (!isHex(text.charCodeAt(i + k))) invalid('in \\u hexadecimal character escape', i + k);
          }
          out += String.fromCharCode(parseInt(text.slice(i + 1, i + 5), 16));
          i += 5;
        } else invalid('in string escape code', i);
        chunk = i;
        continue;
      }
      i++;
    }
    out += text.slice(chunk, i);
    i++; // closing quote
    // Go's unquote turns lone surrogates into U+FFFD; JS strings can hold them, so mend them here.
    return { value: /[\ud800-\udfff]/.test(out) ? mendSurrogates(out) : out, raw: text.slice(start + 1, i - 1), span: { from: start, to: i } };
  };

  const readNumber = (): JsonNumber => {
    const start = i;
    if (text.charCodeAt(i) === 0x2d) {
      i++;
      if (i >= n || !isDigit(text.charCodeAt(i))) invalid('in numeric literal', i);
    }
    if (text.charCodeAt(i) === 0x30) i++;
    else while (i < n && isDigit(text.charCodeAt(i))) i++;
    if (i < n && text.charCodeAt(i) === 0x2e) {
      i++;
      if (i >= n || !isDigit(text.charCodeAt(i))) invalid('after decimal point in numeric literal', i);
      while (i < n && isDigit(text.charCodeAt(i))) i++;
    }
    if (i < n && (text.charCodeAt(i) === 0x65 || text.charCodeAt(i) === 0x45)) {
      i++;
      if (i < n && (text.charCodeAt(i) === 0x2b || text.charCodeAt(i) === 0x2d)) i++;
      if (i >= n || !isDigit(text.charCodeAt(i))) invalid('in exponent of numeric literal', i);
      while (i < n && isDigit(text.charCodeAt(i))) i++;
    }
    return { kind: 'number', raw: text.slice(start, i), from: start, to: i };
  };

  const readLiteral = (word: 'true' | 'false' | 'null'): JsonLiteral => {
    const start = i;
    for (let k = 1; k < word.length; k++) {
      if (i + k >= n) fail('unexpected end of JSON input', n);
      if (text[i + k] !== word[k]) invalid(`in literal ${word} (expecting '${word[k]}')`, i + k);
    }
    i += word.length;
    return { kind: word, from: start, to: i };
  };

  /** Attach a finished value to its parent, or make it the root. */
  const complete = (node: JsonNode) => {
    const top = stack[stack.length - 1];
    if (!top) root = node;
    else if (top.kind === 'array') {
      top.node.items.push(node);
      top.state = 'comma-or-end';
    } else {
      top.node.members.push({ key: top.pendingKey!.key, keySpan: top.pendingKey!.span, value: node });
      top.pendingKey = undefined;
      top.state = 'comma-or-end';
    }
  };

  /** Start a value at i (after whitespace); containers are pushed, scalars completed. */
  const beginValue = (context: string) => {
    if (i >= n) fail('unexpected end of JSON input', n);
    const c = text[i];
    if (c === '{' || c === '[') {
      if (stack.length >= MAX_DEPTH) fail('exceeded max depth', i);
      const from = i++;
      if (c === '{') stack.push({ kind: 'object', node: { kind: 'object', members: [], from, to: from }, state: 'key-or-end' });
      else stack.push({ kind: 'array', node: { kind: 'array', items: [], from, to: from }, state: 'value-or-end' });
      return;
    }
    if (c === '"') {
      const s = readString();
      complete({ kind: 'string', value: s.value, raw: s.raw, ...s.span });
    } else if (c === '-' || isDigit(text.charCodeAt(i))) complete(readNumber());
    else if (c === 't') complete(readLiteral('true'));
    else if (c === 'f') complete(readLiteral('false'));
    else if (c === 'n') complete(readLiteral('null'));
    else invalid(context, i);
  };

  skipWs();
  beginValue('looking for beginning of value');
  while (stack.length) {
    skipWs();
    const top = stack[stack.length - 1];
    if (top.kind === 'array') {
      if (top.state === 'value-or-end') {
        if (text[i] === ']') {
          i++;
          stack.pop();
          top.node.to = i;
          complete(top.node);
        } else beginValue('looking for beginning of value');
      } else if (text[i] === ',') {
        i++;
        skipWs();
        beginValue('looking for beginning of value');
      } else if (text[i] === ']') {
        i++;
        stack.pop();
        top.node.to = i;
        complete(top.node);
      } else invalid('after array element', i);
      continue;
    }
    switch (top.state) {
      case 'key-or-end':
      case 'key':
        if (top.state === 'key-or-end' && text[i] === '}') {
          i++;
          stack.pop();
          top.node.to = i;
          complete(top.node);
          break;
        }
        if (text[i] !== '"') invalid('looking for beginning of object key string', i);
        {
          const s = readString();
          top.pendingKey = { key: s.value, span: s.span };
          top.state = 'colon';
        }
        break;
      case 'colon':
        if (text[i] !== ':') invalid('after object key', i);
        i++;
        skipWs();
        top.state = 'comma-or-end';
        beginValue('looking for beginning of value');
        break;
      case 'comma-or-end':
        if (text[i] === ',') {
          i++;
          top.state = 'key';
        } else if (text[i] === '}') {
          i++;
          stack.pop();
          top.node.to = i;
          complete(top.node);
        } else invalid('after object key:value pair', i);
        break;
    }
  }
  skipWs();
  if (i < n) invalid('after top-level value', i);
  return root!;
}

function mendSurrogates(s: string): string {
  return s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

/** 1-based line and column (in UTF-16 code units, as the editor counts) of every offset. */
export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 0x0a) this.starts.push(i + 1);
  }
  position(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo] + 1 };
  }
  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line - 1, this.starts.length - 1))];
  }
}

/** RFC 6901 escaping of one pointer segment. */
export function pointerSegment(s: string | number): string {
  return String(s).replace(/~/g, '~0').replace(/\//g, '~1');
}
