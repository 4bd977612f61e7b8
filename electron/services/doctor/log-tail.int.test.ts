/**
 * The live log tail on real failures: the Contiv-shaped stand-in plugin on the test's own dockerd,
 * its log folder bind-mounted from a temp folder. Subscribed before the enable, the stream shows
 * the five Contiv files absent, then — when the enable runs the start script on this host with no
 * openvswitch module — the real lines of REAL-FAILURES.md arriving in plugin_bootup.log and in the
 * engine's own log (the plugin's stdout, tagged plugin=<id>), each carrying the check it explains.
 * Also: a remote engine is one clear state (not one per look), a missing plugin says so, and the
 * session ends with its last subscriber.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../docker/engine';
import { removePluginQuietly } from '../docker/testing/fixtures';
import { testEngineHost, uniqueName, SKIP_REASON } from '../docker/testing/harness';
import type { DoctorLogEvent, DoctorLogLine, DoctorLogsState } from '../../ipc/types';
import { LogTailService } from './log-tail-service';
import { createStandin } from './testing/contiv-standin';

const host = testEngineHost();
if (!host) console.warn(`log tail integration skipped: ${SKIP_REASON}`);

async function until(cond: () => boolean, what: string, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** What a subscriber holds after the events so far (as the renderer's store does). */
function collector() {
  const c = { events: [] as { seq: number; e: DoctorLogEvent }[], state: null as DoctorLogsState | null, lines: {} as Record<string, DoctorLogLine[]> };
  const on = (seq: number, e: DoctorLogEvent) => {
    c.events.push({ seq, e });
    if (e.type === 'snapshot') {
      c.state = e.state;
      c.lines = structuredClone(e.lines);
    } else if (e.type === 'state') c.state = e.state;
    else (c.lines[e.source] ??= []).push(...e.lines);
  };
  return { c, on };
}

describe.skipIf(!host)('doctor log tail on the stand-in plugin', () => {
  let engine: Engine;
  let dir: string;
  let name: string;
  const services: LogTailService[] = [];

  beforeAll(async () => {
    engine = new Engine({ dockerHost: host!, env: {} });
    dir = mkdtempSync(join(tmpdir(), 'psd-logtail-'));
    name = await createStandin(engine, { name: uniqueName('contiv-tail'), logDir: dir });
  }, 120_000);

  afterAll(async () => {
    await Promise.all(services.map((s) => s.close()));
    if (engine && name) await removePluginQuietly(engine, name);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const service = (dockerHost: string, plugin?: string) => {
    const e = dockerHost === host ? engine : new Engine({ dockerHost, env: {} });
    const s = new LogTailService({ options: (a) => ({ engine: e, plugin: a.plugin ?? plugin ?? null }), pollMs: 200, resolveMs: 300, batchMs: 20 });
    services.push(s);
    return s;
  };

  it('follows the files and the engine log; the failure lines of a real enable arrive, matched to their checks', async () => {
    const s = service(host!);
    const { c, on } = collector();
    const off = s.subscribe(name, on);
    await until(() => c.state?.mode === 'local', 'the local state');
    expect(c.state!.plugin).toBe(name);
    const files = c.state!.sources.filter((x) => x.kind === 'file');
    expect(files.map((f) => f.path)).toEqual(['plugin_bootup.log', 'netplugin.log', 'netmaster.log', 'ovs-db.log', 'ovs-vswitchd.log'].map((n) => join(dir, n)));
    expect(files.every((f) => f.status === 'absent')).toBe(true);
    expect(c.state!.looked[0]).toBe(`Contiv log folder /var/log/contiv in the plugin → ${dir} on the host`);
    const engineSrc = c.state!.sources.find((x) => x.kind === 'engine')!;
    // The test dockerd writes its standard error to a file: found through /proc/<pid>/fd/2.
    expect(engineSrc).toMatchObject({ status: 'tailing', detail: expect.stringMatching(/standard error/) });

    // The real enable: the start script finds no openvswitch module and says so, then exits.
    const enable = engine.request({ method: 'POST', path: `/plugins/${encodeURIComponent(name)}/enable`, query: { timeout: 5 }, timeoutMs: 60_000 }).catch((err: Error) => err);
    const bootup = join(dir, 'plugin_bootup.log');
    await until(() => (c.lines[bootup] ?? []).some((l) => l.match?.id === 'contiv-kmod-critical'), 'the CRITICAL line in plugin_bootup.log');
    const boot = c.lines[bootup];
    expect(boot[0]).toEqual({ text: 'INFO: Starting contiv netplugin with role netplugin' });
    expect(boot.find((l) => l.text.startsWith('modprobe: FATAL'))?.match).toMatchObject({ id: 'modprobe-not-found', check: 'ovs-kernel-module' });
    expect(boot.find((l) => l.text === 'CRITICAL: Failed to load kernel module openvswitch')?.match?.check).toBe('ovs-kernel-module');
    expect(c.state!.sources.find((x) => x.path === bootup)?.status).toBe('tailing');

    // The same lines reach the engine's log as the plugin's stdout, tagged with its id.
    await until(() => (c.lines.engine ?? []).some((l) => l.match?.id === 'contiv-kmod-critical'), 'the engine log line');
    expect((c.lines.engine ?? []).find((l) => l.match?.id === 'contiv-kmod-critical')!.text).toMatch(/CRITICAL: Failed to load kernel module openvswitch/);

    // Sequence numbers only grow.
    const seqs = c.events.map((x) => x.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));

    // A second subscriber starts with a snapshot holding the lines so far.
    const late = collector();
    const off2 = s.subscribe(name, late.on);
    expect(late.c.events[0].e.type).toBe('snapshot');
    expect(late.c.lines[bootup].map((l) => l.text)).toEqual(c.lines[bootup].map((l) => l.text));
    expect(late.c.events[0].seq).toBeGreaterThan(c.events[c.events.length - 1].seq);
    off2();
    off();
    expect(s.sessionCount).toBe(0);
    const r = await enable;
    expect(r instanceof Error ? r.message : 'enabled').toMatch(/netplugin\.sock|no such file/);
  }, 90_000);

  it('a remote engine: one state saying the logs are on its host, however many looks', async () => {
    const s = service('tcp://127.0.0.1:9');
    const { c, on } = collector();
    const off = s.subscribe(undefined, on);
    await until(() => c.state?.mode === 'remote', 'the remote state', 10_000);
    expect(c.state!.message).toMatch(/The logs are on the engine's host \(tcp:\/\/127\.0\.0\.1:9\)/);
    expect(c.state!.sources).toEqual([]);
    const n = c.events.length;
    await new Promise((r) => setTimeout(r, 1_500)); // five looks at resolveMs 300
    expect(c.events.length).toBe(n);
    off();
  });

  it('a plugin that is not installed: said once, with the engine it asked', async () => {
    const s = service(host!);
    const { c, on } = collector();
    const off = s.subscribe('plugsmith-it/not-installed:latest', on);
    await until(() => c.state?.mode === 'no-plugin', 'the no-plugin state', 10_000);
    expect(c.state!.message).toBe(`No plugin "plugsmith-it/not-installed:latest" is installed on ${host}.`);
    // Refused, not kept: the session ended although its subscriber has not left (issue 15).
    await until(() => s.sessionCount === 0, 'the session to end', 10_000);
    off();
  });

  it('sessions for the same engine share one look at it, however many (issue 15)', async () => {
    const s = service(host!);
    const id = (await engine.request<{ Id: string }>({ method: 'GET', path: `/plugins/${encodeURIComponent(name)}/json` })).Id;
    // Three names for the one plugin: three sessions.
    const subs = [name, id, id.slice(0, 12)].map((n) => {
      const { c, on } = collector();
      return { c, off: s.subscribe(n, on) };
    });
    await until(() => subs.every((x) => x.c.state?.mode === 'local'), 'every session to find the plugin');
    expect(s.sessionCount).toBe(3);
    const before = s.poll.fetches;
    const t0 = Date.now();
    await new Promise((r) => setTimeout(r, 1_500)); // about five looks at resolveMs 300
    const looks = (Date.now() - t0) / 300;
    // Each session looks every resolveMs; one fetch serves them all (not three per look).
    expect(s.poll.fetches - before).toBeLessThanOrEqual(Math.ceil(looks) + 1);
    expect(s.poll.fetches - before).toBeGreaterThan(0);
    subs.forEach((x) => x.off());
  });
});
