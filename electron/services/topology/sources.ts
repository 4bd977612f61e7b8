/**
 * The topology's sources, run together: each has its own status (ok / unreachable / skipped /
 * error) and keeps its last data, and any change re-runs the pure merge and publishes a sticky
 * `topology` snapshot through the EventHub.
 *
 * Live only while someone looks: `acquire()` starts the sources (the first subscriber), its
 * disposer stops them when the last one leaves; `stop()` ends everything (services.close()).
 *  - docker: the engine's event stream (types network, container, plugin) → re-read, debounced;
 *  - ovs: an OVSDB monitor (watchOvs) — the end of the connection is noticed at once and retried
 *    with backoff;
 *  - netmaster: polled (it has no watch API), backing off while it is down;
 *  - host: re-read on Docker changes (interfaces come and go with containers and plugins) and on a
 *    slow timer.
 * With a remote engine (tcp://, ssh://) this machine's interfaces and OVS are not that engine's:
 * those sources say so (`skipped`) instead of drawing the wrong machine — unless the OVSDB address
 * was given explicitly.
 */
import type { HostFacts, PluginHealth, PluginsSnapshot } from '../../ipc/types';
import type { Engine } from '../docker/engine';
import type { EventHub } from '../events/hub';
import { PlugsmithError, toEnvelope } from '../errors';
import { readHostFacts } from '../host/facts';
import { OvsdbClient, formatTarget, parseTarget } from '../host/ovsdb/client';
import { ENV_OVSDB, resolveOvsdb } from '../host/ovsdb/resolve';
import { readOvsState, watchOvs, type OvsState } from '../host/ovsdb/state';
import { readDockerSnapshot, type DockerSnapshot } from './docker-source';
import { mergeTopology, type SourceReading, type TopologyInputs } from './merge';
import type { SourceName, SourceState, SourceStatus, TopologyModel } from './model';
import { readNetmasterSnapshot, type NetmasterSnapshot } from './netmaster-source';

export { ENV_OVSDB };

export interface TopologySourcesDeps {
  engine: () => Engine;
  hub?: EventHub;
  env?: NodeJS.ProcessEnv;
  /**
   * Each plugin's health from the plugin service (a call on its socket), so a plugin node says
   * what the Plugins screen says. `wait`: check unchecked ones before answering (one-shot reads);
   * live, the service checks in the background and publishes on the hub's `plugins` topic, which
   * the live sources follow. Without it plugin nodes say "checking".
   */
  pluginHealth?: (opts: { wait: boolean }) => Promise<Map<string, PluginHealth>>;
  /** Which netmaster (call → env → settings → the Contiv plugin's env); null when none is named. */
  netmasterUrl: () => Promise<string | null>;
  /** OVSDB address, fixed (tests); else env PLUGSMITH_OVSDB, the ovsdbSocket setting, /var/run/openvswitch/db.sock. */
  ovsdb?: string;
  /** The ovsdbSocket setting, read at each connect: a change takes effect through retargetOvs(). */
  ovsdbSetting?: () => string | null | undefined;
  /** How host facts are read (a test runs the reader inside a network namespace). */
  readHost?: () => Promise<HostFacts>;
  netmasterPollMs?: number;
  hostPollMs?: number;
  retryMinMs?: number;
  retryMaxMs?: number;
}

type Readings = { host: SourceReading<HostFacts>; ovs: SourceReading<OvsState>; docker: SourceReading<DockerSnapshot>; netmaster: SourceReading<NetmasterSnapshot> };

const now = () => new Date().toISOString();

function initial(source: SourceName): SourceReading<never> {
  return { status: { source, state: 'skipped', reason: 'not read yet', checkedAt: now(), dataAt: null }, data: null };
}

/** How a failure reads as a source state: not there / refused / timed out → unreachable, root → skipped. */
export function classify(err: unknown): { state: SourceState; reason: string } {
  const e = toEnvelope(err);
  if (e.code === 'ovs/needs-root') return { state: 'skipped', reason: `needs root: ${e.message}` };
  if (e.code === 'engine/denied') return { state: 'skipped', reason: e.message };
  if (/unreachable|not-running|timeout|connect-failed|closed/.test(e.code)) return { state: 'unreachable', reason: e.message };
  return { state: 'error', reason: e.message };
}

export class TopologySources {
  private readings: Readings = { host: initial('host'), ovs: initial('ovs'), docker: initial('docker'), netmaster: initial('netmaster') };
  private users = 0;
  private running: AbortController | null = null;
  private model: TopologyModel | null = null;
  private publishTimer: NodeJS.Timeout | null = null;
  private pendingReason = '';
  constructor(private readonly deps: TopologySourcesDeps) {
    deps.hub?.define('topology', '', { sticky: true });
  }

  /** Asked at every connect (not once): a changed ovsdbSocket setting applies without a restart. */
  private get ovsdb(): string {
    return this.deps.ovsdb ?? resolveOvsdb(this.deps.env, this.deps.ovsdbSetting?.()).target;
  }

  private get ovsdbExplicit(): boolean {
    return !!this.deps.ovsdb || resolveOvsdb(this.deps.env, this.deps.ovsdbSetting?.()).explicit;
  }

  private ovsKick: { fn?: () => void } = {};
  /** Set by retargetOvs, cleared when the loop (re)connects: a change during a connect is not lost. */
  private ovsRetarget = false;

  /** The OVSDB address changed (Settings): drop the live connection and connect to the new one now. */
  retargetOvs(): void {
    this.ovsRetarget = true;
    this.ovsKick.fn?.();
  }

  private netmasterKick: { fn?: () => void } = {};
  /** Set by retargetNetmaster: a change while a read is under way is read again at once, not lost. */
  private netmasterRetarget = false;

  /** The netmaster address changed (the Netmaster screen, Settings): read the new one now, not at the next poll. */
  retargetNetmaster(): void {
    this.netmasterRetarget = true;
    this.netmasterKick.fn?.();
  }

  current(): TopologyModel | null {
    return this.model;
  }

  /** A subscriber arrived: start the sources if they are not running. The disposer lets go. */
  acquire(): () => void {
    this.users++;
    if (this.users === 1) this.start();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.users--;
      if (this.users === 0) this.stop();
    };
  }

  get live(): boolean {
    return this.running !== null;
  }

  stop(): void {
    this.running?.abort();
    this.running = null;
    if (this.publishTimer) clearTimeout(this.publishTimer);
    this.publishTimer = null;
  }

  /** One read of every source, merged (the CLI, and `topology:get` while nothing is live). */
  async readOnce(reason = 'read'): Promise<TopologyModel> {
    if (this.running && this.model) return this.model;
    const signal = AbortSignal.timeout(15_000);
    await Promise.all([this.readDocker(signal, true), this.readNetmaster(signal)]);
    // Host and OVS depend on knowing whether the engine is on this machine.
    await Promise.all([this.readHost(), this.readOvsOnce()]);
    return this.merge(reason);
  }

  /** The plugin service's health by plugin id (what the Plugins screen shows). */
  private health = new Map<string, PluginHealth>();

  private merge(reason: string): TopologyModel {
    const d = this.readings.docker;
    const docker = d.data ? { ...d, data: { ...d.data, plugins: d.data.plugins.map((p) => ({ ...p, ...(this.health.has(p.id) ? { health: this.health.get(p.id) } : {}) })) } } : d;
    const inputs: TopologyInputs = { ...this.readings, docker, at: now(), reason };
    this.model = mergeTopology(inputs);
    return this.model;
  }

  private schedulePublish(reason: string): void {
    this.pendingReason = this.pendingReason ? this.pendingReason : reason;
    if (this.publishTimer || !this.running) return;
    // Coalesce bursts (a container start is several engine events and an OVSDB update).
    this.publishTimer = setTimeout(() => {
      this.publishTimer = null;
      const r = this.pendingReason;
      this.pendingReason = '';
      if (!this.running) return;
      // A timer callback that throws ends the whole process (serve, the app's main): a merge
      // that fails on some unforeseen input keeps the last good model and says why instead.
      try {
        this.deps.hub?.publish('topology', '', this.merge(r));
      } catch (err) {
        process.stderr.write(`plugsmith: topology merge failed (${r}): ${toEnvelope(err).message}\n${(err as Error).stack ?? ''}\n`);
      }
    }, 60);
  }

  private set<K extends SourceName>(source: K, state: SourceState, patch: { reason?: string; error?: unknown; target?: string; data?: Readings[K]['data'] }): void {
    const prev = this.readings[source];
    const status: SourceStatus = {
      source,
      state,
      ...(patch.reason ? { reason: patch.reason } : {}),
      ...(patch.error !== undefined ? { error: toEnvelope(patch.error) } : {}),
      ...(patch.target ?? prev.status.target ? { target: patch.target ?? prev.status.target } : {}),
      dataAt: patch.data !== undefined ? (patch.data ? now() : null) : (prev.status.dataAt ?? null),
      checkedAt: now(),
    };
    // A skipped source shows nothing (its data would describe the wrong machine); a failed one keeps its last data.
    const data = patch.data !== undefined ? patch.data : state === 'skipped' ? null : prev.data;
    (this.readings as Record<SourceName, SourceReading<unknown>>)[source] = { status, data };
    this.schedulePublish(`${source}: ${state}`);
  }

  private remoteEngine(): string | null {
    const e = this.deps.engine();
    return e.isLocal ? null : e.host;
  }

  // ---- one-shot readers -------------------------------------------------------------------

  private async readDocker(signal?: AbortSignal, waitForHealth = false): Promise<void> {
    const engine = this.deps.engine();
    try {
      const [data, health] = await Promise.all([
        readDockerSnapshot(engine, signal),
        // A health that cannot be read leaves the nodes "checking", never the graph unread.
        this.deps.pluginHealth?.({ wait: waitForHealth }).catch(() => null) ?? null,
      ]);
      if (health) for (const [id, h] of health) this.health.set(id, h);
      this.set('docker', 'ok', { target: engine.host, data, reason: `${data.networks.length} networks, ${data.containers.length} containers, ${data.plugins.length} plugins` });
    } catch (err) {
      const c = classify(err);
      this.set('docker', c.state, { target: engine.host, reason: c.reason, error: err });
    }
  }

  private async readHost(): Promise<void> {
    const remote = this.remoteEngine();
    if (remote) {
      this.set('host', 'skipped', { reason: `the engine at ${remote} is another machine: this machine's interfaces are not its, so they are not drawn`, data: null });
      return;
    }
    try {
      const data = await (this.deps.readHost ?? (() => readHostFacts({ maxAgeMs: 0 })))();
      this.set('host', 'ok', { target: data.hostname, data, reason: data.source });
    } catch (err) {
      this.set('host', 'error', { reason: toEnvelope(err).message, error: err });
    }
  }

  private ovsSkip(): string | null {
    const remote = this.remoteEngine();
    return remote && !this.ovsdbExplicit ? `the engine at ${remote} is another machine: this machine's OVS is not its (set the OVSDB socket in Settings, or ${ENV_OVSDB}, to read that machine's OVSDB)` : null;
  }

  private targetText(): string {
    try {
      return formatTarget(parseTarget(this.ovsdb));
    } catch {
      return this.ovsdb;
    }
  }

  private async readOvsOnce(): Promise<void> {
    const skip = this.ovsSkip();
    if (skip) return this.set('ovs', 'skipped', { reason: skip, data: null, target: this.targetText() });
    let client: OvsdbClient | null = null;
    try {
      client = await OvsdbClient.connect(this.ovsdb);
      const data = await readOvsState(client);
      this.set('ovs', 'ok', { target: data.source.target, data, reason: `${data.bridges.length} bridges` });
    } catch (err) {
      const c = classify(err);
      this.set('ovs', c.state, { target: this.targetText(), reason: c.reason, error: err });
    } finally {
      client?.close();
    }
  }

  private async readNetmaster(signal?: AbortSignal): Promise<boolean> {
    let url: string | null;
    try {
      url = await this.deps.netmasterUrl();
    } catch (err) {
      this.set('netmaster', 'error', { reason: toEnvelope(err).message, error: err, data: null });
      return false;
    }
    if (!url) {
      const none = new PlugsmithError(
        'netmaster/not-named',
        'no netmaster named: connect one on the Netmaster screen (saved as the netmaster address setting), set PLUGSMITH_NETMASTER, pass --netmaster URL, or install a Contiv plugin whose env names it',
      );
      this.set('netmaster', 'skipped', { reason: none.message, error: none, data: null });
      return false;
    }
    try {
      const data = await readNetmasterSnapshot(url, signal);
      this.set('netmaster', 'ok', { target: data.url, data, reason: `${data.tenants.length} tenants, ${data.networks.length} networks, ${data.endpointGroups.length} groups` });
      return true;
    } catch (err) {
      const c = classify(err);
      // Another netmaster now (a changed setting): the old one's objects are not this one's.
      const other = this.readings.netmaster.data && this.readings.netmaster.data.url !== url;
      this.set('netmaster', c.state, { target: url, reason: c.reason, error: err, ...(other ? { data: null } : {}) });
      return false;
    }
  }

  // ---- live loops ------------------------------------------------------------------------------

  private start(): void {
    if (this.running) return;
    const ctl = new AbortController();
    this.running = ctl;
    // A plugin checked (or re-checked) by the plugin service: its node says so at once.
    if (this.deps.hub && this.deps.pluginHealth) {
      const off = this.deps.hub.subscribe<PluginsSnapshot>('plugins', '', 0, (e) => {
        for (const p of e.data.plugins) this.health.set(p.id, p.health);
        this.schedulePublish('plugin health');
      });
      ctl.signal.addEventListener('abort', off, { once: true });
    }
    void this.dockerLoop(ctl.signal);
    void this.ovsLoop(ctl.signal);
    void this.netmasterLoop(ctl.signal);
    void this.hostLoop(ctl.signal);
  }

  private sleep(ms: number, signal: AbortSignal, wake?: { fn?: () => void }): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(t);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const t = setTimeout(done, ms);
      signal.addEventListener('abort', done);
      if (wake) wake.fn = done;
    });
  }

  private backoff(prev: number): number {
    return Math.min(this.deps.retryMaxMs ?? 15_000, prev * 2);
  }

  private hostWake: { fn?: () => void } = {};

  private async hostLoop(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      await this.readHost();
      await this.sleep(this.deps.hostPollMs ?? 10_000, signal, this.hostWake);
    }
  }

  private async dockerLoop(signal: AbortSignal): Promise<void> {
    const min = this.deps.retryMinMs ?? 1_000;
    let wait = min;
    let debounce: NodeJS.Timeout | null = null;
    while (!signal.aborted) {
      const engine = this.deps.engine();
      const inner = new AbortController();
      const onAbort = () => inner.abort();
      signal.addEventListener('abort', onAbort);
      try {
        // Subscribe first, then read: nothing that happens in between is missed.
        const following = engine.events({ type: ['network', 'container', 'plugin'] }, inner.signal, () => {
          if (debounce) clearTimeout(debounce);
          debounce = setTimeout(() => {
            debounce = null;
            if (signal.aborted) return;
            void this.readDocker().then(() => this.hostWake.fn?.());
          }, 150);
        });
        // Awaited below; a rejection while the snapshot is being read must not count as unhandled.
        following.catch(() => undefined);
        await this.readDocker();
        // Host and OVS rules depend on whether this engine is local: re-judge after each (re)connect.
        this.hostWake.fn?.();
        if (this.readings.docker.status.state === 'ok') wait = min;
        await following;
        if (!signal.aborted) this.set('docker', 'unreachable', { reason: `the event stream from ${engine.host} ended` });
      } catch (err) {
        const c = classify(err);
        this.set('docker', c.state, { reason: c.reason, error: err, target: engine.host });
      } finally {
        signal.removeEventListener('abort', onAbort);
        inner.abort();
        if (debounce) clearTimeout(debounce);
      }
      await this.sleep(wait, signal);
      wait = this.backoff(wait);
    }
  }

  private async ovsLoop(signal: AbortSignal): Promise<void> {
    const min = this.deps.retryMinMs ?? 1_000;
    let wait = min;
    while (!signal.aborted) {
      this.ovsRetarget = false; // whatever the address is now is what this pass uses
      const skip = this.ovsSkip();
      if (skip) {
        this.set('ovs', 'skipped', { reason: skip, data: null, target: this.targetText() });
        await this.sleep(this.deps.retryMaxMs ?? 15_000, signal, this.ovsKick);
        continue;
      }
      let client: OvsdbClient | null = null;
      try {
        client = await OvsdbClient.connect(this.ovsdb);
        const c = client;
        const closed = new Promise<PlugsmithError>((resolve) => c.onClose(resolve));
        const watch = await watchOvs(c, (state) => this.set('ovs', 'ok', { target: state.source.target, data: state, reason: `${state.bridges.length} bridges (live)` }));
        this.set('ovs', 'ok', { target: watch.initial.source.target, data: watch.initial, reason: `${watch.initial.bridges.length} bridges (live)` });
        wait = min;
        const aborted = new Promise<null>((resolve) => signal.addEventListener('abort', () => resolve(null), { once: true }));
        const kicked = new Promise<'retarget'>((resolve) => {
          this.ovsKick.fn = () => resolve('retarget');
          if (this.ovsRetarget) resolve('retarget');
        });
        const why = await Promise.race([closed, aborted, kicked]);
        if (why === 'retarget') {
          wait = 0; // reconnect at once, to the new address
        } else if (why) {
          const cl = classify(why);
          this.set('ovs', cl.state === 'error' ? 'unreachable' : cl.state, { reason: why.message, error: why });
        }
      } catch (err) {
        const c = classify(err);
        this.set('ovs', c.state, { reason: c.reason, error: err, target: this.targetText() });
      } finally {
        client?.close();
      }
      // A retarget (during the connect, or while waiting to retry) starts over at once with the new address.
      if (wait > 0 && !this.ovsRetarget) await this.sleep(wait, signal, this.ovsKick);
      wait = wait > 0 && !this.ovsRetarget ? this.backoff(wait) : min;
    }
  }

  private async netmasterLoop(signal: AbortSignal): Promise<void> {
    const poll = this.deps.netmasterPollMs ?? 5_000;
    let wait = poll;
    while (!signal.aborted) {
      this.netmasterRetarget = false;
      const ok = await this.readNetmaster(AbortSignal.any([signal, AbortSignal.timeout(10_000)]));
      // Down: back off (5 → 10 → 20 → 30 s) so a dead netmaster is not hammered; up: the normal poll.
      wait = ok ? poll : Math.min(Math.max(poll, 30_000), wait * 2);
      if (ok) wait = poll;
      if (this.netmasterRetarget) continue;
      await this.sleep(ok ? poll : wait, signal, this.netmasterKick);
    }
  }
}
