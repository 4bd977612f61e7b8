import { describe, expect, it } from 'vitest';
import { doctorDefaults } from './defaults';

const none = { engineLogPath: null, ovsdbSocket: null, netmasterUrl: null };

describe("doctor defaults from env and Settings", () => {
  it('engine log: the setting and the env file both passed, the setting first (findEngineLog tries them in that order)', () => {
    expect(doctorDefaults({ PLUGSMITH_ENGINE_LOG: '/e.log' }, { ...none, engineLogPath: '/s.log' })).toMatchObject({ engineLog: '/s.log', engineLogEnv: '/e.log' });
    expect(doctorDefaults({}, none)).toMatchObject({ engineLog: null, engineLogEnv: null });
  });
  it('OVSDB: env PLUGSMITH_OVSDB wins over the setting; the default socket otherwise', () => {
    expect(doctorDefaults({ PLUGSMITH_OVSDB: 'unix:/t/db.sock' }, { ...none, ovsdbSocket: '/s/db.sock' }).ovsdb).toBe('unix:/t/db.sock');
    expect(doctorDefaults({}, { ...none, ovsdbSocket: '/s/db.sock' }).ovsdb).toBe('/s/db.sock');
    expect(doctorDefaults({}, none).ovsdb).toBe('/var/run/openvswitch/db.sock');
  });
  it("netmaster: env, then the setting (the netmaster browser's order), else left to the plugin's config", () => {
    expect(doctorDefaults({ PLUGSMITH_NETMASTER: '10.0.0.1:9999' }, { ...none, netmasterUrl: '127.0.0.1:9999' }).netmasterDefault).toEqual({ url: '10.0.0.1:9999', from: 'PLUGSMITH_NETMASTER' });
    expect(doctorDefaults({}, { ...none, netmasterUrl: '127.0.0.1:9999' }).netmasterDefault).toEqual({ url: '127.0.0.1:9999', from: 'the netmasterUrl setting' });
    expect(doctorDefaults({}, none).netmasterDefault).toBeNull();
  });
});
