import { describe, expect, it } from 'vitest';
import { matchDockerd, messageOf, pluginLines } from './engine-log';
import { matchLine, matchText } from './known-lines';

describe('engine log', () => {
  it('finds the dockerd that serves a socket: named with -H, or the bare one for the default socket', () => {
    const procs = [
      { pid: 10, argv: ['/usr/sbin/dockerd', '-H', 'fd://', '--containerd=/run/containerd/containerd.sock'] },
      { pid: 20, argv: ['/usr/sbin/dockerd', '-H', 'unix:///tmp/psd-doc/docker.sock', '--data-root', '/tmp/psd-doc/data'] },
      { pid: 30, argv: ['/usr/bin/dockerd'] },
    ];
    expect(matchDockerd(procs, '/tmp/psd-doc/docker.sock')).toBe(20);
    expect(matchDockerd(procs, '/var/run/docker.sock')).toBe(30);
    expect(matchDockerd(procs, '/tmp/other.sock')).toBeNull();
  });
  it("keeps only the plugin's tagged lines and unescapes logrus messages", () => {
    const id = 'f'.repeat(64);
    const text = `time="t" level=info msg="CRITICAL: ENV CONTIV_ROLE must be in [netmaster, netplugin]" plugin=${id}\ntime="t" level=info msg="other"`;
    expect(pluginLines(text, id)).toHaveLength(1);
    expect(messageOf('level=error msg="say \\"hi\\"" plugin=x')).toBe('say "hi"');
  });
});

describe('known lines (REAL-FAILURES.md) → the check they explain', () => {
  const cases: [string, string][] = [
    ['CRITICAL: ENV CONTIV_ROLE must be in [netmaster, netplugin]', 'contiv-plugin'],
    ['modprobe: FATAL: Module openvswitch not found in directory /lib/modules/6.1.0-13-amd64', 'ovs-kernel-module'],
    ['CRITICAL: Failed to load kernel module openvswitch', 'ovs-kernel-module'],
    ['Load ovs FAILED!!!', 'ovs-kernel-module'],
    ['Incorrect Usage. flag provided but not defined: -cluster-store', 'contiv-plugin'],
    ['time="x" level=fatal msg="OVS switch vxlan Failed to connect"', 'ovs-bridges'],
    ['time="x" level=fatal msg="Error connecting to state store: driver "etcd", URLs "http://127.0.0.1:2399". Err: client: etcd cluster is unavailable or misconfigured"', 'cluster-store'],
    ['client: response is invalid json. The endpoint is probably not valid etcd cluster endpoint.', 'cluster-store'],
    ['invalid netplugin forwarding mode: "bridge" (network mode: "vxlan")', 'contiv-plugin'],
    ['vlan-uplinks must be set when using VLAN mode', 'vlan-uplinks'],
    ['OCI runtime create failed: error mounting "/lib/modules" to rootfs at "/lib/modules": stat /lib/modules: no such file or directory: unknown', 'plugin-mounts'],
    ["Generic Netlink family 'ovs_datapath' does not exist. The Open vSwitch kernel module is probably not loaded.", 'ovs-kernel-module'],
  ];
  it.each(cases)('%s', (line, check) => {
    expect(matchLine(line)?.check).toBe(check);
  });
  it('ignores ordinary lines', () => {
    expect(matchText('time="x" level=info msg="docker plugin listening on /run/docker/plugins/netplugin.sock"\n')).toEqual([]);
  });
});

describe('engine log lookup order: setting → PLUGSMITH_ENGINE_LOG → dockerd stderr → journald', async () => {
  const { findEngineLog } = await import('./engine-log');
  type Readers = Parameters<typeof findEngineLog>[1] & object;
  const SOCK = '/tmp/psd-x/docker.sock';
  /** Readers over an in-memory host: files by path, one dockerd serving SOCK, a journal. */
  const host = (files: Record<string, string>, o: { stderr?: string; journal?: string | Error } = {}): Readers & { asked: string[] } => {
    const asked: string[] = [];
    return {
      asked,
      async readTail(p) {
        asked.push(p);
        if (p === '/proc/42/fd/2' && o.stderr && o.stderr in files) return files[o.stderr];
        if (!(p in files)) throw Object.assign(new Error(`ENOENT: no such file or directory, open '${p}'`), { code: 'ENOENT' });
        return files[p];
      },
      async dockerds() {
        return [{ pid: 42, argv: ['dockerd', '-H', `unix://${SOCK}`] }];
      },
      async stderrOf() {
        return o.stderr ? { target: o.stderr, isFile: true } : { target: '/dev/null', isFile: false };
      },
      async journal() {
        asked.push('journal');
        if (o.journal instanceof Error) throw o.journal;
        return o.journal ?? '';
      },
    };
  };

  it('the setting wins over the env file', async () => {
    const r = await findEngineLog({ setting: '/s.log', env: '/e.log', socketPath: SOCK }, host({ '/s.log': 'S', '/e.log': 'E' }));
    expect(r).toMatchObject({ ok: true, source: { via: 'setting', where: '/s.log', text: 'S' } });
  });
  it('an unreadable setting is said, and the env file is used next', async () => {
    const r = await findEngineLog({ setting: '/gone.log', env: '/e.log', socketPath: SOCK }, host({ '/e.log': 'E' }));
    expect(r).toMatchObject({ ok: true, source: { via: 'PLUGSMITH_ENGINE_LOG', where: '/e.log', text: 'E' } });
  });
  it("without either: dockerd's standard error when it is a file, before journald", async () => {
    const h = host({ '/var/log/dockerd.log': 'D' }, { stderr: '/var/log/dockerd.log', journal: 'J' });
    const r = await findEngineLog({ socketPath: SOCK }, h);
    expect(r).toMatchObject({ ok: true, source: { via: 'dockerd (pid 42) standard error', where: '/var/log/dockerd.log', text: 'D' } });
    expect(h.asked).not.toContain('journal');
  });
  it('then journald; and when nothing works, every reason in order', async () => {
    expect(await findEngineLog({ socketPath: SOCK }, host({}, { journal: 'J' }))).toMatchObject({ ok: true, source: { via: 'journald' } });
    const r = await findEngineLog({ setting: '/gone.log', env: '/gone2.log', socketPath: SOCK }, host({}, { journal: new Error('spawn journalctl ENOENT') }));
    expect(r.ok).toBe(false);
    const reason = (r as { reason: string }).reason;
    expect(reason.indexOf('setting /gone.log')).toBeLessThan(reason.indexOf('PLUGSMITH_ENGINE_LOG /gone2.log'));
    expect(reason).toContain('writes its standard error to /dev/null, not a file');
    expect(reason).toContain('journalctl -u docker: spawn journalctl ENOENT');
  });
  it('a remote engine: only a named file can be read', async () => {
    expect(await findEngineLog({ env: '/e.log', socketPath: null }, host({ '/e.log': 'E' }))).toMatchObject({ ok: true, source: { via: 'PLUGSMITH_ENGINE_LOG' } });
    const r = await findEngineLog({ socketPath: null }, host({}));
    expect((r as { reason: string }).reason).toMatch(/engine is remote/);
  });
});
