/**
 * Properties that need no engine: the model never throws, every position lies inside the text,
 * and its syntax verdict matches JSON.parse (Go's grammar and ECMAScript's agree below Go's
 * nesting limit; both refuse a BOM).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { lintConfig } from './index';
import { fromJs, mutate, opArb } from './testing/mutate';

const BASE = fromJs({ description: 'x', entrypoint: ['/p'], interface: { socket: 's', types: ['docker.volumedriver/1.0'] }, env: [{ name: 'A', value: '1', settable: ['value'] }], mounts: [{ source: '/a', destination: '/b' }], user: { uid: 1 } });

function check(text: string, template: 'auto' | false) {
  const r = lintConfig(text, { template });
  for (const d of r.diagnostics) {
    expect(d.from).toBeGreaterThanOrEqual(0);
    expect(d.to).toBeLessThanOrEqual(text.length);
    expect(d.from).toBeLessThanOrEqual(d.to);
    expect(d.line).toBeGreaterThanOrEqual(1);
  }
  return r;
}

function jsonParses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

describe('lintConfig properties', () => {
  it('mutated configs: no throw, positions in range, syntax verdict = JSON.parse', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 0, maxLength: 6 }), (ops) => {
        const { text } = mutate(BASE, ops);
        const r = check(text, false);
        expect(r.diagnostics.some((d) => d.code === 'json/syntax')).toBe(!jsonParses(text));
        check(text, 'auto');
      }),
      { numRuns: 400 },
    );
  });

  it('arbitrary text: no throw', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), fc.string({ unit: fc.constantFrom('{', '}', '[', ']', '"', ':', ',', '\\', 'u', '0', '-', 'e', '.', ' ', '\n', '#', 'n', 'ſ', '$', '_') })), (text) => {
        const r = check(text, 'auto');
        if (!r.template) expect(r.diagnostics.some((d) => d.code === 'json/syntax')).toBe(!jsonParses(text));
      }),
      { numRuns: 1500 },
    );
  });
});
