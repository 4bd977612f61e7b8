import { describe, expect, it } from 'vitest';
import { parseJson, LineIndex, quoteChar } from './json';

describe('parseJson (Go encoding/json scanner rules)', () => {
  it('keeps exact offsets of keys and values', () => {
    const text = '{\n  "a": [1, "x\\u00e9"],\n  "b": null\n}';
    const { root, error } = parseJson(text);
    expect(error).toBeNull();
    expect(root?.kind).toBe('object');
    if (root?.kind !== 'object') return;
    const [a, b] = root.members;
    expect(text.slice(a.keySpan.from, a.keySpan.to)).toBe('"a"');
    expect(text.slice(a.value.from, a.value.to)).toBe('[1, "x\\u00e9"]');
    if (a.value.kind !== 'array') throw new Error('array expected');
    const s = a.value.items[1];
    expect(s.kind === 'string' && s.value).toBe('xé');
    expect(s.kind === 'string' && s.raw).toBe('x\\u00e9');
    expect(text.slice(b.value.from, b.value.to)).toBe('null');
    const idx = new LineIndex(text);
    expect(idx.position(b.keySpan.from)).toEqual({ line: 3, column: 3 });
  });

  it.each([
    ['{"a":1,}', "invalid character '}' looking for beginning of object key string", 7],
    ['[1,]', "invalid character ']' looking for beginning of value", 3],
    ['{} x', "invalid character 'x' after top-level value", 3],
    ['\ufeff{}', "invalid character 'ï' looking for beginning of value", 0],
    ['## c\n{}', "invalid character '#' looking for beginning of value", 0],
    ['{"a":01}', "invalid character '1' after object key:value pair", 6],
    ['{"a":-}', "invalid character '}' in numeric literal", 6],
    ['{"a":.5}', "invalid character '.' looking for beginning of value", 5],
    ['{"a":tru}', "invalid character '}' in literal true (expecting 'e')", 8],
    ['{"a":"\t"}', "invalid character '\\t' in string literal", 6],
    ['{"a":"\\x"}', "invalid character 'x' in string escape code", 7],
    ['{"a" 1}', "invalid character '1' after object key", 5],
    ['{"a":1 "b":2}', "invalid character '\"' after object key:value pair", 7],
    ['', 'unexpected end of JSON input', 0],
    ['{"a":', 'unexpected end of JSON input', 5],
  ])('%j → %s', (text, message, offset) => {
    const { error } = parseJson(text);
    expect(error).toEqual({ message, offset });
  });

  it('accepts what Go accepts: null, scalars, deep nesting, lone surrogates (replaced)', () => {
    expect(parseJson('null').error).toBeNull();
    expect(parseJson(' \n\t\r{}\n\n').error).toBeNull();
    const s = parseJson('"\\ud800x"').root;
    expect(s?.kind === 'string' && s.value).toBe('\ufffdx');
    expect(parseJson('['.repeat(5000) + ']'.repeat(5000)).error).toBeNull();
  });

  it('refuses nesting beyond Go\'s limit without overflowing the stack', () => {
    const { error } = parseJson('['.repeat(20000));
    expect(error?.message).toBe('exceeded max depth');
  });

  it('quotes characters as Go does', () => {
    expect(quoteChar("'", 0)).toBe("'\\''");
    expect(quoteChar('\n', 0)).toBe("'\\n'");
    expect(quoteChar('é', 0)).toBe("'Ã'");
  });
});
