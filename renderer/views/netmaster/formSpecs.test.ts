/** The create forms' strings → netmaster objects → the netctl twin the form shows live. */
import { describe, expect, it } from 'vitest';
import { createTwin } from '../../../electron/services/netmaster/twins';
import { buildObject, choicesOf, FORMS, initialValues, type Lists } from './formSpecs';

describe('create forms', () => {
  it('a rule: numbers as numbers, empty fields left out, the twin in netctl letters', () => {
    const specs = FORMS.rules!;
    const v = { ...initialValues(specs), tenantName: 'blue', policyName: 'web-policy', ruleId: '1', priority: '10', protocol: 'tcp', port: '80', fromEndpointGroup: 'db' };
    const { object, missing } = buildObject(specs, v);
    expect(missing).toBeNull();
    expect(object).toEqual({ tenantName: 'blue', policyName: 'web-policy', ruleId: '1', direction: 'in', priority: 10, protocol: 'tcp', port: 80, action: 'allow', fromEndpointGroup: 'db' });
    expect(createTwin('rules', object)).toBe('netctl policy rule-add -t blue -d in -l tcp -P 80 -g db -j allow -p 10 web-policy 1');
  });

  it('names the first missing required field, and refuses a non-integer number', () => {
    const specs = FORMS.networks!;
    expect(buildObject(specs, { ...initialValues(specs), networkName: '' }).missing?.name).toBe('networkName');
    expect(buildObject(specs, { ...initialValues(specs), networkName: 'n', pktTag: '1.5' }).missing?.name).toBe('pktTag');
  });

  it("a group picks networks and policies from the chosen tenant only", () => {
    const lists: Lists = {
      networks: { loading: false, error: null, items: [{ key: 'blue:net1', tenantName: 'blue', networkName: 'net1' }, { key: 'red:net9', tenantName: 'red', networkName: 'net9' }] },
      policys: { loading: false, error: null, items: [{ key: 'blue:p', tenantName: 'blue', policyName: 'p' }] },
    };
    const specs = FORMS.endpointGroups!;
    const v = { ...initialValues(specs), tenantName: 'blue' };
    expect(choicesOf(specs.find((f) => f.name === 'networkName')!, lists, v)).toEqual(['net1']);
    expect(choicesOf(specs.find((f) => f.name === 'policies')!, lists, v)).toEqual(['p']);
    const { object } = buildObject(specs, { ...v, groupName: 'web', networkName: 'net1', policies: ['p'] });
    expect(createTwin('endpointGroups', object)).toBe('netctl group create -t blue -p p net1 web');
  });
});
