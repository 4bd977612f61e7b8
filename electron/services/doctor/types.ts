/**
 * The doctor's internal shapes. A check is an id, a title, a group, why it matters, and a
 * `run` that reads what it needs from the shared facts and hands them to a pure evaluator
 * (the evaluators are what the unit tests feed with captured inputs).
 */
import type { DoctorAction, DoctorCheckResult, DoctorStatus } from '../../ipc/types';
import type { DoctorFacts } from './facts';

export type { DoctorAction, DoctorCheckResult, DoctorStatus };

/** What an evaluator decides; the runner adds id, title, group and the time taken. */
export interface Outcome {
  status: DoctorStatus;
  evidence: string[];
  /** Overrides the check's default "why it matters" when the failure has a more precise reason. */
  why?: string;
  fix: string;
  /** The CLI twin of the fix (or of how to see the evidence by hand). */
  command?: string;
  /** A one-click fix, only where it is safe and its outcome known (actions.ts builds them). */
  action?: DoctorAction;
  /** For `unknown`: each thing that could not be verified (also written into the evidence, for the CLI). */
  cantTell?: string[];
}

export type CheckGroup = 'engine' | 'plugin' | 'ovs' | 'host network' | 'cluster' | 'logs';

export interface CheckDef {
  id: string;
  title: string;
  group: CheckGroup;
  why: string;
  run(facts: DoctorFacts, signal: AbortSignal): Promise<Outcome>;
}

export const pass = (evidence: string[], fix = 'Nothing to do.', command?: string): Outcome => ({ status: 'pass', evidence, fix, ...(command ? { command } : {}) });
export const skip = (reason: string, evidence: string[] = []): Outcome => ({ status: 'skip', evidence: [reason, ...evidence], fix: 'Nothing to do here; see the reason.' });
/**
 * Can't tell: the check applies but could not verify what its title promises (no root, a source
 * that does not answer). Never a pass; the fix says how to let it tell.
 */
export const unknown = (reason: string, evidence: string[], fix: string, command?: string): Outcome => ({ status: 'unknown', evidence: [`can't tell: ${reason}`, ...evidence], cantTell: [reason], fix, ...(command ? { command } : {}) });
export const SUDO_FIX = 'Run the doctor as root (`sudo plugsmith doctor`, or Plugsmith started as root): this is root-only.';

/** Host checks describe the machine Plugsmith runs on; with a remote engine or Docker Desktop they do not apply. */
export const REMOTE_SKIP = 'skipped: engine is remote — run plugsmith serve there';
export const DESKTOP_SKIP = 'skipped: Docker Desktop — the plugin, OVS and contivh0 live inside its VM, not on this host';
export const NEEDS_ROOT = 'skipped: needs root';
