/**
 * Check 14: the engine's own log lines for the plugin (often the only place the cause is written,
 * e.g. "CRITICAL: ENV CONTIV_ROLE must be in [netmaster, netplugin]") and the known error lines in
 * the plugin's log folder, each matched to the check it explains.
 */
import { join } from 'node:path';
import type { EnginePlugin } from '../../docker/plugin-model';
import { hostPathOf, type ContivView } from '../contiv-config';
import { messageOf, pluginLines, readTail, type EngineLogResult } from '../engine-log';
import { pluginOutputOf } from '../plugin-output';
import { matchLine, type MatchedLine } from '../known-lines';
import { DESKTOP_SKIP, REMOTE_SKIP, pass, skip, type CheckDef, type Outcome } from '../types';
import { openSettings } from '../actions';
import type { DoctorFacts } from '../facts';
import { userspaceFact } from './ovs';

export const CONTIV_LOG_FILES = ['plugin_bootup.log', 'netplugin.log', 'netmaster.log', 'ovs-db.log', 'ovs-vswitchd.log'];

export interface SourcedMatch extends MatchedLine {
  /** Where the line was read: `engine log` or a file path. */
  source: string;
}

export interface LogsInput {
  plugin: EnginePlugin;
  engineLog: EngineLogResult;
  /** The plugin's log folder on the host and what its files hold ('' for a missing file). */
  folder: { dir: string; files: Record<string, string | null> } | null;
  /** Known lines that are expected on this host (e.g. the kernel datapath missing where every bridge is userspace and the plugin answers), and why. */
  expected?: { ids: readonly string[]; why: string } | null;
}

/** ovs-vswitchd probes the kernel (system) datapath whatever the bridges use: without the module it says so, and that is harmless on the userspace datapath. */
export const KERNEL_DATAPATH_LINES = ['genl-ovs-datapath', 'system-datapath-missing'] as const;

export function collectMatches(input: LogsInput): { matches: SourcedMatch[]; engineLines: string[]; expected: SourcedMatch[] } {
  const matches: SourcedMatch[] = [];
  const expected: SourcedMatch[] = [];
  const engineLines = input.engineLog.ok ? pluginLines(input.engineLog.source.text, input.plugin.Id) : [];
  const seen = new Set<string>();
  const add = (m: MatchedLine | null, source: string) => {
    if (!m) return;
    const key = `${m.id}|${source}`;
    if (seen.has(key)) return; // one line per known failure per source: a line repeated every 5 s is one fact
    seen.add(key);
    (input.expected?.ids.includes(m.id) ? expected : matches).push({ ...m, source });
  };
  for (const l of engineLines) add(matchLine(messageOf(l)), 'engine log');
  // The engine's own error on the plugin's last enable (not tagged with its id, but naming it).
  const enableError = input.engineLog.ok ? pluginOutputOf(input.engineLog.source.text, input.plugin).enableError : null;
  if (enableError && !input.plugin.Enabled) add(matchLine(enableError), 'engine log');
  for (const [name, text] of Object.entries(input.folder?.files ?? {})) {
    if (!text) continue;
    for (const l of text.split('\n')) add(matchLine(l), join(input.folder!.dir, name));
  }
  return { matches, engineLines, expected };
}

export function evalLogs(input: LogsInput): Outcome {
  const { matches, engineLines, expected } = collectMatches(input);
  const ev: string[] = [];
  if (input.engineLog.ok) {
    ev.push(`engine log: ${input.engineLog.source.where} (${input.engineLog.source.via}), ${engineLines.length} line(s) tagged plugin=${input.plugin.Id.slice(0, 12)}…`);
    // Its own last output whatever the level (a plugin's stdout is logged at info), then what the engine says of its process.
    const out = pluginOutputOf(input.engineLog.source.text, input.plugin, 8);
    for (const l of out.lines) ev.push(`engine: ${l.slice(0, 300)}`);
    if (out.enableError && !input.plugin.Enabled) ev.push(`last enable: ${out.enableError.slice(0, 300)}`);
    if (out.starts) ev.push(`process: ${out.exit}`);
  } else ev.push(`engine log: skipped — ${input.engineLog.reason}`);
  if (input.folder) {
    const present = Object.entries(input.folder.files).filter(([, t]) => t !== null).map(([n]) => n);
    ev.push(`log folder ${input.folder.dir}: ${present.join(', ') || 'no log files'}`);
  } else ev.push('log folder: none (not a Contiv plugin, or its log dir is not bind-mounted)');
  for (const m of matches) ev.push(`[explains ${m.check}] ${m.source}: ${m.line.trim().slice(0, 300)} — ${m.meaning}`);
  for (const m of expected) ev.push(`[expected here: ${input.expected!.why}] ${m.source}: ${m.line.trim().slice(0, 300)}`);
  // The engine's log was not found: only the user knows where this engine writes it.
  const action = !input.engineLog.ok && !/engine is remote/.test(input.engineLog.reason) ? { action: openSettings('engineLogPath') } : {};
  if (matches.length) {
    return { status: 'fail', evidence: ev, why: `Found ${matches.length} known error line(s); each names the check it explains.`, fix: [...new Set(matches.map((m) => m.fix))].join(' '), ...action };
  }
  if (!input.engineLog.ok && !input.folder) return { ...skip(`skipped: no log to read — ${input.engineLog.reason}`, ev.slice(1)), ...action };
  return { ...pass(ev), ...action };
}

/** The end of each Contiv log file (a bounded read, as for the engine's log); null for one that cannot be read. */
export async function readLogFolder(dir: string): Promise<Record<string, string | null>> {
  const out: Record<string, string | null> = {};
  await Promise.all(CONTIV_LOG_FILES.map(async (n) => {
    out[n] = await readTail(join(dir, n), 512 * 1024).catch(() => null);
  }));
  return out;
}

export function logFolderOf(plugin: EnginePlugin, contiv: ContivView | null, override: string | null | undefined): string | null {
  if (override) return override;
  if (!contiv) return null;
  return hostPathOf(plugin, contiv.logDir);
}

/**
 * What the logs check reads (the engine's lines for the plugin, its log folder), once per run:
 * the check evaluates it, and the runner lists the known lines in it under the checks they
 * explain. An Outcome when there is nothing to read.
 */
export function gatherLogs(f: DoctorFacts): Promise<LogsInput | Outcome> {
  return f.shared('logs', async (): Promise<LogsInput | Outcome> => {
    const t = await f.target();
    if (!t.plugin) return skip('skipped: no plugin to examine');
    const mode = await f.hostMode();
    if (mode === 'remote' && !f.opts.engineLog && !f.opts.engineLogEnv) return skip(REMOTE_SKIP);
    if (mode === 'desktop') return skip(DESKTOP_SKIP);
    const dir = logFolderOf(t.plugin, await f.contiv(), f.opts.pluginLogDir);
    const [engineLog, files, userspace] = await Promise.all([f.engineLog(), dir ? readLogFolder(dir) : Promise.resolve(null), userspaceFact(f).catch(() => null)]);
    const expected = userspace?.working ? { ids: KERNEL_DATAPATH_LINES, why: userspace.why } : null;
    return { plugin: t.plugin, engineLog, folder: dir && files ? { dir, files } : null, expected };
  });
}

const isOutcome = (x: LogsInput | Outcome): x is Outcome => 'status' in x;

/** The known lines found in the logs, for the runner to list under the checks they explain. */
export async function logMatchesOf(f: DoctorFacts): Promise<SourcedMatch[]> {
  const input = await gatherLogs(f);
  return isOutcome(input) ? [] : collectMatches(input).matches;
}

export const logChecks: CheckDef[] = [
  {
    id: 'plugin-logs',
    title: "The engine's log lines for the plugin and known errors in its logs",
    group: 'logs',
    why: 'After a failed enable the engine nearly always says only "dial unix …/netplugin.sock: no such file or directory"; the real cause is in these lines.',
    async run(f) {
      const input = await gatherLogs(f);
      return isOutcome(input) ? input : evalLogs(input);
    },
  },
];
