/**
 * Issue 15, item 10, for real: dockerd SIGKILLed during an enable (on an engine this test starts
 * for itself, so the kill disturbs nobody) leaves the plugin disabled in the engine while
 * containerd keeps its container and the old plugin process. Then:
 * - every enable fails; Plugsmith says it is that leftover and leads to the doctor, the engine's
 *   words in the detail;
 * - the doctor's containerd-leftover check names the plugin, from containerd's own state, with a
 *   one-click fix and its ctr twin;
 * - the fix (the same function the one-click job runs) removes it, and the plugin enables again;
 *   the check then passes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync } from 'node:fs';
import { startDockerd } from '../../../../scripts/test-env/dockerd.mjs';
import { Engine } from '../../docker/engine';
import type { EnginePlugin } from '../../docker/plugin-model';
import { createFixturePlugin } from '../../docker/testing/fixtures';
import { uniqueName, wire } from '../../docker/testing/harness';
import { containerdSocketOf, killDuringEnable, restartDockerd, stopAndRemove, type TestDockerd } from '../../docker/testing/wreck';
import { pluginContainers } from '../../docker/containerd';
import { clearPluginLeftover } from '../../docker/containerd-cleanup';
import { runDoctor } from '../runner';

const isRoot = process.getuid?.() === 0;

describe.skipIf(!isRoot)('a plugin wrecked by a dockerd killed during its enable (own engine; needs root)', () => {
  let d: TestDockerd;
  let name: string;

  const engineOf = () => new Engine({ dockerHost: d.host, env: {} });
  const inspect = (n = name) => engineOf().request<EnginePlugin>({ method: 'GET', path: `/plugins/${encodeURIComponent(n)}/json` });
  const doctor = () => runDoctor({ engine: engineOf(), plugin: name, checkTimeoutMs: 20_000 }, undefined, undefined, ['containerd-leftover']);

  beforeAll(async () => {
    d = await startDockerd({ dir: mkdtempSync('/tmp/psd-w-') });
    name = (await createFixturePlugin(engineOf(), { name: uniqueName('wreck'), mode: 'ok' })).name;
  });

  afterAll(async () => {
    if (!d) return;
    await stopAndRemove(d);
  });

  it('names the leftover, offers the clean-up that works, and the plugin enables again', async () => {
    const { Id: id } = await inspect();
    // Before any wreck: nothing of it in containerd, nothing to report.
    const clean = await doctor();
    expect(clean.checks[0]).toMatchObject({ id: 'containerd-leftover', status: 'pass' });

    // Kill the engine while containerd runs the plugin's task and the enable has not answered.
    // The window is the engine's 500 ms wait before its first dial; should the enable ever win the
    // race, the round is repeated (bounded) from a disabled plugin.
    let wrecked = false;
    for (let round = 0; round < 3 && !wrecked; round++) {
      const r = await killDuringEnable(d, id, () => engineOf().request({ method: 'POST', path: `/plugins/${encodeURIComponent(name)}/enable`, query: { timeout: 30 }, timeoutMs: 60_000 }));
      d = await restartDockerd(d);
      wrecked = r.landed && !(await inspect()).Enabled;
      if (!wrecked && (await inspect()).Enabled) await engineOf().request({ method: 'POST', path: `/plugins/${encodeURIComponent(name)}/disable`, query: { force: 1 } });
    }
    expect(wrecked, 'a kill landed inside the enable').toBe(true);

    // What the engine left: containerd holds the container under the plugin id, the old process runs.
    const socket = containerdSocketOf(d);
    const held = (await pluginContainers(socket)).find((c) => c.id === id);
    expect(held?.task?.status).toBe('RUNNING');

    // Every enable fails — and Plugsmith says why and where to go, the engine's words in the detail.
    const w = wire(d.host);
    const failed = await w.jobs.wait(w.plugins.enable(name).id);
    expect(failed.state).toBe('failed');
    expect(failed.error?.code).toBe('plugins/containerd-leftover');
    expect(failed.error?.message).toContain('plugsmith doctor --plugin');
    expect(failed.error?.message).toContain('containerd-leftover');
    expect(failed.error?.detail).toMatch(/error creating containerd container: id already in use/);
    expect((await inspect()).Enabled).toBe(false);

    // The doctor names it, from containerd's state and the engine's, with the fix and its twin.
    const r = await doctor();
    const c = r.checks[0];
    expect(c.status).toBe('fail');
    const ev = c.evidence.join('\n');
    expect(ev).toContain(`${name} (id ${id.slice(0, 12)}) is disabled, yet containerd holds a container of that id`);
    expect(ev).toMatch(/its task: pid \d+ RUNNING — the old plugin process still runs/);
    expect(ev).toMatch(/made before this dockerd started/);
    expect(c.action).toMatchObject({ kind: 'clear-leftover', plugin: name });
    expect(c.action?.command).toBe(
      `ctr --address ${socket} --namespace plugins.moby tasks kill --signal SIGKILL ${id} && ctr --address ${socket} --namespace plugins.moby tasks delete ${id} && ctr --address ${socket} --namespace plugins.moby containers delete ${id} && docker plugin enable ${name}`,
    );

    // In a full run it is the cause to fix first: the disabled plugin and its silent socket fold under it.
    const full = await runDoctor({ engine: engineOf(), plugin: name });
    expect(full.verdict.causes[0]).toMatchObject({ check: 'containerd-leftover', status: 'fail' });

    // The one-click fix's job, then the enable it is followed by.
    const done = await clearPluginLeftover(name, { engine: engineOf(), isRoot: true });
    expect(done.nothingLeft).toBe(false);
    expect(done.ran.length).toBeGreaterThan(0);
    // The old process is gone. (Not "containerd holds nothing": the engine, seeing the old task
    // exit, may already be starting the plugin anew in a container of the same id.)
    expect(existsSync(`/proc/${held!.task!.pid}`)).toBe(false);
    const again = await w.jobs.wait(w.plugins.enable(name).id);
    expect(again.error ?? null).toBeNull();
    expect(again.state).toBe('succeeded');
    expect((await inspect()).Enabled).toBe(true);

    // And the check is satisfied.
    expect((await doctor()).checks[0].status).toBe('pass');
  });

  it('refuses to clean an enabled plugin (nothing of a working plugin is touched)', async () => {
    expect((await inspect()).Enabled).toBe(true);
    await expect(clearPluginLeftover(name, { engine: engineOf(), isRoot: true })).rejects.toMatchObject({ code: 'doctor/leftover-enabled' });
  });

  it('without root it cannot look, and says so: never a pass', async () => {
    await engineOf().request({ method: 'POST', path: `/plugins/${encodeURIComponent(name)}/disable`, query: { force: 1 } });
    const r = await runDoctor({ engine: engineOf(), plugin: name, isRoot: false }, undefined, undefined, ['containerd-leftover']);
    expect(r.checks[0].status).toBe('unknown');
    expect(r.checks[0].evidence[0]).toMatch(/needs root: containerd's socket is root-only/);
  });
});
