/**
 * Contiv netmaster's REST objects with their real JSON names (taken from the captures in
 * shared/contiv/netmaster-api). Every field but `key` is optional: netmaster omits empty ones
 * (Go `omitempty`), so `0`, `""` and `[]` arrive as absent.
 */

/** The 14 object types of contivModel, spelled as in the URL (`policys` and `Bgps` sic). */
export const OBJECT_TYPES = [
  'tenants',
  'networks',
  'endpointGroups',
  'policys',
  'rules',
  'appProfiles',
  'netprofiles',
  'serviceLBs',
  'extContractsGroups',
  'aciGws',
  'Bgps',
  'globals',
  'volumes',
  'volumeProfiles',
] as const;
export type ObjectType = (typeof OBJECT_TYPES)[number];

export interface Link {
  type?: string;
  key?: string;
}
export type LinkSet = Record<string, Link>;

interface Base {
  key: string;
  'link-sets'?: Record<string, LinkSet>;
  links?: Record<string, Link>;
}

export interface Tenant extends Base {
  tenantName: string;
  defaultNetwork?: string;
}
export interface Network extends Base {
  tenantName: string;
  networkName: string;
  encap?: 'vlan' | 'vxlan';
  pktTag?: number;
  subnet?: string;
  gateway?: string;
  ipv6Subnet?: string;
  ipv6Gateway?: string;
  nwType?: 'data' | 'infra';
  cfgdTag?: string;
}
export interface EndpointGroup extends Base {
  tenantName: string;
  groupName: string;
  networkName?: string;
  policies?: string[];
  netProfile?: string;
  ipPool?: string;
  extContractsGrps?: string[];
  cfgdTag?: string;
}
export interface Policy extends Base {
  tenantName: string;
  policyName: string;
}
export interface Rule extends Base {
  tenantName: string;
  policyName: string;
  ruleId: string;
  direction?: 'in' | 'out';
  priority?: number;
  protocol?: string;
  port?: number;
  action?: 'allow' | 'deny';
  fromEndpointGroup?: string;
  toEndpointGroup?: string;
  fromNetwork?: string;
  toNetwork?: string;
  fromIpAddress?: string;
  toIpAddress?: string;
}
export interface AppProfile extends Base {
  tenantName: string;
  appProfileName: string;
  endpointGroups?: string[];
}
export interface Netprofile extends Base {
  tenantName: string;
  profileName: string;
  bandwidth?: string;
  DSCP?: number;
  burst?: number;
}
export interface ServiceLB extends Base {
  tenantName: string;
  serviceName: string;
  networkName?: string;
  selectors?: string[];
  ports?: string[];
  ipAddress?: string;
}
export interface ExtContractsGroup extends Base {
  tenantName: string;
  contractsGroupName: string;
  contractsType?: 'provided' | 'consumed';
  contracts?: string[];
}
export interface AciGw extends Base {
  name: string;
  pathBindings?: string;
  nodeBindings?: string;
  physicalDomain?: string;
  enforcePolicies?: string;
  includeCommonTenant?: string;
}
export interface Bgp extends Base {
  hostname: string;
  routerip?: string;
  as?: string;
  'neighbor-as'?: string;
  neighbor?: string;
}
export interface Global extends Base {
  name: string;
  networkInfraType?: string;
  fwdMode?: 'bridge' | 'routing';
  arpMode?: 'proxy' | 'flood';
  vlans?: string;
  vxlans?: string;
  pvtSubnet?: string;
}
export interface Volume extends Base {
  tenantName: string;
  volumeName: string;
  datastoreType?: string;
  mountPoint?: string;
  poolName?: string;
  size?: string;
}
export interface VolumeProfile extends Base {
  tenantName: string;
  volumeProfileName: string;
  datastoreType?: string;
  mountPoint?: string;
  poolName?: string;
  size?: string;
}

export interface ObjectMap {
  tenants: Tenant;
  networks: Network;
  endpointGroups: EndpointGroup;
  policys: Policy;
  rules: Rule;
  appProfiles: AppProfile;
  netprofiles: Netprofile;
  serviceLBs: ServiceLB;
  extContractsGroups: ExtContractsGroup;
  aciGws: AciGw;
  Bgps: Bgp;
  globals: Global;
  volumes: Volume;
  volumeProfiles: VolumeProfile;
}

/** What an object is created from: the object without its server-made parts. */
export type ObjectInput<T extends ObjectType> = Omit<ObjectMap[T], 'key' | 'link-sets' | 'links'>;

/** One endpoint as inspect reports it (network/group/policy Oper, `inspect/endpoints`). */
export interface EndpointOper {
  key?: string;
  endpointID?: string;
  containerID?: string;
  containerName?: string;
  endpointGroupId?: number;
  endpointGroupKey?: string;
  homingHost?: string;
  /** [IPv4, IPv6] — the second is "" when there is none. */
  ipAddress?: string[];
  labels?: string;
  macAddress?: string;
  network?: string;
  serviceName?: string;
}

/** `GET /api/v1/inspect/<type>/<key>/`: the config plus netmaster's operational state. */
export interface Inspect<T extends ObjectType> {
  Config: ObjectMap[T];
  /** Shape differs per type (endpoints, allocated addresses, tags, counts); null for some. */
  Oper: Record<string, unknown> | null;
}

export interface VersionInfo {
  GitCommit: string;
  Version: string;
  BuildTime: string;
}

export interface ClusterInfo {
  'current-state': string;
  'leader-ip': string;
  'local-ip': string;
  'netmaster-nodes': string[];
  'netplugin-nodes': string[];
}

/** One service-LB driver state (`/services`, `/service/{id}`). */
export interface ServiceLBState {
  id: string;
  servicename: string;
  tenantname: string;
  subnet: string;
  ports: string[];
  selectors: Record<string, string>;
  ipaddress: string;
  providers: Record<string, { IPAddress: string; ContainerID: string; Labels: Record<string, string>; Tenant: string; Network: string; Services: string[]; Container: string; EpIDKey: string }>;
}

/** `/debug/ofnet`: ofnet master's internal state (kept loose: it is a debug dump). */
export interface OfnetState {
  MyAddr: string;
  MyPort: number;
  AgentDb: Record<string, unknown>;
  EndpointDb: Record<string, unknown>;
  PolicyDb: Record<string, unknown>;
  AgentStats: unknown;
  [k: string]: unknown;
}

/** The key an object is stored under, from its name fields (see ROUTES.md). */
export function objectKey<T extends ObjectType>(type: T, obj: ObjectInput<T>): string {
  const o = obj as Record<string, unknown>;
  switch (type) {
    case 'tenants':
      return String(o.tenantName);
    case 'rules':
      return `${o.tenantName}:${o.policyName}:${o.ruleId}`;
    case 'aciGws':
      return 'aciGw';
    case 'globals':
      return 'global';
    case 'Bgps':
      return String(o.hostname);
    default: {
      const nameField = { networks: 'networkName', endpointGroups: 'groupName', policys: 'policyName', appProfiles: 'appProfileName', netprofiles: 'profileName', serviceLBs: 'serviceName', extContractsGroups: 'contractsGroupName', volumes: 'volumeName', volumeProfiles: 'volumeProfileName' }[type as string];
      return `${o.tenantName}:${o[nameField as string]}`;
    }
  }
}
