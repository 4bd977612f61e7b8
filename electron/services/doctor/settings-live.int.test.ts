/**
 * The ovsdbSocket and engineLogPath settings take effect without a restart, through the real
 * services (createServices, as serve and the app make them): a live topology moves its OVSDB
 * monitor to the new socket at once, and the doctor's next re-run reads the new socket and the
 * new engine log file. Real Open vSwitch (userspace, its own folder) and the tests' dockerd.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SKIP_REASON, testEngineHost } from '../docker/testing/harness';
import { createServices, type Services } from '../index';
import type { DoctorReport, TopologyModel } from '../../ipc/types';
import { ovsSkipReason, startOvs, type StartedOvs } from '../../../scripts/test-env/ovs.mjs';

const host = testEngineHost();
const skip = !host ? SKIP_REASON : ovsSkipReason();

describe.skipIf(!!skip)(`settings that apply live: ovsdbSocket, engineLogPath${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let ovs: StartedOvs;
  let home: string;
  let services: Services;
  let latest: TopologyModel | null = null;
  let off: () => void = () => undefined;

  beforeAll(async () => {
    ovs = await startOvs({ netns: false });
    await ovs.vsctl(['--may-exist', 'add-br', 'psdLiveBr', '--', 'set', 'bridge', 'psdLiveBr', 'datapath_type=netdev']);
    home = mkdtempSync(join(tmpdir(), 'psd-live-settings-'));
    // No PLUGSMITH_OVSDB here: the setting is what decides.
    services = await createServices({ env: { DOCKER_HOST: host!, PLUGSMITH_HOME: home } });
  }, 60_000);

  afterAll(async () => {
    off();
    services?.close();
    await ovs?.stop();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  const ovsSource = () => latest?.sources.find((s) => s.source === 'ovs');
  async function until(what: string, ok: () => boolean, ms = 10_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!ok()) {
      if (Date.now() > deadline) throw new Error(`not within ${ms} ms: ${what}; ovs source now ${JSON.stringify(ovsSource())}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const recheck = async (id: string) => {
    const { jobId } = await services.handlers['doctor:run']({ checks: [id as never] });
    const job = await services.jobs.wait(jobId);
    return (job.result as DoctorReport).checks;
  };

  it('a live topology follows a changed ovsdbSocket at once (no restart, no backoff wait)', async () => {
    await services.settings.update({ ovsdbSocket: join(home, 'nothing-here.sock') });
    off = services.events.subscribe('topology', {}, 0, (e) => (latest = e.data as TopologyModel));
    await until('OVS unreachable at the bad socket', () => !!ovsSource() && ovsSource()!.state !== 'ok' && (ovsSource()!.target ?? '').includes('nothing-here'));
    // Let the loop back off to its cap (retries at ~1, 3, 7, 15, 30, 45 s), so "at once" cannot be the retry
    // timer's doing: from 16 s the next retry is ~14 s away. The bound below sits halfway, so a slow reconnect
    // on a loaded machine has seconds to spare and the retry timer still cannot be what satisfied it.
    await new Promise((r) => setTimeout(r, 16_000));
    const t0 = Date.now();
    await services.settings.update({ ovsdbSocket: ovs.dbSock });
    await until('OVS ok at the real socket', () => ovsSource()?.state === 'ok', 8_000);
    expect(Date.now() - t0).toBeLessThan(8_000);
    expect(latest!.nodes.some((n) => n.kind === 'ovs-bridge' && n.label === 'psdLiveBr')).toBe(true);
    // And back to a bad one: the live monitor lets go of the old socket.
    await services.settings.update({ ovsdbSocket: join(home, 'gone.sock') });
    await until('OVS unreachable again', () => ovsSource()?.state !== 'ok');
  }, 60_000);

  it("the doctor's next re-run reads the ovsdbSocket setting, and offers that field when OVS does not answer there", async () => {
    await services.settings.update({ ovsdbSocket: ovs.dbSock });
    const [good] = await recheck('ovs-running');
    expect(good.status).not.toBe('fail');
    expect(good.evidence.join('\n')).toContain(ovs.dbSock);
    await services.settings.update({ ovsdbSocket: join(home, 'gone.sock') });
    const [bad] = await recheck('ovs-running');
    expect(bad.status).toBe('fail');
    expect(bad.action).toMatchObject({ kind: 'open-settings', field: 'ovsdbSocket' });
  }, 60_000);

  it('the engineLogPath setting is the first place the doctor reads the engine log', async () => {
    const log = join(home, 'engine.log');
    writeFileSync(log, 'time="x" level=info msg="nothing about plugins"\n');
    await services.settings.update({ engineLogPath: log });
    const { findEngineLog } = await import('./engine-log');
    const opts = services.doctor.options({});
    const r = await findEngineLog({ setting: opts.engineLog, env: opts.engineLogEnv, socketPath: opts.engine.connection.socketPath });
    expect(r).toMatchObject({ ok: true, source: { via: 'setting', where: log } });
  });
});
