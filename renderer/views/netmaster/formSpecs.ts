/**
 * The create forms, as data: which fields each type asks for, which are picked from what
 * netmaster already has (tenants, the tenant's networks, policies, groups), and how the form's
 * strings become the object netmaster takes (empty fields left out — netmaster omits them too —
 * numbers as numbers). Fields and enums as netmaster 1.1 defines them.
 */
import type { NetmasterObjectType } from '../../../electron/ipc/types';
import type { MessageKey } from '../../i18n';
import type { NetmasterInput, ListView } from '../../stores/netmaster';
import { field } from './fields';

export type Lists = Partial<Record<NetmasterObjectType, ListView>>;
export type Values = Record<string, string | string[]>;

export interface FieldSpec {
  name: string;
  label: MessageKey;
  kind: 'text' | 'number' | 'select' | 'multi';
  required?: boolean;
  /** Fixed choices (enums) or netmaster's objects of the chosen tenant. */
  choices?: string[] | ((lists: Lists, v: Values) => string[]);
  initial?: string;
  placeholder?: string;
  min?: number;
  max?: number;
}

/** Names of a type's objects in the tenant the form has chosen. */
const inTenant = (type: NetmasterObjectType, nameField: string) => (lists: Lists, v: Values) =>
  (lists[type]?.items ?? []).filter((o) => field(o, 'tenantName') === v.tenantName).map((o) => String(field(o, nameField)));

const tenants = (lists: Lists) => (lists.tenants?.items ?? []).map((o) => o.key);

const tenant: FieldSpec = { name: 'tenantName', label: 'netmaster.f.tenant', kind: 'select', required: true, choices: tenants, initial: 'default' };

export const FORMS: Partial<Record<NetmasterObjectType, FieldSpec[]>> = {
  tenants: [{ name: 'tenantName', label: 'netmaster.f.tenantName', kind: 'text', required: true, placeholder: 'blue' }],
  networks: [
    tenant,
    { name: 'networkName', label: 'netmaster.f.networkName', kind: 'text', required: true, placeholder: 'net1' },
    { name: 'encap', label: 'netmaster.f.encap', kind: 'select', choices: ['vxlan', 'vlan'], initial: 'vxlan', required: true },
    { name: 'subnet', label: 'netmaster.f.subnet', kind: 'text', placeholder: '10.1.1.0/24' },
    { name: 'gateway', label: 'netmaster.f.gateway', kind: 'text', placeholder: '10.1.1.254' },
    { name: 'pktTag', label: 'netmaster.f.pktTag', kind: 'number', min: 1, max: 16777215 },
  ],
  endpointGroups: [
    tenant,
    { name: 'groupName', label: 'netmaster.f.groupName', kind: 'text', required: true, placeholder: 'web' },
    { name: 'networkName', label: 'netmaster.f.network', kind: 'select', required: true, choices: inTenant('networks', 'networkName') },
    { name: 'policies', label: 'netmaster.f.policies', kind: 'multi', choices: inTenant('policys', 'policyName') },
    { name: 'netProfile', label: 'netmaster.f.netProfile', kind: 'text' },
  ],
  policys: [tenant, { name: 'policyName', label: 'netmaster.f.policyName', kind: 'text', required: true, placeholder: 'web-policy' }],
  rules: [
    tenant,
    { name: 'policyName', label: 'netmaster.f.policy', kind: 'select', required: true, choices: inTenant('policys', 'policyName') },
    { name: 'ruleId', label: 'netmaster.f.ruleId', kind: 'text', required: true, placeholder: '1' },
    { name: 'direction', label: 'netmaster.f.direction', kind: 'select', choices: ['in', 'out'], initial: 'in', required: true },
    { name: 'priority', label: 'netmaster.f.priority', kind: 'number', initial: '1', min: 1, max: 100 },
    { name: 'protocol', label: 'netmaster.f.protocol', kind: 'select', choices: ['', 'tcp', 'udp', 'icmp'] },
    { name: 'port', label: 'netmaster.f.port', kind: 'number', min: 0, max: 65535 },
    { name: 'action', label: 'netmaster.f.action', kind: 'select', choices: ['allow', 'deny'], initial: 'allow', required: true },
    { name: 'fromEndpointGroup', label: 'netmaster.f.fromGroup', kind: 'select', choices: (l, v) => ['', ...inTenant('endpointGroups', 'groupName')(l, v)] },
    { name: 'fromNetwork', label: 'netmaster.f.fromNetwork', kind: 'select', choices: (l, v) => ['', ...inTenant('networks', 'networkName')(l, v)] },
    { name: 'fromIpAddress', label: 'netmaster.f.fromIp', kind: 'text', placeholder: '10.1.1.0/24' },
    { name: 'toEndpointGroup', label: 'netmaster.f.toGroup', kind: 'select', choices: (l, v) => ['', ...inTenant('endpointGroups', 'groupName')(l, v)] },
    { name: 'toNetwork', label: 'netmaster.f.toNetwork', kind: 'select', choices: (l, v) => ['', ...inTenant('networks', 'networkName')(l, v)] },
    { name: 'toIpAddress', label: 'netmaster.f.toIp', kind: 'text' },
  ],
};

export function initialValues(specs: FieldSpec[]): Values {
  return Object.fromEntries(specs.map((f) => [f.name, f.kind === 'multi' ? [] : (f.initial ?? '')]));
}

export function choicesOf(f: FieldSpec, lists: Lists, v: Values): string[] {
  return typeof f.choices === 'function' ? f.choices(lists, v) : (f.choices ?? []);
}

/** The object to send, or the first missing required field. */
export function buildObject(specs: FieldSpec[], v: Values): { object: NetmasterInput; missing: FieldSpec | null } {
  const object: NetmasterInput = {};
  let missing: FieldSpec | null = null;
  for (const f of specs) {
    const raw = v[f.name];
    if (Array.isArray(raw)) {
      if (raw.length) object[f.name] = raw;
      continue;
    }
    const s = (raw ?? '').trim();
    if (!s) {
      if (f.required && !missing) missing = f;
      continue;
    }
    if (f.kind === 'number') {
      const n = Number(s);
      if (Number.isInteger(n)) object[f.name] = n;
      else if (!missing) missing = f;
    } else object[f.name] = s;
  }
  return { object, missing };
}
