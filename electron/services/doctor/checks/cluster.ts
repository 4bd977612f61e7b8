/** Checks 11 (cluster store answers), 12 (netmaster answers, says its version), 13 (Docker networks ↔ netmaster networks). */
import { sameReference } from '../../docker/reference';
import type { NetmasterFacts } from '../facts';
import type { StoreProbe } from '../etcd';
import { pass, skip, type CheckDef, type Outcome } from '../types';
import { openSettings } from '../actions';

export function evalStore(store: { from: string; probes: StoreProbe[] } | null, contiv: boolean): Outcome {
  if (!contiv) return skip('skipped: no Contiv plugin examined');
  if (!store) return skip('skipped: the plugin names no cluster store');
  const ev = store.probes.flatMap((p) => [`${p.url} (${store.from}): ${p.ok ? 'healthy' : 'NOT healthy'}`, ...p.evidence]);
  if (store.probes.some((p) => p.ok)) return pass(ev, 'Nothing to do.', `curl ${store.probes.find((p) => p.ok)!.url}/health`);
  return {
    status: 'fail',
    evidence: ev,
    fix: `Start etcd (or fix ${store.from}); netmaster and netplugin exit at start with "etcd cluster is unavailable or misconfigured" otherwise. etcd 3.4+ needs --enable-v2.`,
    command: `curl ${store.probes[0]?.url ?? 'http://127.0.0.1:2379'}/health`,
  };
}

export function evalNetmaster(nm: NetmasterFacts, pluginName: string | null, contiv = true): Outcome {
  // Where netmaster is, only the user knows: the fix opens the Settings field (its twin: --netmaster).
  if (!nm.url) {
    return nm.error
      ? { status: 'fail', evidence: [nm.error], fix: 'Give a valid netmaster address (Settings, --netmaster host:port, or the plugin setting).', action: openSettings('netmasterUrl') }
      : // Without a Contiv plugin there is nothing to point at netmaster: no nudge to configure one.
        { ...skip(`skipped: no netmaster URL (${nm.from})`), ...(contiv ? { action: openSettings('netmasterUrl') } : {}) };
  }
  if (nm.error) {
    return {
      status: 'fail',
      evidence: [`${nm.url} (from ${nm.from}): ${nm.error}`],
      fix: 'Start netmaster (a plugin with CONTIV_ROLE=netmaster on one host) and check its address; a hung netmaster usually waits on its cluster store.',
      command: `curl ${nm.url}/info`,
      action: openSettings('netmasterUrl', nm.url),
    };
  }
  const ev = [`${nm.url} (from ${nm.from}): version ${nm.version?.Version ?? '?'} (${nm.version?.GitCommit ?? ''})`, `info: state ${nm.info?.['current-state'] ?? '?'}, leader ${nm.info?.['leader-ip'] ?? '?'}`];
  // No release comparison with the plugin: its tag (`:1.2.0`, `:latest`, `:mine`) is a name
  // anyone chooses at create or install, not the version of the netplugin inside, so any verdict
  // drawn from it would be a guess. netmaster's own version is shown; nothing else here reports one.
  if (pluginName) ev.push(`plugin ${pluginName}: its tag names the plugin, it is not a version to compare`);
  return pass(ev, 'Nothing to do.', `curl ${nm.url}/version`);
}

export interface NetworksInput {
  pluginName: string;
  docker: { Name: string; Driver: string }[];
  netmaster: { networkName: string; tenantName: string }[];
}

/** netmaster names Docker networks `<net>/<tenant>`, or `<net>` in tenant default. */
export function dockerNameOf(n: { networkName: string; tenantName: string }): string {
  return n.tenantName === 'default' ? n.networkName : `${n.networkName}/${n.tenantName}`;
}

export function evalNetworks({ pluginName, docker, netmaster }: NetworksInput): Outcome {
  const contivNets = docker.filter((n) => n.Driver === pluginName || sameReference(n.Driver, pluginName));
  const known = new Set(netmaster.map(dockerNameOf));
  const dockerNames = new Set(contivNets.map((n) => n.Name));
  const onlyDocker = contivNets.filter((n) => !known.has(n.Name)).map((n) => n.Name);
  const onlyNetmaster = netmaster.filter((n) => !dockerNames.has(dockerNameOf(n))).map(dockerNameOf);
  const ev = [`Docker networks with driver ${pluginName}: ${[...dockerNames].join(', ') || 'none'}`, `netmaster networks: ${[...known].join(', ') || 'none'}`];
  if (!onlyDocker.length && !onlyNetmaster.length) return pass(ev, 'Nothing to do.', 'netctl net ls');
  return {
    status: onlyDocker.length ? 'fail' : 'warn',
    evidence: [
      ...ev,
      ...onlyDocker.map((n) => `${n}: a Docker network netmaster does not know — made with \`docker network create\`, it is incomplete`),
      ...onlyNetmaster.map((n) => `${n}: in netmaster, no Docker network`),
    ],
    fix: 'Create Contiv networks through netmaster (`netctl net create`), which makes the Docker network; remove the incomplete ones with `docker network rm`.',
    command: onlyDocker.length ? `docker network rm ${onlyDocker.join(' ')}` : 'netctl net ls',
  };
}

export const clusterChecks: CheckDef[] = [
  {
    id: 'cluster-store',
    title: 'Cluster store (etcd / consul) answers and is healthy',
    group: 'cluster',
    why: 'netmaster and netplugin keep all state there and exit at start when it does not answer.',
    async run(f) {
      const [c, store] = await Promise.all([f.contiv(), f.store()]);
      return evalStore(store, !!c);
    },
  },
  {
    id: 'netmaster',
    title: 'netmaster answers (/info, /version)',
    group: 'cluster',
    why: 'Networks, groups and policies are made through netmaster; netplugin follows it.',
    async run(f) {
      const [nm, t] = await Promise.all([f.netmaster(), f.target()]);
      return evalNetmaster(nm, t.plugin?.Name ?? null, !!t.contiv);
    },
  },
  {
    id: 'networks-sync',
    title: 'Docker networks and netmaster networks agree',
    group: 'cluster',
    why: 'A Contiv network made with `docker network create` instead of netmaster/netctl is incomplete: containers on it fail to start.',
    async run(f) {
      const [t, nm] = await Promise.all([f.target(), f.netmaster()]);
      if (!t.plugin || !t.contiv) return skip('skipped: no Contiv plugin examined');
      if (!nm.url || nm.error || !nm.networks) return skip('skipped: netmaster does not answer (see the netmaster check)');
      return evalNetworks({ pluginName: t.plugin.Name, docker: await f.networks(), netmaster: nm.networks });
    },
  },
];
