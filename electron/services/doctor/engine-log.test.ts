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
