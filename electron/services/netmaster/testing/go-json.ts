/**
 * Go's `encoding/json` as netmaster uses it (`json.NewDecoder(r.Body).Decode(&obj)`), reduced to
 * what the captures show: the decoder's own error words ("EOF" for an empty body, "unexpected EOF"
 * for a truncated one, "invalid character 'h' in literal true (expecting 'r')"), and the type check
 * of a decoded field ("json: cannot unmarshal string into Go struct field Network.pktTag of type int").
 * The test netmaster answers with these words so a client sees what the real one says.
 */

export class GoJsonError extends Error {}

const LITERALS: Record<string, string> = { t: 'true', f: 'false', n: 'null' };

/** Scans one JSON value the way Go's scanner reports errors; returns the parsed value. */
export function goDecode(text: string): unknown {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\r\n'.includes(text[i])) i++;
  };
  const eof = (): never => {
    throw new GoJsonError('unexpected EOF');
  };
  const bad = (ctx: string): never => {
    throw new GoJsonError(`invalid character ${quoteChar(text[i])} ${ctx}`);
  };
  // Objects and arrays are one loop in Go's scanner: items split by ',', ended by the closer.
  const sequence = (close: string, item: () => void, afterItem: string): void => {
    i++;
    ws();
    if (i >= text.length) eof();
    if (text[i] === close) {
      i++;
      return;
    }
    for (;;) {
      item();
      ws();
      if (i >= text.length) eof();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === close) {
        i++;
        return;
      }
      bad(afterItem);
    }
  };
  const member = (): void => {
    ws();
    if (i >= text.length) eof();
    if (text[i] !== '"') bad('looking for beginning of object key string');
    string();
    ws();
    if (i >= text.length) eof();
    if (text[i] !== ':') bad('after object key');
    i++;
    value();
  };
  const value = (): void => {
    ws();
    if (i >= text.length) eof();
    const c = text[i];
    if (c === '{') return sequence('}', member, 'after object key:value pair');
    if (c === '[') return sequence(']', value, 'after array element');
    if (c === '"') return string();
    if (c in LITERALS) {
      const lit = LITERALS[c];
      for (let k = 1; k < lit.length; k++) {
        i++;
        if (i >= text.length) eof();
        if (text[i] !== lit[k]) bad(`in literal ${lit} (expecting ${quoteChar(lit[k])})`);
      }
      i++;
      return;
    }
    if (c === '-' || (c >= '0' && c <= '9')) {
      i++;
      while (i < text.length && /[0-9eE.+-]/.test(text[i])) i++;
      return;
    }
    bad('looking for beginning of value');
  };
  const string = () => {
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    if (i >= text.length) eof();
    i++;
  };
  ws();
  if (i >= text.length) throw new GoJsonError('EOF');
  value();
  // The decoder stops after the first value: trailing bytes are not its business.
  return JSON.parse(text.slice(0, i));
}

function quoteChar(c: string): string {
  return c === "'" ? "'\\''" : `'${c}'`;
}

export type GoType = 'string' | 'int' | 'bool' | '[]string';

/** The JSON kind Go names in an unmarshal error. */
function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'object') return 'object';
  return typeof v === 'boolean' ? 'bool' : typeof v;
}

/** Go's words for a JSON value of the wrong kind landing in a typed field. */
export function goTypeCheck(structName: string, field: string, want: GoType, v: unknown): string | null {
  if (v === null || v === undefined) return null;
  const got = jsonKind(v);
  const ok =
    (want === 'string' && got === 'string') ||
    (want === 'int' && got === 'number' && Number.isInteger(v)) ||
    (want === 'bool' && got === 'bool') ||
    (want === '[]string' && got === 'array' && (v as unknown[]).every((x) => typeof x === 'string' || x === null));
  if (ok) return null;
  // A wrong element of a []string: Go names that element's kind and the element type.
  if (want === '[]string' && got === 'array') {
    const wrong = (v as unknown[]).find((x) => typeof x !== 'string' && x !== null);
    return `json: cannot unmarshal ${jsonKind(wrong)} into Go struct field ${structName}.${field} of type string`;
  }
  return `json: cannot unmarshal ${got} into Go struct field ${structName}.${field} of type ${want}`;
}
