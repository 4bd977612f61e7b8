/**
 * Everything the checks read, each fetched at most once per run and shared: checks run in
 * parallel, and two of them asking for the plugin list must not ask the engine twice. Every
 * getter is a memoized promise over the real sources (engine, host facts, OVSDB, netmaster,
 * etcd, the engine's log); the checks' pure evaluators get the values.
 */
import { execFile } from 'node:child_process';
import { hostname } from 'node:os';
import type { Engine } from '../docker/engine';
import type { EnginePlugin } from '../docker/plugin-model';
import { probePlugin, PLUGIN_SOCKET_ROOT } from '../docker/probe';
import { capabilityOf } from '../docker/plugin-model';
import { readHostFacts, parseIpAddr, parseIpLink, parseDefaultRoutes } from '../host/facts';
import { readKernelModule, type KernelModuleFact, type ModuleProbePaths } from '../host/modules';
import { probeOvs, type OvsProbe } from '../host/ovsdb';
import { DEFAULT_OVSDB_SOCKET } from '../host/ovsdb/client';
import { NetmasterClient } from '../netmaster/client';
import { netmasterUrlFromConfig, normalizeNetmasterUrl } from '../netmaster/url';
import type { ClusterInfo, VersionInfo } from '../netmaster/types';
import { sameReference } from '../docker/reference';
import { toEnvelope } from '../errors';
import type { HostFacts, PluginHealth } from '../../ipc/types';
import { isContivPlugin, readContiv, type ContivView } from './contiv-config';
import { findEngineLog, type EngineLogResult } from './engine-log';
import { readStartScript, type StartScriptFact } from './plugin-rootfs';
import { probeStore, type StoreProbe } from './etcd';

export interface DoctorOptions {
  engine: Engine;
  /** The plugin to examine; default: the first Contiv plugin installed. */
  plugin?: string | null;
  /** netmaster's URL; default: netmasterDefault, else from the plugin's config. */
  netmaster?: string | null;
  /** The deployment's netmaster (env PLUGSMITH_NETMASTER, else the netmasterUrl setting), with where it came from. */
  netmasterDefault?: { url: string; from: string } | null;
  /** OVSDB target; default /var/run/openvswitch/db.sock. */
  ovsdb?: string | null;
  /** ovs-vswitchd log files to search for a bridge's failure line (besides /var/log/openvswitch/ovs-vswitchd.log). */
  ovsLogs?: string[];
  /** The plugin's log folder on the host; default: its log dir through its bind mounts. */
  pluginLogDir?: string | null;
  /** The engine's log file from Settings (engineLogPath): tried first. */
  engineLog?: string | null;
  /** The engine's log file from env PLUGSMITH_ENGINE_LOG: tried after the setting. */
  engineLogEnv?: string | null;
  /** Read interfaces, addresses and iptables inside this network namespace (tests keep contivh0 in one). */
  netns?: string | null;
  /** Per-check bound; the issue says ≤ 5 s. */
  checkTimeoutMs?: number;
  modulePaths?: ModuleProbePaths;
  /** Where this kernel's modules would be (default /lib/modules): a kernel without them cannot modprobe. */
  libModules?: string;
  pluginSocketRoot?: string;
  isRoot?: boolean;
}

export interface TargetPlugin {
  plugin: EnginePlugin | null;
  /** What was asked for (--plugin), or null when chosen automatically. */
  requested: string | null;
  contiv: boolean;
}

export interface NetmasterFacts {
  url: string | null;
  /** Where the URL came from (option, or the plugin setting's name). */
  from: string;
  version?: VersionInfo;
  info?: ClusterInfo;
  networks?: { key: string; networkName: string; tenantName: string }[];
  globalPvtSubnet?: string;
  error?: string;
}

function run(file: string, args: string[], timeoutMs: number): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(Object.assign(err, { stderr: String(stderr) }));
      else resolve({ stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

export class DoctorFacts {
  private memo = new Map<string, Promise<unknown>>();
  readonly host = hostname();

  constructor(readonly opts: DoctorOptions) {}

  /** A value derived from the facts, computed once per run (e.g. the logs the logs check and the runner both read). */
  shared<T>(key: string, f: () => Promise<T>): Promise<T> {
    return this.once(`shared:${key}`, f);
  }

  private once<T>(key: string, f: () => Promise<T>): Promise<T> {
    let p = this.memo.get(key) as Promise<T> | undefined;
    if (!p) {
      p = f();
      this.memo.set(key, p);
      p.catch(() => undefined); // a rejection is read by whoever awaits; never unhandled
    }
    return p;
  }

  get engine(): Engine {
    return this.opts.engine;
  }

  get isRoot(): boolean {
    return this.opts.isRoot ?? (typeof process.getuid === 'function' && process.getuid() === 0);
  }

  version() {
    return this.once('version', () => this.engine.status());
  }

  info() {
    return this.once('info', () => this.engine.request<Record<string, unknown>>({ method: 'GET', path: '/info', timeoutMs: 4_000 }));
  }

  plugins() {
    return this.once('plugins', () => this.engine.request<EnginePlugin[]>({ method: 'GET', path: '/plugins', timeoutMs: 4_000 }));
  }

  networks() {
    return this.once('networks', () => this.engine.request<{ Id: string; Name: string; Driver: string }[]>({ method: 'GET', path: '/networks', timeoutMs: 4_000 }));
  }

  /** local, remote, or Docker Desktop (whose plugins live in its VM even when its socket is local). */
  hostMode() {
    return this.once('hostMode', async (): Promise<'local' | 'remote' | 'desktop'> => {
      const info = await this.info().catch(() => null);
      const os = String(info?.OperatingSystem ?? '');
      if (/Docker Desktop/i.test(os)) return 'desktop';
      return this.engine.isLocal ? 'local' : 'remote';
    });
  }

  target() {
    return this.once('target', async (): Promise<TargetPlugin> => {
      const plugins = await this.plugins();
      const want = this.opts.plugin ?? null;
      if (want) {
        const p = plugins.find((x) => x.Name === want || sameReference(x.Name, want) || (want.length >= 12 && x.Id.startsWith(want))) ?? null;
        return { plugin: p, requested: want, contiv: !!p && isContivPlugin(p) };
      }
      const p = plugins.find(isContivPlugin) ?? null;
      return { plugin: p, requested: null, contiv: !!p };
    });
  }

  contiv() {
    return this.once('contiv', async (): Promise<ContivView | null> => {
      const t = await this.target();
      return t.plugin && t.contiv ? readContiv(t.plugin) : null;
    });
  }

  probe(p: EnginePlugin) {
    return this.once(`probe:${p.Id}`, (): Promise<PluginHealth> =>
      probePlugin({
        id: p.Id,
        socket: p.Config?.Interface?.Socket ?? '',
        kinds: (p.Config?.Interface?.Types ?? []).map((t) => capabilityOf(t).kind),
        timeoutMs: 3_000,
        root: this.opts.pluginSocketRoot ?? PLUGIN_SOCKET_ROOT,
      }),
    );
  }

  /**
   * The target plugin's start script, read from its rootfs in the engine's plugin folder, against
   * the env the engine passes it (plugin-rootfs.ts); null when there is no plugin to examine.
   */
  startScript() {
    return this.once('startScript', async (): Promise<StartScriptFact | null> => {
      const t = await this.target();
      if (!t.plugin) return null;
      const [mode, info] = await Promise.all([this.hostMode(), this.info().catch(() => null)]);
      return readStartScript({ plugin: t.plugin, mode, dockerRootDir: typeof info?.DockerRootDir === 'string' ? info.DockerRootDir : null });
    });
  }

  hostFacts() {
    return this.once('hostFacts', async (): Promise<HostFacts> => {
      const ns = this.opts.netns;
      if (!ns) return readHostFacts({ maxAgeMs: 0 });
      // Same parsers as readHostFacts, run inside the namespace.
      const [a, l, r] = await Promise.all([
        run('ip', ['-n', ns, '-j', 'addr', 'show'], 3_000),
        run('ip', ['-n', ns, '-j', 'link', 'show'], 3_000),
        run('ip', ['-n', ns, '-j', 'route', 'show', 'default'], 3_000),
      ]);
      const parsed = parseIpAddr(a.stdout);
      return { hostname: this.host, addresses: parsed.addresses, interfaces: parseIpLink(l.stdout), defaultRouteInterfaces: parseDefaultRoutes(r.stdout), source: `ip -n ${ns} -j addr/link/route` };
    });
  }

  kernelModule() {
    return this.once('kmod', async (): Promise<KernelModuleFact> => readKernelModule('openvswitch', this.opts.modulePaths));
  }

  ovs() {
    return this.once('ovs', (): Promise<OvsProbe> => probeOvs(this.opts.ovsdb ?? DEFAULT_OVSDB_SOCKET, { timeoutMs: 3_000 }));
  }

  /** `iptables -t nat -S` (CAP_NET_ADMIN); null with the reason when it cannot be read. */
  natRules() {
    return this.once('nat', async (): Promise<{ rules: string[] } | { skipped: string }> => {
      if (!this.isRoot) return { skipped: `${'skipped: needs root'} (iptables -t nat -S needs CAP_NET_ADMIN)` };
      const ns = this.opts.netns;
      const argv = ns ? ['ip', ['netns', 'exec', ns, 'iptables', '-t', 'nat', '-S']] as const : ['iptables', ['-t', 'nat', '-S']] as const;
      try {
        const { stdout } = await run(argv[0], [...argv[1]], 3_000);
        return { rules: stdout.split('\n').filter(Boolean) };
      } catch (err) {
        return { skipped: `skipped: iptables -t nat -S failed: ${((err as { stderr?: string }).stderr || (err as Error).message).trim().split('\n')[0]}` };
      }
    });
  }

  netmaster() {
    return this.once('netmaster', async (): Promise<NetmasterFacts> => {
      let url: string | null = null;
      let from = '--netmaster';
      try {
        if (this.opts.netmaster) url = normalizeNetmasterUrl(this.opts.netmaster);
        else if (this.opts.netmasterDefault?.url) {
          from = this.opts.netmasterDefault.from;
          url = normalizeNetmasterUrl(this.opts.netmasterDefault.url);
        } else {
          const c = await this.contiv();
          if (c) {
            url = netmasterUrlFromConfig(Object.fromEntries(c.env));
            from = c.netmasterAddress?.setting ?? 'the plugin config';
          }
        }
      } catch (err) {
        return { url: null, from, error: toEnvelope(err).message };
      }
      if (!url) return { url: null, from: 'nowhere: no --netmaster and no Contiv plugin setting names it' };
      const client = new NetmasterClient({ url, timeoutMs: 4_000 });
      try {
        const [version, info] = await Promise.all([client.version(), client.info()]);
        const out: NetmasterFacts = { url, from, version, info };
        try {
          out.networks = (await client.list('networks')).map((n) => ({ key: n.key ?? '', networkName: n.networkName, tenantName: n.tenantName }));
          const globals = await client.list('globals');
          out.globalPvtSubnet = (globals[0] as { pvtSubnet?: string } | undefined)?.pvtSubnet;
        } catch {
          // The daemon routes answered; the object routes are only for check 13.
        }
        return out;
      } catch (err) {
        return { url, from, error: toEnvelope(err).message };
      }
    });
  }

  store() {
    return this.once('store', async (): Promise<{ from: string; probes: StoreProbe[] } | null> => {
      const c = await this.contiv();
      if (!c?.clusterStore) return null;
      const probes = await Promise.all(c.clusterStore.urls.map((u) => probeStore(u, 2_000)));
      return { from: c.clusterStore.setting, probes };
    });
  }

  engineLog() {
    return this.once('engineLog', (): Promise<EngineLogResult> => findEngineLog({ setting: this.opts.engineLog, env: this.opts.engineLogEnv, socketPath: this.engine.connection.socketPath, timeoutMs: 3_000 }));
  }
}
