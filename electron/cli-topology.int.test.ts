/**
 * `plugsmith topology [--json] [--netmaster URL]` as a user runs it: the CLI bundled the way
 * scripts/build.mjs ships it (dist/cli.cjs, here into a temp folder so it is this tree's code),
 * run as its own process inside the OVS's network namespace (where contivh0 lives), against the
 * tests' dockerd, a userspace OVS with Contiv's shape and the test netmaster (reached there on the
 * same 127.0.0.1 URL through a relay, see netns-forward.ts).
 * What cli.ts documents: --json prints the model (nodes, edges, per-source status); the text form
 * names each source's state first and a summary last; exit 0 while any source was read, 1 when
 * none could be; the netmaster URL from --netmaster, else PLUGSMITH_NETMASTER, else the settings.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removePluginQuietly } from './services/docker/testing/fixtures';
import { SKIP_REASON, testEngineHost, wire, type Wired } from './services/docker/testing/harness';
import { NetmasterClient } from './services/netmaster/client';
import type { TestNetmaster } from './services/netmaster/testing/test-netmaster';
import type { TopologyModel } from './services/topology/model';
import { enableContivShapedPlugin, startNetmasterWithNet1 } from './services/topology/testing/contiv-bed';
import { forwardIntoNetns, type NetnsForward } from './services/topology/testing/netns-forward';
import { makeContivShape, ovsSkipReason, startOvs, type StartedOvs } from '../scripts/test-env/ovs.mjs';

const host = testEngineHost();
const skip = !host ? SKIP_REASON : ovsSkipReason();
const ROOT = join(__dirname, '..');
/** Port 9 (discard) on the namespace's own loopback: nothing listens, the connection is refused. */
const DEAD = 'http://127.0.0.1:9';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function exec(bin: string, args: string[], env: NodeJS.ProcessEnv, timeout = 90_000): Promise<Run> {
  return new Promise((resolve, reject) =>
    execFile(bin, args, { env, timeout, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      if (err && typeof err.code !== 'number') return reject(new Error(`${bin} ${args.join(' ')}: ${err.message}\n${stderr}`));
      resolve({ code: err ? (err.code as unknown as number) : 0, stdout: String(stdout), stderr: String(stderr) });
    }),
  );
}

describe.skipIf(!!skip)(`plugsmith topology (the built CLI) on real OVS, dockerd and a test netmaster${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let w: Wired;
  let ovs: StartedOvs;
  let nm: TestNetmaster;
  let fw: NetnsForward | null = null;
  let plugin = '';
  let dir = '';
  let cli = '';
  const tenant = `t${Date.now().toString(36)}`;

  /** The CLI in the namespace, with only the environment a test gives it (never the shell's DOCKER_HOST). */
  const topology = (args: string[], env: Record<string, string> = {}, home = join(dir, 'home')): Promise<Run> =>
    exec('ip', ['netns', 'exec', ovs.netns!, process.execPath, cli, 'topology', ...args], {
      PATH: process.env.PATH,
      PLUGSMITH_HOME: home,
      DOCKER_HOST: host!,
      PLUGSMITH_OVSDB: ovs.dbSock,
      ...env,
    });
  const json = (r: Run): TopologyModel => {
    expect(r.stderr, 'nothing on stderr').toBe('');
    try {
      return JSON.parse(r.stdout) as TopologyModel;
    } catch (err) {
      throw new Error(`--json printed no JSON (${(err as Error).message}):\n${r.stdout}\n${r.stderr}`);
    }
  };
  const state = (m: TopologyModel, s: string) => m.sources.find((x) => x.source === s);
  /** The text form's per-source row: `SOURCE  STATE  TARGET  DETAIL`. */
  const sourceRow = (out: string, s: string) => out.split('\n').find((l) => l.startsWith(`${s} `))?.split(/\s{2,}/);

  beforeAll(async () => {
    w = wire(host!);
    dir = mkdtempSync(join(tmpdir(), 'plugsmith-cli-topo-'));
    // The CLI exactly as it ships (esbuild bundle, optional natives left out), from this tree.
    const built = await exec(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), '--only', 'cli', '--outdir', join(dir, 'dist')], { PATH: process.env.PATH }, 120_000);
    if (built.code !== 0) throw new Error(`building the CLI failed:\n${built.stdout}\n${built.stderr}`);
    cli = join(dir, 'dist', 'cli.cjs');
    ovs = await startOvs({ netns: true });
    await makeContivShape(ovs.dbSock, { netns: ovs.netns });
    plugin = await enableContivShapedPlugin(w.engine, 'cli-topo');
    nm = await startNetmasterWithNet1(w.engine, plugin, tenant, '10.205.1');
    fw = await forwardIntoNetns(ovs.netns!, nm.port);
  }, 240_000);

  afterAll(async () => {
    await fw?.close().catch(() => undefined);
    if (nm) {
      await new NetmasterClient({ url: nm.url }).delete('networks', `${tenant}:net1`).catch(() => undefined);
      await nm.close();
    }
    if (plugin) await removePluginQuietly(w.engine, plugin);
    await ovs?.stop({ remove: true });
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  it('--json prints the merged model: nodes, edges and every source’s status', async () => {
    const r = await topology(['--json', '--netmaster', nm.url]);
    expect(r.code, r.stderr).toBe(0);
    const m = json(r);
    expect(m.sources.map((s) => [s.source, s.state])).toEqual([
      ['host', 'ok'],
      ['ovs', 'ok'],
      ['docker', 'ok'],
      ['netmaster', 'ok'],
    ]);
    expect(state(m, 'netmaster')?.target).toBe(nm.url);
    expect(state(m, 'docker')?.target).toBe(host);
    expect(m.reason).toBe('plugsmith topology');
    // Run inside the namespace: this machine's contivh0 is the one OVS made, with Contiv's address.
    const hostNode = m.nodes.find((n) => n.kind === 'host')!;
    const contivh0 = m.nodes.find((n) => n.id === `if:${hostNode.label}:contivh0`);
    expect(contivh0).toMatchObject({ status: 'ok', detail: expect.stringContaining('172.19.255.254/16') });
    const ids = new Set(m.nodes.map((n) => n.id));
    for (const id of [`docker-net:net1/${tenant}`, `contiv-net:${tenant}:net1`, `tenant:${tenant}`, `plugin:${plugin}`, 'ovs-br:contivVxlanBridge', 'ovs-port:contivVxlanBridge:contivh0']) expect(ids, id).toContain(id);
    const edge = (a: string, b: string) => m.edges.find((e) => e.source === a && e.target === b);
    expect(edge(`docker-net:net1/${tenant}`, `contiv-net:${tenant}:net1`)?.kind).toBe('same');
    expect(edge(`if:${hostNode.label}:contivh0`, 'ovs-port:contivVxlanBridge:contivh0')?.kind).toBe('same');
    // Every edge joins two printed nodes.
    for (const e of m.edges) expect(ids.has(e.source) && ids.has(e.target), e.id).toBe(true);
  }, 120_000);

  it('the text form names each source’s state, lists every node and edge, and sums up', async () => {
    const [text, asJson] = [await topology([], { PLUGSMITH_NETMASTER: nm.url }), await topology(['--json'], { PLUGSMITH_NETMASTER: nm.url })];
    expect(text.code, text.stderr).toBe(0);
    const out = text.stdout;
    expect(out.split('\n')[0]).toMatch(/^SOURCE\s+STATE\s+TARGET\s+DETAIL$/);
    for (const s of ['host', 'ovs', 'docker', 'netmaster']) expect(sourceRow(out, s)?.[1], `${s} row:\n${out}`).toBe('ok');
    expect(sourceRow(out, 'netmaster')?.[2]).toBe(nm.url);
    const m = json(asJson);
    expect(out).toMatch(new RegExp(`\\n${m.nodes.length} nodes, ${m.edges.length} edges; 4 of 4 sources ok\\n$`));
    for (const n of m.nodes) expect(out, n.id).toContain(` ${n.id} `);
    expect(out).toMatch(new RegExp(`same\\s+docker-net:net1/${tenant}\\s+contiv-net:${tenant}:net1\\s+name <net>/<tenant>`));
  }, 120_000);

  it('an unreachable netmaster is one source down: its line says so, the rest prints, exit 0', async () => {
    const r = await topology(['--netmaster', DEAD]);
    expect(r.code, r.stderr).toBe(0);
    const row = sourceRow(r.stdout, 'netmaster')!;
    expect(row[1]).toBe('unreachable');
    expect(row[2]).toBe(DEAD);
    expect(row[3]).toMatch(/127\.0\.0\.1:9/);
    expect(r.stdout).toMatch(/; 3 of 4 sources ok\n$/);
    expect(r.stdout).toContain(`docker-net:net1/${tenant}`);
    expect(r.stdout).not.toContain(`contiv-net:${tenant}:net1`);
    const m = json(await topology(['--json', '--netmaster', DEAD]));
    expect(state(m, 'netmaster')).toMatchObject({ state: 'unreachable', target: DEAD, error: { code: expect.stringMatching(/^netmaster\//) } });
    expect(state(m, 'docker')?.state).toBe('ok');
  }, 120_000);

  it('exit 1 when no source could be read at all (a remote engine that is down, no OVSDB named, netmaster down)', async () => {
    const r = await topology(['--netmaster', DEAD], { DOCKER_HOST: 'tcp://127.0.0.1:9', PLUGSMITH_OVSDB: '' });
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(1);
    expect(sourceRow(r.stdout, 'docker')?.[1]).toBe('unreachable');
    expect(sourceRow(r.stdout, 'netmaster')?.[1]).toBe('unreachable');
    // This machine's interfaces and OVS are not a remote engine's: skipped, and the line says why.
    expect(sourceRow(r.stdout, 'host')?.slice(1, 2)).toEqual(['skipped']);
    expect(sourceRow(r.stdout, 'ovs')?.[1]).toBe('skipped');
    expect(r.stdout).toMatch(/; 0 of 4 sources ok\n$/);
  }, 120_000);

  it('netmaster URL precedence: --netmaster over PLUGSMITH_NETMASTER over the settings; none named → skipped', async () => {
    const home = join(dir, 'home-settings');
    const withSetting = (url: string) => {
      mkdirSync(join(home, 'config'), { recursive: true });
      writeFileSync(join(home, 'config', 'settings.json'), JSON.stringify({ netmasterUrl: url }));
    };
    const nmState = async (args: string[], env: Record<string, string>, h?: string) => state(json(await topology(['--json', ...args], env, h)), 'netmaster');

    expect(await nmState(['--netmaster', nm.url], { PLUGSMITH_NETMASTER: DEAD })).toMatchObject({ state: 'ok', target: nm.url });
    expect(await nmState(['--netmaster', DEAD], { PLUGSMITH_NETMASTER: nm.url })).toMatchObject({ state: 'unreachable', target: DEAD });
    withSetting(DEAD);
    expect(await nmState([], { PLUGSMITH_NETMASTER: nm.url }, home)).toMatchObject({ state: 'ok', target: nm.url });
    withSetting(nm.url);
    expect(await nmState([], { PLUGSMITH_NETMASTER: DEAD }, home)).toMatchObject({ state: 'unreachable', target: DEAD });
    expect(await nmState([], {}, home)).toMatchObject({ state: 'ok', target: nm.url });
    // Nothing names one (the fixture's env has no netmaster address): skipped, with how to name it.
    const none = await nmState([], {});
    expect(none?.state).toBe('skipped');
    // Every way to name one is said (the Netmaster screen's saved address first since issue 11).
    expect(none?.reason).toMatch(/--netmaster URL/);
    expect(none?.reason).toMatch(/PLUGSMITH_NETMASTER/);
    expect(none?.reason).toMatch(/Netmaster screen/);
  }, 180_000);

  it('OVSDB socket precedence: PLUGSMITH_OVSDB over the OVSDB socket setting, as in the app and the doctor', async () => {
    const home = join(dir, 'home-ovsdb');
    mkdirSync(join(home, 'config'), { recursive: true });
    const deadSock = join(dir, 'no-ovsdb-here.sock');
    const ovsState = async (env: Record<string, string>) => state(json(await topology(['--json'], env, home)), 'ovs');
    // Only the setting names it: the CLI reads OVS through it.
    writeFileSync(join(home, 'config', 'settings.json'), JSON.stringify({ ovsdbSocket: ovs.dbSock }));
    expect(await ovsState({ PLUGSMITH_OVSDB: '' })).toMatchObject({ state: 'ok' });
    // The env override wins over the setting.
    expect((await ovsState({ PLUGSMITH_OVSDB: deadSock }))?.state).not.toBe('ok');
    writeFileSync(join(home, 'config', 'settings.json'), JSON.stringify({ ovsdbSocket: deadSock }));
    expect((await ovsState({ PLUGSMITH_OVSDB: '' }))?.state).not.toBe('ok');
    expect(await ovsState({ PLUGSMITH_OVSDB: ovs.dbSock })).toMatchObject({ state: 'ok' });
  }, 120_000);
});
