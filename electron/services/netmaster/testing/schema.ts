/**
 * The contiv object model as the test netmaster needs it: per object type the Go struct name,
 * the fields with their Go types and validation, how the key is made, and which link/link-set
 * names the stored object carries. Field checks answer with contivModel's own words
 * ("<field> string invalid format", "<field> Value Out of bound"), as seen in the captures.
 */
import type { GoType } from './go-json';
import type { ObjectType } from '../types';

export interface FieldSpec {
  type: GoType;
  /** A string must match (after Go's `omitempty`, an absent field is ""). */
  pattern?: RegExp;
  /** Inclusive integer bounds. */
  min?: number;
  max?: number;
}

export interface TypeSpec {
  struct: string;
  keyFields: string[];
  fields: Record<string, FieldSpec>;
  /** Names inside `link-sets` (omitted when empty); null = the struct has no link-sets. */
  linkSets: string[] | null;
  /** Names inside `links` (always printed, `{}` when unset); null = no links. */
  links: string[] | null;
  /** Routes exist but netmaster registers no callback: writes answer "Invalid object type". */
  noCallbacks?: boolean;
}

const NAME = /^([a-zA-Z0-9]([-a-zA-Z0-9.]*[a-zA-Z0-9])?)$/;
const OPT_NAME = /^(([a-zA-Z0-9]([-a-zA-Z0-9.]*[a-zA-Z0-9])?)?)$/;
const CIDR4 = /^((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\/(3[0-2]|[12]?\d)$/;
const SUBNET = /^(((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(-(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d))?\/(3[0-2]|[12]?\d))$/;
const IP4 = /^(((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d))?$/;
const IPV6_CIDR = /^(([0-9a-fA-F]{0,4}:){2,7}[0-9a-fA-F]{0,4}\/(12[0-8]|1[01]\d|[1-9]?\d))?$/;
const IPV6 = /^(([0-9a-fA-F]{0,4}:){2,7}[0-9a-fA-F]{0,4})?$/;
const RANGE = /^([0-9]{1,5}(-[0-9]{1,5})?)(,[0-9]{1,5}(-[0-9]{1,5})?)*$/;
const BANDWIDTH = /^(([1-9][0-9]*\s*(([kmgKMG]bps)|[kmgKMG]|(kb|Kb|Gb|gb|Mb|mb)))?)$/;
const IPPOOL = /^((((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d))-(((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)))?$/;

const s = (pattern?: RegExp): FieldSpec => ({ type: 'string', pattern });
const n = (min: number, max: number): FieldSpec => ({ type: 'int', min, max });
const list: FieldSpec = { type: '[]string' };

export const SCHEMA: Record<ObjectType, TypeSpec> = {
  tenants: {
    struct: 'Tenant',
    keyFields: ['tenantName'],
    fields: { tenantName: s(NAME), defaultNetwork: s(OPT_NAME) },
    linkSets: ['AppProfiles', 'EndpointGroups', 'NetProfiles', 'Networks', 'Policies', 'Servicelbs', 'VolumeProfiles', 'Volumes'],
    links: null,
  },
  networks: {
    struct: 'Network',
    keyFields: ['tenantName', 'networkName'],
    fields: {
      tenantName: s(NAME),
      networkName: s(NAME),
      encap: s(/^(vlan|vxlan)$/),
      pktTag: n(0, 16777215),
      subnet: s(SUBNET),
      gateway: s(IP4),
      ipv6Subnet: s(IPV6_CIDR),
      ipv6Gateway: s(IPV6),
      nwType: s(/^(infra|data)$/),
      cfgdTag: s(/^(([a-zA-Z0-9]([-a-zA-Z0-9.]*[a-zA-Z0-9])?)?)$/),
    },
    linkSets: ['EndpointGroups', 'Servicelbs'],
    links: ['Tenant'],
  },
  endpointGroups: {
    struct: 'EndpointGroup',
    keyFields: ['tenantName', 'groupName'],
    fields: {
      tenantName: s(NAME),
      groupName: s(NAME),
      networkName: s(NAME),
      policies: list,
      netProfile: s(OPT_NAME),
      ipPool: s(IPPOOL),
      extContractsGrps: list,
      cfgdTag: s(/^(([a-zA-Z0-9]([-a-zA-Z0-9.]*[a-zA-Z0-9])?)?)$/),
    },
    linkSets: ['ExtContractsGrps', 'MatchRules', 'Policies', 'Services'],
    links: ['AppProfile', 'NetProfile', 'Network', 'Tenant'],
  },
  policys: {
    struct: 'Policy',
    keyFields: ['tenantName', 'policyName'],
    fields: { tenantName: s(NAME), policyName: s(NAME) },
    linkSets: ['EndpointGroups', 'Rules'],
    links: ['Tenant'],
  },
  rules: {
    struct: 'Rule',
    keyFields: ['tenantName', 'policyName', 'ruleId'],
    fields: {
      tenantName: s(NAME),
      policyName: s(NAME),
      ruleId: s(NAME),
      direction: s(/^(in|out)$/),
      priority: n(1, 100),
      protocol: s(/^((tcp|udp|icmp)|[0-9]{1,3})?$/),
      port: n(0, 65535),
      action: s(/^(allow|deny)$/),
      fromEndpointGroup: s(OPT_NAME),
      toEndpointGroup: s(OPT_NAME),
      fromNetwork: s(OPT_NAME),
      toNetwork: s(OPT_NAME),
      fromIpAddress: s(new RegExp(`^(${CIDR4.source.slice(1, -1)})?$`)),
      toIpAddress: s(new RegExp(`^(${CIDR4.source.slice(1, -1)})?$`)),
    },
    linkSets: ['Policies'],
    links: ['MatchEndpointGroup'],
  },
  appProfiles: {
    struct: 'AppProfile',
    keyFields: ['tenantName', 'appProfileName'],
    fields: { tenantName: s(NAME), appProfileName: s(NAME), endpointGroups: list },
    linkSets: ['EndpointGroups'],
    links: ['Tenant'],
  },
  netprofiles: {
    struct: 'Netprofile',
    keyFields: ['tenantName', 'profileName'],
    fields: { tenantName: s(NAME), profileName: s(NAME), bandwidth: s(BANDWIDTH), DSCP: n(0, 63), burst: n(0, 10486) },
    linkSets: ['EndpointGroups'],
    links: ['Tenant'],
  },
  serviceLBs: {
    struct: 'ServiceLB',
    keyFields: ['tenantName', 'serviceName'],
    fields: { tenantName: s(NAME), serviceName: s(NAME), networkName: s(NAME), selectors: list, ports: list, ipAddress: s(IP4) },
    linkSets: null,
    links: ['Network', 'Tenant'],
  },
  extContractsGroups: {
    struct: 'ExtContractsGroup',
    keyFields: ['tenantName', 'contractsGroupName'],
    fields: { tenantName: s(NAME), contractsGroupName: s(NAME), contractsType: s(/^(provided|consumed)$/), contracts: list },
    linkSets: ['EndpointGroups'],
    links: null,
  },
  aciGws: {
    struct: 'AciGw',
    keyFields: ['name'],
    fields: {
      name: s(/^(aciGw)$/),
      pathBindings: s(),
      nodeBindings: s(),
      physicalDomain: s(),
      enforcePolicies: s(/^(yes|no)$/),
      includeCommonTenant: s(/^(yes|no)$/),
    },
    linkSets: null,
    links: null,
  },
  Bgps: {
    struct: 'Bgp',
    keyFields: ['hostname'],
    fields: { hostname: s(NAME), routerip: s(CIDR4), as: s(/^\d+$/), 'neighbor-as': s(/^\d+$/), neighbor: s(IP4) },
    linkSets: null,
    links: null,
  },
  globals: {
    struct: 'Global',
    keyFields: ['name'],
    fields: {
      name: s(/^(global)$/),
      networkInfraType: s(/^(aci|aci-opflex|default)?$/),
      fwdMode: s(/^(bridge|routing)?$/),
      arpMode: s(/^(proxy|flood)?$/),
      vlans: s(RANGE),
      vxlans: s(RANGE),
      pvtSubnet: s(CIDR4),
    },
    linkSets: null,
    links: null,
  },
  volumes: {
    struct: 'Volume',
    keyFields: ['tenantName', 'volumeName'],
    fields: { tenantName: s(NAME), volumeName: s(NAME), datastoreType: s(), mountPoint: s(), poolName: s(), size: s() },
    linkSets: null,
    links: null,
    noCallbacks: true,
  },
  volumeProfiles: {
    struct: 'VolumeProfile',
    keyFields: ['tenantName', 'volumeProfileName'],
    fields: { tenantName: s(NAME), volumeProfileName: s(NAME), datastoreType: s(), mountPoint: s(), poolName: s(), size: s() },
    linkSets: null,
    links: null,
    noCallbacks: true,
  },
};
