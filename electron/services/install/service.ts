/**
 * Install and upgrade managed plugins from a registry, behind a consent gate.
 *
 * inspect: the config is read from the registry itself (registry.ts) and decoded with the config
 * model; its privileges are what the user is asked to accept. install / upgrade are jobs that
 * read the config again and refuse unless what was accepted equals what the plugin asks now
 * (it may have been re-pushed in between). Then `POST /plugins/pull` or `/plugins/{name}/upgrade`
 * with those privileges, streamed; the engine says 200 before it knows, so the stream is judged.
 */
import type { Engine } from '../docker/engine';
import type { JobContext, JobManager } from '../jobs/jobs';
import type { PluginService } from '../docker/plugins';
import type { EnginePlugin } from '../docker/plugin-model';
import { cli as pluginCli } from '../docker/plugin-model';
import { networksUsing } from '../docker/plugin-networks';
import { PlugsmithError } from '../errors';
import type { InstallInspect, InstallResult, JobInfo, PluginSummary, Privilege } from '../../ipc/types';
import { parseReference, type ParsedReference } from '../docker/reference';
import { chooseAuth, type RegistryAuth } from '../build/push';
import { checkPluginName } from '../build/pipeline';
import { fetchPluginConfig, type FetchedConfig } from './registry';
import { addedPrivileges, decodeRegistryConfig, fromEngine, privilegesOf, samePrivileges, summarizeConfig } from './consent';
import { streamPluginPull } from './stream';
import { installTwins } from './twins';
import type { DecodedConfig } from '../config/types';

export interface InstallServiceDeps {
  engine: () => Engine;
  jobs: JobManager;
  plugins: PluginService;
  env?: NodeJS.ProcessEnv;
}

export interface InstallRequest {
  reference: string;
  alias?: string;
  /** The privileges the user accepted (the consent screen's list, or all with --grant-all-permissions). */
  accepted: Privilege[];
  enable?: boolean;
  auth?: RegistryAuth;
}

export interface UpgradeRequest {
  name: string;
  /** Default: the reference the plugin was installed from. */
  reference?: string;
  accepted: Privilege[];
  /** An enabled plugin must be disabled first: with this, disable → upgrade → enable again. */
  disableFirst?: boolean;
  auth?: RegistryAuth;
}

const enc = encodeURIComponent;

/** A reference the engine would accept, or a refusal in Docker's words. */
export function checkReference(reference: string): ParsedReference {
  try {
    return parseReference(reference.trim());
  } catch (err) {
    throw new PlugsmithError('install/bad-reference', `Docker rejects the reference "${reference}": ${(err as Error).message}`, reference);
  }
}

interface Looked {
  ref: ParsedReference;
  fetched: FetchedConfig;
  config: DecodedConfig;
  privileges: Privilege[];
  warnings: string[];
}

export class InstallService {
  constructor(private readonly deps: InstallServiceDeps) {}

  private get engine(): Engine {
    return this.deps.engine();
  }

  private auth(reference: string, given: RegistryAuth | undefined, log?: (l: string) => void): Promise<RegistryAuth | null> {
    return chooseAuth(reference, given, this.deps.env, log);
  }

  /** The registry's config → privileges, plus the engine's own answer compared (a disagreement is a warning). */
  private async look(reference: string, auth: RegistryAuth | null, signal?: AbortSignal): Promise<Looked> {
    const ref = checkReference(reference);
    const fetched = await fetchPluginConfig(ref, { auth, signal });
    const config = decodeRegistryConfig(fetched.configText, ref.familiar);
    const privileges = privilegesOf(config);
    const warnings: string[] = [];
    if (!config.Entrypoint?.length) warnings.push('its config has no entrypoint: the engine will install it but fail to enable it');
    if (!config.Interface.Types?.length) warnings.push('its config declares no interface type: the engine will not use it as any kind of plugin');
    for (const m of config.Mounts ?? []) if (m.Source === null) warnings.push(`mount ${m.Name || m.Destination} has no source: enable fails until it is set (docker plugin set NAME ${m.Name || 'MOUNT'}.source=PATH)`);
    return { ref, fetched, config, privileges, warnings };
  }

  /** GET /plugins/privileges, only to compare: `[]` there may just mean its lookup failed. */
  private async enginePrivileges(ref: ParsedReference, auth: RegistryAuth | null): Promise<Privilege[] | null> {
    try {
      const list = await this.engine.request<unknown>({ method: 'GET', path: '/plugins/privileges', query: { remote: ref.familiar }, auth, timeoutMs: 20_000 });
      return fromEngine(list);
    } catch {
      return null;
    }
  }

  private async inspectOrNull(name: string): Promise<EnginePlugin | null> {
    try {
      return await this.deps.plugins.inspectRaw(name);
    } catch (err) {
      if (err instanceof PlugsmithError && err.code === 'plugins/not-found') return null;
      throw err;
    }
  }

  async inspect(args: { reference: string; alias?: string; name?: string; auth?: RegistryAuth }): Promise<InstallInspect> {
    const auth = await this.auth(args.reference, args.auth);
    const l = await this.look(args.reference, auth);
    const name = args.name ? args.name : args.alias ? checkPluginName(args.alias) : l.ref.familiar;
    const [engine, existingRaw] = await Promise.all([this.enginePrivileges(l.ref, auth), this.inspectOrNull(name)]);
    const warnings = [...l.warnings];
    if (engine && !samePrivileges(engine, l.privileges)) {
      warnings.push(
        engine.length === 0
          ? `the engine's own privilege check (GET /plugins/privileges) answered [] — it does so when its lookup fails; the list here is computed from the config in the registry`
          : `the engine's own privilege check disagrees: it lists ${engine.map((p) => `${p.name} [${p.value.join(' ')}]`).join(', ')}; the list here is computed from the config in the registry`,
      );
    }
    let existing: InstallInspect['existing'] = null;
    if (existingRaw) {
      // The installed one's privileges, from its own config (the engine stores the decoded one).
      const prev = existingRaw.Config ? privilegesOf(decodeRegistryConfig(JSON.stringify(existingRaw.Config), name)) : [];
      const reference = (existingRaw as EnginePlugin & { PluginReference?: string }).PluginReference ?? null;
      existing = { name: existingRaw.Name, enabled: existingRaw.Enabled, reference, privileges: prev };
      if (!args.name) warnings.push(`a plugin named ${existingRaw.Name} is already installed: install under another alias, or upgrade it`);
      const added = addedPrivileges(l.privileges, prev);
      if (args.name && added.length) warnings.push(`this version asks for more than the installed one: ${added.map((p) => `${p.name} [${p.value.join(' ')}]`).join(', ')}`);
      if (args.name && reference && !sameRepository(reference, l.ref)) warnings.push(`${name} was installed from ${reference}; this is a different repository (${l.ref.familiar})`);
    }
    return {
      reference: l.ref.familiar,
      name,
      registry: l.fetched.endpoint.base,
      digest: l.fetched.digest,
      layersBytes: l.fetched.layersBytes,
      config: summarizeConfig(l.config),
      privileges: l.privileges,
      enginePrivileges: engine,
      warnings,
      existing,
      command: args.name ? installTwins.upgrade(name, l.ref.familiar, { wasEnabled: existingRaw?.Enabled }) : installTwins.install(l.ref.familiar, { alias: args.alias, enable: true }),
    };
  }

  /** Refuses unless the user accepted exactly what the plugin asks for now. */
  private gate(l: Looked, accepted: Privilege[], ctx: JobContext): void {
    if (samePrivileges(accepted, l.privileges)) {
      ctx.log(l.privileges.length ? `privileges accepted: ${l.privileges.map((p) => `${p.name} [${p.value.join(' ')}]`).join(', ')}` : 'the plugin asks for no privileges');
      return;
    }
    const missing = addedPrivileges(l.privileges, accepted);
    const list = (ps: Privilege[]) => ps.map((p) => `${p.name} [${p.value.join(' ')}]`).join(', ');
    throw new PlugsmithError(
      accepted.length === 0 && l.privileges.length ? 'install/consent-required' : 'install/privileges-changed',
      accepted.length === 0 && l.privileges.length
        ? `Not installed: ${l.ref.familiar} asks for privileges that were not accepted (${list(l.privileges)})`
        : `Not installed: what ${l.ref.familiar} asks for now differs from what was accepted${missing.length ? ` — not accepted: ${list(missing)}` : ''}. Inspect it again and review the list.`,
      JSON.stringify({ asked: l.privileges, accepted }),
    );
  }

  install(req: InstallRequest): JobInfo {
    const ref = checkReference(req.reference);
    const name = req.alias ? checkPluginName(req.alias) : ref.familiar;
    const running = this.deps.jobs.running('install:start', name);
    if (running) throw new PlugsmithError('install/running', `An install of ${name} is already running (${running.id})`);
    const command = installTwins.install(ref.familiar, { alias: req.alias, enable: req.enable });
    return this.deps.jobs.start({
      kind: 'install:start',
      target: name,
      title: `Install ${name}`,
      command,
      run: (ctx) => this.runInstall({ ...req, reference: ref.familiar }, name, command, ctx),
    });
  }

  private async runInstall(req: InstallRequest, name: string, command: string, ctx: JobContext): Promise<InstallResult> {
    ctx.log(`$ ${command}`);
    ctx.progress(0.02, 'reading the plugin from its registry');
    if (await this.inspectOrNull(name)) throw new PlugsmithError('install/exists', `A plugin named ${name} is already installed: choose another alias, or upgrade it`);
    const auth = await this.auth(req.reference, req.auth, (l) => ctx.log(l));
    const l = await this.look(req.reference, auth, ctx.signal);
    ctx.log(`${l.ref.familiar}: ${l.fetched.digest} from ${l.fetched.endpoint.base} (${l.fetched.access}), ${(l.fetched.layersBytes / 1e6).toFixed(1)} MB to download`);
    for (const w of l.warnings) ctx.log(`note: ${w}`, 'stderr');
    this.gate(l, req.accepted, ctx);
    ctx.progress(0.05, 'pulling');
    const { digest } = await this.pull(
      { path: '/plugins/pull', query: { remote: l.ref.familiar, name }, privileges: l.privileges, auth },
      ctx,
      0.05,
      0.85,
    ).catch((err) => {
      throw explainPull(err, l.ref, name);
    });
    ctx.log(`installed ${name} (disabled)`);
    let plugin: PluginSummary | null = await this.deps.plugins.inspect(name).catch(() => null);
    await this.deps.plugins.refresh('installed').catch(() => undefined);
    if (req.enable) {
      ctx.progress(0.9, 'enabling');
      plugin = await this.enable(name, ctx, `${name} was installed but failed to enable`);
    }
    return { name, reference: l.ref.familiar, digest: digest ?? l.fetched.digest, privileges: l.privileges, plugin, warnings: l.warnings, settingsChanges: [] };
  }

  upgrade(req: UpgradeRequest): JobInfo {
    const name = req.name;
    const running = this.deps.jobs.running('install:upgrade', name);
    if (running) throw new PlugsmithError('install/running', `An upgrade of ${name} is already running (${running.id})`);
    if (req.reference) checkReference(req.reference);
    return this.deps.jobs.start({
      kind: 'install:upgrade',
      target: name,
      title: `Upgrade ${name}`,
      command: installTwins.upgrade(name, req.reference ?? '(its reference)', { wasEnabled: req.disableFirst }),
      run: (ctx) => this.runUpgrade(req, ctx),
    });
  }

  private async runUpgrade(req: UpgradeRequest, ctx: JobContext): Promise<InstallResult> {
    ctx.progress(0.02, 'inspecting');
    const before = (await this.deps.plugins.inspectRaw(req.name, ctx.signal)) as EnginePlugin & { PluginReference?: string };
    const name = before.Name;
    const previous = before.PluginReference ?? null;
    const reference = req.reference ?? previous;
    if (!reference) throw new PlugsmithError('install/no-reference', `${name} was not installed from a registry (it was created locally): give the reference to upgrade it from`);
    ctx.log(`$ ${installTwins.upgrade(name, reference, { wasEnabled: before.Enabled })}`);
    const auth = await this.auth(reference, req.auth, (l) => ctx.log(l));
    ctx.progress(0.05, 'reading the new version from its registry');
    const l = await this.look(reference, auth, ctx.signal);
    ctx.log(`${l.ref.familiar}: ${l.fetched.digest} from ${l.fetched.endpoint.base}`);
    for (const w of l.warnings) ctx.log(`note: ${w}`, 'stderr');
    if (previous && !sameRepository(previous, l.ref)) ctx.log(`note: ${name} was installed from ${previous}; upgrading it from another repository (${l.ref.familiar})`, 'stderr');
    this.gate(l, req.accepted, ctx);

    const wasEnabled = before.Enabled;
    if (wasEnabled) {
      if (!req.disableFirst) {
        throw new PlugsmithError(
          'install/upgrade-enabled',
          `${name} is enabled, and the engine only upgrades a disabled plugin (plugin must be disabled before upgrading). Upgrade with "disable first": Plugsmith disables it, upgrades it and enables it again, keeping its settings.`,
          pluginCli.disable(name),
        );
      }
      ctx.progress(0.1, 'disabling');
      ctx.log(`$ ${pluginCli.disable(name)}`);
      try {
        await this.engine.request({ method: 'POST', path: `/plugins/${enc(name)}/disable`, signal: ctx.signal, timeoutMs: 60_000 });
      } catch (err) {
        if (err instanceof PlugsmithError && /in use/i.test(err.message)) {
          const nets = await networksUsing(this.engine, name);
          throw new PlugsmithError(
            'install/upgrade-blocked',
            `${name} cannot be disabled for the upgrade: ${err.message}. Network(s) made with it: ${nets.join(', ') || '(none found)'} — remove them first (docker network rm ${nets.join(' ')}). Nothing was changed; ${name} is still enabled.`,
            JSON.stringify({ networks: nets }),
          );
        }
        throw err;
      }
    }
    ctx.progress(0.15, 'upgrading');
    let digest: string | null;
    try {
      ({ digest } = await this.pull({ path: `/plugins/${enc(name)}/upgrade`, query: { remote: l.ref.familiar }, privileges: l.privileges, auth }, ctx, 0.15, 0.8));
    } catch (err) {
      const e = explainPull(err, l.ref, name) as PlugsmithError;
      if (wasEnabled && !ctx.signal.aborted) {
        // The old version is untouched by a failed upgrade: bring it back as it was.
        ctx.log(`the upgrade failed; enabling the previous version of ${name} again`, 'stderr');
        const back = await this.enable(name, ctx, 'the previous version could not be enabled again').then(
          () => 'the previous version is enabled again',
          (x: Error) => `and the previous version could not be enabled again: ${x.message}`,
        );
        throw new PlugsmithError(e.code ?? 'install/upgrade-failed', `The upgrade of ${name} failed: ${e.message} — ${back}`, e.detail);
      }
      throw new PlugsmithError(e.code ?? 'install/upgrade-failed', `The upgrade of ${name} failed: ${e.message}${wasEnabled ? '' : ` — ${name} is unchanged`}`, e.detail);
    }
    ctx.log(`upgraded ${name}: ${previous ?? '(local)'} → ${l.ref.familiar}`);

    // The engine keeps the old settings object whole: env entries new in this version are left out
    // of it (and so out of the plugin's environment). Put their defaults in, where they are settable.
    const after = await this.deps.plugins.inspectRaw(name, ctx.signal);
    const have = new Set((after.Settings?.Env ?? []).map((e) => e.slice(0, e.indexOf('=') < 0 ? e.length : e.indexOf('='))));
    const settingsChanges: InstallResult['settingsChanges'] = [];
    const warnings = [...l.warnings];
    for (const e of l.config.Env ?? []) {
      if (have.has(e.Name) || e.Value === null) continue;
      if ((e.Settable ?? []).includes('value')) settingsChanges.push({ key: e.Name, from: null, to: e.Value });
      else warnings.push(`env ${e.Name} is new in this version and not settable: the engine leaves it out of the upgraded plugin's environment (reinstall to get it)`);
    }
    if (settingsChanges.length) {
      ctx.progress(0.85, 'setting new defaults');
      const values = settingsChanges.map((c) => ({ key: c.key, value: c.to }));
      ctx.log(`$ ${pluginCli.set(name, values)}   (new in this version; the engine kept only the old settings)`);
      await this.deps.plugins.set(name, values);
    }
    for (const w of warnings.slice(l.warnings.length)) ctx.log(`note: ${w}`, 'stderr');
    let plugin: PluginSummary | null = await this.deps.plugins.inspect(name).catch(() => null);
    await this.deps.plugins.refresh('upgraded').catch(() => undefined);
    if (wasEnabled) {
      ctx.progress(0.9, 'enabling again');
      plugin = await this.enable(name, ctx, `${name} was upgraded but failed to enable again`);
    }
    return { name, reference: l.ref.familiar, digest: digest ?? l.fetched.digest, privileges: l.privileges, plugin, warnings, previousReference: previous, settingsChanges };
  }

  private async pull(req: Parameters<typeof streamPluginPull>[1], ctx: JobContext, from: number, to: number) {
    let last = 0;
    return streamPluginPull(this.engine, req, {
      log: ctx.log,
      signal: ctx.signal,
      bytes: (done, total) => {
        const now = Date.now();
        if (now - last < 250) return;
        last = now;
        ctx.progress(from + (to - from) * (total ? done / total : 0), `downloading ${(done / 1e6).toFixed(1)} of ${(total / 1e6).toFixed(1)} MB`);
      },
    });
  }

  /** The plugin service's enable job (with its health check), its log forwarded here. */
  private async enable(name: string, ctx: JobContext, failure: string): Promise<PluginSummary> {
    const done = await this.deps.jobs.follow(this.deps.plugins.enable(name).id, ctx);
    if (done.state !== 'succeeded') {
      throw new PlugsmithError('install/enable-failed', `${failure}: ${done.error?.message ?? done.state}. It stays installed, disabled — the doctor can tell why (plugsmith doctor --plugin ${name}).`, done.error?.detail);
    }
    return done.result as PluginSummary;
  }
}

/** Same repository (tags aside)? */
function sameRepository(reference: string, ref: ParsedReference): boolean {
  try {
    const a = parseReference(reference);
    return a.domain === ref.domain && a.path === ref.path;
  } catch {
    return false;
  }
}

/** The engine's pull/upgrade refusals in plain words (its own words kept in the detail). */
function explainPull(err: unknown, ref: ParsedReference, name: string): unknown {
  if (!(err instanceof PlugsmithError)) return err;
  const m = err.message;
  if (/incorrect privileges/.test(m)) {
    return new PlugsmithError('install/privileges-refused', `The engine refused the privileges for ${ref.familiar} (incorrect privileges): the plugin changed in the registry between the check and the download. Inspect it again.`, err.detail ?? m);
  }
  if (/already exists/.test(m)) return new PlugsmithError('install/exists', `A plugin named ${name} is already installed (${m})`, err.detail);
  if (/must be disabled|is enabled/.test(m)) return new PlugsmithError('install/upgrade-enabled', `${name} is enabled: the engine only upgrades a disabled plugin (${m})`, err.detail);
  if (/error resolving plugin reference|connection refused|no such host|server gave HTTP response/.test(m)) {
    return new PlugsmithError('install/registry-unreachable', `The engine could not reach ${ref.domain} for ${ref.familiar}: ${m}`, err.detail);
  }
  return err;
}
