/**
 * The verdict as the Doctor screen shows it after re-runs: each re-run (one check, or a cause and
 * its consequences) came with the service's own verdict over the checks it covered; that replaces
 * what the full run's verdict said about them, and the rest stays. A cause fixed disappears, what
 * still fails because of it stays with it. Pure.
 */
import type { DoctorCause, DoctorCheckResult, DoctorVerdict } from '../../electron/ipc/types';
import { recheckSet } from '../../electron/services/doctor/verdict';

export interface VerdictPatch {
  /** The checks that re-run covered. */
  ids: string[];
  /** The service's verdict of that re-run. */
  verdict: DoctorVerdict;
}

/** What one click on a cause re-runs: the cause and its consequences (the service's own rule). */
export const recheckIds = recheckSet;

const BAD = new Set(['fail', 'warn', 'unknown']);

function applyPatch(v: DoctorVerdict, p: VerdictPatch, checks: DoctorCheckResult[]): DoctorVerdict {
  const covered = new Set(p.ids);
  const status = (id: string) => checks.find((c) => c.id === id)?.status;
  const bad = (id: string) => BAD.has(status(id) ?? '');
  const fresh = p.verdict.causes.filter((c) => covered.has(c.check));
  const listed = (causes: DoctorCause[], id: string) => causes.some((c) => c.check === id || c.consequences.includes(id));
  const out: DoctorCause[] = [];
  let placedFresh = false;
  for (const c of v.causes) {
    // What was not re-run and still fails stays where it was.
    const kept = c.consequences.filter((x) => !covered.has(x) || bad(x));
    if (!covered.has(c.check)) {
      out.push({ ...c, consequences: kept });
      continue;
    }
    // The cause was re-run: the re-run's own ranking of what it covered takes its place.
    const left = kept.filter((x) => !listed(fresh, x));
    if (!placedFresh) {
      for (const f of fresh) out.push({ ...f, consequences: [...f.consequences] });
      placedFresh = true;
    }
    const home = out.find((x) => fresh.some((f) => f.check === x.check));
    if (home) home.consequences.push(...left.filter((x) => !home.consequences.includes(x)));
    else for (const x of left) out.push({ check: x, status: status(x) as DoctorCause['status'], consequences: [] });
  }
  // A check re-run alone that now fails and was listed nowhere: a cause of its own.
  for (const f of fresh) if (!listed(out, f.check)) out.push(f);
  const causes = out.filter((c) => bad(c.check));
  const needs = v.needs ?? [];
  const verdict = causes.some((c) => c.status === 'fail') ? 'failing' : causes.some((c) => c.status === 'unknown') || needs.length ? 'unknown' : 'healthy';
  return { status: verdict, causes, ...(needs.length ? { needs } : {}) };
}

export function mergeVerdict(base: DoctorVerdict | undefined, patches: VerdictPatch[], checks: DoctorCheckResult[]): DoctorVerdict {
  let v: DoctorVerdict = base ?? { status: 'healthy', causes: [] };
  for (const p of patches) v = applyPatch(v, p, checks);
  return v;
}
