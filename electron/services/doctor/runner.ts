/**
 * Runs every check in parallel, each bounded (a hung netmaster or etcd is a failed check after the
 * limit, never a hung run), reports progress as checks finish, and afterwards lists each known log
 * line under the check it explains. A check that throws is a failure with the error as evidence.
 */
import { PlugsmithError, toEnvelope } from '../errors';
import type { DoctorCheckResult, DoctorReport } from '../../ipc/types';
import { DoctorFacts, type DoctorOptions } from './facts';
import { CHECKS } from './registry';
import type { CheckDef, Outcome } from './types';
import { logMatchesOf, type SourcedMatch } from './checks/logs';
import { verdictOf, type VerdictEvidence } from './verdict';
import { gatherVerdictEvidence } from './verdict-evidence';

export const CHECK_TIMEOUT_MS = 5_000;

export interface RunProgress {
  done: number;
  total: number;
  last: DoctorCheckResult;
}

export async function bounded(def: CheckDef, facts: DoctorFacts, limitMs: number, outer?: AbortSignal): Promise<Outcome> {
  const ctl = new AbortController();
  const onAbort = () => ctl.abort();
  outer?.addEventListener('abort', onAbort);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Outcome>((resolve) => {
    timer = setTimeout(() => {
      ctl.abort();
      resolve({
        status: 'fail',
        evidence: [`no answer within ${limitMs / 1000} s: something this check waits on is hung`],
        fix: 'Look at the services this check reads (named in its title); a hung netmaster usually waits on its cluster store.',
      });
    }, limitMs);
  });
  try {
    return await Promise.race([def.run(facts, ctl.signal), timeout]);
  } catch (err) {
    const e = toEnvelope(err);
    return { status: 'fail', evidence: [`${e.code}: ${e.message}`], fix: 'Fix what the error says; the engine check tells whether the engine itself answers.' };
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', onAbort);
  }
}

/**
 * Which checks a run runs: all, or the ones asked for (a re-run of one check), in the issue's
 * order. An unknown id is refused rather than silently running nothing.
 */
export function selectChecks(only?: readonly string[] | null): readonly CheckDef[] {
  if (!only?.length) return CHECKS;
  const unknown = only.filter((id) => !CHECKS.some((c) => c.id === id));
  if (unknown.length) throw new PlugsmithError('doctor/unknown-check', `unknown doctor check: ${unknown.join(', ')}`, `known checks: ${CHECKS.map((c) => c.id).join(', ')}`);
  return CHECKS.filter((c) => only.includes(c.id));
}

/** `facts`: pass one to read the same facts afterwards (the bundle) without asking every source again. */
export async function runDoctor(
  opts: DoctorOptions,
  onProgress?: (p: RunProgress) => void,
  signal?: AbortSignal,
  only?: readonly string[] | null,
  facts = new DoctorFacts(opts),
): Promise<DoctorReport> {
  const startedAt = new Date();
  const limit = opts.checkTimeoutMs ?? CHECK_TIMEOUT_MS;
  const defs = selectChecks(only);
  let done = 0;
  // The known log lines, listed afterwards under the checks they explain — in a re-run without
  // the logs check too, so a re-run of one check reads like it does in a full run. Read once per
  // run (gatherLogs is shared with the logs check), bounded like a check: a hung read leaves them out.
  let logMatches: SourcedMatch[] = [];
  const scanLogs = bounded({ id: 'plugin-logs', title: '', group: 'logs', why: '', run: async (f) => ((logMatches = await logMatchesOf(f)), { status: 'pass', evidence: [], fix: '' }) }, facts, limit, signal);
  const checks = await Promise.all(
    defs.map(async (def) => {
      const t0 = performance.now();
      const o = await bounded(def, facts, limit, signal);
      const result: DoctorCheckResult = {
        id: def.id,
        title: def.title,
        group: def.group,
        status: o.status,
        evidence: o.evidence,
        why: o.why ?? def.why,
        fix: o.fix,
        ...(o.command ? { command: o.command } : {}),
        ...(o.action ? { action: o.action } : {}),
        ...(o.cantTell?.length ? { cantTell: o.cantTell } : {}),
        ms: Math.round(performance.now() - t0),
      };
      onProgress?.({ done: ++done, total: defs.length, last: result });
      return result;
    }),
  );
  await scanLogs;
  for (const m of logMatches) {
    const c = checks.find((x) => x.id === m.check);
    if (c) c.evidence.push(`log (${m.source}): ${m.line.trim().slice(0, 300)}`);
  }
  const target = await facts.target().catch(() => null);
  const verdict = verdictOf(checks, await verdictEvidence(facts, checks, logMatches, limit, signal));
  // The verdict first: the report (JSON, bundle) leads with it.
  return { verdict, checks, host: opts.engine.host, plugin: target?.plugin?.Name ?? null, startedAt: startedAt.toISOString(), ms: Date.now() - startedAt.getTime() };
}

/**
 * The verdict's evidence, bounded like a check (its facts are the run's, already read, but a
 * re-run of one check may need one more): past the bound the verdict ranks with what it has and
 * says what it could not read.
 */
async function verdictEvidence(facts: DoctorFacts, checks: DoctorCheckResult[], matches: SourcedMatch[], limit: number, signal?: AbortSignal): Promise<VerdictEvidence> {
  let ev: VerdictEvidence | null = null;
  const o = await bounded(
    { id: 'verdict', title: '', group: 'engine', why: '', run: async (f) => ((ev = await gatherVerdictEvidence(f, checks, matches)), { status: 'pass', evidence: [], fix: '' }) },
    facts,
    limit,
    signal,
  );
  return ev ?? { plugin: null, ovsWhere: 'unknown', ovsWhereWhy: 'not read', scriptNeedsModule: null, logExplains: [...new Set(matches.map((m) => m.check))], needs: [`the evidence the ranking needs: ${o.evidence[0] ?? 'not read'}`] };
}

const RANK = { fail: 0, warn: 1, unknown: 2, pass: 3, skip: 4 } as const;

/** Failures first, then warnings, can't-tells, passes, skips; the order within each. */
export function sortForDisplay(checks: DoctorCheckResult[]): DoctorCheckResult[] {
  return [...checks].sort((a, b) => RANK[a.status] - RANK[b.status]);
}
