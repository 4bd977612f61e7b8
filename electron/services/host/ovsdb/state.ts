/**
 * What Open vSwitch has built, read from its database: bridges → ports → interfaces, with
 * the facts the topology and the doctor need (datapath really created? interface error?
 * netplugin's endpoint-id tags?), as one snapshot or live through a monitor.
 */
import { hostname } from 'node:os';
import { PlugsmithError, toEnvelope, type ErrorEnvelope } from '../../errors';
import { DEFAULT_OVSDB_SOCKET, OvsdbClient, formatTarget, type TableCache } from './client';
import { decodeRow, type DatabaseSchema, type Decoded } from './values';

export const OVS_DB = 'Open_vSwitch';

/** The columns read per table: enough for the graph and the checks, not the statistics maps that change every second. */
export const OVS_COLUMNS: Record<string, string[]> = {
  Open_vSwitch: ['bridges', 'manager_options', 'ovs_version', 'db_version', 'next_cfg', 'cur_cfg'],
  Bridge: ['name', 'ports', 'datapath_type', 'datapath_id', 'fail_mode', 'controller', 'external_ids'],
  Port: ['name', 'tag', 'interfaces', 'external_ids'],
  Interface: ['name', 'type', 'ofport', 'mac_in_use', 'admin_state', 'link_state', 'error', 'external_ids'],
  Controller: ['target', 'is_connected'],
  Manager: ['target', 'is_connected'],
};

export interface OvsInterface {
  name: string;
  uuid: string;
  /** As configured; '' (the default) is a "system" interface and reported as such. */
  type: string;
  /** -1 when OVS could not add it (see error); null before ovs-vswitchd has looked at it. */
  ofport: number | null;
  mac: string | null;
  adminState: string | null;
  linkState: string | null;
  /** OVS's own words when it could not configure the interface (e.g. "could not open network device x (No such device)"). */
  error: string | null;
  externalIds: Record<string, string>;
}

export interface OvsPort {
  name: string;
  uuid: string;
  tag: number | null;
  /** netplugin writes `endpoint-id` here: the link from a container endpoint to its port. */
  externalIds: Record<string, string>;
  interfaces: OvsInterface[];
}

export interface OvsBridge {
  name: string;
  uuid: string;
  /** '' in the database means the kernel datapath; reported as 'system'. */
  datapathType: string;
  datapathId: string | null;
  /**
   * Whether ovs-vswitchd really created the datapath: it writes datapath_id only then.
   * `ovs-vsctl add-br` exits 0 even when creation failed (no kernel module), so the row's
   * existence proves nothing.
   */
  datapathExists: boolean;
  failMode: string | null;
  controller: { target: string; connected: boolean | null }[];
  externalIds: Record<string, string>;
  ports: OvsPort[];
}

export interface OvsState {
  /** Where this came from: facts carry their host. */
  source: { target: string; host: string };
  /** Written by the init script (ovs-ctl), not the daemons: null on an OVS started by hand, as Contiv's script does. */
  ovsVersion: string | null;
  dbVersion: string | null;
  /** The schema ovsdb-server serves: always known, whoever started it. */
  schemaVersion: string | null;
  /** Manager targets (Open_vSwitch.manager_options → Manager.target), e.g. ptcp:6640. */
  managers: { target: string; connected: boolean | null }[];
  /**
   * ovs-vswitchd acknowledges each database change by copying next_cfg into cur_cfg.
   * Behind (or 0 with changes made) means no running vswitchd has applied the config.
   */
  nextCfg: number;
  curCfg: number;
  bridges: OvsBridge[];
}

type Rows = Map<string, Record<string, Decoded>>;
type Tables = Record<string, Rows>;

const str = (v: Decoded | undefined): string | null => (typeof v === 'string' ? v : v === null || v === undefined ? null : String(v));
const num = (v: Decoded | undefined): number | null => (typeof v === 'number' ? v : null);
const ids = (v: Decoded | undefined): string[] => (Array.isArray(v) ? v.map(String) : []);
const strMap = (v: Decoded | undefined): Record<string, string> => {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return {};
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, String(x)]));
};
const byName = <T extends { name: string }>(a: T, b: T) => a.name.localeCompare(b.name);

/** Pure: decoded rows of the six tables → the state. Rows referenced but missing (a half-applied update) are skipped. */
export function buildOvsState(tables: Tables, source: OvsState['source'], schemaVersion: string | null = null): OvsState {
  const rows = (t: string): Rows => tables[t] ?? new Map();
  const targets = (uuids: string[], table: string) =>
    uuids
      .map((u) => rows(table).get(u))
      .filter((r): r is Record<string, Decoded> => !!r)
      .map((r) => ({ target: str(r.target) ?? '', connected: typeof r.is_connected === 'boolean' ? r.is_connected : null }));
  const iface = (u: string): OvsInterface | null => {
    const r = rows('Interface').get(u);
    if (!r) return null;
    return {
      name: str(r.name) ?? '',
      uuid: u,
      type: str(r.type) || 'system',
      ofport: num(r.ofport),
      mac: str(r.mac_in_use),
      adminState: str(r.admin_state),
      linkState: str(r.link_state),
      error: str(r.error),
      externalIds: strMap(r.external_ids),
    };
  };
  const port = (u: string): OvsPort | null => {
    const r = rows('Port').get(u);
    if (!r) return null;
    return {
      name: str(r.name) ?? '',
      uuid: u,
      tag: num(r.tag),
      externalIds: strMap(r.external_ids),
      interfaces: ids(r.interfaces).map(iface).filter((x): x is OvsInterface => !!x).sort(byName),
    };
  };
  const root = [...rows('Open_vSwitch').values()][0] ?? {};
  // Bridges not referenced from the root row are garbage-collected by OVSDB; follow the root like vswitchd does.
  const bridges: OvsBridge[] = ids(root.bridges)
    .map((u) => {
      const r = rows('Bridge').get(u);
      if (!r) return null;
      const dpid = str(r.datapath_id);
      return {
        name: str(r.name) ?? '',
        uuid: u,
        datapathType: str(r.datapath_type) || 'system',
        datapathId: dpid,
        datapathExists: !!dpid,
        failMode: str(r.fail_mode),
        controller: targets(ids(r.controller), 'Controller'),
        externalIds: strMap(r.external_ids),
        ports: ids(r.ports).map(port).filter((x): x is OvsPort => !!x).sort(byName),
      };
    })
    .filter((b): b is OvsBridge => !!b)
    .sort(byName);
  return {
    source,
    ovsVersion: str(root.ovs_version),
    dbVersion: str(root.db_version),
    schemaVersion,
    managers: targets(ids(root.manager_options), 'Manager'),
    nextCfg: num(root.next_cfg) ?? 0,
    curCfg: num(root.cur_cfg) ?? 0,
    bridges,
  };
}

function decodeTables(raw: Record<string, Iterable<Record<string, unknown>>>, schema: DatabaseSchema): Tables {
  const out: Tables = {};
  for (const [table, rows] of Object.entries(raw)) {
    const m: Rows = new Map();
    for (const r of rows) {
      const d = decodeRow(r, schema.tables[table]);
      m.set(String(d._uuid), d);
    }
    out[table] = m;
  }
  return out;
}

function sourceOf(client: OvsdbClient): OvsState['source'] {
  return { target: formatTarget(client.target), host: hostname() };
}

/** One consistent snapshot (a single transaction over all six tables). */
export async function readOvsState(client: OvsdbClient): Promise<OvsState> {
  const schema = await client.getSchema(OVS_DB);
  const raw = await client.selectAll(OVS_DB, OVS_COLUMNS);
  return buildOvsState(decodeTables(raw, schema), sourceOf(client), schema.version ?? null);
}

export interface OvsWatch {
  initial: OvsState;
  cancel(): Promise<void>;
}

let watchSeq = 0;

/**
 * Live state through an OVSDB monitor: `onChange` gets a fresh snapshot after every
 * committed change (one per transaction — ovs-vsctl's batched `--` commands arrive as
 * one update). The end of the connection is the caller's to hear via client.onClose.
 */
export async function watchOvs(client: OvsdbClient, onChange: (state: OvsState) => void): Promise<OvsWatch> {
  const schema = await client.getSchema(OVS_DB);
  const monitorId = `plugsmith-${process.pid}-${++watchSeq}`;
  const requests = Object.fromEntries(Object.entries(OVS_COLUMNS).map(([t, columns]) => [t, { columns }]));
  const snapshot = (cache: TableCache) => {
    const raw: Record<string, Iterable<Record<string, unknown>>> = {};
    for (const [t, rows] of cache) raw[t] = rows.values();
    return buildOvsState(decodeTables(raw, schema), sourceOf(client), schema.version ?? null);
  };
  const off = client.onUpdate((id) => {
    if (id !== monitorId) return;
    const cache = client.cache(monitorId);
    if (cache) onChange(snapshot(cache));
  });
  let cache: TableCache;
  try {
    cache = await client.monitor(OVS_DB, monitorId, requests);
  } catch (err) {
    off();
    throw err;
  }
  return {
    initial: snapshot(cache),
    cancel: async () => {
      off();
      await client.monitorCancel(monitorId);
    },
  };
}

/**
 * The typed status a check or a topology source reports: never a false pass or fail.
 * not running / broken protocol → error (with its code); a socket we may not open → skipped.
 */
export type OvsProbe =
  | { status: 'ok'; state: OvsState; ms: number }
  | { status: 'skipped'; reason: string; error: ErrorEnvelope }
  | { status: 'error'; error: ErrorEnvelope };

export async function probeOvs(target: string = DEFAULT_OVSDB_SOCKET, opts: { timeoutMs?: number } = {}): Promise<OvsProbe> {
  const t0 = Date.now();
  let client: OvsdbClient | null = null;
  try {
    client = await OvsdbClient.connect(target, { connectTimeoutMs: opts.timeoutMs, callTimeoutMs: opts.timeoutMs });
    const state = await readOvsState(client);
    return { status: 'ok', state, ms: Date.now() - t0 };
  } catch (err) {
    const error = toEnvelope(err);
    if (err instanceof PlugsmithError && err.code === 'ovs/needs-root') return { status: 'skipped', reason: 'needs root', error };
    return { status: 'error', error };
  } finally {
    client?.close();
  }
}
