/** The real services wired to a test engine, plus the build service. Test helper only. */
import { wire, type Wired } from '../../docker/testing/harness';
import { BuildService } from '../pipeline';
import { Janitor } from '../cleanup';
import type { JobInfo } from '../../../ipc/types';

export interface BuildWired extends Wired {
  build: BuildService;
  /** Runs a build job to its end; returns the final job info and its log lines. */
  run(job: JobInfo): Promise<{ job: JobInfo; log: string[] }>;
}

export function wireBuild(host: string, opts: { env?: NodeJS.ProcessEnv; enableTimeoutSeconds?: number } = {}): BuildWired {
  const w = wire(host, opts.enableTimeoutSeconds ?? 15);
  const build = new BuildService({ engine: () => w.engine, jobs: w.jobs, plugins: w.plugins, janitor: new Janitor(500), env: opts.env ?? {} });
  return {
    ...w,
    build,
    async run(job) {
      const log: string[] = [];
      const unsub = w.hub.subscribe<import('../../../ipc/types').JobEvent>('job', job.id, 0, (e) => {
        if (e.data.type === 'log') log.push(e.data.line);
      });
      const done = await w.jobs.wait(job.id);
      unsub();
      return { job: done, log };
    },
  };
}
