/**
 * The netctl twin of a create or delete the netmaster browser makes, by object type and key.
 * Pure (no Node, no I/O): the service attaches it to results and the screen shows the same
 * text live while a form is filled, so the two can never disagree.
 */
import * as netctl from './netctl';
import type { ObjectType } from './types';

/** The types the browser can create and delete, and so the ones with a netctl twin. */
const TWINNED = new Set<ObjectType>(['tenants', 'networks', 'endpointGroups', 'policys', 'rules']);

export function createTwin(type: ObjectType, obj: Record<string, unknown>): string | null {
  const o = obj as never;
  switch (type) {
    case 'tenants':
      return netctl.tenantCreate(o);
    case 'networks':
      return netctl.networkCreate(o);
    case 'endpointGroups':
      return netctl.groupCreate(o);
    case 'policys':
      return netctl.policyCreate(o);
    case 'rules':
      return netctl.ruleCreate(o);
    default:
      return null;
  }
}

/** netctl's delete for a key (`blue:net1`, `blue:web-policy:1`); null when the key does not split as the type's key does. */
export function deleteTwin(type: ObjectType, key: string): string | null {
  if (!TWINNED.has(type)) return null;
  const parts = key.split(':');
  if (type === 'tenants') return parts.length === 1 ? netctl.tenantDelete(key) : null;
  if (type === 'rules') return parts.length === 3 ? netctl.ruleDelete(parts[0], parts[1], parts[2]) : null;
  if (parts.length !== 2) return null;
  const [tenant, name] = parts;
  return type === 'networks' ? netctl.networkDelete(tenant, name) : type === 'endpointGroups' ? netctl.groupDelete(tenant, name) : netctl.policyDelete(tenant, name);
}
