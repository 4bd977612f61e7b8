/** Checks 9 (VLAN uplinks exist and are not the default-route interface) and 10 (VTEP / control IPs are this host's). */
import type { HostFacts } from '../../../ipc/types';
import type { ContivView } from '../contiv-config';
import { pass, type CheckDef, type Outcome } from '../types';
import { hostGate } from './ovs';

export function evalUplinks(c: ContivView, host: HostFacts, plugin: string): Outcome {
  if (!c.vlanUplinks) return pass(['no VLAN uplinks set (VLAN mode unused)']);
  const ev = [`${c.vlanUplinks.setting}=${c.vlanUplinks.names.join(',')}`, `default route via: ${host.defaultRouteInterfaces.join(', ') || 'none seen'}`];
  const problems: string[] = [];
  for (const n of c.vlanUplinks.names) {
    const i = host.interfaces.find((x) => x.ifname === n);
    if (!i) problems.push(`${n} is not an interface on ${host.hostname}`);
    else if (host.defaultRouteInterfaces.includes(n)) problems.push(`${n} carries the default route: adding it to contivVlanBridge cuts this host off`);
    else ev.push(`${n}: exists, ${i.up ? 'up' : 'down'}`);
  }
  if (!problems.length) return pass(ev);
  const free = host.interfaces.filter((i) => i.ifname !== 'lo' && !host.defaultRouteInterfaces.includes(i.ifname) && !i.ifname.startsWith('contiv')).map((i) => i.ifname);
  return {
    status: 'fail',
    evidence: [...ev, ...problems],
    fix: `Use a dedicated interface without the default route${free.length ? ` (candidates here: ${free.join(', ')})` : ''}.`,
    command: `docker plugin set ${plugin} ${c.vlanUplinks.setting}=${free[0] ?? '<interface>'}`,
  };
}

export function evalHostIps(c: ContivView, host: HostFacts, plugin: string): Outcome {
  const want = [c.vtepIp, c.controlIp].filter((x): x is { setting: string; value: string } => !!x);
  if (!want.length) return pass(['no VTEP / control IP set: netplugin picks this host\'s address itself']);
  const ev: string[] = [];
  const missing: { setting: string; value: string }[] = [];
  for (const w of want) {
    const a = host.addresses.find((x) => x.address === w.value);
    if (a) ev.push(`${w.setting}=${w.value}: on ${a.ifname}`);
    else {
      ev.push(`${w.setting}=${w.value}: NOT an address of ${host.hostname}`);
      missing.push(w);
    }
  }
  if (!missing.length) return pass(ev);
  const mine = host.addresses.filter((a) => a.family === 'inet' && a.ifname !== 'lo').map((a) => a.address);
  return {
    status: 'fail',
    evidence: [...ev, `this host's IPv4 addresses: ${mine.join(', ') || 'none'}`],
    fix: 'Set the VTEP/control IP to an address this host really has (each host of the cluster has its own).',
    command: `docker plugin set ${plugin} ${missing.map((m) => `${m.setting}=${mine[0] ?? '<address>'}`).join(' ')}`,
  };
}

export const hostNetChecks: CheckDef[] = [
  {
    id: 'vlan-uplinks',
    title: 'VLAN uplinks exist and do not carry the default route',
    group: 'host network',
    why: 'An uplink that does not exist stops netplugin; the default-route interface as uplink cuts the host off the network.',
    async run(f) {
      const gate = await hostGate(f, true);
      if (gate) return gate;
      const c = await f.contiv();
      if (!c) return { status: 'skip', evidence: ['skipped: no Contiv plugin examined'], fix: '' };
      return evalUplinks(c, await f.hostFacts(), (await f.target()).plugin!.Name);
    },
  },
  {
    id: 'host-ips',
    title: 'VTEP and control IPs are addresses of this host',
    group: 'host network',
    why: 'netplugin binds its control and VXLAN endpoints to these addresses; one from another host makes it fail or talk for the wrong host.',
    async run(f) {
      const gate = await hostGate(f, true);
      if (gate) return gate;
      const c = await f.contiv();
      if (!c) return { status: 'skip', evidence: ['skipped: no Contiv plugin examined'], fix: '' };
      return evalHostIps(c, await f.hostFacts(), (await f.target()).plugin!.Name);
    },
  },
];
