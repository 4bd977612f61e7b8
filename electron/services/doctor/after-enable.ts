/**
 * Right after a failed enable, for every plugin: its own last output (the engine-log lines tagged
 * with its id), what the log says of its process ending, and the doctor's ranked cause — so the
 * CLI does not stop at `engine/http-500` and the dial error. One doctor run on that plugin; the
 * text is what `plugsmith plugins enable NAME` prints after the failure.
 */
import type { DoctorReport } from '../../ipc/types';
import { DoctorFacts, type DoctorOptions } from './facts';
import { pluginOutputOf, type PluginOutput } from './plugin-output';
import { runDoctor } from './runner';

export interface FailedEnableExplained {
  plugin: string;
  /** Null when the engine's log could not be read (with why). */
  output: PluginOutput | null;
  logSource: string | null;
  logUnavailable: string | null;
  report: DoctorReport;
}

export async function explainFailedEnable(opts: DoctorOptions): Promise<FailedEnableExplained> {
  const facts = new DoctorFacts(opts);
  const report = await runDoctor(opts, undefined, undefined, null, facts);
  const [t, log] = await Promise.all([facts.target().catch(() => null), facts.engineLog().catch((e: Error) => ({ ok: false as const, reason: e.message }))]);
  const p = t?.plugin ?? null;
  return {
    plugin: p?.Name ?? opts.plugin ?? '',
    output: p && log.ok ? pluginOutputOf(log.source.text, p) : null,
    logSource: log.ok ? `${log.source.where} (${log.source.via})` : null,
    logUnavailable: log.ok ? null : log.reason,
    report,
  };
}

/** The text the CLI prints after the engine's error. */
export function formatFailedEnable(x: FailedEnableExplained): string {
  const out: string[] = [`why ${x.plugin} did not start:`];
  if (x.output) {
    out.push(`  its own last output (${x.output.lines.length} of ${x.output.total} line(s) tagged with its id, engine log ${x.logSource}):`);
    if (x.output.lines.length) for (const l of x.output.lines.slice(-12)) out.push(`    | ${l}`);
    else out.push('    (none: it wrote nothing before it ended, or never started)');
    out.push(`  exit: ${x.output.exit}`);
  } else out.push(`  its own output: can't tell, because ${x.logUnavailable ?? 'the engine log was not read'} (set the engineLogPath setting or PLUGSMITH_ENGINE_LOG)`);
  const v = x.report.verdict;
  const cause = v.causes[0];
  if (!cause) {
    out.push(v.status === 'unknown' ? `  cause: can't tell — ${(v.needs ?? []).join('; ') || 'the doctor lacks what it needs'}` : '  cause: the doctor finds nothing failing now (it may have come up on its own: re-inspect)');
  } else {
    const c = x.report.checks.find((k) => k.id === cause.check);
    out.push(`  cause: ${cause.check}${c ? ` — ${c.title}` : ''} (${cause.status})`);
    if (cause.why) out.push(`    why first: ${cause.why}`);
    for (const e of (c?.evidence ?? []).slice(0, 6)) out.push(`    ${e}`);
    if (c?.fix) out.push(`    fix: ${c.fix}`);
    if (c?.command) out.push(`    $ ${c.command}`);
    if (cause.consequences.length) out.push(`    fails only because of it: ${cause.consequences.join(', ')}`);
    for (const other of v.causes.slice(1)) out.push(`  also: ${other.check} (${other.status})`);
  }
  out.push(`  every check: plugsmith doctor --plugin ${x.plugin}`);
  return `${out.join('\n')}\n`;
}
