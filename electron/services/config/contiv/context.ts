/**
 * The shared state of one Contiv check run: the env by name, host facts, what the plugin will be
 * called, and rules used by both layouts (IPs, uplinks, bind addresses, plugin name, store
 * location). Pure and browser-safe: host facts arrive as data.
 */
import type { HostFacts } from '../../../ipc/types';
import { sameReference, parseReference } from '../../docker/reference';
import { canonicalIP, parseBindAddress, parseIP, splitList } from './values';
import { envSlots, valuePath, type ContivConfigView, type ContivFinding, type EnvSlot } from './view';

export interface ContivCheckOptions {
  /** The name:tag the plugin is (or will be) created as. */
  pluginName?: string;
  /** This host's interfaces and addresses; without them host-dependent rules are skipped. */
  facts?: HostFacts | null;
}

type Push = Omit<ContivFinding, 'stage'> & { stage?: ContivFinding['stage'] };

const PLACEHOLDER = /__CONTIV_V2PLUGIN_NAME__|\$\{?CONTIV_V2PLUGIN_NAME\}?|^PluginName$/;

export class CheckContext {
  readonly env: Map<string, EnvSlot>;
  readonly findings: ContivFinding[] = [];
  /** Set by the layout rules once the role is known: netmaster-only problems are softened when it never runs. */
  netmasterRuns = true;

  constructor(
    readonly view: ContivConfigView,
    readonly opts: ContivCheckOptions,
  ) {
    this.env = envSlots(view);
  }

  get facts(): HostFacts | null {
    return this.opts.facts ?? null;
  }

  get(name: string): EnvSlot | undefined {
    return this.env.get(name);
  }

  push(f: Push): void {
    this.findings.push({ stage: 'contiv', ...f });
  }

  /** A problem that matters only when netmaster runs: a note otherwise. */
  pushNetmaster(f: Push): void {
    if (this.netmasterRuns) this.push(f);
    else this.push({ ...f, severity: 'info', message: `${f.message} (netmaster does not run in this role, so this matters only if you change the role)` });
  }

  private factsNote(): string {
    // Host facts carry the host they describe: say which one was checked.
    return this.facts ? ` (checked on ${this.facts.hostname || 'this host'})` : '';
  }

  hostHasAddress(ip: string): boolean {
    const c = canonicalIP(ip);
    return !!this.facts && this.facts.addresses.some((a) => canonicalIP(a.address) === c);
  }

  /**
   * A local IP setting (control IP, VTEP IP): valid, and held by this host. `sentinel` is the
   * value meaning "let netplugin pick" (`none` in 2017, empty in 2019).
   */
  checkLocalIP(slot: EnvSlot | undefined, sentinel: string, what: string): void {
    if (!slot || slot.value === sentinel) return;
    const p = parseIP(slot.value);
    if (!p.ok) {
      this.push({
        severity: 'warning', code: 'contiv/ip-invalid', path: valuePath(slot),
        message: `${slot.name} "${slot.value}" is not an IP address${sentinel === 'none' ? ' or `none`' : ''}: netplugin cannot use it as its ${what} and exits; the plugin socket never opens, enable fails with the dial error, and the reason is only in netplugin.log.`,
        suggestion: sentinel,
      });
      return;
    }
    if (this.facts && !this.hostHasAddress(slot.value)) {
      const own = this.facts.addresses.filter((a) => a.family === p.value.family && a.ifname !== 'lo').map((a) => a.address);
      this.push({
        severity: 'warning', code: 'contiv/ip-not-on-host', path: valuePath(slot),
        message: `${slot.name} is ${slot.value}, but this host has no such address${this.factsNote()}: netplugin's ${what} must be one of its own addresses, or peers cannot reach it.${own.length ? ` This host has ${own.join(', ')}.` : ''}`,
        ...(own.length ? { suggestion: own[0] } : {}),
      });
    } else if (p.value.loopback) {
      this.push({
        severity: 'info', code: 'contiv/ip-loopback', path: valuePath(slot),
        message: `${slot.name} is a loopback address: other hosts can never reach this ${what}, so it works only for a single-host setup.`,
      });
    }
  }

  /** VLAN uplinks: exist on this host, not loopback, not carrying the default route. */
  checkUplinks(slot: EnvSlot | undefined): void {
    if (!slot) return;
    const names = splitList(slot.value);
    for (const name of names) {
      if (name === 'lo') {
        this.push({
          severity: 'warning', code: 'contiv/uplink-loopback', path: valuePath(slot),
          message: `${slot.name} lists "lo": the loopback interface cannot carry VLAN traffic to other hosts.`,
        });
        continue;
      }
      if (!this.facts) continue;
      if (!this.facts.interfaces.some((i) => i.ifname === name)) {
        const candidates = this.facts.interfaces.map((i) => i.ifname).filter((n) => n !== 'lo' && !this.facts!.defaultRouteInterfaces.includes(n));
        this.push({
          severity: 'warning', code: 'contiv/uplink-missing', path: valuePath(slot),
          message: `${slot.name} names "${name}", but this host has no such interface${this.factsNote()}: OVS cannot add it as the uplink and VLAN networks carry no traffic off this host (netplugin.log and ovs-vswitchd.log say so).${candidates.length ? ` Interfaces here: ${candidates.join(', ')}.` : ''}`,
        });
      } else if (this.facts.defaultRouteInterfaces.includes(name)) {
        this.push({
          severity: 'warning', code: 'contiv/uplink-default-route', path: valuePath(slot),
          message: `${slot.name} names "${name}", which carries this host's default route: OVS takes an uplink over completely, so the host loses its own connectivity through it (including your SSH session). Use a dedicated interface.`,
        });
      }
    }
  }

  /** netmaster listen addresses: Contiv's ip:port rule, and a host part this host holds. */
  checkBindAddress(slot: EnvSlot | undefined, opts: { emptyOk: boolean; defaultSentinel?: string }): void {
    if (!slot) return;
    if (slot.value === '' && opts.emptyOk) return;
    if (opts.defaultSentinel !== undefined && slot.value === opts.defaultSentinel) return;
    if (slot.value === '') {
      this.pushNetmaster({
        severity: 'warning', code: 'contiv/listen-invalid', path: valuePath(slot),
        message: `${slot.name} is empty: netmaster refuses to start ("netmaster external-address is not set", exit code 22 in netmaster.log) and restarts every 5 s.`,
        suggestion: '0.0.0.0:9999',
      });
      return;
    }
    const b = parseBindAddress(slot.value);
    if (!b.ok) {
      this.pushNetmaster({
        severity: 'warning', code: 'contiv/listen-invalid', path: valuePath(slot),
        message: `${slot.name} "${slot.value}": netmaster refuses it ("${b.reason}", exit code 22, only in netmaster.log) and restarts every 5 s; netctl and the other hosts cannot reach it.`,
        ...(/^[0-9]+$/.test(slot.value) ? { suggestion: `0.0.0.0:${slot.value}` } : {}),
      });
      return;
    }
    const host = b.value.host;
    if (host === '' || host === '0.0.0.0' || host === 'localhost') return;
    const ip = parseIP(host);
    if (ip.ok && this.facts && !ip.value.unspecified && !this.hostHasAddress(host)) {
      this.pushNetmaster({
        severity: 'warning', code: 'contiv/listen-not-on-host', path: valuePath(slot),
        message: `${slot.name} listens on ${host}, which this host does not have${this.factsNote()}: netmaster cannot bind ("cannot assign requested address" in netmaster.log).`,
        suggestion: `0.0.0.0:${b.value.port}`,
      });
    }
  }

  /** plugin_name / CONTIV_NETMASTER_PLUGIN_NAME against the name the plugin is created as. */
  checkPluginName(slot: EnvSlot | undefined): void {
    if (!slot) return;
    const created = this.opts.pluginName;
    let createdNorm: string | null = null;
    if (created) {
      try {
        createdNorm = parseReference(created).familiar;
      } catch {
        createdNorm = null;
      }
    }
    const notFound = `netmaster asks dockerd for a network driver of that name, dockerd finds no managed plugin called so, falls back to legacy plugins and answers "legacy plugin: plugin not found" (seen by netmaster and by \`docker network create\`)`;
    if (PLACEHOLDER.test(slot.value)) {
      this.pushNetmaster({
        severity: 'warning', code: 'contiv/plugin-name-placeholder', path: valuePath(slot),
        message: `${slot.name} is still the build placeholder "${slot.value}" (Contiv's own single-quoted sed never replaces it): ${notFound}.`,
        ...(createdNorm ? { suggestion: createdNorm } : {}),
      });
      return;
    }
    if (created === undefined) {
      this.pushNetmaster({
        severity: 'info', code: 'contiv/plugin-name-unchecked', path: valuePath(slot),
        message: `${slot.name} ("${slot.value}") must equal the name:tag the plugin is created as, or ${notFound}. Give the plugin name to compare.`,
      });
      return;
    }
    if (!sameReference(slot.value, created)) {
      this.pushNetmaster({
        severity: 'warning', code: 'contiv/plugin-name-mismatch', path: valuePath(slot),
        message: `${slot.name} is "${slot.value}" but the plugin is created as "${createdNorm ?? created}": ${notFound}.`,
        ...(createdNorm ? { suggestion: createdNorm } : {}),
      });
    }
  }

  /**
   * Where the store lives. A plugin outside the host network namespace has its own loopback, so
   * 127.0.0.1 is not the host's etcd any more.
   */
  checkStoreHost(slot: EnvSlot, host: string): void {
    const ip = parseIP(host);
    const isLoopback = host === 'localhost' || (ip.ok && ip.value.loopback);
    const netType = this.view.Network?.Type ?? '';
    if (isLoopback && netType !== 'host') {
      this.push({
        severity: 'warning', code: 'contiv/store-loopback-private-netns', path: valuePath(slot),
        message: `${slot.name} points at ${host}, but the plugin's network type is "${netType}", not "host": it gets a network namespace of its own, where ${host} is not the host's store. netplugin cannot connect ("Error connecting to state store" in its log).`,
      });
    }
  }

  /** Contiv reads its store through etcd's v2 API, which etcd 3.4 serves only with --enable-v2. */
  noteEtcdV2(slot: EnvSlot): void {
    this.push({
      severity: 'info', code: 'contiv/etcd-v2', path: valuePath(slot),
      message: `Contiv talks to etcd through its v2 API. etcd 3.4 serves it only when started with --enable-v2; otherwise netmaster.log says "client: response is invalid json. The endpoint is probably not valid etcd cluster endpoint." and the plugin never finishes enabling.`,
    });
  }
}
