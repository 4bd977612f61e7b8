/**
 * What each tab shows: the object's key fields as table columns (the rest is in the raw JSON),
 * and how a value reads in a cell. Names are netmaster's JSON names, untranslated on purpose:
 * they are what netctl and the REST API call them.
 */
import type { NetmasterObject, NetmasterObjectType } from '../../../electron/ipc/types';
import type { MessageKey } from '../../i18n';

export const COLUMNS: Partial<Record<NetmasterObjectType, string[]>> = {
  tenants: ['tenantName', 'defaultNetwork'],
  networks: ['tenantName', 'networkName', 'encap', 'pktTag', 'subnet', 'gateway', 'nwType'],
  endpointGroups: ['tenantName', 'groupName', 'networkName', 'policies', 'netProfile'],
  policys: ['tenantName', 'policyName'],
  rules: ['tenantName', 'policyName', 'ruleId', 'direction', 'priority', 'protocol', 'port', 'action', 'fromEndpointGroup', 'fromNetwork', 'fromIpAddress', 'toEndpointGroup', 'toNetwork', 'toIpAddress'],
  appProfiles: ['tenantName', 'appProfileName', 'endpointGroups'],
  netprofiles: ['tenantName', 'profileName', 'bandwidth', 'DSCP', 'burst'],
  serviceLBs: ['tenantName', 'serviceName', 'networkName', 'selectors', 'ports', 'ipAddress'],
  globals: ['name', 'networkInfraType', 'fwdMode', 'arpMode', 'vlans', 'vxlans', 'pvtSubnet'],
};

export const TAB_LABEL: Record<string, MessageKey> = {
  tenants: 'netmaster.tab.tenants',
  networks: 'netmaster.tab.networks',
  endpointGroups: 'netmaster.tab.endpointGroups',
  policys: 'netmaster.tab.policys',
  rules: 'netmaster.tab.rules',
  appProfiles: 'netmaster.tab.appProfiles',
  netprofiles: 'netmaster.tab.netprofiles',
  serviceLBs: 'netmaster.tab.serviceLBs',
  globals: 'netmaster.tab.globals',
};

/** The create form's heading per type. */
export const NEW_LABEL: Record<string, MessageKey> = {
  tenants: 'netmaster.new.tenants',
  networks: 'netmaster.new.networks',
  endpointGroups: 'netmaster.new.endpointGroups',
  policys: 'netmaster.new.policys',
  rules: 'netmaster.new.rules',
};

/** The types this screen creates and deletes (each has a netctl twin). */
export const EDITABLE = new Set<NetmasterObjectType>(['tenants', 'networks', 'endpointGroups', 'policys', 'rules']);

export function field(o: unknown, name: string): unknown {
  return o && typeof o === 'object' ? (o as Record<string, unknown>)[name] : undefined;
}

export function cell(v: unknown): string {
  if (v === undefined || v === null || v === '') return '';
  if (Array.isArray(v)) return v.map((x) => (typeof x === 'object' ? JSON.stringify(x) : String(x))).join(', ');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** An object's fields but the server's bookkeeping (key, links), for the details table. */
export function configRows(o: NetmasterObject): [string, string][] {
  return Object.entries(o as unknown as Record<string, unknown>)
    .filter(([k]) => k !== 'key' && k !== 'link-sets' && k !== 'links')
    .map(([k, v]) => [k, cell(v)]);
}

/** Oper's scalar fields; a list of objects (endpoints) as its count — the objects are in the folded JSON. */
export function operRows(oper: Record<string, unknown> | null): [string, string][] {
  if (!oper) return [];
  return Object.entries(oper)
    .filter(([, v]) => !(v && typeof v === 'object' && !Array.isArray(v)))
    .map(([k, v]) => [k, Array.isArray(v) && v.some((x) => x && typeof x === 'object') ? `${v.length} ×` : cell(v)]);
}
