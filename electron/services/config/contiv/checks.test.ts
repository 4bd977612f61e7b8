import { beforeAll, describe, expect, it } from 'vitest';
import type { HostFacts } from '../../../ipc/types';
import type { ExtraCheck } from '../types';
import { readHostFacts } from '../../host/facts';
import { contivChecks } from './checks';
import { loadShared, withEnv } from './shared-fixtures';
import type { ContivConfigView, ContivFinding } from './view';

const seed = loadShared('contiv/seed-config.json');
const template = loadShared('contiv/config.template.json');

// Host facts are plain data handed to pure rules; this host shape is written out so each rule's
// host-dependent branch is exercised the same way on every machine. The real reader is tested in
// services/host (and one test below runs the rules against this machine's real facts).
const facts: HostFacts = {
  hostname: 'node1',
  addresses: [
    { ifname: 'lo', address: '127.0.0.1', prefixlen: 8, family: 'inet' },
    { ifname: 'eth0', address: '192.0.2.10', prefixlen: 24, family: 'inet' },
    { ifname: 'eth1', address: '198.51.100.7', prefixlen: 24, family: 'inet' },
    { ifname: 'eth1', address: 'fd00::7', prefixlen: 64, family: 'inet6' },
  ],
  interfaces: [
    { ifname: 'lo', up: true },
    { ifname: 'eth0', up: true },
    { ifname: 'eth1', up: true },
    { ifname: 'eth2', up: false },
  ],
  defaultRouteInterfaces: ['eth0'],
  source: 'test data',
};

/** A 2019 config that Contiv would start with: the fields the template leaves empty, filled in. */
const working2019 = withEnv(template, {
  CONTIV_ROLE: 'netmaster',
  CONTIV_NETPLUGIN_MODE: 'docker',
  CONTIV_NETPLUGIN_NET_MODE: 'vxlan',
  CONTIV_NETPLUGIN_FORWARD_MODE: 'routing',
  CONTIV_NETMASTER_MODE: 'docker',
  CONTIV_NETMASTER_NET_MODE: 'vxlan',
  CONTIV_NETMASTER_FORWARD_MODE: 'routing',
  CONTIV_NETMASTER_PLUGIN_NAME: 'contiv/v2plugin:latest',
});

const run = (view: ContivConfigView, opts: Parameters<typeof contivChecks>[0] = { pluginName: 'contiv/v2plugin', facts }) =>
  contivChecks(opts)(view);
const codes = (fs: ContivFinding[]) => fs.map((f) => f.code);
const one = (fs: ContivFinding[], code: string) => {
  const hits = fs.filter((f) => f.code === code);
  expect(hits, `${code} in ${codes(fs).join(', ')}`).toHaveLength(1);
  return hits[0]!;
};
const envIndex = (view: ContivConfigView, name: string) => (view.Env ?? []).findIndex((e) => e.Name === name);

describe('contivChecks: shape', () => {
  it('plugs into the config model as its ExtraCheck', () => {
    // Compile-time: the model's DecodedConfig is assignable to the view the checks read.
    const hook: ExtraCheck = contivChecks({});
    expect(typeof hook).toBe('function');
  });

  it('says nothing about configs that are not Contiv', () => {
    expect(run({ Env: [{ Name: 'DEBUG', Value: '1' }], Entrypoint: ['/x'], Interface: { Socket: 'x.sock' } })).toEqual([]);
  });

  it('never reports an error: the engine accepts all of these, they fail later', () => {
    for (const v of [seed, template, working2019]) for (const f of run(v)) expect(f.severity).not.toBe('error');
  });

  it('finds nothing wrong in a 2019 config Contiv starts with', () => {
    const findings = run(working2019).filter((f) => f.severity === 'warning');
    expect(findings).toEqual([]);
  });
});

describe('contivChecks: 2019 layout (the real template)', () => {
  it('the shipped template cannot start: modes are empty, and netmaster-only ones are notes in netplugin role', () => {
    const f = run(template);
    for (const c of ['contiv/mode-missing', 'contiv/netmode-missing', 'contiv/fwdmode-missing']) {
      const hits = f.filter((x) => x.code === c);
      expect(hits.map((h) => h.severity).sort(), c).toEqual(['info', 'warning']);
    }
    const fwd = f.find((x) => x.code === 'contiv/fwdmode-missing' && x.severity === 'warning')!;
    expect(fwd.message).toContain('unknown netplugin forwarding mode: ');
    expect(fwd.path).toEqual(['Env', envIndex(template, 'CONTIV_NETPLUGIN_FORWARD_MODE'), 'Value']);
    expect(fwd.stage).toBe('contiv');
  });

  it('refuses CONTIV_ROLE=master with the line only the engine log shows, and suggests netmaster', () => {
    const v = withEnv(working2019, { CONTIV_ROLE: 'master' });
    const f = one(run(v), 'contiv/role-invalid');
    expect(f.severity).toBe('warning');
    expect(f.message).toContain('CRITICAL: ENV CONTIV_ROLE must be in [netmaster, netplugin]');
    expect(f.message).toContain("engine's log");
    expect(f.suggestion).toBe('netmaster');
    expect(f.path).toEqual(['Env', envIndex(v, 'CONTIV_ROLE'), 'Value']);
    expect(codes(run(withEnv(working2019, { CONTIV_ROLE: '' })))).not.toContain('contiv/role-invalid');
  });

  it('vxlan needs forward mode routing (both binaries)', () => {
    const v = withEnv(working2019, { CONTIV_NETPLUGIN_FORWARD_MODE: 'bridge', CONTIV_NETMASTER_FORWARD_MODE: 'bridge' });
    const hits = run(v).filter((f) => f.code === 'contiv/vxlan-needs-routing');
    expect(hits).toHaveLength(2);
    expect(hits[0]!.message).toContain('invalid netplugin forwarding mode: "bridge" (network mode: "vxlan")');
    expect(hits[1]!.message).toContain('invalid netmaster forwarding mode: "bridge" (network mode: "vxlan")');
    expect(hits.every((h) => h.suggestion === 'routing')).toBe(true);
    // vlan + bridge is a valid pair, and mode values are compared case-insensitively like Contiv does.
    const vlan = withEnv(working2019, {
      CONTIV_NETPLUGIN_NET_MODE: 'VLAN', CONTIV_NETMASTER_NET_MODE: 'vlan', CONTIV_NETPLUGIN_FORWARD_MODE: 'Bridge',
      CONTIV_NETMASTER_FORWARD_MODE: 'bridge', CONTIV_NETPLUGIN_VLAN_UPLINKS: 'eth1',
    });
    expect(codes(run(vlan)).filter((c) => /mode|uplink/.test(c))).toEqual([]);
  });

  it('vlan needs uplinks', () => {
    const v = withEnv(working2019, { CONTIV_NETPLUGIN_NET_MODE: 'vlan', CONTIV_NETMASTER_NET_MODE: 'vlan' });
    expect(one(run(v), 'contiv/uplinks-required').message).toContain('vlan-uplinks must be set when using VLAN mode');
  });

  it('unknown mode values quote Contiv', () => {
    const f = run(withEnv(working2019, { CONTIV_NETMASTER_MODE: 'mesos' }));
    expect(one(f, 'contiv/mode-invalid').message).toContain('unknown netmaster mode: mesos');
    expect(one(run(withEnv(working2019, { CONTIV_NETPLUGIN_FORWARD_MODE: 'l3' })), 'contiv/fwdmode-invalid').severity).toBe('warning');
  });

  it('netplugin and netmaster must agree on modes and store', () => {
    const f = run(withEnv(working2019, { CONTIV_NETMASTER_NET_MODE: 'vlan', CONTIV_NETMASTER_FORWARD_MODE: 'bridge' }));
    expect(f.filter((x) => x.code === 'contiv/mode-mismatch')).toHaveLength(2);
    const s = run(withEnv(working2019, { CONTIV_NETMASTER_ETCD_ENDPOINTS: 'http://127.0.0.1:12379' }));
    expect(one(s, 'contiv/store-mismatch').suggestion).toBe('http://127.0.0.1:2379');
  });

  describe('store endpoints', () => {
    it('refuses etcd:// in an endpoint list and suggests http://', () => {
      const f = one(run(withEnv(working2019, { CONTIV_NETPLUGIN_ETCD_ENDPOINTS: 'etcd://127.0.0.1:2379' })), 'contiv/store-url-invalid');
      expect(f.suggestion).toBe('http://127.0.0.1:2379');
    });
    it('both etcd and consul is ambiguous', () => {
      const f = run(withEnv(working2019, { CONTIV_NETMASTER_CONSUL_ENDPOINTS: 'http://127.0.0.1:8500' }));
      expect(one(f, 'contiv/store-ambiguous').message).toContain('ambiguous netmaster db endpoints, both etcd and consul specified');
    });
    it('notes that only the first endpoint is used, and that etcd 3.4 needs its v2 API', () => {
      const f = run(withEnv(working2019, { CONTIV_NETPLUGIN_ETCD_ENDPOINTS: 'http://127.0.0.1:2379,http://127.0.0.2:2379', CONTIV_NETMASTER_ETCD_ENDPOINTS: 'http://127.0.0.1:2379' }));
      expect(one(f, 'contiv/store-first-only').severity).toBe('info');
      expect(one(f, 'contiv/etcd-v2').message).toContain('--enable-v2');
      expect(codes(run(withEnv(working2019, { CONTIV_NETPLUGIN_ETCD_ENDPOINTS: '', CONTIV_NETMASTER_ETCD_ENDPOINTS: '', CONTIV_NETPLUGIN_CONSUL_ENDPOINTS: 'http://127.0.0.1:8500', CONTIV_NETMASTER_CONSUL_ENDPOINTS: 'http://127.0.0.1:8500' })))).not.toContain('contiv/etcd-v2');
    });
    it('loopback store outside the host network namespace is not the host’s store', () => {
      const f = run({ ...working2019, Network: { Type: '' } });
      expect(one(f.filter((x) => x.path[1] === envIndex(working2019, 'CONTIV_NETPLUGIN_ETCD_ENDPOINTS')), 'contiv/store-loopback-private-netns').severity).toBe('warning');
      expect(codes(run(working2019))).not.toContain('contiv/store-loopback-private-netns');
    });
  });

  describe('IPs and uplinks against the host', () => {
    it('flags an invalid IP and one this host does not hold, and accepts its own', () => {
      expect(one(run(withEnv(working2019, { CONTIV_NETPLUGIN_VTEP_IP: '10.0.0.300' })), 'contiv/ip-invalid').path).toEqual(['Env', envIndex(working2019, 'CONTIV_NETPLUGIN_VTEP_IP'), 'Value']);
      const f = one(run(withEnv(working2019, { CONTIV_NETPLUGIN_CONTROL_IP: '203.0.113.9' })), 'contiv/ip-not-on-host');
      expect(f.message).toContain('node1');
      expect(f.suggestion).toBe('192.0.2.10');
      expect(codes(run(withEnv(working2019, { CONTIV_NETPLUGIN_VTEP_IP: '198.51.100.7', CONTIV_NETPLUGIN_CONTROL_IP: 'fd00:0::7' })))).not.toContain('contiv/ip-not-on-host');
    });
    it('skips host-dependent rules without facts', () => {
      expect(codes(run(withEnv(working2019, { CONTIV_NETPLUGIN_CONTROL_IP: '203.0.113.9', CONTIV_NETPLUGIN_VLAN_UPLINKS: 'nope0' }), { pluginName: 'contiv/v2plugin' }))).toEqual([
        'contiv/etcd-v2',
      ]);
    });
    it('uplinks must exist and must not carry the default route', () => {
      const f = run(withEnv(working2019, { CONTIV_NETPLUGIN_VLAN_UPLINKS: 'eth0,nope0,eth2,lo' }));
      expect(one(f, 'contiv/uplink-default-route').message).toContain('"eth0"');
      expect(one(f, 'contiv/uplink-missing').message).toContain('"nope0"');
      expect(one(f, 'contiv/uplink-loopback').severity).toBe('warning');
    });
  });

  describe('netmaster addresses and plugin name', () => {
    it('a bare port is refused with netmaster’s words', () => {
      const f = one(run(withEnv(working2019, { CONTIV_NETMASTER_EXTERNAL_ADDRESS: '9999' })), 'contiv/listen-invalid');
      expect(f.message).toContain("bind address is not in 'ip:port' format, got 9999");
      expect(f.suggestion).toBe('0.0.0.0:9999');
    });
    it('an address the host does not hold cannot be bound', () => {
      expect(one(run(withEnv(working2019, { CONTIV_NETMASTER_INTERNAL_ADDRESS: '203.0.113.9:9999' })), 'contiv/listen-not-on-host').severity).toBe('warning');
    });
    it('plugin name compares as Docker normalises references', () => {
      const v = withEnv(working2019, { CONTIV_NETMASTER_PLUGIN_NAME: 'docker.io/contiv/v2plugin' });
      expect(codes(run(v))).not.toContain('contiv/plugin-name-mismatch');
      const f = one(run(withEnv(working2019, { CONTIV_NETMASTER_PLUGIN_NAME: 'netplugin' })), 'contiv/plugin-name-mismatch');
      expect(f.message).toContain('legacy plugin: plugin not found');
      expect(f.suggestion).toBe('contiv/v2plugin:latest');
      expect(one(run(working2019, { facts }), 'contiv/plugin-name-unchecked').severity).toBe('info');
    });
    it('catches the placeholder Contiv’s sed never replaced', () => {
      expect(one(run(withEnv(working2019, { CONTIV_NETMASTER_PLUGIN_NAME: '${CONTIV_V2PLUGIN_NAME}' })), 'contiv/plugin-name-placeholder').severity).toBe('warning');
    });
    it('netmaster-only findings are notes when the role is netplugin', () => {
      const v = withEnv(working2019, { CONTIV_ROLE: 'netplugin', CONTIV_NETMASTER_PLUGIN_NAME: 'netplugin' });
      const f = one(run(v), 'contiv/plugin-name-mismatch');
      expect(f.severity).toBe('info');
      expect(f.message).toContain('netmaster does not run in this role');
    });
  });

  it('checks log level, bools, port, infra and syslog URL', () => {
    const f = run(withEnv(working2019, {
      CONTIV_NETPLUGIN_LOG_LEVEL: 'verbose', CONTIV_NETMASTER_USE_JSON_LOG: 'yes', CONTIV_NETPLUGIN_VXLAN_PORT: '70000',
      CONTIV_NETMASTER_INFRA: 'cloud', CONTIV_NETPLUGIN_USE_SYSLOG: 'true', CONTIV_NETPLUGIN_SYSLOG_URL: '127.0.0.1:514',
    }));
    for (const c of ['contiv/log-level-invalid', 'contiv/bool-invalid', 'contiv/port-invalid', 'contiv/infra-invalid', 'contiv/syslog-url-invalid']) {
      expect(one(f, c).severity, c).toBe('warning');
    }
  });

  it('notes a log folder no mount covers', () => {
    expect(codes(run(working2019))).not.toContain('contiv/log-dir-not-mounted');
    const f = one(run(withEnv(working2019, { CONTIV_LOG_DIR: '/opt/contiv/logs' })), 'contiv/log-dir-not-mounted');
    expect(f.severity).toBe('info');
  });

  it('warns about 2017 names in a 2019 config, with their 2019 form', () => {
    const v = withEnv(working2019, { plugin_role: 'master' });
    const f = one(run(v), 'contiv/mixed-layout');
    expect(f.path).toEqual(['Env', envIndex(v, 'plugin_role'), 'Name']);
    expect(f.message).toContain('CONTIV_ROLE=netmaster');
  });

  it('runs against this machine’s real host facts', async () => {
    const real = await readHostFacts();
    const own = real.addresses.find((a) => a.family === 'inet');
    if (!own) return; // a host without IPv4 has nothing to compare
    expect(codes(run(withEnv(working2019, { CONTIV_NETPLUGIN_VTEP_IP: own.address }), { pluginName: 'contiv/v2plugin', facts: real }))).not.toContain('contiv/ip-not-on-host');
    expect(codes(run(withEnv(working2019, { CONTIV_NETPLUGIN_VTEP_IP: '192.0.2.254' }), { pluginName: 'contiv/v2plugin', facts: { ...real, addresses: real.addresses.filter((a) => a.address !== '192.0.2.254') } }))).toContain('contiv/ip-not-on-host');
  });
});

describe('contivChecks: 2017 layout (the seed)', () => {
  let f: ContivFinding[];
  beforeAll(() => {
    f = run(seed);
  });

  it('warns that an empty iflist swallows -cluster-store', () => {
    const x = one(f, 'contiv/empty-iflist');
    expect(x.path).toEqual(['Env', envIndex(seed, 'iflist'), 'Value']);
    expect(codes(run(withEnv(seed, { iflist: 'eth1' })))).not.toContain('contiv/empty-iflist');
  });

  it('the seed’s listen_url is an address this host does not hold', () => {
    expect(one(f, 'contiv/listen-not-on-host').suggestion).toBe('0.0.0.0:9999');
    // netmaster runs only in master role
    expect(one(run(withEnv(seed, { plugin_role: 'worker' })), 'contiv/listen-not-on-host').severity).toBe('info');
  });

  it('says the 2017 layout dies silently under the 2019 start script', () => {
    const x = one(f, 'contiv/layout-2017');
    expect(x.stage).toBe('start');
    expect(x.message).toContain('exits silently');
  });

  it('plugin_name equals the created name (normalised), and is flagged when not', () => {
    expect(codes(f)).not.toContain('contiv/plugin-name-mismatch');
    expect(one(run(seed, { pluginName: 'contiv/v2plugin:1.0', facts }), 'contiv/plugin-name-mismatch').suggestion).toBe('contiv/v2plugin:1.0');
  });

  it('cluster_store must be etcd:// or consul://; etcd gets the v2 note', () => {
    expect(one(f, 'contiv/etcd-v2').path).toEqual(['Env', envIndex(seed, 'cluster_store'), 'Value']);
    const bad = one(run(withEnv(seed, { cluster_store: 'http://172.20.0.113:2379' })), 'contiv/store-url-invalid');
    expect(bad.suggestion).toBe('etcd://172.20.0.113:2379');
  });

  it('ctrl_ip / vtep_ip: `none` or an address of this host', () => {
    expect(codes(f)).not.toContain('contiv/ip-invalid');
    expect(one(run(withEnv(seed, { vtep_ip: 'auto' })), 'contiv/ip-invalid').suggestion).toBe('none');
    expect(one(run(withEnv(seed, { ctrl_ip: '172.20.0.113' })), 'contiv/ip-not-on-host').severity).toBe('warning');
  });

  it('iflist on the default-route interface cuts the host off', () => {
    expect(one(run(withEnv(seed, { iflist: 'eth0' })), 'contiv/uplink-default-route').severity).toBe('warning');
  });

  it('dbg_flag must be -debug or empty; other role values run netplugin alone', () => {
    expect(one(run(withEnv(seed, { dbg_flag: '--verbose' })), 'contiv/dbg-flag-invalid').severity).toBe('warning');
    expect(one(run(withEnv(seed, { plugin_role: 'slave' })), 'contiv/role-unknown').severity).toBe('info');
  });

  it('warns about CONTIV_* names in a 2017 config', () => {
    const x = one(run(withEnv(seed, { CONTIV_ROLE: 'netmaster' })), 'contiv/mixed-layout');
    expect(x.message).toContain('ignored');
  });

  it('the seed mounts /var/run, so its bootup log (/var/run/contiv/log) is readable on the host', () => {
    expect(codes(f)).not.toContain('contiv/log-dir-not-mounted');
    expect(codes(run({ ...seed, Mounts: [] }))).toContain('contiv/log-dir-not-mounted');
  });
});
