/**
 * The doctor as a service: `run` is a job (progress counts finished checks; result is the
 * DoctorReport), `bundle` runs the doctor and writes the redacted .tar.gz. Same object behind the
 * app, serve mode and the CLI.
 */
import type { Engine } from '../docker/engine';
import type { JobManager } from '../jobs/jobs';
import type { DoctorBundleResult, DoctorReport, JobInfo } from '../../ipc/types';
import { DoctorFacts, type DoctorOptions } from './facts';
import { collectBundle, writeBundle } from './bundle';
import { runDoctor, selectChecks } from './runner';
import { shellQuote } from '../docker/plugin-model';
import { clearPluginLeftover, type LeftoverCleanupResult } from '../docker/containerd-cleanup';

export interface DoctorServiceDeps {
  engine: () => Engine;
  jobs: JobManager;
  /** Options a deployment fixes (engine log file, OVSDB target…); per-run args win. */
  defaults?: () => Partial<DoctorOptions>;
  /** Whether this process may reach containerd (root); default: its uid. */
  isRoot?: () => boolean;
}

export interface DoctorRunArgs {
  plugin?: string;
  netmaster?: string;
  /** Only these checks (a re-run of one); absent: all. */
  checks?: readonly string[];
}

/** A full run and a re-run of some checks are different jobs: a reload picks up the last full report and lays later re-runs over it. */
export const DOCTOR_RUN_KIND = 'doctor:run';
export const DOCTOR_RECHECK_KIND = 'doctor:recheck';
export const DOCTOR_CLEAR_LEFTOVER_KIND = 'doctor:clear-leftover';

export class DoctorService {
  constructor(private readonly deps: DoctorServiceDeps) {}

  options(args: DoctorRunArgs = {}): DoctorOptions {
    // The deployment's defaults (settings, env) under this run's own arguments.
    return { ...this.deps.defaults?.(), engine: this.deps.engine(), plugin: args.plugin ?? null, netmaster: args.netmaster ?? null };
  }

  run(args: DoctorRunArgs = {}): JobInfo {
    // Refuse unknown ids before a job exists: the caller gets the error, not a failed job.
    const defs = selectChecks(args.checks);
    const subset = !!args.checks?.length;
    const flags = [
      args.plugin ? `--plugin ${shellQuote(args.plugin)}` : '',
      args.netmaster ? `--netmaster ${shellQuote(args.netmaster)}` : '',
      subset ? `--check ${defs.map((d) => d.id).join(',')}` : '',
    ].filter(Boolean).join(' ');
    return this.deps.jobs.start<DoctorReport>({
      kind: subset ? DOCTOR_RECHECK_KIND : DOCTOR_RUN_KIND,
      target: args.plugin ?? '',
      title: `Doctor${subset ? ` (${defs.map((d) => d.id).join(', ')})` : ''}${args.plugin ? ` for ${args.plugin}` : ''}`,
      command: `plugsmith doctor${flags ? ` ${flags}` : ''}`,
      run: (ctx) => {
        ctx.progress(0, `0 of ${defs.length} checks`);
        return runDoctor(
          this.options(args),
          (p) => {
            ctx.progress(p.done / p.total, `${p.done} of ${p.total} checks`);
            ctx.log(`${p.last.status.padEnd(4)} ${p.last.id} (${p.last.ms} ms)`);
          },
          ctx.signal,
          args.checks,
        );
      },
    });
  }

  /**
   * The containerd-leftover fix as a job (its twin: the ctr commands it runs). It re-checks
   * everything itself (disabled, made before this engine started) rather than trusting the report.
   */
  clearLeftover(plugin: string): JobInfo {
    const already = this.deps.jobs.running(DOCTOR_CLEAR_LEFTOVER_KIND, plugin);
    if (already) return already;
    const engine = this.deps.engine();
    return this.deps.jobs.start<LeftoverCleanupResult>({
      kind: DOCTOR_CLEAR_LEFTOVER_KIND,
      target: plugin,
      title: `Remove the containerd leftover of ${plugin}`,
      command: `plugsmith doctor --plugin ${shellQuote(plugin)} --check containerd-leftover`,
      run: (ctx) => clearPluginLeftover(plugin, { engine, isRoot: this.deps.isRoot?.() ?? process.getuid?.() === 0, log: (l) => ctx.log(l), signal: ctx.signal }),
    });
  }

  /** Runs the doctor and writes the bundle; the report is in the bundle, not returned. */
  async bundle(path: string, args: DoctorRunArgs = {}, report?: DoctorReport): Promise<DoctorBundleResult> {
    const opts = this.options(args);
    const facts = new DoctorFacts(opts);
    const r = report ?? (await runDoctor(opts, undefined, undefined, null, facts));
    const { entries, redactions } = await collectBundle(opts, r, process.env, facts);
    const bytes = await writeBundle(path, entries);
    return { path, bytes, redactions };
  }
}
