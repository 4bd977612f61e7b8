import { describe, expect, it } from 'vitest';
import { CONTIV_SETTINGS, contivSetting, settingsOf, translate2017To2019 } from './settings';
import { loadCorpus, loadShared } from './shared-fixtures';

const template = loadShared('contiv/config.template.json');
const seed = loadShared('contiv/seed-config.json');
const late2017 = loadCorpus('contiv__netplugin__install__v2plugin__config.template__at_92cd1fef.json');

describe('CONTIV_SETTINGS', () => {
  it('covers every env name of the 2019 template, with its shipped value as default', () => {
    for (const e of template.Env ?? []) {
      const s = contivSetting('contiv-2019', e.Name!);
      expect(s, e.Name!).toBeDefined();
      expect(s!.default, e.Name!).toBe(e.Value);
    }
    expect(settingsOf('contiv-2019').map((s) => s.name).sort()).toEqual((template.Env ?? []).map((e) => e.Name).sort());
  });

  it('covers every env name of the seed and of the late-2017 template', () => {
    for (const e of seed.Env ?? []) {
      expect(contivSetting('contiv-2017', e.Name!)?.default, e.Name!).toBe(e.Value);
    }
    for (const e of late2017.Env ?? []) expect(contivSetting('contiv-2017', e.Name!), e.Name!).toBeDefined();
  });

  it('says something for each setting, and keeps enum defaults inside their values', () => {
    for (const s of CONTIV_SETTINGS) {
      expect(s.meaning.length, s.name).toBeGreaterThan(30);
      expect(s.format.length, s.name).toBeGreaterThan(2);
      if (s.kind === 'enum') {
        expect(s.values?.length, s.name).toBeGreaterThan(0);
        if (s.default !== '') expect(s.values, s.name).toContain(s.default);
      }
    }
  });

  it('maps every 2017 name to 2019 names that exist', () => {
    for (const s of settingsOf('contiv-2017')) {
      expect(s.to2019?.length, s.name).toBeGreaterThan(0);
      for (const t of s.to2019!) expect(contivSetting('contiv-2019', t), `${s.name} → ${t}`).toBeDefined();
      for (const t of translate2017To2019(s.name, s.default)) expect(contivSetting('contiv-2019', t.name), t.name).toBeDefined();
    }
  });
});

describe('translate2017To2019', () => {
  it('renames the role and its values (master → netmaster!)', () => {
    expect(translate2017To2019('plugin_role', 'master')).toEqual([{ name: 'CONTIV_ROLE', value: 'netmaster' }]);
    expect(translate2017To2019('plugin_role', 'worker')).toEqual([{ name: 'CONTIV_ROLE', value: 'netplugin' }]);
  });
  it('turns the store URL into endpoints for both binaries', () => {
    expect(translate2017To2019('cluster_store', 'etcd://172.20.0.113:2379')).toEqual([
      { name: 'CONTIV_NETPLUGIN_ETCD_ENDPOINTS', value: 'http://172.20.0.113:2379' },
      { name: 'CONTIV_NETMASTER_ETCD_ENDPOINTS', value: 'http://172.20.0.113:2379' },
    ]);
    expect(translate2017To2019('cluster_store', 'consul://h:8500')[0]).toEqual({ name: 'CONTIV_NETPLUGIN_CONSUL_ENDPOINTS', value: 'http://h:8500' });
  });
  it('turns sentinels into the 2019 defaults', () => {
    expect(translate2017To2019('vtep_ip', 'none')).toEqual([{ name: 'CONTIV_NETPLUGIN_VTEP_IP', value: '' }]);
    expect(translate2017To2019('listen_url', ':9999')).toEqual([{ name: 'CONTIV_NETMASTER_EXTERNAL_ADDRESS', value: '0.0.0.0:9999' }]);
    expect(translate2017To2019('dbg_flag', '-debug')[0]).toEqual({ name: 'CONTIV_NETPLUGIN_LOG_LEVEL', value: 'DEBUG' });
    expect(translate2017To2019('plugin_name', 'contiv/v2plugin:latest')).toEqual([{ name: 'CONTIV_NETMASTER_PLUGIN_NAME', value: 'contiv/v2plugin:latest' }]);
  });
});
