import { describe, expect, it } from 'vitest';
import { resolveOvsdb } from './resolve';

describe('resolveOvsdb', () => {
  it('env PLUGSMITH_OVSDB wins over the setting, the setting over the default; blanks do not count', () => {
    expect(resolveOvsdb({ PLUGSMITH_OVSDB: 'unix:/tmp/t/db.sock' }, '/srv/ovs/db.sock')).toEqual({ target: 'unix:/tmp/t/db.sock', explicit: true, from: 'env' });
    expect(resolveOvsdb({ PLUGSMITH_OVSDB: '  ' }, ' /srv/ovs/db.sock ')).toEqual({ target: '/srv/ovs/db.sock', explicit: true, from: 'setting' });
    expect(resolveOvsdb({}, null)).toEqual({ target: '/var/run/openvswitch/db.sock', explicit: false, from: 'default' });
    expect(resolveOvsdb(undefined, '')).toEqual({ target: '/var/run/openvswitch/db.sock', explicit: false, from: 'default' });
  });
});
