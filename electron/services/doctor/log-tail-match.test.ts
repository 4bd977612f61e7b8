/**
 * What the log tail makes of a line: the known lines of REAL-FAILURES.md (as Contiv writes them in
 * its log folder, and as the engine logs a plugin's stdout) carry the check they explain; ordinary
 * lines carry nothing; every check a known line names is a check the doctor has. And which files
 * are followed for a plugin: Contiv's five through its log folder's mount, a generic plugin's log
 * mounts (folders listed, files taken as they are), and where it looked when there is nothing.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { EnginePlugin } from '../docker/plugin-model';
import { KNOWN_CONTIV_LINES } from './known-lines';
import { KNOWN_OVS_LINES } from '../host/modules';
import { CHECKS } from './registry';
import { toLogLine } from './log-tail-service';
import { engineLineText } from './log-tail-engine';
import { LOG_DEST, resolveLogFiles } from './log-tail-sources';

const ID = 'f'.repeat(64);

describe('matching tailed lines to checks', () => {
  it.each([
    ['modprobe: FATAL: Module openvswitch not found in directory /lib/modules/6.1.0-18-amd64', 'ovs-kernel-module'],
    ['CRITICAL: Failed to load kernel module openvswitch', 'ovs-kernel-module'],
    ['Load ovs FAILED!!!', 'ovs-kernel-module'],
    ['Incorrect Usage. flag provided but not defined: -cluster-store', 'contiv-plugin'],
    ['time="2026-01-01T00:00:00Z" level=fatal msg="OVS switch vxlan Failed to connect"', 'ovs-bridges'],
    ['time="2026-01-01T00:00:00Z" level=error msg="Failed to connect to etcd. Err: client: etcd cluster is unavailable or misconfigured"', 'cluster-store'],
    ['client: response is invalid json. The endpoint is probably not valid etcd cluster endpoint.', 'cluster-store'],
    ['invalid netplugin forwarding mode: "bridge" (network mode: "vxlan")', 'contiv-plugin'],
    ['vlan-uplinks must be set when using VLAN mode', 'vlan-uplinks'],
  ])('file line %s → %s', (line, check) => {
    const l = toLogLine(line, 'file');
    expect(l.text).toBe(line);
    expect(l.match?.check).toBe(check);
    expect(l.match?.fix.length).toBeGreaterThan(10);
  });

  it('ordinary lines carry no match', () => {
    for (const line of ['INFO: Starting contiv netplugin with role netplugin', 'time="x" level=info msg="docker plugin listening on /run/docker/plugins/netplugin.sock"', '']) {
      expect(toLogLine(line, 'file').match).toBeUndefined();
    }
  });

  it('an engine line is matched on its message and shown as time, level and message', () => {
    const raw = `time="2026-11-27T10:00:00.000000000Z" level=error msg="CRITICAL: ENV CONTIV_ROLE must be in [netmaster, netplugin]" plugin=${ID}`;
    const l = toLogLine(raw, 'engine');
    expect(l.match).toMatchObject({ id: 'contiv-role', check: 'contiv-plugin' });
    expect(l.text).toBe('2026-11-27T10:00:00.000000000Z error: CRITICAL: ENV CONTIV_ROLE must be in [netmaster, netplugin]');
    expect(engineLineText('not a logrus line')).toBe('not a logrus line');
  });

  it('every check a known line names exists in the doctor', () => {
    const ids = new Set(CHECKS.map((c) => c.id));
    for (const k of KNOWN_CONTIV_LINES) expect(ids, k.id).toContain(k.check);
    for (const k of KNOWN_OVS_LINES) expect(ids.has(k.check) || k.check === 'ovs-controller', k.id).toBe(true);
  });
});

describe('which files are followed', () => {
  const root = mkdtempSync(join(tmpdir(), 'psd-logsrc-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const plugin = (over: Partial<EnginePlugin['Config']>, settingsEnv: string[] = [], mounts?: { Source: string; Destination: string }[]): EnginePlugin =>
    ({
      Id: ID,
      Name: 'p:latest',
      Enabled: false,
      Settings: { Env: settingsEnv, Mounts: mounts ?? [], Args: [], Devices: [] },
      Config: { Interface: { Types: ['docker.networkdriver/1.0'], Socket: 'x.sock' }, Env: [], Mounts: [], ...over },
    }) as unknown as EnginePlugin;

  it('Contiv: $CONTIV_LOG_DIR through its mount, the five files, and the set log dir moving it', async () => {
    const host = join(root, 'contiv');
    const p = plugin(
      { Interface: { Types: ['docker.networkdriver/1.0'], Socket: 'netplugin.sock' }, Env: [{ Name: 'CONTIV_ROLE', Value: 'netplugin' }, { Name: 'CONTIV_LOG_DIR', Value: '/var/log/contiv' }] } as never,
      ['CONTIV_LOG_DIR=/logs/here'],
      [{ Source: host, Destination: '/logs' }],
    );
    const r = await resolveLogFiles(p);
    expect(r.files.map((f) => f.path)).toEqual(['plugin_bootup.log', 'netplugin.log', 'netmaster.log', 'ovs-db.log', 'ovs-vswitchd.log'].map((n) => join(host, 'here', n)));
    expect(r.files[1].label).toBe('/logs/here/netplugin.log');
    expect(r.looked[0]).toBe(`Contiv log folder /logs/here in the plugin → ${join(host, 'here')} on the host`);
  });

  it('Contiv without a mount over its log dir: says only the plugin can read it', async () => {
    const p = plugin({ Interface: { Types: ['docker.networkdriver/1.0'], Socket: 'netplugin.sock' }, Env: [{ Name: 'CONTIV_ROLE', Value: 'netplugin' }] } as never);
    const r = await resolveLogFiles(p);
    expect(r.files).toEqual([]);
    expect(r.looked.join('\n')).toMatch(/\/var\/log\/contiv: no bind mount of the plugin covers it/);
  });

  it('any plugin: log folders listed (rotated copies left out), a log file mount taken as it is, missing sources said', async () => {
    const logs = join(root, 'generic-logs');
    mkdirSync(logs);
    for (const n of ['app.log', 'app.log.1', 'errors.txt', 'data.bin']) writeFileSync(join(logs, n), 'x\n');
    // The plugin's because its config names them (it is disabled: no start time to go by).
    const named = ['LOG_FILE=/var/log/myplugin/app.log', 'ERRORS=/var/log/myplugin/errors.txt'];
    const single = join(root, 'single.log');
    writeFileSync(single, 'y\n');
    const p = plugin({}, named, [
      { Source: logs, Destination: '/var/log/myplugin' },
      { Source: single, Destination: '/run/out.log' },
      { Source: join(root, 'missing'), Destination: '/logs' },
      { Source: '/etc', Destination: '/etc' },
    ]);
    const r = await resolveLogFiles(p);
    expect(r.files.map((f) => [f.label, f.path])).toEqual([
      ['/run/out.log', single],
      ['/var/log/myplugin/app.log', join(logs, 'app.log')],
      ['/var/log/myplugin/errors.txt', join(logs, 'errors.txt')],
    ]);
    expect(r.looked.join('\n')).toContain(`mount /logs ← ${join(root, 'missing')}: ENOENT`);
    expect(r.looked.join('\n')).not.toContain('/etc');
  });

  it('a plugin mounting the host’s /var/log: only its files — named by its config, after it, by Contiv, or written since it started — never alternatives.log', async () => {
    const varlog = join(root, 'varlog');
    mkdirSync(varlog);
    const sockets = join(root, 'sockets');
    mkdirSync(join(sockets, ID), { recursive: true });
    const started = new Date('2026-01-02T00:00:00Z');
    utimesSync(join(sockets, ID), started, started);
    const before = new Date('2026-01-01T00:00:00Z');
    const after = new Date(Date.now());
    const files: [string, Date][] = [
      ['alternatives.log', before],
      ['dpkg.log', before],
      ['agent.log', before], // named by its config
      ['netdriver-debug.log', before], // named after the plugin
      ['netplugin.log', before], // Contiv's own
      ['fresh.log', after], // written since it started
    ];
    for (const [n, t] of files) {
      writeFileSync(join(varlog, n), 'x\n');
      utimesSync(join(varlog, n), t, t);
    }
    const p = { ...plugin({ Env: [{ Name: 'AGENT_LOG', Value: '/var/log/agent.log' }] } as never, [], [{ Source: varlog, Destination: '/var/log' }]), Name: 'example/netdriver:1.0', Enabled: true };
    const r = await resolveLogFiles(p as EnginePlugin, undefined, sockets);
    expect(r.files.map((f) => f.label)).toEqual(['/var/log/agent.log', '/var/log/fresh.log', '/var/log/netdriver-debug.log', '/var/log/netplugin.log']);
    expect(r.files.some((f) => f.path.endsWith('alternatives.log'))).toBe(false);
    // Where it looked says what it left out, and why.
    expect(r.looked.join('\n')).toMatch(/left out, not the plugin's .*not written since it started \(2026-01-02T00:00:00.000Z\).*: alternatives\.log, dpkg\.log/);
    // Disabled, its start time is not known: names alone decide (fresh.log is out).
    const off = await resolveLogFiles({ ...p, Enabled: false } as EnginePlugin, undefined, sockets);
    expect(off.files.map((f) => f.label)).toEqual(['/var/log/agent.log', '/var/log/netdriver-debug.log', '/var/log/netplugin.log']);
    // A folder the user set as the log folder is theirs to vouch for: all its log files.
    const set = await resolveLogFiles({ ...p, Mounts: [] } as unknown as EnginePlugin, varlog, sockets);
    expect(set.files.map((f) => basename(f.path))).toEqual(expect.arrayContaining(['alternatives.log', 'dpkg.log']));
  });

  it('nothing that looks like a log: says what it looked for', async () => {
    const r = await resolveLogFiles(plugin({}, [], [{ Source: '/etc', Destination: '/etc' }]));
    expect(r.files).toEqual([]);
    expect(r.looked).toEqual(['p:latest: no bind mount looks like a log folder (a destination under /var/log, …/log or …/logs, or a *.log file)']);
    expect(LOG_DEST.test('/var/log')).toBe(true);
    expect(LOG_DEST.test('/catalog')).toBe(false);
  });
});
