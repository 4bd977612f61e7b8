import { readFileSync, existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { columnShape, decodeAtom, decodeColumn, decodeRow, decodeValue, type DatabaseSchema } from './values';

// The real schema the Debian package ships, when present: column shapes are then checked
// against what OVS itself declares, not against types copied into this test.
const SCHEMA_FILE = '/usr/share/openvswitch/vswitch.ovsschema';
const realSchema: DatabaseSchema | null = existsSync(SCHEMA_FILE) ? JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) : null;

describe('OVSDB values', () => {
  it('decodes atoms and tagged uuids', () => {
    expect(decodeAtom(['uuid', '1b2c'])).toBe('1b2c');
    expect(decodeAtom(['named-uuid', 'row1'])).toBe('row1');
    expect(decodeAtom(42)).toBe(42);
    expect(decodeAtom(false)).toBe(false);
    expect(() => decodeAtom({})).toThrow(/not an OVSDB atom/);
  });

  it('decodes sets to arrays and maps to objects', () => {
    expect(decodeValue(['set', [['uuid', 'a'], ['uuid', 'b']]])).toEqual(['a', 'b']);
    expect(decodeValue(['set', []])).toEqual([]);
    expect(decodeValue(['map', [['endpoint-id', 'ep1'], ['attached-mac', '02:00:00:00:00:01']]])).toEqual({ 'endpoint-id': 'ep1', 'attached-mac': '02:00:00:00:00:01' });
    expect(decodeValue(['map', [[1, ['uuid', 'q']]]])).toEqual({ '1': 'q' });
    expect(() => decodeValue(['map', [['only-key']]])).toThrow(/map pair/);
  });

  it('normalises a one-element set sent as a bare atom, by column type', () => {
    const ports = { key: { type: 'uuid' as const, refTable: 'Port' }, min: 0, max: 'unlimited' as const };
    expect(decodeColumn(['uuid', 'p1'], ports)).toEqual(['p1']);
    expect(decodeColumn(['set', [['uuid', 'p1'], ['uuid', 'p2']]], ports)).toEqual(['p1', 'p2']);
    const optional = { key: 'string' as const, min: 0, max: 1 };
    expect(decodeColumn(['set', []], optional)).toBeNull();
    expect(decodeColumn('0000361cd7380647', optional)).toBe('0000361cd7380647');
    expect(decodeColumn(['set', ['x']], optional)).toBe('x');
    expect(decodeColumn('netdev', 'string')).toBe('netdev');
  });

  it('property: any set of atoms survives its tagged and (for one element) bare encodings', () => {
    const atom = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.uuid().map((u) => ['uuid', u] as const));
    const setType = { key: 'string' as const, min: 0, max: 'unlimited' as const };
    fc.assert(
      fc.property(fc.array(atom, { maxLength: 5 }), (atoms) => {
        const plain = atoms.map((a) => (Array.isArray(a) ? a[1] : a));
        expect(decodeColumn(['set', atoms], setType)).toEqual(plain);
        if (atoms.length === 1) expect(decodeColumn(atoms[0], setType)).toEqual(plain);
      }),
    );
  });

  it.skipIf(!realSchema)('classifies the real vswitch schema columns the state reader relies on', () => {
    const t = realSchema!.tables;
    expect(columnShape(t.Bridge.columns.ports.type)).toBe('set');
    expect(columnShape(t.Bridge.columns.datapath_id.type)).toBe('optional');
    expect(columnShape(t.Bridge.columns.external_ids.type)).toBe('map');
    expect(columnShape(t.Port.columns.tag.type)).toBe('optional');
    expect(columnShape(t.Interface.columns.ofport.type)).toBe('optional');
    expect(columnShape(t.Interface.columns.name.type)).toBe('scalar');
    const row = decodeRow(
      { _uuid: ['uuid', 'b1'], name: 'contivVxlanBridge', ports: ['uuid', 'p1'], datapath_id: ['set', []], external_ids: ['map', []] },
      t.Bridge,
    );
    expect(row).toEqual({ _uuid: 'b1', name: 'contivVxlanBridge', ports: ['p1'], datapath_id: null, external_ids: {} });
  });
});
