import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../docker/engine';
import { EventHub } from '../events/hub';
import { JobManager } from '../jobs/jobs';
import type { DoctorReport } from '../../ipc/types';
import { DoctorService } from './service';
import { CHECK_IDS } from './check-ids';

describe('DoctorService', () => {
  it('runs as a job whose progress counts checks and whose result is the report; an absent engine is a failed check, not a failed job', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'psd-doc-svc-'));
    try {
      const hub = new EventHub();
      const jobs = new JobManager(hub);
      const engine = new Engine({ dockerHost: `unix://${join(dir, 'no-engine.sock')}`, env: {} });
      const svc = new DoctorService({ engine: () => engine, jobs });
      const stages: string[] = [];
      const job = svc.run({ netmaster: '127.0.0.1:1' });
      hub.subscribe('job', job.id, 0, (e) => {
        const d = e.data as { type: string; stage?: string };
        if (d.type === 'progress' && d.stage) stages.push(d.stage);
      });
      const done = await jobs.wait(job.id);
      expect(done.state).toBe('succeeded');
      expect(done.command).toBe('plugsmith doctor --netmaster 127.0.0.1:1');
      const report = done.result as DoctorReport;
      expect(report.checks).toHaveLength(CHECK_IDS.length);
      expect(report.checks.find((c) => c.id === 'engine')?.status).toBe('fail');
      expect(report.checks.find((c) => c.id === 'netmaster')?.status).toBe('fail');
      expect(stages.at(-1)).toBe(`${CHECK_IDS.length} of ${CHECK_IDS.length} checks`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
