/**
 * Managed plugins on one engine: list, inspect, enable (checked, not assumed),
 * disable, set, remove. Every action re-inspects afterwards and publishes a fresh
 * snapshot, because the engine sends no event for a set, a failed enable or a
 * crash-restart. Long actions are jobs so no view ever waits on a frozen call.
 */
import type { EventHub } from '../events/hub';
import type { JobManager, JobContext } from '../jobs/jobs';
import { PlugsmithError } from '../errors';
import type { JobInfo, PluginHealth, PluginSummary, PluginsSnapshot } from '../../ipc/types';
import type { Engine } from './engine';
import { cli, shellQuote, summarize, type EnginePlugin } from './plugin-model';
import { probePlugin, type ProbeInput } from './probe';
import { LEFTOVER_ERROR } from './containerd';

export interface PluginServiceDeps {
  engine: () => Engine;
  hub: EventHub;
  jobs: JobManager;
  enableTimeoutSeconds: () => number;
  probe?: (input: ProbeInput) => Promise<PluginHealth>;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * "id already in use" that did not clear by itself (afterFailedEnable waited and re-inspected):
 * containerd still holds the plugin from an engine killed during an enable, and every enable will
 * fail the same way. The engine's words lead nowhere; the doctor's containerd-leftover check names
 * the leftover and removes it. The engine's own message stays in the detail.
 */
export function leftoverError(name: string, err: unknown): PlugsmithError | null {
  const msg = err instanceof Error ? err.message : String(err);
  if (!LEFTOVER_ERROR.test(msg)) return null;
  const detail = err instanceof PlugsmithError && err.detail ? `${msg}\n${err.detail}` : msg;
  return new PlugsmithError(
    'plugins/containerd-leftover',
    `${name} cannot start: the engine's containerd still holds it from an earlier start that was cut short (dockerd killed or restarted during an enable), and the engine has lost track of it — every enable fails the same way until that leftover is removed. The doctor's check "containerd-leftover" shows it and removes it: plugsmith doctor --plugin ${shellQuote(name)} --check containerd-leftover`,
    detail,
  );
}

/** How long a collided enable may take to finish on its own (seen: ~1 s) before it counts as failed. */
const SELF_START_WAIT_MS = 6_000;
const SELF_START_POLL_MS = 500;

const UNCHECKED: PluginHealth = { state: 'unchecked', detail: '', checkedAt: null };
const enc = encodeURIComponent;

export class PluginService {
  private health = new Map<string, PluginHealth>();
  private probing = new Set<string>();
  private readonly probe: (input: ProbeInput) => Promise<PluginHealth>;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly deps: PluginServiceDeps) {
    this.probe = deps.probe ?? probePlugin;
    this.sleep = deps.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    deps.hub.define('plugins', '', { sticky: true });
  }

  private get engine(): Engine {
    return this.deps.engine();
  }

  private summarizeOne(p: EnginePlugin): PluginSummary {
    return summarize(p, this.health.get(p.Id) ?? UNCHECKED);
  }

  async list(): Promise<PluginSummary[]> {
    const raw = await this.engine.request<EnginePlugin[]>({ method: 'GET', path: '/plugins', timeoutMs: 10_000 });
    const live = new Set(raw.map((p) => p.Id));
    for (const id of this.health.keys()) if (!live.has(id)) this.health.delete(id);
    return raw.map((p) => this.summarizeOne(p)).sort((a, b) => a.name.localeCompare(b.name));
  }

  /**
   * The list with every enabled plugin's health known: one never checked (a fresh CLI process,
   * enabled from a terminal) is checked on its socket now, so `plugins ls` and a one-shot
   * topology say what the Plugins screen says instead of `unchecked`.
   */
  async listChecked(): Promise<PluginSummary[]> {
    const list = await this.list();
    return Promise.all(list.map(async (p) => (p.enabled && p.health.state === 'unchecked' ? { ...p, health: await this.checkSummary(p) } : p)));
  }

  /**
   * Each plugin's health by id, as the Plugins screen shows it. `wait`: check the unchecked ones
   * first (one-shot readers); otherwise they are checked in the background and the result is
   * published on `plugins` (live readers follow that topic).
   */
  async healthById(opts: { wait?: boolean } = {}): Promise<Map<string, PluginHealth>> {
    const list = opts.wait ? await this.listChecked() : await this.list();
    if (!opts.wait) {
      for (const p of list) {
        if (p.enabled && p.health.state === 'unchecked' && !this.probing.has(p.id) && !this.deps.jobs.running('plugins:enable', p.name)) void this.checkAndPublish(p);
      }
    }
    return new Map(list.map((p) => [p.id, p.health]));
  }

  async inspectRaw(name: string, signal?: AbortSignal): Promise<EnginePlugin> {
    try {
      return await this.engine.request<EnginePlugin>({ method: 'GET', path: `/plugins/${enc(name)}/json`, signal, timeoutMs: 10_000 });
    } catch (err) {
      if (err instanceof PlugsmithError && err.code === 'engine/http-404') {
        throw new PlugsmithError('plugins/not-found', `No plugin named ${name} on this engine`, err.detail);
      }
      throw err;
    }
  }

  async inspect(name: string): Promise<PluginSummary> {
    return this.summarizeOne(await this.inspectRaw(name));
  }

  /**
   * Re-reads the list and publishes it. Enabled plugins never checked (enabled from a
   * terminal, or before we started) are probed in the background, then republished.
   */
  async refresh(reason: string): Promise<PluginsSnapshot> {
    const plugins = await this.list();
    const snap: PluginsSnapshot = { plugins, reason, at: new Date().toISOString() };
    this.deps.hub.publish('plugins', '', snap);
    for (const p of plugins) {
      if (p.enabled && p.health.state === 'unchecked' && !this.probing.has(p.id) && !this.deps.jobs.running('plugins:enable', p.name)) {
        void this.checkAndPublish(p);
      }
    }
    return snap;
  }

  private async checkAndPublish(p: PluginSummary): Promise<void> {
    this.probing.add(p.id);
    try {
      await this.checkSummary(p);
      await this.refresh('health check');
    } catch {
      // The engine went away mid-check; the watcher reports that.
    } finally {
      this.probing.delete(p.id);
    }
  }

  private async checkSummary(p: PluginSummary): Promise<PluginHealth> {
    let h: PluginHealth;
    if (!p.enabled) h = { state: 'disabled', detail: 'the plugin is disabled', checkedAt: new Date().toISOString() };
    else if (!this.engine.isLocal)
      h = { state: 'skipped', detail: `skipped: the engine at ${this.engine.host} is not on this machine, so its plugin sockets are not either`, checkedAt: new Date().toISOString() };
    else h = await this.probe({ id: p.id, socket: p.socket, kinds: p.capabilities.map((c) => c.kind) });
    this.health.set(p.id, h);
    return h;
  }

  async check(name: string): Promise<PluginHealth> {
    const h = await this.checkSummary(await this.inspect(name));
    await this.refresh('health check').catch(() => undefined);
    return h;
  }

  private safeRefresh(reason: string): void {
    this.refresh(reason).catch(() => undefined);
  }

  enable(name: string, timeoutSeconds?: number): JobInfo {
    const already = this.deps.jobs.running('plugins:enable', name);
    if (already) return already;
    const timeout = timeoutSeconds ?? this.deps.enableTimeoutSeconds();
    return this.deps.jobs.start({
      kind: 'plugins:enable',
      target: name,
      title: `Enable ${name}`,
      command: cli.enable(name, timeout),
      run: (ctx) => this.runEnable(name, timeout, ctx),
    });
  }

  private async runEnable(name: string, timeout: number, ctx: JobContext): Promise<PluginSummary> {
    ctx.progress(0.02, 'inspecting');
    const before = await this.inspectRaw(name, ctx.signal);
    if (before.Enabled) {
      ctx.log(`${name} is already enabled; checking that it answers`);
    } else {
      ctx.log(`$ ${cli.enable(name, timeout)}`);
      const started = Date.now();
      // The engine's timeout does not bound the call (a silent plugin is "enabled" after 20–35 s):
      // show how long it has been, so the switch is never a frozen control.
      const ticker = setInterval(() => {
        const s = Math.round((Date.now() - started) / 1000);
        ctx.progress(Math.min(0.9, 0.05 + s / 40), `waiting for the engine (${s} s)`);
      }, 1000);
      ctx.progress(0.05, 'waiting for the engine (0 s)');
      try {
        await this.engine.request({
          method: 'POST',
          path: `/plugins/${enc(name)}/enable`,
          query: { timeout },
          signal: ctx.signal,
          // Far longer than the engine's own worst case (~90 s seen with large timeouts) so we never cut it off.
          timeoutMs: Math.max(120, timeout * 3) * 1000,
        });
        ctx.log(`engine: enabled after ${((Date.now() - started) / 1000).toFixed(1)} s`);
      } catch (err) {
        clearInterval(ticker);
        const recovered = await this.afterFailedEnable(name, err, ctx);
        if (!recovered) {
          this.safeRefresh('enable failed');
          throw leftoverError(name, err) ?? err;
        }
      } finally {
        clearInterval(ticker);
      }
    }
    ctx.progress(0.92, 're-inspecting');
    const after = await this.inspectRaw(name, ctx.signal);
    if (!after.Enabled) {
      this.safeRefresh('enable failed');
      throw new PlugsmithError('plugins/not-enabled', `The engine answered, but ${name} is not enabled`, JSON.stringify(after));
    }
    ctx.progress(0.95, 'checking the plugin answers on its socket');
    const summary = this.summarizeOne(after);
    const health = await this.checkSummary(summary);
    ctx.log(`health: ${health.state}${health.detail ? ` — ${health.detail}` : ''}`, health.state === 'not-answering' ? 'stderr' : 'info');
    await this.refresh('enabled');
    return { ...summary, health };
  }

  /**
   * After a failed enable the engine sometimes brings the plugin up by itself ~1 s later: the
   * enable collided with the engine's own start ("id already in use", or "task <id>: already
   * exists" when the engine restarts a plugin whose old task just died — e.g. right after the
   * doctor removed a containerd leftover). Re-inspect for a bounded while before calling it a failure.
   */
  private async afterFailedEnable(name: string, err: unknown, ctx: JobContext): Promise<boolean> {
    const msg = err instanceof Error ? err.message : String(err);
    ctx.log(`engine: ${msg}`, 'stderr');
    if (ctx.signal.aborted || !LEFTOVER_ERROR.test(msg)) return false;
    ctx.progress(0.9, 'the engine is still starting it; re-inspecting');
    for (let waited = 0; waited < SELF_START_WAIT_MS && !ctx.signal.aborted; waited += SELF_START_POLL_MS) {
      await this.sleep(SELF_START_POLL_MS);
      const p = await this.inspectRaw(name, ctx.signal).catch(() => null);
      if (p?.Enabled) {
        ctx.log('the engine finished enabling it on its own');
        return true;
      }
    }
    return false;
  }

  disable(name: string, force = false): JobInfo {
    const already = this.deps.jobs.running('plugins:disable', name);
    if (already) return already;
    return this.deps.jobs.start({
      kind: 'plugins:disable',
      target: name,
      title: `Disable ${name}`,
      command: cli.disable(name, force),
      run: async (ctx) => {
        ctx.log(`$ ${cli.disable(name, force)}`);
        ctx.progress(null, 'waiting for the engine');
        try {
          await this.engine.request({
            method: 'POST',
            path: `/plugins/${enc(name)}/disable`,
            query: force ? { force: 1 } : undefined,
            signal: ctx.signal,
            timeoutMs: 60_000,
          });
        } catch (err) {
          ctx.log(`engine: ${(err as Error).message}`, 'stderr');
          this.safeRefresh('disable failed');
          throw err;
        }
        const after = await this.inspectRaw(name, ctx.signal);
        this.health.set(after.Id, { state: 'disabled', detail: '', checkedAt: new Date().toISOString() });
        await this.refresh('disabled');
        return this.summarizeOne(after);
      },
    });
  }

  async set(name: string, values: { key: string; value: string }[]): Promise<PluginSummary> {
    const p = await this.inspectRaw(name);
    if (p.Enabled) {
      throw new PlugsmithError(
        'plugins/set-enabled',
        `${name} is enabled: the engine only changes settings of a disabled plugin (cannot set on an active plugin). Disable it first.`,
        cli.set(name, values),
      );
    }
    await this.engine.request({ method: 'POST', path: `/plugins/${enc(name)}/set`, body: values.map((v) => `${v.key}=${v.value}`), timeoutMs: 15_000 });
    await this.refresh('settings changed');
    return this.inspect(name);
  }

  async remove(name: string, force = false): Promise<{ removed: string }> {
    try {
      await this.engine.request({ method: 'DELETE', path: `/plugins/${enc(name)}`, query: force ? { force: 1 } : undefined, timeoutMs: 60_000 });
    } catch (err) {
      this.safeRefresh('remove failed');
      throw err;
    }
    await this.refresh('removed');
    return { removed: name };
  }
}
