/**
 * The doctor as a service: `run` is a job (progress counts finished checks; result is the
 * DoctorReport), `bundle` runs the doctor and writes the redacted .tar.gz. Same object behind the
 * app, serve mode and the CLI.
 */
import type { Engine } from '../docker/engine';
import type { JobManager } from '../jobs/jobs';
import type { DoctorBundleResult, DoctorReport, JobInfo } from '../../ipc/types';
import type { DoctorOptions } from './facts';
import { collectBundle, writeBundle } from './bundle';
import { runDoctor } from './runner';
import { CHECKS } from './registry';

export interface DoctorServiceDeps {
  engine: () => Engine;
  jobs: JobManager;
  /** Options a deployment fixes (engine log file, OVSDB target…); per-run args win. */
  defaults?: () => Partial<DoctorOptions>;
}

export interface DoctorRunArgs {
  plugin?: string;
  netmaster?: string;
}

export class DoctorService {
  constructor(private readonly deps: DoctorServiceDeps) {}

  options(args: DoctorRunArgs = {}): DoctorOptions {
    return { ...this.deps.defaults?.(), engine: this.deps.engine(), plugin: args.plugin ?? null, netmaster: args.netmaster ?? null };
  }

  run(args: DoctorRunArgs = {}): JobInfo {
    const flags = [args.plugin ? `--plugin ${args.plugin}` : '', args.netmaster ? `--netmaster ${args.netmaster}` : ''].filter(Boolean).join(' ');
    return this.deps.jobs.start<DoctorReport>({
      kind: 'doctor:run',
      target: args.plugin ?? '',
      title: `Doctor${args.plugin ? ` for ${args.plugin}` : ''}`,
      command: `plugsmith doctor${flags ? ` ${flags}` : ''}`,
      run: (ctx) => {
        ctx.progress(0, `0 of ${CHECKS.length} checks`);
        return runDoctor(
          this.options(args),
          (p) => {
            ctx.progress(p.done / p.total, `${p.done} of ${p.total} checks`);
            ctx.log(`${p.last.status.padEnd(4)} ${p.last.id} (${p.last.ms} ms)`);
          },
          ctx.signal,
        );
      },
    });
  }

  /** Runs the doctor and writes the bundle; the report is in the bundle, not returned. */
  async bundle(path: string, args: DoctorRunArgs = {}, report?: DoctorReport): Promise<DoctorBundleResult> {
    const opts = this.options(args);
    const r = report ?? (await runDoctor(opts));
    const { entries, redactions } = await collectBundle(opts, r);
    const bytes = await writeBundle(path, entries);
    return { path, bytes, redactions };
  }
}
