/**
 * The test netmaster's brain: contiv's objects, their links, the address and tag pools and the
 * endpoints, changed the way netmaster (contiv/netplugin 1.1.0-rc.1-470) changes them — same
 * check order, same error words, same leftovers. Pure: no sockets. The HTTP face is in
 * test-netmaster.ts; what this file must reproduce is pinned by the contract test.
 */
import { OBJECT_TYPES, type ObjectType } from '../types';
import { SCHEMA } from './schema';
import { goTypeCheck } from './go-json';
import { AddressSet, formatTagRanges, intToIp, ipToInt, macForIp, overlaps, parseCidr, type Subnet } from './ipam';

type Obj = Record<string, unknown> & { key: string };

/** A handler error: HTTP 500 with the text; `stack` adds Go-style frames like core.Errorf does. */
export class NmError extends Error {
  constructor(
    message: string,
    readonly stack_: boolean = false,
  ) {
    super(message);
  }
}

export type DockerNetworkHook = (action: 'create' | 'delete', name: string, tenant: string) => Promise<void> | void;

interface NetOper {
  subnet: Subnet;
  v4: AddressSet;
  v6: { prefix: bigint; used: Set<bigint> } | null;
  pktTag: number;
  extTag: number | null;
  /** netmaster's EpAddrCount: +1 per pool allocation (not the preferred-address path), -1 per release of a held address. */
  count: number;
}

interface EpgOper {
  id: number;
  pool: AddressSet | null;
}

interface Endpoint {
  id: string;
  netKey: string;
  tenant: string;
  network: string;
  endpointID: string;
  group: string;
  epgKey: string;
  epgId: number;
  ipv4: string;
  ipv6: string;
  mac: string;
  host: string;
  name: string;
  containerID: string;
  labels: Record<string, string>;
}

interface ServiceState {
  vip: string;
  counted: boolean;
  providers: Map<string, Endpoint>;
}

export class NetmasterState {
  readonly objs = new Map<ObjectType, Map<string, Obj>>(OBJECT_TYPES.map((t) => [t, new Map()]));
  private readonly nets = new Map<string, NetOper>();
  private readonly epgs = new Map<string, EpgOper>();
  private readonly endpoints = new Map<string, Endpoint>();
  private readonly services = new Map<string, ServiceState>();
  private readonly vxlansUsed = new Set<number>();
  private readonly vlansUsed = new Set<number>();
  private readonly localTags = new Set<number>();
  private nextEpgId = 1;

  constructor(
    private readonly hook: DockerNetworkHook | undefined,
    globals: { fwdMode?: string; arpMode?: string; vlans?: string; vxlans?: string; pvtSubnet?: string } = {},
  ) {
    // What netmaster writes at every start: the global object from its flags, and tenant default.
    this.put('globals', {
      key: 'global',
      arpMode: globals.arpMode ?? 'proxy',
      fwdMode: globals.fwdMode ?? 'routing',
      name: 'global',
      networkInfraType: 'default',
      pvtSubnet: globals.pvtSubnet ?? '172.19.0.0/16',
      vlans: globals.vlans ?? '1-4094',
      vxlans: globals.vxlans ?? '1-10000',
    });
    this.put('tenants', { key: 'default', tenantName: 'default', 'link-sets': {} });
  }

  // ---- generic store -------------------------------------------------------------------

  private put(type: ObjectType, obj: Obj): void {
    this.objs.get(type)!.set(obj.key, obj);
  }
  get(type: ObjectType, key: string): Obj | undefined {
    return this.objs.get(type)!.get(key);
  }
  list(type: ObjectType): Obj[] {
    return [...this.objs.get(type)!.values()];
  }
  notFound(type: ObjectType): NmError {
    const s = SCHEMA[type].struct;
    return new NmError(`${s[0].toLowerCase()}${s.slice(1)} not found`);
  }
  mustGet(type: ObjectType, key: string): Obj {
    const o = this.get(type, key);
    if (!o) throw this.notFound(type);
    return o;
  }

  private linkSet(obj: Obj, set: string, type: string, key: string, on: boolean): void {
    const sets = (obj['link-sets'] ??= {}) as Record<string, Record<string, { type: string; key: string }>>;
    const s = (sets[set] ??= {});
    if (on) s[key] = { type, key };
    else delete s[key];
    if (Object.keys(s).length === 0) delete sets[set];
  }
  private link(obj: Obj, name: string, type: string, key: string | null): void {
    const links = (obj.links ??= {}) as Record<string, unknown>;
    links[name] = key ? { type, key } : {};
  }
  private emptyLinks(type: ObjectType): Record<string, unknown> {
    const spec = SCHEMA[type];
    const out: Record<string, unknown> = {};
    if (spec.linkSets) out['link-sets'] = {};
    if (spec.links) out.links = Object.fromEntries(spec.links.map((l) => [l, {}]));
    return out;
  }

  /**
   * Decodes a create/update body the way the generated contivModel handler does: typed fields
   * (Go's type errors), omitempty, the key made from the name fields, then field validation.
   */
  decode(type: ObjectType, urlKey: string, body: unknown): Obj {
    const spec = SCHEMA[type];
    const src = (body && typeof body === 'object' && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
    const obj: Record<string, unknown> = { key: urlKey };
    for (const [f, fs] of Object.entries(spec.fields)) {
      const err = goTypeCheck(spec.struct, f, fs.type, src[f]);
      if (err) throw new NmError(err);
      const v = src[f];
      const empty = v === undefined || v === null || v === '' || v === 0 || v === false || (Array.isArray(v) && v.length === 0);
      if (!empty) obj[f] = v;
    }
    if (type === 'networks') {
      obj.encap ??= 'vxlan';
      obj.nwType ??= 'data';
    }
    const keyStr = spec.keyFields.map((f) => String(obj[f] ?? '')).join(':');
    if (keyStr !== urlKey) throw new NmError('Invalid Key');
    for (const f of Object.keys(spec.fields).sort((a, b) => a.localeCompare(b))) {
      const fs = spec.fields[f];
      if (fs.type === 'string' && fs.pattern && !fs.pattern.test(String(obj[f] ?? ''))) throw new NmError(`${f} string invalid format`);
      if (fs.type === 'int') {
        const v = Number(obj[f] ?? 0);
        if ((fs.min !== undefined && v < fs.min && obj[f] !== undefined) || (fs.max !== undefined && v > fs.max)) throw new NmError(`${f} Value Out of bound`);
      }
    }
    return { ...obj, ...this.emptyLinks(type) } as Obj;
  }

  /** POST/PUT: create, or update when the key exists. Returns what netmaster answers. */
  async write(type: ObjectType, urlKey: string, body: unknown): Promise<Obj> {
    const spec = SCHEMA[type];
    const obj = this.decode(type, urlKey, body);
    if (spec.noCallbacks) throw new NmError('Invalid object type');
    const existing = this.get(type, urlKey);
    if (existing) {
      this.update(type, existing, obj);
      // The generated handler answers with the decoded request, not the stored object.
      return obj;
    }
    this.put(type, obj);
    try {
      await this.create(type, obj);
    } catch (err) {
      this.objs.get(type)!.delete(obj.key);
      throw err;
    }
    return obj;
  }

  // ---- create callbacks --------------------------------------------------------------

  private tenantOf(obj: Obj): Obj {
    const t = this.get('tenants', String(obj.tenantName));
    if (!t) throw new NmError('Tenant not found', true);
    return t;
  }

  private async create(type: ObjectType, obj: Obj): Promise<void> {
    const t = obj.tenantName as string;
    switch (type) {
      case 'tenants':
        return;
      case 'networks':
        return await this.networkCreate(obj);
      case 'endpointGroups':
        return this.epgCreate(obj);
      case 'policys': {
        const tenant = this.tenantOf(obj);
        this.link(obj, 'Tenant', 'tenant', t);
        this.linkSet(tenant, 'Policies', 'policy', obj.key, true);
        return;
      }
      case 'rules':
        return this.ruleCreate(obj);
      case 'appProfiles': {
        const tenant = this.tenantOf(obj);
        const groups = this.appProfileGroups(obj);
        this.link(obj, 'Tenant', 'tenant', t);
        this.linkSet(tenant, 'AppProfiles', 'appProfile', obj.key, true);
        for (const g of groups) {
          this.linkSet(obj, 'EndpointGroups', 'endpointGroup', g.key, true);
          this.link(g, 'AppProfile', 'appProfile', obj.key);
        }
        return;
      }
      case 'netprofiles': {
        const tenant = this.tenantOf(obj);
        this.link(obj, 'Tenant', 'tenant', t);
        this.linkSet(tenant, 'NetProfiles', 'netprofile', obj.key, true);
        return;
      }
      case 'serviceLBs':
        return this.serviceCreate(obj);
      case 'extContractsGroups':
        this.tenantOf(obj);
        return;
      default:
        return;
    }
  }

  private async networkCreate(obj: Obj): Promise<void> {
    const tenant = this.tenantOf(obj);
    const t = String(obj.tenantName);
    const name = String(obj.networkName);
    if (this.get('endpointGroups', `${t}:${name}`)) throw new NmError(`EndpointGroup ${name} conflicts with the network name`, true);
    const subnet = parseCidr(String(obj.subnet));
    if (!subnet) throw new NmError('subnet string invalid format');
    for (const [k, n] of this.nets) {
      if (overlaps(n.subnet, subnet)) throw new NmError(`network ${this.get('networks', k)?.networkName ?? k} conflicts with subnet ${obj.subnet}`);
    }
    const v4 = AddressSet.forSubnet(subnet);
    if (obj.gateway) {
      const gw = ipToInt(String(obj.gateway))!;
      if (gw < subnet.base || gw >= subnet.base + subnet.size) {
        throw new NmError(`hostIP ${obj.gateway} is exceeding beyond subnet ${obj.subnet}, hostID ${gw - subnet.base}`, true);
      }
      v4.add(gw);
    }
    const g = this.mustGet('globals', 'global');
    let pktTag: number;
    let extTag: number | null = null;
    const requested = Number(obj.pktTag ?? 0);
    if (obj.encap === 'vlan') {
      const [lo, hi] = rangeBounds(String(g.vlans));
      if (requested && (requested < lo || requested > hi || this.vlansUsed.has(requested) || this.localTags.has(requested))) {
        throw new NmError(`requested vlan not available - vlan:${requested}`);
      }
      pktTag = requested || firstFree(lo, hi, (n) => this.vlansUsed.has(n) || this.localTags.has(n));
      this.vlansUsed.add(pktTag);
    } else {
      const [lo, hi] = rangeBounds(String(g.vxlans));
      if (requested && (requested < lo || requested > hi || this.vxlansUsed.has(requested))) throw new NmError('requested vxlan not available');
      extTag = requested || firstFree(lo, hi, (n) => this.vxlansUsed.has(n));
      this.vxlansUsed.add(extTag);
      pktTag = firstFree(1, 4094, (n) => this.localTags.has(n) || this.vlansUsed.has(n));
      this.localTags.add(pktTag);
    }
    let v6: NetOper['v6'] = null;
    if (obj.ipv6Subnet) {
      v6 = { prefix: ipv6ToBig(String(obj.ipv6Subnet).split('/')[0]), used: new Set() };
      if (obj.ipv6Gateway) v6.used.add(ipv6ToBig(String(obj.ipv6Gateway)) - v6.prefix);
    }
    this.nets.set(obj.key, { subnet, v4, v6, pktTag, extTag, count: 0 });
    this.link(obj, 'Tenant', 'tenant', t);
    this.linkSet(tenant, 'Networks', 'network', obj.key, true);
    await this.hook?.('create', dockerName(name, t), t);
  }

  private async epgCreate(obj: Obj): Promise<void> {
    const tenant = this.tenantOf(obj);
    const t = String(obj.tenantName);
    const netKey = `${t}:${obj.networkName}`;
    const net = this.get('networks', netKey);
    if (!net) throw new NmError(`Network ${obj.networkName} not found`, true);
    if (this.get('networks', `${t}:${obj.groupName}`)) throw new NmError(`Network ${obj.groupName} conflicts with the endpointGroup name`, true);
    const policies = ((obj.policies as string[] | undefined) ?? []).map((p) => this.get('policys', `${t}:${p}`));
    if (policies.some((p) => !p)) throw new NmError('Policy not found', true);
    const oper = this.nets.get(netKey)!;
    let pool: AddressSet | null = null;
    if (obj.ipPool) {
      const [a, b] = String(obj.ipPool).split('-').map((x) => ipToInt(x)!);
      const inside = (ip: number) => ip > oper.subnet.base && ip < oper.subnet.base + oper.subnet.size - 1;
      if (!inside(a) || !inside(b) || a > b) {
        throw new NmError(`bad ip-pool ${obj.ipPool}, EPG ip-pool must be a subset of network ${net.subnet}`);
      }
      pool = new AddressSet(a, b);
    }
    // netmaster makes the docker network before it looks the netprofile up, and does not undo
    // it (nor its state) when the netprofile is unknown: the leftovers are part of the contract.
    await this.hook?.('create', dockerName(String(obj.groupName), t), t);
    let profile: Obj | undefined;
    if (obj.netProfile) {
      profile = this.get('netprofiles', `${t}:${obj.netProfile}`);
      if (!profile) throw new NmError('netprofile not found');
    }
    if (pool) for (let ip = pool.first; ip <= pool.last; ip++) oper.v4.add(ip);
    this.epgs.set(obj.key, { id: this.nextEpgId++, pool });
    this.link(obj, 'AppProfile', 'appProfile', null);
    this.link(obj, 'NetProfile', 'netprofile', profile ? profile.key : null);
    this.link(obj, 'Network', 'network', netKey);
    this.link(obj, 'Tenant', 'tenant', t);
    this.linkSet(net, 'EndpointGroups', 'endpointGroup', obj.key, true);
    this.linkSet(tenant, 'EndpointGroups', 'endpointGroup', obj.key, true);
    if (profile) this.linkSet(profile, 'EndpointGroups', 'endpointGroup', obj.key, true);
    for (const p of policies) {
      this.linkSet(obj, 'Policies', 'policy', p!.key, true);
      this.linkSet(p!, 'EndpointGroups', 'endpointGroup', obj.key, true);
    }
  }

  private ruleCreate(obj: Obj): void {
    const t = String(obj.tenantName);
    const policy = this.get('policys', `${t}:${obj.policyName}`);
    if (!policy) throw new NmError('Policy not found', true);
    let match: Obj | null = null;
    for (const f of ['fromEndpointGroup', 'toEndpointGroup']) {
      if (!obj[f]) continue;
      const g = this.get('endpointGroups', `${t}:${obj[f]}`);
      if (!g) throw new NmError('endpoint group not found');
      match = g;
    }
    for (const [f, ipf] of [
      ['fromNetwork', 'fromIpAddress'],
      ['toNetwork', 'toIpAddress'],
    ]) {
      if (!obj[f]) continue;
      const n = this.get('networks', `${t}:${obj[f]}`);
      if (!n) throw new NmError('Network not found');
      obj[ipf] = n.subnet;
    }
    this.linkSet(obj, 'Policies', 'policy', policy.key, true);
    this.link(obj, 'MatchEndpointGroup', 'endpointGroup', match ? match.key : null);
    this.linkSet(policy, 'Rules', 'rule', obj.key, true);
    if (match) this.linkSet(match, 'MatchRules', 'rule', obj.key, true);
  }

  private appProfileGroups(obj: Obj): Obj[] {
    const t = String(obj.tenantName);
    return ((obj.endpointGroups as string[] | undefined) ?? []).map((g) => {
      const o = this.get('endpointGroups', `${t}:${g}`);
      if (!o) throw new NmError(`EndpointGroup ${t}:${g} not found`, true);
      return o;
    });
  }

  private serviceCreate(obj: Obj): void {
    const tenant = this.tenantOf(obj);
    const t = String(obj.tenantName);
    const netKey = `${t}:${obj.networkName}`;
    const net = this.get('networks', netKey);
    if (!net) throw new NmError(`Network ${obj.networkName} not found`, true);
    const oper = this.nets.get(netKey)!;
    let vip: string;
    let counted = false;
    if (obj.ipAddress) {
      vip = String(obj.ipAddress);
      oper.v4.add(ipToInt(vip)!);
    } else {
      const ip = oper.v4.allocate();
      if (ip === null) throw new NmError('no addresses available');
      vip = intToIp(ip);
      oper.count++;
      counted = true;
    }
    this.services.set(obj.key, { vip, counted, providers: new Map() });
    this.link(obj, 'Network', 'network', netKey);
    this.link(obj, 'Tenant', 'tenant', t);
    this.linkSet(net, 'Servicelbs', 'serviceLB', obj.key, true);
    this.linkSet(tenant, 'Servicelbs', 'serviceLB', obj.key, true);
    // Endpoints already running with matching labels become providers straight away.
    for (const ep of this.endpoints.values()) if (ep.tenant === t && matches(obj, ep.labels)) this.services.get(obj.key)!.providers.set(ep.id, ep);
  }

  // ---- update callbacks ---------------------------------------------------------------

  private update(type: ObjectType, stored: Obj, next: Obj): void {
    const t = String(stored.tenantName);
    switch (type) {
      case 'tenants':
        throw new NmError('Cant change tenant parameters after its created', true);
      case 'networks':
        throw new NmError('Cant change network parameters after its created', true);
      case 'globals':
        return this.globalUpdate(stored, next);
      case 'endpointGroups': {
        const oldProfile = stored.netProfile ? this.get('netprofiles', `${t}:${stored.netProfile}`) : undefined;
        let profile: Obj | undefined;
        if (next.netProfile) {
          profile = this.get('netprofiles', `${t}:${next.netProfile}`);
          if (!profile) throw new NmError('netprofile not found');
        }
        const policies = ((next.policies as string[] | undefined) ?? []).map((p) => this.get('policys', `${t}:${p}`));
        if (policies.some((p) => !p)) throw new NmError('Policy not found', true);
        if (oldProfile) this.linkSet(oldProfile, 'EndpointGroups', 'endpointGroup', stored.key, false);
        if (profile) this.linkSet(profile, 'EndpointGroups', 'endpointGroup', stored.key, true);
        this.link(stored, 'NetProfile', 'netprofile', profile ? profile.key : null);
        for (const p of (stored.policies as string[] | undefined) ?? []) {
          const po = this.get('policys', `${t}:${p}`);
          if (po) this.linkSet(po, 'EndpointGroups', 'endpointGroup', stored.key, false);
          this.linkSet(stored, 'Policies', 'policy', `${t}:${p}`, false);
        }
        for (const p of policies) {
          this.linkSet(p!, 'EndpointGroups', 'endpointGroup', stored.key, true);
          this.linkSet(stored, 'Policies', 'policy', p!.key, true);
        }
        assignFields(type, stored, next);
        return;
      }
      case 'appProfiles': {
        const groups = this.appProfileGroups(next);
        for (const k of Object.keys(((stored['link-sets'] as Record<string, Record<string, unknown>>)?.EndpointGroups ?? {}) as object)) {
          const g = this.get('endpointGroups', k);
          if (g) this.link(g, 'AppProfile', 'appProfile', null);
          this.linkSet(stored, 'EndpointGroups', 'endpointGroup', k, false);
        }
        for (const g of groups) {
          this.linkSet(stored, 'EndpointGroups', 'endpointGroup', g.key, true);
          this.link(g, 'AppProfile', 'appProfile', stored.key);
        }
        assignFields(type, stored, next);
        return;
      }
      default:
        assignFields(type, stored, next);
    }
  }

  private globalUpdate(stored: Obj, next: Obj): void {
    const nets = this.list('networks');
    const vlanNets = nets.filter((n) => n.encap === 'vlan').length;
    const vxlanNets = nets.length - vlanNets;
    if (next.fwdMode !== stored.fwdMode && nets.length > 0) {
      throw new NmError(`Unable to update forwarding mode due to existing ${vlanNets} vlans and ${vxlanNets} vxlans`);
    }
    if (next.vxlans !== stored.vxlans) {
      const [lo, hi] = rangeBounds(String(next.vxlans));
      if (hi - lo + 1 > 16000) {
        if (this.vxlansUsed.size > 0) throw new NmError(`cannot update the vxlan range due to existing vxlans ${formatTagRanges([...this.vxlansUsed])}`);
        throw new NmError(`does not allow vxlan range to exceed 16000 range ${next.vxlans}`, true);
      }
    }
    assignFields('globals', stored, next);
  }

  // ---- delete --------------------------------------------------------------------------

  async remove(type: ObjectType, key: string): Promise<void> {
    const obj = this.mustGet(type, key);
    const t = String(obj.tenantName);
    const sets = (obj['link-sets'] ?? {}) as Record<string, Record<string, unknown>>;
    const count = (s: string) => Object.keys(sets[s] ?? {}).length;
    switch (type) {
      case 'tenants': {
        for (const [set, words] of [
          ['AppProfiles', 'app profiles'],
          ['EndpointGroups', 'endpoint groups'],
          ['Networks', 'networks'],
          ['Policies', 'policies'],
          ['NetProfiles', 'netprofiles'],
          ['Servicelbs', 'services'],
        ] as const) {
          if (count(set) > 0) throw new NmError(`cannot delete ${key}, has ${count(set)} ${words}`, true);
        }
        break;
      }
      case 'networks': {
        if (count('EndpointGroups') > 0) throw new NmError(`cannot delete ${obj.networkName} has ${count('EndpointGroups')} endpoint groups`, true);
        if ([...this.endpoints.values()].some((e) => e.netKey === key)) throw new NmError(`cannot delete ${obj.networkName} has active endpoints`, true);
        if (count('Servicelbs') > 0) throw new NmError(`cannot delete ${obj.networkName} has ${count('Servicelbs')} services`, true);
        const oper = this.nets.get(key)!;
        if (oper.extTag !== null) {
          this.vxlansUsed.delete(oper.extTag);
          this.localTags.delete(oper.pktTag);
        } else this.vlansUsed.delete(oper.pktTag);
        this.nets.delete(key);
        this.linkSet(this.mustGet('tenants', t), 'Networks', 'network', key, false);
        await this.hook?.('delete', dockerName(String(obj.networkName), t), t);
        break;
      }
      case 'endpointGroups': {
        const app = (obj.links as Record<string, { key?: string }>)?.AppProfile?.key;
        if (app) throw new NmError(`Cannot delete ${obj.groupName}, associated to appProfile ${app}`, true);
        if ([...this.endpoints.values()].some((e) => e.epgKey === `${obj.groupName}:${t}`)) throw new NmError(`Error: EPG ${obj.groupName} has active endpoints`, true);
        const netKey = `${t}:${obj.networkName}`;
        const oper = this.epgs.get(key);
        const net = this.get('networks', netKey);
        if (oper?.pool && this.nets.has(netKey)) for (let ip = oper.pool.first; ip <= oper.pool.last; ip++) this.nets.get(netKey)!.v4.delete(ip);
        this.epgs.delete(key);
        if (net) this.linkSet(net, 'EndpointGroups', 'endpointGroup', key, false);
        this.linkSet(this.mustGet('tenants', t), 'EndpointGroups', 'endpointGroup', key, false);
        for (const p of Object.keys(sets.Policies ?? {})) {
          const po = this.get('policys', p);
          if (po) this.linkSet(po, 'EndpointGroups', 'endpointGroup', key, false);
        }
        const prof = (obj.links as Record<string, { key?: string }>)?.NetProfile?.key;
        const po = prof ? this.get('netprofiles', prof) : undefined;
        if (po) this.linkSet(po, 'EndpointGroups', 'endpointGroup', key, false);
        await this.hook?.('delete', dockerName(String(obj.groupName), t), t);
        break;
      }
      case 'policys':
        if (count('EndpointGroups') > 0) throw new NmError('Policy is being used', true);
        this.linkSet(this.mustGet('tenants', t), 'Policies', 'policy', key, false);
        break;
      case 'rules': {
        const policy = this.get('policys', `${t}:${obj.policyName}`);
        if (policy) this.linkSet(policy, 'Rules', 'rule', key, false);
        const m = (obj.links as Record<string, { key?: string }>)?.MatchEndpointGroup?.key;
        const g = m ? this.get('endpointGroups', m) : undefined;
        if (g) this.linkSet(g, 'MatchRules', 'rule', key, false);
        break;
      }
      case 'appProfiles':
        for (const k of Object.keys(sets.EndpointGroups ?? {})) {
          const g = this.get('endpointGroups', k);
          if (g) this.link(g, 'AppProfile', 'appProfile', null);
        }
        this.linkSet(this.mustGet('tenants', t), 'AppProfiles', 'appProfile', key, false);
        break;
      case 'netprofiles':
        if (count('EndpointGroups') > 0) throw new NmError('netprofile is being used', true);
        this.linkSet(this.mustGet('tenants', t), 'NetProfiles', 'netprofile', key, false);
        break;
      case 'serviceLBs': {
        const svc = this.services.get(key);
        const netKey = `${t}:${obj.networkName}`;
        const oper = this.nets.get(netKey);
        if (svc && oper) {
          oper.v4.delete(ipToInt(svc.vip)!);
          if (svc.counted) oper.count--;
        }
        this.services.delete(key);
        const net = this.get('networks', netKey);
        if (net) this.linkSet(net, 'Servicelbs', 'serviceLB', key, false);
        this.linkSet(this.mustGet('tenants', t), 'Servicelbs', 'serviceLB', key, false);
        break;
      }
      default:
        break;
    }
    this.objs.get(type)!.delete(key);
  }

  // ---- inspect -------------------------------------------------------------------------

  private epOper(ep: Endpoint, serviceName = ep.group): Record<string, unknown> {
    return omitEmpty({
      containerID: ep.containerID,
      containerName: ep.name,
      endpointGroupId: ep.epgId,
      endpointGroupKey: ep.epgKey,
      endpointID: ep.endpointID,
      homingHost: ep.host,
      ipAddress: [ep.ipv4, ep.ipv6],
      labels: goMap(ep.labels),
      macAddress: ep.mac,
      network: `${ep.network}.${ep.tenant}`,
      serviceName,
    });
  }

  private networkOper(key: string, withTag: boolean): Record<string, unknown> {
    const o = this.nets.get(key)!;
    const net = this.mustGet('networks', key);
    const eps = [...this.endpoints.values()].filter((e) => e.netKey === key);
    return omitEmpty({
      allocatedAddressesCount: o.count,
      allocatedIPAddresses: o.v4.allocated(),
      availableIPAddresses: o.v4.available(),
      endpoints: eps.map((e) => this.epOper(e)),
      externalPktTag: o.extTag ?? 0,
      networkTag: withTag ? String(net.cfgdTag ?? `${net.networkName}.${net.tenantName}`) : '',
      numEndpoints: eps.length,
      pktTag: o.pktTag,
    });
  }

  private epgOper(key: string, withTag: boolean): Record<string, unknown> {
    const g = this.mustGet('endpointGroups', key);
    const o = this.epgs.get(key);
    const net = this.nets.get(`${g.tenantName}:${g.networkName}`);
    const eps = [...this.endpoints.values()].filter((e) => e.epgKey === `${g.groupName}:${g.tenantName}`);
    return omitEmpty({
      // The tenant's summary of a group leaves the pool addresses out (withTag = full view).
      allocatedIPAddresses: withTag ? (o?.pool?.allocated() ?? '') : '',
      availableIPAddresses: withTag ? (o?.pool?.available() ?? '') : '',
      endpoints: eps.map((e) => this.epOper(e)),
      externalPktTag: net?.extTag ?? 0,
      groupTag: withTag ? String(g.cfgdTag ?? `${g.groupName}.${g.tenantName}`) : '',
      numEndpoints: eps.length,
      pktTag: net?.pktTag ?? 0,
    });
  }

  inspect(type: ObjectType, key: string): { Config: Obj; Oper?: unknown } {
    const Config = this.mustGet(type, key);
    const t = String(Config.tenantName);
    const sets = (Config['link-sets'] ?? {}) as Record<string, Record<string, unknown>>;
    let Oper: unknown = null;
    switch (type) {
      case 'globals': {
        const nets = this.list('networks');
        Oper = omitEmpty({ clusterMode: 'docker', numNetworks: nets.length, vlansInUse: formatTagRanges([...this.vlansUsed]), vxlansInUse: formatTagRanges([...this.vxlansUsed]) });
        break;
      }
      case 'tenants': {
        const n = (s: string) => Object.keys(sets[s] ?? {});
        const eps = [...this.endpoints.values()].filter((e) => e.tenant === key);
        Oper = omitEmpty({
          endpointGroups: n('EndpointGroups').map((k) => this.epgOper(k, false)),
          networks: n('Networks').map((k) => this.networkOper(k, false)),
          totalAppProfiles: n('AppProfiles').length,
          totalEPGs: n('EndpointGroups').length,
          totalEndpoints: eps.length,
          totalNetprofiles: n('NetProfiles').length,
          totalNetworks: n('Networks').length,
          totalPolicies: n('Policies').length,
          totalServicelbs: n('Servicelbs').length,
        });
        break;
      }
      case 'networks':
        Oper = this.networkOper(key, true);
        break;
      case 'endpointGroups':
        Oper = this.epgOper(key, true);
        break;
      case 'policys': {
        const eps = [...this.endpoints.values()].filter((e) => Object.keys(sets.EndpointGroups ?? {}).includes(`${e.tenant}:${e.group}`));
        Oper = omitEmpty({ endpoints: eps.map((e) => this.epOper(e)), numEndpoints: eps.length });
        break;
      }
      case 'serviceLBs': {
        const svc = this.services.get(key);
        const providers = [...(svc?.providers.values() ?? [])];
        Oper = omitEmpty({ numProviders: providers.length, providers: providers.map((e) => this.epOper(e, String(Config.serviceName))), serviceVip: svc?.vip ?? '' });
        break;
      }
      case 'aciGws':
        Oper = omitEmpty({ numAppProfiles: this.list('appProfiles').length });
        break;
      case 'Bgps':
        // netmaster asks the netplugin REST API of that host (port 9090); with none known the
        // host part is empty and the dial fails — this stand-in has no netplugins.
        throw new NmError('Get "http://:9090/inspect/bgp": dial tcp :9090: connect: connection refused');
      default:
        Oper = null;
    }
    void t;
    // Oper is a pointer with omitempty in the generated code: types without oper state omit it.
    return Oper === null ? { Config } : { Config, Oper };
  }

  inspectEndpoint(search: string): Record<string, unknown> {
    for (const ep of this.endpoints.values()) {
      if (ep.endpointID.includes(search) || (ep.containerID && ep.containerID.includes(search)) || ep.name.includes(search)) {
        return { key: search, ...this.epOper(ep) };
      }
    }
    throw new NmError('endpoint not found');
  }

  // ---- netplugin → netmaster (/plugin/*) ----------------------------------------------

  /** "net[:group].tenant" → keys; unknown network = the etcd driver's "key not found". */
  private parseNetworkID(id: string): { netKey: string; epg: EpgOper | null; tenant: string; net: string } {
    const dot = id.lastIndexOf('.');
    const tenant = id.slice(dot + 1);
    const [net, group] = id.slice(0, dot).split(':');
    const netKey = `${tenant}:${net}`;
    if (!this.nets.has(netKey)) throw new NmError('key not found', true);
    return { netKey, tenant, net, epg: group ? (this.epgs.get(`${tenant}:${group}`) ?? null) : null };
  }

  allocAddress(req: Record<string, unknown>): Record<string, unknown> {
    const { netKey, epg } = this.parseNetworkID(String(req.NetworkID ?? ''));
    const o = this.nets.get(netKey)!;
    const preferred = String(req.PreferredIPv4Address ?? '');
    let ip: number | null;
    if (preferred) {
      // The preferred path marks the address and hands it out even when it was taken (the
      // gateway, in the captures) and leaves EpAddrCount alone.
      ip = ipToInt(preferred)!;
      (epg?.pool ?? o.v4).add(ip);
    } else {
      ip = (epg?.pool ?? o.v4).allocate();
      if (ip === null) throw new NmError('no addresses available', true);
      o.count++;
    }
    return { NetworkID: req.NetworkID, IPv4Address: `${intToIp(ip)}/${o.subnet.len}` };
  }

  releaseAddress(req: Record<string, unknown>): string {
    const { netKey, epg } = this.parseNetworkID(String(req.NetworkID ?? ''));
    this.release(netKey, epg, String(req.IPv4Address ?? ''));
    return 'success';
  }

  private release(netKey: string, epg: EpgOper | null, addr: string): void {
    const o = this.nets.get(netKey)!;
    const ip = ipToInt(addr.split('/')[0]);
    if (ip === null) return;
    // EpAddrCount drops only when the address was really held (releasing 10.1.1.200, never
    // allocated, answers "success" and leaves the count alone).
    const set = epg?.pool && ip >= epg.pool.first && ip <= epg.pool.last ? epg.pool : o.v4;
    if (set.delete(ip)) o.count--;
  }

  createEndpoint(req: Record<string, unknown>): Record<string, unknown> {
    const tenant = String(req.TenantName ?? '');
    const network = String(req.NetworkName ?? '');
    const netKey = `${tenant}:${network}`;
    const o = this.nets.get(netKey);
    if (!o) throw new NmError('key not found', true);
    const cfg = (req.ConfigEP ?? {}) as Record<string, unknown>;
    const group = String(req.ServiceName ?? '');
    const epg = group ? this.epgs.get(`${tenant}:${group}`) : undefined;
    const ipv4 = String(cfg.IPAddress ?? '');
    let ipv6 = '';
    if (o.v6) {
      let h = 1n;
      while (o.v6.used.has(h)) h++;
      o.v6.used.add(h);
      o.count++;
      ipv6 = bigToIpv6(o.v6.prefix + h);
    }
    const ep: Endpoint = {
      id: `${network}.${tenant}-${req.EndpointID}`,
      netKey,
      tenant,
      network,
      endpointID: String(req.EndpointID ?? ''),
      group: epg ? group : '',
      epgKey: epg ? `${group}:${tenant}` : '',
      epgId: epg?.id ?? 0,
      ipv4,
      ipv6,
      mac: ipv4 ? macForIp(ipToInt(ipv4)!) : '',
      host: String(cfg.Host ?? ''),
      name: String(req.EPCommonName ?? ''),
      containerID: '',
      labels: {},
    };
    this.endpoints.set(ep.id, ep);
    return { EndpointConfig: this.endpointConfig(ep) };
  }

  private endpointConfig(ep: Endpoint): Record<string, unknown> {
    return {
      id: ep.id,
      netID: `${ep.network}.${ep.tenant}`,
      endpointID: ep.endpointID,
      serviceName: ep.group,
      endpointGroupId: ep.epgId,
      endpointGroupKey: ep.epgKey,
      ipAddress: ep.ipv4,
      ipv6Address: ep.ipv6,
      macAddress: ep.mac,
      homingHost: ep.host,
      intfName: '',
      vtepIP: '',
      labels: null,
      containerId: '',
      epCommonName: ep.name,
    };
  }

  deleteEndpoint(req: Record<string, unknown>): Record<string, unknown> {
    const id = `${req.NetworkName}.${req.TenantName}-${req.EndpointID}`;
    const ep = this.endpoints.get(id);
    if (!ep) throw new NmError('key not found', true);
    // The address is not released here: netplugin's IPAM driver calls /plugin/releaseAddress.
    this.endpoints.delete(id);
    for (const s of this.services.values()) s.providers.delete(ep.id);
    return { EndpointConfig: this.endpointConfig(ep) };
  }

  updateEndpoint(req: Record<string, unknown>): Record<string, unknown> | null {
    const ep = [...this.endpoints.values()].find((e) => e.endpointID === req.EndpointID);
    if (req.Event === 'start') {
      if (ep) {
        ep.containerID = String(req.ContainerID ?? '');
        ep.labels = (req.Labels ?? {}) as Record<string, string>;
        for (const [k, svc] of this.services) {
          const cfg = this.get('serviceLBs', k);
          if (cfg && cfg.tenantName === ep.tenant && matches(cfg, ep.labels)) svc.providers.set(ep.id, ep);
        }
      }
      return { IPAddress: req.IPAddress };
    }
    let wasProvider = false;
    for (const svc of this.services.values()) if (ep && svc.providers.delete(ep.id)) wasProvider = true;
    return wasProvider ? { IPAddress: req.IPAddress } : null;
  }

  // ---- daemon routes -------------------------------------------------------------------

  serviceStates(): Record<string, unknown>[] {
    return [...this.services.keys()].map((k) => this.serviceState(k));
  }

  serviceState(key: string): Record<string, unknown> {
    const cfg = this.mustGet('serviceLBs', key);
    const svc = this.services.get(key)!;
    const selectors = Object.fromEntries(((cfg.selectors as string[]) ?? []).map((s) => s.split('=') as [string, string]));
    const id = `${cfg.serviceName}:${cfg.tenantName}`;
    return {
      id,
      servicename: cfg.serviceName,
      tenantname: cfg.tenantName,
      subnet: cfg.networkName,
      ports: cfg.ports ?? [],
      selectors,
      ipaddress: svc.vip,
      providers: Object.fromEntries(
        [...svc.providers.values()].map((ep) => [
          `${ep.ipv4}:${ep.tenant}`,
          { IPAddress: ep.ipv4, ContainerID: ep.containerID, Labels: ep.labels, Tenant: ep.tenant, Network: ep.network, Services: [id], Container: '', EpIDKey: ep.id },
        ]),
      ),
    };
  }

  /** `/service/{service:tenant}`. */
  serviceById(id: string): Record<string, unknown>[] | null {
    const [svc, tenant] = id.split(':');
    const key = `${tenant}:${svc}`;
    return this.services.has(key) ? [this.serviceState(key)] : null;
  }

  /**
   * ofnet master's PolicyDb as netmaster programs it: per group, per policy, per rule, the
   * rule itself (`inRx` / `outTx`) and, for allowed tcp/udp, the reverse one (`inTx` / `outRx`).
   */
  ofnetPolicyDb(): Record<string, unknown> {
    const db: Record<string, unknown> = {};
    const proto = (p: unknown) => ({ tcp: 6, udp: 17, icmp: 1 })[String(p)] ?? (p ? Number(p) : 0);
    for (const g of this.list('endpointGroups')) {
      const gid = this.epgs.get(g.key)?.id ?? 0;
      const t = String(g.tenantName);
      for (const p of (g.policies as string[] | undefined) ?? []) {
        const policy = this.get('policys', `${t}:${p}`);
        const rules = Object.keys(((policy?.['link-sets'] as Record<string, Record<string, unknown>>)?.Rules ?? {}) as object);
        for (const rk of rules) {
          const r = this.get('rules', rk);
          if (!r) continue;
          const other = (name: unknown) => (name ? (this.epgs.get(`${t}:${name}`)?.id ?? 0) : 0);
          const ipProto = proto(r.protocol);
          const port = Number(r.port ?? 0);
          const base = `${g.key}:${t}:${p}:${rk}:`;
          const entry = (suffix: string, src: number, dst: number, srcIp: unknown, dstIp: unknown, srcPort: number, dstPort: number) => {
            db[base + suffix] = { RuleId: base + suffix, Priority: Number(r.priority ?? 0), SrcEndpointGroup: src, DstEndpointGroup: dst, SrcIpAddr: String(srcIp ?? ''), DstIpAddr: String(dstIp ?? ''), IpProtocol: ipProto, SrcPort: srcPort, DstPort: dstPort, TcpFlags: '', Action: r.action };
          };
          const reverse = r.action === 'allow' && (ipProto === 6 || ipProto === 17);
          if (r.direction === 'in') {
            const from = other(r.fromEndpointGroup);
            entry('inRx', from, gid, r.fromIpAddress, '', 0, port);
            if (reverse) entry('inTx', gid, from, '', r.fromIpAddress, port, 0);
          } else {
            const to = other(r.toEndpointGroup);
            entry('outTx', gid, to, '', r.toIpAddress, 0, port);
            if (reverse) entry('outRx', to, gid, r.toIpAddress, '', port, 0);
          }
        }
      }
    }
    return db;
  }

  /** `/debug/epcleanup/...`: removes matching endpoints; returns the text netmaster writes. */
  epCleanup(tenant: string, category: string, id: string): string | null {
    const pick = (e: Endpoint) =>
      e.tenant === tenant && ((category === 'net' && e.network === id) || (category === 'group' && e.group === id) || (category === 'ep' && e.endpointID.includes(id)));
    if (!['net', 'group', 'ep'].includes(category)) return null;
    for (const e of [...this.endpoints.values()].filter(pick)) this.endpoints.delete(e.id);
    return `Received request to cleanup ${category === 'ep' ? 'Endpoint' : category === 'net' ? 'Network' : 'EndpointGroup'} with ID: ${id}\n`;
  }
}

// ---- helpers ------------------------------------------------------------------------------

/** Docker's name for a contiv network or group in docker mode. */
export function dockerName(name: string, tenant: string): string {
  return tenant === 'default' ? name : `${name}/${tenant}`;
}

function assignFields(type: ObjectType, stored: Obj, next: Obj): void {
  for (const f of Object.keys(SCHEMA[type].fields)) {
    if (next[f] === undefined) delete stored[f];
    else stored[f] = next[f];
  }
}

function rangeBounds(r: string): [number, number] {
  const [a, b] = r.split('-').map(Number);
  return [a, b ?? a];
}

function firstFree(lo: number, hi: number, used: (n: number) => boolean): number {
  for (let n = lo; n <= hi; n++) if (!used(n)) return n;
  throw new NmError('no tags available');
}

function matches(svc: Obj, labels: Record<string, string>): boolean {
  const sel = (svc.selectors as string[] | undefined) ?? [];
  return sel.length > 0 && sel.every((s) => {
    const [k, v] = s.split('=');
    return labels[k] === v;
  });
}

/** Go's `fmt.Sprint(map[string]string)`: keys sorted, `map[a:b c:d]`. */
function goMap(m: Record<string, string>): string {
  return `map[${Object.keys(m)
    .sort()
    .map((k) => `${k}:${m[k]}`)
    .join(' ')}]`;
}

function omitEmpty(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => !(v === '' || v === 0 || v === null || v === undefined || (Array.isArray(v) && v.length === 0))));
}

function ipv6ToBig(ip: string): bigint {
  const [head, tail] = ip.split('::');
  const h = head ? head.split(':') : [];
  const t = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  return groups.reduce((acc, g) => (acc << 16n) + BigInt(parseInt(g || '0', 16)), 0n);
}

function bigToIpv6(n: bigint): string {
  const groups: string[] = [];
  for (let i = 7; i >= 0; i--) groups.push(((n >> BigInt(i * 16)) & 0xffffn).toString(16));
  // Compress the longest run of zero groups, as Go's net.IP.String does.
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; i++) {
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLen && j - i > 1) {
      best = i;
      bestLen = j - i;
    }
  }
  if (best < 0) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLen).join(':')}`;
}

