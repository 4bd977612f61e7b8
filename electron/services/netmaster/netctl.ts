/**
 * The `netctl` command line equivalent to a create or delete Plugsmith makes — shown beside the
 * action so a user learns the CLI and can replay it. Flags exactly as netctl 1.1 takes them
 * (from shared/contiv/netmaster-api/netctl/transcript.md and requests.jsonl); flags equal to
 * netctl's defaults are left out, the tenant is always given. Pure; shell-quoted.
 */
import type { EndpointGroup, Network, Policy, Rule, Tenant } from './types';

type Arg = string | number;

/** POSIX shell quoting: bare when safe, else single quotes. */
export function shellQuote(arg: Arg): string {
  const s = String(arg);
  if (s !== '' && /^[A-Za-z0-9_./:=@%+,-]+$/.test(s)) return s;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

function line(args: Arg[]): string {
  return ['netctl', ...args].map(shellQuote).join(' ');
}

function flag(args: Arg[], name: string, value: Arg | undefined | null, skip?: Arg): void {
  if (value === undefined || value === null || value === '' || value === skip) return;
  args.push(name, value);
}

export function tenantCreate(t: Pick<Tenant, 'tenantName'>): string {
  return line(['tenant', 'create', t.tenantName]);
}
export function tenantDelete(name: string): string {
  return line(['tenant', 'rm', name]);
}

export function networkCreate(n: Omit<Network, 'key'>): string {
  const args: Arg[] = ['network', 'create', '-t', n.tenantName];
  flag(args, '-n', n.nwType, 'data');
  flag(args, '-e', n.encap, 'vxlan');
  flag(args, '-p', n.pktTag, 0);
  flag(args, '-s', n.subnet);
  flag(args, '-g', n.gateway);
  flag(args, '--subnetv6', n.ipv6Subnet);
  flag(args, '--gatewayv6', n.ipv6Gateway);
  flag(args, '--tag', n.cfgdTag);
  return line([...args, n.networkName]);
}
export function networkDelete(tenant: string, name: string): string {
  return line(['network', 'rm', '-t', tenant, name]);
}

/** `group create [options] <network> <group>`; -p and -e repeat per policy / contract group. */
export function groupCreate(g: Omit<EndpointGroup, 'key'>): string {
  const args: Arg[] = ['group', 'create', '-t', g.tenantName];
  for (const p of g.policies ?? []) args.push('-p', p);
  for (const e of g.extContractsGrps ?? []) args.push('-e', e);
  flag(args, '-n', g.netProfile);
  flag(args, '-r', g.ipPool);
  flag(args, '--tag', g.cfgdTag);
  return line([...args, g.networkName ?? '', g.groupName]);
}
export function groupDelete(tenant: string, name: string): string {
  return line(['group', 'rm', '-t', tenant, name]);
}

export function policyCreate(p: Pick<Policy, 'tenantName' | 'policyName'>): string {
  return line(['policy', 'create', '-t', p.tenantName, p.policyName]);
}
export function policyDelete(tenant: string, name: string): string {
  return line(['policy', 'rm', '-t', tenant, name]);
}

/**
 * `policy rule-add [options] <policy> <rule-id>`. Note netctl's letters: -g/-e from/to group,
 * -n/-o from/to network, -i/-s from/to IP, -l protocol, -P port, -p priority, -j action.
 */
export function ruleCreate(r: Omit<Rule, 'key'>): string {
  const args: Arg[] = ['policy', 'rule-add', '-t', r.tenantName];
  flag(args, '-d', r.direction);
  flag(args, '-l', r.protocol);
  flag(args, '-P', r.port, 0);
  flag(args, '-g', r.fromEndpointGroup);
  flag(args, '-e', r.toEndpointGroup);
  flag(args, '-n', r.fromNetwork);
  flag(args, '-o', r.toNetwork);
  flag(args, '-i', r.fromNetwork ? undefined : r.fromIpAddress);
  flag(args, '-s', r.toNetwork ? undefined : r.toIpAddress);
  flag(args, '-j', r.action);
  flag(args, '-p', r.priority, 1);
  return line([...args, r.policyName, r.ruleId]);
}
export function ruleDelete(tenant: string, policy: string, ruleId: string): string {
  return line(['policy', 'rule-rm', '-t', tenant, policy, ruleId]);
}
