/**
 * OpenFlow rules of one bridge, on demand: `ovs-ofctl -O OpenFlow13 dump-flows <bridge>`.
 * OVSDB does not hold flows (they live in ovs-vswitchd), so this one fact comes from the
 * CLI. OpenFlow 1.3 because that is what netplugin's ofnet programs; an OpenFlow 1.0
 * connection would be refused by a bridge restricted to OF1.3.
 */
import { execFile } from 'node:child_process';
import { PlugsmithError } from '../../errors';

export interface FlowRow {
  cookie: string;
  table: number;
  priority: number;
  /** The match as ovs-ofctl prints it, without the priority (e.g. `ip,nw_dst=10.1.1.0/24`); '' matches everything. */
  match: string;
  actions: string;
  nPackets: number;
  nBytes: number;
  /** The line exactly as printed: what a user would paste in a bug report. */
  raw: string;
}

/** The statistics ovs-ofctl prints before the match, separated by ", ". */
const STAT_KEYS = new Set([
  'cookie', 'duration', 'table', 'n_packets', 'n_bytes', 'idle_timeout', 'hard_timeout', 'idle_age', 'hard_age',
  'importance', 'send_flow_rem', 'check_overlap', 'reset_counts', 'no_packet_counts', 'no_byte_counts',
]);
/** OpenFlow's default priority: ovs-ofctl leaves it out of the line when a flow has it. */
const DEFAULT_PRIORITY = 32768;

export function parseFlowLine(line: string): FlowRow | null {
  const raw = line.trim();
  // "actions=" starts a field after a space (", actions=drop" when there is no match);
  // inside the actions it can only follow a comma or a colon, so this finds the real one.
  const m = /(^|\s)actions=/.exec(raw);
  if (!m) return null;
  const left = raw.slice(0, m.index).replace(/,\s*$/, '').trim();
  const actions = raw.slice(m.index + m[0].length);
  const stats: Record<string, string> = {};
  const tokens = left.split(', ').map((t) => t.trim()).filter(Boolean);
  let i = 0;
  for (; i < tokens.length; i++) {
    const t = tokens[i];
    const key = t.split('=')[0];
    if (t.includes(',') || !STAT_KEYS.has(key)) break;
    stats[key] = t.includes('=') ? t.slice(key.length + 1) : 'true';
  }
  const matchFields = tokens.slice(i).join(', ').split(',').map((f) => f.trim()).filter(Boolean);
  let priority = DEFAULT_PRIORITY;
  const rest: string[] = [];
  for (const f of matchFields) {
    if (f.startsWith('priority=')) priority = Number(f.slice('priority='.length));
    else rest.push(f);
  }
  return {
    cookie: stats.cookie ?? '0x0',
    table: Number(stats.table ?? 0),
    priority,
    match: rest.join(','),
    actions,
    nPackets: Number(stats.n_packets ?? 0),
    nBytes: Number(stats.n_bytes ?? 0),
    raw,
  };
}

/** Every flow line of a dump; the "OFPST_FLOW reply" header and blank lines are not flows. */
export function parseFlows(text: string): FlowRow[] {
  return text
    .split('\n')
    .filter((l) => l.trim() && !/^(OFPST_FLOW|NXST_FLOW)/.test(l.trim()))
    .map(parseFlowLine)
    .filter((r): r is FlowRow => !!r);
}

export interface DumpFlowsOptions {
  /** Where ovs-vswitchd keeps `<bridge>.mgmt` (its OVS_RUNDIR); defaults to ovs-ofctl's own (/var/run/openvswitch). */
  rundir?: string;
  timeoutMs?: number;
  binary?: string;
}

/** A bridge name, or an explicit `unix:/…/br.mgmt` target; never something ovs-ofctl would read as an option. */
const BRIDGE_RE = /^(?:unix:\/[\w./-]+|[\w.-]+)$/;

export function dumpFlows(bridge: string, opts: DumpFlowsOptions = {}): Promise<{ flows: FlowRow[]; command: string[] }> {
  if (!BRIDGE_RE.test(bridge) || bridge.startsWith('-')) {
    return Promise.reject(new PlugsmithError('ovs/bad-bridge', `not a bridge name: ${JSON.stringify(bridge)}`));
  }
  const bin = opts.binary ?? 'ovs-ofctl';
  const argv = ['-O', 'OpenFlow13', 'dump-flows', bridge];
  const timeout = opts.timeoutMs ?? 5_000;
  const env = opts.rundir ? { ...process.env, OVS_RUNDIR: opts.rundir } : process.env;
  return new Promise((resolve, reject) => {
    execFile(bin, argv, { timeout, killSignal: 'SIGKILL', env, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) {
        const e = err as NodeJS.ErrnoException & { killed?: boolean; code?: unknown };
        if (e.code === 'ENOENT') return reject(new PlugsmithError('ovs/ofctl-missing', `${bin} is not installed (Debian: openvswitch-common)`, e.message));
        if (e.killed) return reject(new PlugsmithError('ovs/timeout', `${bin} ${argv.join(' ')} did not finish within ${timeout} ms`));
        const first = String(stderr).trim().split('\n')[0] || e.message;
        return reject(new PlugsmithError('ovs/ofctl-failed', first, String(stderr)));
      }
      resolve({ flows: parseFlows(String(stdout)), command: [bin, ...argv] });
    });
  });
}
