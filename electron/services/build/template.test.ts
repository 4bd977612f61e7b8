import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fillConfigTemplate, isTemplate, setPluginNameSetting } from './template';

// Contiv's own templates, kept as fixtures: contiv/netplugin install/v2plugin/config.template at
// 92cd1fef (2017-11: a ## line and the placeholder) and at HEAD (2019: CONTIV_* settings).
const T2017 = readFileSync(new URL('./testing/contiv-v2plugin/config.template', import.meta.url), 'utf8');
const T2019 = readFileSync(new URL('./testing/contiv-2019.config.template', import.meta.url), 'utf8');

describe('Contiv config.template', () => {
  it('drops ## lines and fills the placeholder, producing JSON the engine can parse', () => {
    expect(isTemplate(T2017)).toBe(true);
    expect(() => JSON.parse(T2017)).toThrow();
    const r = fillConfigTemplate(T2017, 'contiv/v2plugin:0.1');
    const doc = JSON.parse(r.text);
    const pn = doc.env.find((e: { Name: string }) => e.Name === 'plugin_name');
    expect(pn.Value).toBe('contiv/v2plugin:0.1');
    expect(r.text).not.toContain('__CONTIV_V2PLUGIN_NAME__');
    expect(r.changes.map((c) => c.what).join(' ')).toMatch(/1 "##" comment line\(s\) removed/);
  });

  it('sets CONTIV_NETMASTER_PLUGIN_NAME (2019) to the chosen name and reports the old value', () => {
    expect(isTemplate(T2019)).toBe(false);
    const r = setPluginNameSetting(T2019, 'contiv/v2plugin:latest');
    expect(r.changes).toEqual([{ what: 'CONTIV_NETMASTER_PLUGIN_NAME', from: 'netplugin', to: 'contiv/v2plugin:latest' }]);
    const doc = JSON.parse(r.text);
    expect(doc.env.find((e: { Name: string }) => e.Name === 'CONTIV_NETMASTER_PLUGIN_NAME').Value).toBe('contiv/v2plugin:latest');
  });

  it('leaves a name that is the same reference alone (contiv/v2plugin = contiv/v2plugin:latest)', () => {
    const text = JSON.stringify({ env: [{ name: 'plugin_name', value: 'contiv/v2plugin' }] });
    const r = setPluginNameSetting(text, 'contiv/v2plugin:latest');
    expect(r.changes).toEqual([]);
    expect(r.text).toBe(text);
  });
});
