import { describe, expect, it } from 'vitest';
import { dumpFlows, parseFlowLine, parseFlows } from './flows';

// Shapes ovs-ofctl 3.1 prints for OpenFlow 1.3 (the first is a fresh netdev bridge's only flow).
const DUMP = `OFPST_FLOW reply (OF1.3) (xid=0x2):
 cookie=0x0, duration=0.179s, table=0, n_packets=0, n_bytes=0, priority=0 actions=NORMAL
 cookie=0x2a, duration=12.5s, table=1, n_packets=10, n_bytes=840, idle_age=3, priority=100,ip,nw_dst=10.1.1.0/24 actions=set_field:0x1->metadata,goto_table:2
 cookie=0x0, duration=1.002s, table=0, n_packets=0, n_bytes=0, reset_counts, in_port=1 actions=output:2
 cookie=0x0, duration=1.002s, table=3, n_packets=0, n_bytes=0, actions=drop
`;

describe('parseFlows', () => {
  it('reads every flow row and skips the reply header', () => {
    const rows = parseFlows(DUMP);
    expect(rows).toHaveLength(4);
    expect(rows[0]).toEqual({
      cookie: '0x0', table: 0, priority: 0, match: '', actions: 'NORMAL', nPackets: 0, nBytes: 0,
      raw: 'cookie=0x0, duration=0.179s, table=0, n_packets=0, n_bytes=0, priority=0 actions=NORMAL',
    });
    expect(rows[1]).toMatchObject({ cookie: '0x2a', table: 1, priority: 100, match: 'ip,nw_dst=10.1.1.0/24', actions: 'set_field:0x1->metadata,goto_table:2', nPackets: 10, nBytes: 840 });
  });

  it('uses OpenFlow’s default priority when ovs-ofctl leaves it out', () => {
    const rows = parseFlows(DUMP);
    expect(rows[2]).toMatchObject({ priority: 32768, match: 'in_port=1', actions: 'output:2' });
    expect(rows[3]).toMatchObject({ priority: 32768, match: '', actions: 'drop', table: 3 });
  });

  it('finds the real actions field, not an "actions=" inside a learn() action', () => {
    const r = parseFlowLine(' cookie=0x0, duration=1s, table=0, n_packets=0, n_bytes=0, priority=5 actions=learn(table=1,actions=output:1),NORMAL');
    expect(r).toMatchObject({ priority: 5, actions: 'learn(table=1,actions=output:1),NORMAL' });
  });

  it('returns null for a line that is not a flow', () => {
    expect(parseFlowLine('ovs-ofctl: contivVxlanBridge is not a bridge or a socket')).toBeNull();
  });
});

describe('dumpFlows', () => {
  it('refuses a bridge name ovs-ofctl would read as an option', async () => {
    await expect(dumpFlows('--help')).rejects.toMatchObject({ code: 'ovs/bad-bridge' });
    await expect(dumpFlows('br0; reboot')).rejects.toMatchObject({ code: 'ovs/bad-bridge' });
  });

  it('says so when ovs-ofctl is not installed', async () => {
    await expect(dumpFlows('br0', { binary: '/nonexistent/ovs-ofctl' })).rejects.toMatchObject({ code: 'ovs/ofctl-missing' });
  });
});
