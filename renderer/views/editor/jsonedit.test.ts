import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { appendItem, applyChanges, keyCasing, removeAt, setValue, type TextChange } from './jsonedit';
import { keyAt, nodeAt, parseJsonTree, plain } from './jsontree';

const seed = readFileSync(join(process.cwd(), '..', 'shared', 'contiv', 'seed-config.json'), 'utf8');
const apply = (text: string, c: TextChange | null) => (c ? applyChanges(text, [c]) : text);

describe('parseJsonTree', () => {
  it('decodes like JSON.parse and refuses what Go refuses', () => {
    expect(plain(parseJsonTree(seed))).toEqual(JSON.parse(seed));
    expect(() => parseJsonTree('{"a": 1,}')).toThrow();
    expect(() => parseJsonTree('## comment\n{}')).toThrow();
    expect(() => parseJsonTree('{} x')).toThrow(/after the end/);
  });

  it('finds fields case-insensitively with Go folding, the last duplicate winning', () => {
    const root = parseJsonTree('{"Linux": {"capabilities": ["CAP_NET_ADMIN"]}, "ſettable": 1, "a": 1, "A": 2}');
    expect(plain(nodeAt(root, ['linux', 'Capabilities', 0]))).toBe('CAP_NET_ADMIN');
    expect(plain(nodeAt(root, ['Settable']))).toBe(1);
    expect(plain(nodeAt(root, ['a']))).toBe(2);
  });

  it('tells which key the cursor is on, with its path', () => {
    const text = '{"interface": {"socket": "x.sock"}}';
    const at = keyAt(parseJsonTree(text), text.indexOf('socket') + 2);
    expect(at?.path).toEqual(['interface', 'socket']);
  });
});

describe('surgical edits', () => {
  it('replaces only the value and keeps the key as the user spelled it', () => {
    const out = apply(seed, setValue(seed, ['Description'], 'Changed'));
    expect(out).toContain('"description": "Changed"');
    expect(out).not.toContain('"Description": "Changed"');
    // Everything outside the value is byte-for-byte the same.
    const at = seed.indexOf('"Contiv network plugin for Docker"');
    expect(out.slice(0, at)).toBe(seed.slice(0, at));
    expect(out.slice(at + '"Changed"'.length)).toBe(seed.slice(at + '"Contiv network plugin for Docker"'.length));
  });

  it('keeps PascalCase keys inside env entries', () => {
    const out = apply(seed, setValue(seed, ['env', 1, 'value'], 'eth1'));
    expect(JSON.parse(out).env[1].Value).toBe('eth1');
    expect(out).toContain('"Value": "eth1"');
  });

  it('inserts a missing key after the last sibling, in the document indentation and the siblings’ casing', () => {
    const out = apply(seed, setValue(seed, ['PropagatedMount'], '/data'));
    expect(out).toMatch(/\n    "propagatedMount": "\/data"\n}\n?$/);
    const parsed = JSON.parse(out);
    expect(Object.keys(parsed).slice(0, -1)).toEqual(Object.keys(JSON.parse(seed)));
    // Inside "Linux" (PascalCase "Capabilities" beside it) a new key is PascalCase.
    const out2 = apply(seed, setValue(seed, ['linux', 'allowAllDevices'], true));
    expect(JSON.parse(out2).Linux).toEqual({ Capabilities: ['CAP_SYS_ADMIN', 'CAP_NET_ADMIN', 'CAP_SYS_MODULE'], AllowAllDevices: true });
  });

  it('creates missing parents and fills empty objects', () => {
    const out = apply('{}', setValue('{}', ['interface', 'socket'], 'p.sock'));
    expect(JSON.parse(out)).toEqual({ interface: { socket: 'p.sock' } });
    const inline = '{"network": {"type": "host"}}';
    expect(apply(inline, setValue(inline, ['network', 'x'], 1))).toBe('{"network": {"type": "host", "x": 1}}');
  });

  it('removes a property or an item with its comma, leaving valid JSON', () => {
    const noDoc = apply(seed, removeAt(seed, ['documentation']));
    expect(JSON.parse(noDoc).documentation).toBeUndefined();
    expect(noDoc).toContain('"description": "Contiv network plugin for Docker",\n    "entrypoint"');
    const lastGone = apply(seed, removeAt(seed, ['Linux']));
    expect(Object.keys(JSON.parse(lastGone)).at(-1)).toBe('interface');
    const itemGone = apply(seed, removeAt(seed, ['env', 7]));
    expect(JSON.parse(itemGone).env).toHaveLength(7);
    expect(removeAt(seed, ['nope'])).toBeNull();
  });

  it('appends rows to a table (creating the array when missing)', () => {
    const row = { Name: 'x', Settable: ['value'], Value: '' };
    const out = apply(seed, appendItem(seed, ['env'], row));
    expect(JSON.parse(out).env.at(-1)).toEqual(row);
    const fresh = apply('{\n  "a": 1\n}', appendItem('{\n  "a": 1\n}', ['devices'], { path: '/dev/fuse' }));
    expect(JSON.parse(fresh)).toEqual({ a: 1, devices: [{ path: '/dev/fuse' }] });
  });

  it('chooses the casing of a new key from the siblings', () => {
    expect(keyCasing('Settable', ['Name', 'Value'])).toBe('Settable');
    expect(keyCasing('PropagatedMount', ['description', 'Linux', 'env'])).toBe('propagatedMount');
    expect(keyCasing('WorkDir', [])).toBe('workDir');
  });

  it('any sequence of set/remove edits keeps valid JSON equal to the same edits on the parsed value', () => {
    const fields = ['description', 'documentation', 'workdir', 'ipchost', 'pidhost'] as const;
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...fields), fc.option(fc.oneof(fc.string(), fc.boolean()), { nil: undefined })), { maxLength: 12 }),
        (ops) => {
          let text = seed;
          const expected = JSON.parse(seed) as Record<string, unknown>;
          for (const [field, value] of ops) {
            const existingKey = Object.keys(expected).find((k) => k.toLowerCase() === field);
            if (value === undefined) {
              text = apply(text, removeAt(text, [field]));
              if (existingKey) delete expected[existingKey];
            } else {
              text = apply(text, setValue(text, [field], value));
              expected[existingKey ?? field] = value;
            }
          }
          const got = JSON.parse(text) as Record<string, unknown>;
          const lower = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k.toLowerCase(), v]));
          expect(lower(got)).toEqual(lower(expected));
          // Untouched keys keep their order and spelling.
          expect(Object.keys(got).filter((k) => !fields.includes(k.toLowerCase() as never))).toEqual(
            Object.keys(JSON.parse(seed)).filter((k) => !fields.includes(k.toLowerCase() as never)),
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});
