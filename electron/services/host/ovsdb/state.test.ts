import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applyUpdates, type TableCache } from './client';
import { OVS_COLUMNS, buildOvsState } from './state';
import { decodeRow, type DatabaseSchema, type Decoded } from './values';

const SCHEMA_FILE = '/usr/share/openvswitch/vswitch.ovsschema';
const schema: DatabaseSchema | null = existsSync(SCHEMA_FILE) ? JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) : null;

/** Raw monitor rows (wire notation) → the decoded tables buildOvsState takes, through the same decoder the client uses. */
function decoded(cache: TableCache): Record<string, Map<string, Record<string, Decoded>>> {
  const out: Record<string, Map<string, Record<string, Decoded>>> = {};
  for (const [t, rows] of cache) out[t] = new Map([...rows].map(([u, r]) => [u, decodeRow(r, schema!.tables[t])]));
  return out;
}

const src = { target: 'unix:/x/db.sock', host: 'h' };

describe.skipIf(!schema)('buildOvsState (rows in OVSDB wire notation, decoded with the real schema)', () => {
  // A monitor's initial update as ovsdb-server sends it: note the one-port bridge's bare ["uuid", …],
  // the empty optional columns as ["set", []], the internal interface with an ofport.
  const initial = {
    Open_vSwitch: { root: { new: { bridges: ['set', [['uuid', 'b-vx'], ['uuid', 'b-sys']]], manager_options: ['uuid', 'm1'], ovs_version: '3.1.0', db_version: '8.3.1', next_cfg: 4, cur_cfg: 4 } } },
    Bridge: {
      'b-vx': { new: { name: 'contivVxlanBridge', ports: ['set', [['uuid', 'p-h0'], ['uuid', 'p-br']]], datapath_type: 'netdev', datapath_id: '0000361cd7380647', fail_mode: ['set', []], controller: ['uuid', 'c1'], external_ids: ['map', []] } },
      'b-sys': { new: { name: 'sysbr', ports: ['uuid', 'p-sys'], datapath_type: '', datapath_id: ['set', []], fail_mode: 'secure', controller: ['set', []], external_ids: ['map', []] } },
    },
    Port: {
      'p-h0': { new: { name: 'contivh0', tag: ['set', []], interfaces: ['uuid', 'i-h0'], external_ids: ['map', [['endpoint-id', 'ep1']]] } },
      'p-br': { new: { name: 'contivVxlanBridge', tag: ['set', []], interfaces: ['uuid', 'i-br'], external_ids: ['map', []] } },
      'p-sys': { new: { name: 'sysbr', tag: 7, interfaces: ['uuid', 'i-sys'], external_ids: ['map', []] } },
    },
    Interface: {
      'i-h0': { new: { name: 'contivh0', type: 'internal', ofport: 1, mac_in_use: 'e6:ad:bd:6c:52:a4', admin_state: 'up', link_state: 'up', error: ['set', []], external_ids: ['map', [['endpoint-id', 'ep1']]] } },
      'i-br': { new: { name: 'contivVxlanBridge', type: 'internal', ofport: 65534, mac_in_use: '36:1c:d7:38:06:47', admin_state: 'down', link_state: 'down', error: ['set', []], external_ids: ['map', []] } },
      'i-sys': { new: { name: 'sysbr', type: 'internal', ofport: -1, mac_in_use: ['set', []], admin_state: ['set', []], link_state: ['set', []], error: 'could not open network device sysbr (No such device)', external_ids: ['map', []] } },
    },
    Controller: { c1: { new: { target: 'tcp:127.0.0.1:6633', is_connected: false } } },
    Manager: { m1: { new: { target: 'ptcp:6640', is_connected: false } } },
  };

  it('follows root → bridges → ports → interfaces, normalising every column', () => {
    const cache: TableCache = new Map();
    applyUpdates(cache, initial);
    const s = buildOvsState(decoded(cache), src, '8.3.1');
    expect(s).toMatchObject({ ovsVersion: '3.1.0', dbVersion: '8.3.1', schemaVersion: '8.3.1', nextCfg: 4, curCfg: 4, managers: [{ target: 'ptcp:6640', connected: false }] });
    expect(s.bridges.map((b) => b.name)).toEqual(['contivVxlanBridge', 'sysbr']);
    const [vx, sys] = s.bridges;
    expect(vx).toMatchObject({ datapathType: 'netdev', datapathId: '0000361cd7380647', datapathExists: true, failMode: null, controller: [{ target: 'tcp:127.0.0.1:6633', connected: false }] });
    expect(vx.ports.map((p) => p.name)).toEqual(['contivh0', 'contivVxlanBridge']);
    expect(vx.ports[0]).toMatchObject({ tag: null, externalIds: { 'endpoint-id': 'ep1' }, interfaces: [{ name: 'contivh0', ofport: 1, error: null, adminState: 'up' }] });
    expect(sys).toMatchObject({ datapathType: 'system', datapathId: null, datapathExists: false, failMode: 'secure', controller: [] });
    expect(sys.ports[0]).toMatchObject({ tag: 7, interfaces: [{ ofport: -1, mac: null, error: 'could not open network device sysbr (No such device)' }] });
  });

  it('an update that deletes a bridge and its port leaves no dangling references', () => {
    const cache: TableCache = new Map();
    applyUpdates(cache, initial);
    applyUpdates(cache, {
      Open_vSwitch: { root: { old: { bridges: ['set', []] }, new: { bridges: ['uuid', 'b-vx'] } } },
      Bridge: { 'b-sys': { old: { name: 'sysbr' } } },
      Port: { 'p-sys': { old: { name: 'sysbr' } } },
    });
    const s = buildOvsState(decoded(cache), src);
    expect(s.bridges.map((b) => b.name)).toEqual(['contivVxlanBridge']);
  });

  it('a bridge row not (yet) referenced from the root is not shown, like vswitchd ignores it', () => {
    const cache: TableCache = new Map();
    applyUpdates(cache, { ...initial, Open_vSwitch: { root: { new: { bridges: ['set', []] } } } });
    expect(buildOvsState(decoded(cache), src).bridges).toEqual([]);
  });

  it('reads only columns that exist in the real schema', () => {
    for (const [table, cols] of Object.entries(OVS_COLUMNS)) {
      for (const c of cols) expect(schema!.tables[table].columns, `${table}.${c}`).toHaveProperty(c);
    }
  });
});
