import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FramingError, JsonStreamFramer } from './framing';

const enc = (s: string) => Buffer.from(s, 'utf8');

/** Feeds `bytes` cut at the given offsets and collects every message. */
function feed(bytes: Buffer, cuts: number[]): unknown[] {
  const f = new JsonStreamFramer();
  const out: unknown[] = [];
  const points = [...new Set(cuts.map((c) => Math.min(bytes.length, Math.max(0, c))))].sort((a, b) => a - b);
  let prev = 0;
  for (const p of [...points, bytes.length]) {
    out.push(...f.push(bytes.subarray(prev, p)));
    prev = p;
  }
  expect(f.pending).toBe(0);
  return out;
}

describe('JsonStreamFramer', () => {
  it('splits coalesced messages with no delimiter between them', () => {
    const f = new JsonStreamFramer();
    const msgs = f.push(enc('{"id":1,"result":["Open_vSwitch"],"error":null}{"method":"echo","params":[],"id":"echo"}'));
    expect(msgs).toEqual([
      { id: 1, result: ['Open_vSwitch'], error: null },
      { method: 'echo', params: [], id: 'echo' },
    ]);
  });

  it('joins a message split over several chunks, including one byte at a time', () => {
    const text = '{"id":7,"result":{"a":[1,2,{"b":"}"}]},"error":null}';
    const f = new JsonStreamFramer();
    const got: unknown[] = [];
    for (const ch of enc(text)) got.push(...f.push(Buffer.from([ch])));
    expect(got).toEqual([JSON.parse(text)]);
  });

  it('ignores braces and quotes inside strings, escaped or not', () => {
    const text = String.raw`{"s":"a } ] { [ \" \\\" \\","t":"\\"}{"u":"\u007d"}`;
    const msgs = new JsonStreamFramer().push(enc(text));
    expect(msgs).toEqual([{ s: 'a } ] { [ " \\" \\', t: '\\' }, { u: '}' }]);
  });

  it('keeps a multi-byte character cut between two chunks intact', () => {
    const bytes = enc('{"name":"brücke-€"}');
    const cut = bytes.indexOf(0xe2) + 1; // inside the 3-byte euro sign
    expect(feed(bytes, [cut])).toEqual([{ name: 'brücke-€' }]);
  });

  it('tolerates whitespace between messages', () => {
    expect(new JsonStreamFramer().push(enc(' \n{"a":1}\r\n\t {"b":2} '))).toEqual([{ a: 1 }, { b: 2 }]);
  });

  it('reports garbage between messages and stays broken', () => {
    const f = new JsonStreamFramer();
    expect(() => f.push(enc('{"a":1}HTTP/1.1 400'))).toThrow(FramingError);
    expect(() => f.push(enc('{"a":1}'))).toThrow(/unexpected byte 0x48/);
  });

  it('reports balanced but invalid JSON', () => {
    expect(() => new JsonStreamFramer().push(enc('{a:1}'))).toThrow(/not valid JSON/);
  });

  it('holds only the unfinished message between pushes', () => {
    const f = new JsonStreamFramer();
    expect(f.push(enc('{"a":1}{"b":'))).toEqual([{ a: 1 }]);
    expect(f.pending).toBe(5);
    expect(f.push(enc('2}'))).toEqual([{ b: 2 }]);
    expect(f.pending).toBe(0);
  });

  // Any sequence of JSON objects (strings full of braces, quotes, backslashes and non-ASCII),
  // serialised back to back and cut anywhere, must come out as the same sequence.
  it('property: any objects, concatenated and cut at any offsets, round-trip', () => {
    const nasty = fc.string({ unit: fc.constantFrom('{', '}', '[', ']', '"', '\\', 'a', ' ', 'é', '€', '😀', '\n', '\u0000') });
    const value = fc.letrec((tie) => ({
      v: fc.oneof({ depthSize: 'small' }, nasty, fc.integer(), fc.boolean(), fc.constant(null), fc.array(tie('v'), { maxLength: 4 }), fc.dictionary(nasty, tie('v'), { maxKeys: 4 })),
    })).v;
    const message = fc.dictionary(nasty, value, { maxKeys: 5 });
    fc.assert(
      fc.property(fc.array(message, { minLength: 1, maxLength: 6 }), fc.array(fc.nat(), { maxLength: 12 }), fc.constantFrom('', ' ', '\n'), (msgs, cuts, sep) => {
        const bytes = enc(msgs.map((m) => JSON.stringify(m)).join(sep));
        const scaled = cuts.map((c) => c % (bytes.length + 1));
        expect(feed(bytes, scaled)).toEqual(msgs);
      }),
      { numRuns: 300 },
    );
  });
});
