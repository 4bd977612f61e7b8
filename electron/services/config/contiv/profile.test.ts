import { describe, expect, it } from 'vitest';
import { detectContivProfile, profileEvidence } from './profile';
import { corpusFiles, loadCorpus, loadShared } from './shared-fixtures';

describe('detectContivProfile', () => {
  it('finds the 2017 layout in the seed config', () => {
    expect(detectContivProfile(loadShared('contiv/seed-config.json'))).toBe('contiv-2017');
  });

  it('finds the 2019 layout in the current template', () => {
    expect(detectContivProfile(loadShared('contiv/config.template.json'))).toBe('contiv-2019');
  });

  // Every real public config: only Contiv's are detected, and each historical template as its own layout.
  const files = corpusFiles();
  it('reads the whole corpus', () => expect(files.length).toBeGreaterThanOrEqual(18));
  it.each(files)('%s', (file) => {
    const expected = !file.startsWith('contiv__') ? null : file.includes('at_92cd1fef') ? 'contiv-2017' : 'contiv-2019';
    expect(detectContivProfile(loadCorpus(file))).toBe(expected);
  });

  it('needs more than one generic 2017 name without Contiv’s entrypoint or socket', () => {
    const one = { Env: [{ Name: 'plugin_name', Value: 'x' }], Entrypoint: ['/bin/x'], Interface: { Socket: 'x.sock' } };
    expect(detectContivProfile(one)).toBeNull();
    expect(detectContivProfile({ ...one, Entrypoint: ['/startcontiv.sh'] })).toBe('contiv-2017');
    expect(detectContivProfile({ ...one, Env: [...one.Env, { Name: 'iflist', Value: '' }] })).toBe('contiv-2017');
  });

  it('takes Contiv’s socket alone as the current layout', () => {
    expect(detectContivProfile({ Env: null, Interface: { Socket: 'netplugin.sock', Types: [] } })).toBe('contiv-2019');
  });

  it('lets the majority decide a mixed config, and reports both sets', () => {
    const ev = profileEvidence({ Env: [{ Name: 'CONTIV_ROLE' }, { Name: 'plugin_role' }, { Name: 'cluster_store' }] });
    expect(ev.profile).toBe('contiv-2017');
    expect(ev.names2019).toEqual(['CONTIV_ROLE']);
    expect(ev.names2017).toEqual(['plugin_role', 'cluster_store']);
  });

  it('never throws on odd shapes', () => {
    expect(detectContivProfile({})).toBeNull();
    expect(detectContivProfile({ Env: [null as never, { Name: null }], Entrypoint: null, Interface: null })).toBeNull();
  });
});
