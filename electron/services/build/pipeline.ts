/**
 * The one-click pipeline as ONE job: check → build → create → set → enable [→ push].
 *
 * Create never writes the rootfs to disk: the built image's filesystem comes out of a created
 * (never started) container's export, is re-tarred on the fly under rootfs/ beside config.json,
 * and goes straight into `POST /plugins/create`. Whatever happens — failure, cancel, the engine
 * dying — the temporary container and image are removed (now, or by the janitor once the engine is
 * back). A plugin that was created but failed to enable stays, disabled, and the job says so.
 */
import { readFile, stat } from 'node:fs/promises';
import { createReadStream, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { randomBytes } from 'node:crypto';
import type { Engine } from '../docker/engine';
import type { JobContext, JobManager } from '../jobs/jobs';
import type { PluginService } from '../docker/plugins';
import type { EnginePlugin } from '../docker/plugin-model';
import { cli as pluginCli } from '../docker/plugin-model';
import { engineNetworks, madeWith, networksUsing } from '../docker/plugin-networks';
import { PlugsmithError } from '../errors';
import type { BuildResult, JobInfo, ProjectInfo } from '../../ipc/types';
import { lintConfig } from '../config/index';
import { parseReference } from '../docker/reference';
import { IgnoreMatcher } from './dockerignore';
import { baseImages, parseDockerfile } from './dockerfile';
import { BuildStreamParser, explainBuildError } from './build-stream';
import { detectProject, toProjectInfo, type ProjectPlan } from './project';
import { fillConfigTemplate, setPluginNameSetting, type ConfigChange } from './template';
import { PackWriter, packFolder, retarUnderRootfs } from './tar-pack';
import { Janitor, short, type Leftover } from './cleanup';
import { StageTracker } from './stages';
import { chooseAuth, pushPlugin, type RegistryAuth } from './push';
import { twins } from './twins';
import { diffSettings, type SettingChange } from './settings-carry';
import { runPrepareStep } from './prepare';
import { checkEntrypointIn, containerHead, containerStat, folderHead, folderStat, noEntrypointError, tarballRootfs, type HeadFn, type StatFn } from './entrypoint';

export interface BuildRequest {
  dir: string;
  name: string;
  buildArgs?: Record<string, string>;
  target?: string;
  settings?: { key: string; value: string }[];
  enable?: boolean;
  keepImage?: boolean;
  replace?: boolean;
  push?: boolean;
  /** Layout 4: use this image (already in the engine) instead of building. */
  image?: string;
  auth?: RegistryAuth;
  /** Replace: networks made with the old plugin that the user confirmed may go (they block its disable). */
  removeNetworks?: string[];
}

export interface BuildServiceDeps {
  engine: () => Engine;
  jobs: JobManager;
  plugins: PluginService;
  janitor?: Janitor;
  env?: NodeJS.ProcessEnv;
}

const enc = encodeURIComponent;
const LABEL = 'dev.plugsmith.build';
/** Never run: `docker create` of a FROM-scratch image needs some command ("No command specified"). */
const NEVER_RUN_CMD = ['/plugsmith-export-only'];

/** The plugin name as the engine will store it, or a clear refusal. */
export function checkPluginName(name: string): string {
  let ref;
  try {
    ref = parseReference(name);
  } catch (err) {
    throw new PlugsmithError('build/bad-name', `Docker rejects the plugin name "${name}": ${(err as Error).message}`, name);
  }
  if (ref.digest) throw new PlugsmithError('build/bad-name', `A plugin is created under a name:tag, not a digest: "${name}"`, name);
  return ref.familiar;
}

/** Engine-down errors in the user's words, naming the stage it happened in. */
function engineGone(err: unknown): boolean {
  if (!(err instanceof PlugsmithError)) return /ECONNRESET|ECONNREFUSED|socket hang up|EPIPE/.test(String((err as Error)?.message ?? err));
  return err.code === 'engine/unreachable' || /ECONNRESET|ECONNREFUSED|socket hang up|EPIPE/.test(err.message + (err.detail ?? ''));
}

export class BuildService {
  readonly janitor: Janitor;

  constructor(private readonly deps: BuildServiceDeps) {
    this.janitor = deps.janitor ?? new Janitor();
  }

  private get engine(): Engine {
    return this.deps.engine();
  }

  async detect(dir: string, image?: string): Promise<ProjectInfo> {
    return toProjectInfo(await detectProject(dir, { image }));
  }

  start(req: BuildRequest): JobInfo {
    const name = checkPluginName(req.name);
    const running = this.deps.jobs.running('build:start', name);
    if (running) throw new PlugsmithError('build/running', `A build of ${name} is already running (${running.id})`);
    return this.deps.jobs.start({
      kind: 'build:start',
      target: name,
      title: `Build ${name}`,
      command: twins.pipeline(req.dir, name, req),
      run: (ctx) => this.run({ ...req, name }, ctx),
    });
  }

  push(name: string, auth?: RegistryAuth): JobInfo {
    const full = checkPluginName(name);
    return this.deps.jobs.start({
      kind: 'build:push',
      target: full,
      title: `Push ${full}`,
      command: twins.push(full),
      run: async (ctx) => {
        ctx.log(`$ ${twins.push(full)}`);
        const a = await this.resolveAuth(full, auth, ctx);
        ctx.progress(null, 'pushing');
        return pushPlugin(this.engine, full, a, ctx);
      },
    });
  }

  private resolveAuth(name: string, given: RegistryAuth | undefined, ctx: JobContext): Promise<RegistryAuth | null> {
    return chooseAuth(name, given, this.deps.env, (l) => ctx.log(l));
  }

  private async run(req: BuildRequest, ctx: JobContext): Promise<BuildResult> {
    const engine = this.engine;
    const name = req.name;
    const leftovers: Leftover[] = [];
    const stages = new StageTracker(ctx, [
      { stage: 'check', command: `plugsmith config lint ${join(req.dir, 'config.json')}` },
      { stage: 'build', command: '' },
      { stage: 'create', command: twins.create(name) },
      { stage: 'set', command: '' },
      { stage: 'enable', command: pluginCli.enable(name), skip: req.enable ? undefined : 'not asked for' },
      { stage: 'push', command: twins.push(name), skip: req.push ? undefined : 'not asked for' },
    ]);
    const result: BuildResult = { name, stages: stages.results, plugin: null, configChanges: [], settingsChanges: [], rootfsBytes: 0, image: null };
    ctx.log(`Plugsmith build of ${name} from ${req.dir} — starting`);
    let created = false;
    try {
      // ---- check: everything that can be refused before anything is built
      stages.begin('check');
      let plan = await detectProject(req.dir, { image: req.image });
      ctx.log(plan.explanation);
      for (const w of plan.warnings) ctx.log(`note: ${w}`);
      // A declared prepare step may be what makes the folder a project (it fills context/ or rootfs/).
      if (plan.layout === 'unknown' && !(plan.prepare && plan.configPath)) throw new PlugsmithError('build/no-project', `${req.dir} is not a plugin project: ${plan.explanation}`);
      const config = await this.prepareConfig(plan, name, result.configChanges!, ctx);
      const existing = await this.inspectOrNull(name, ctx.signal);
      if (existing && !req.replace) {
        throw new PlugsmithError(
          'build/exists',
          `A plugin named ${name} already exists${existing.Enabled ? ' (enabled)' : ''}: build with replace (disable, remove, create — its settings are re-applied) or choose another tag`,
        );
      }
      if (plan.prepare) {
        await runPrepareStep(plan.prepare, plan.dir, ctx);
        const before = plan;
        plan = await detectProject(req.dir, { image: req.image });
        if (plan.layout !== before.layout || plan.contextDir !== before.contextDir) ctx.log(`after the prepare step: ${plan.explanation}`);
        if (plan.layout === 'unknown') throw new PlugsmithError('build/no-project', `${req.dir} is not a plugin project, even after its prepare step: ${plan.explanation}`);
      }
      const buildArgs = this.resolveBuildArgs(plan, req.buildArgs ?? {}, ctx);
      stages.done('check', plan.layout);

      // ---- build (layout 1), or the rootfs source for the other layouts
      let image: string | null = null;
      if (plan.layout === 'dockerfile') {
        stages.setCommand('build', twins.build(plan, buildArgs, req.target));
        stages.begin('build');
        image = await this.build(plan, buildArgs, req, ctx, stages, leftovers);
        if (req.keepImage) result.image = image;
        else leftovers.push({ kind: 'image', id: image, job: name });
        stages.done('build', `image ${short(image)}`);
      } else if (plan.layout === 'image') {
        image = req.image!;
        stages.skip('build', `using image ${image}`);
      } else {
        stages.skip('build', plan.layout === 'rootfs' ? 'rootfs/ is ready' : 'the rootfs tarball is ready');
      }

      // ---- create (replacing the old plugin only now that there is something to replace it with)
      stages.begin('create', plan.layout === 'tarball' ? `from ${relative(plan.dir, plan.tarball!.path)}` : undefined);
      let old: EnginePlugin | null = null;
      if (existing) old = await this.removeForReplace(name, ctx, req.removeNetworks ?? []);
      try {
        result.rootfsBytes = await this.create(plan, image, config, name, ctx, stages, leftovers);
        created = true;
      } catch (err) {
        throw this.explainCreate(err, name);
      }
      stages.done('create', `${(result.rootfsBytes / 1e6).toFixed(1)} MB of rootfs streamed, 0 bytes written to disk`);

      // ---- set: the old plugin's settings carried over, then the request's own
      const fresh = await this.inspectOrNull(name, ctx.signal);
      const changes: SettingChange[] = fresh ? diffSettings(old, fresh, req.settings ?? []) : [];
      if (changes.length) {
        const values = changes.map((c) => ({ key: c.key, value: c.to }));
        stages.setCommand('set', pluginCli.set(name, values));
        stages.begin('set');
        for (const c of changes) ctx.log(`${c.key}: ${c.from ?? '(unset)'} → ${c.to}  (${c.source === 'replaced-plugin' ? 'kept from the replaced plugin' : 'given with the build'})`);
        try {
          await this.deps.plugins.set(name, values);
        } catch (err) {
          throw new PlugsmithError('build/set-failed', `${name} was created, but its settings could not be applied: ${(err as Error).message}. The plugin stays, disabled.`, (err as PlugsmithError).detail);
        }
        result.settingsChanges = changes;
        stages.done('set', `${changes.length} setting(s)`);
      } else stages.skip('set', old ? 'the replaced plugin had no settings that differ' : 'nothing to set');

      // ---- enable, through the plugin service's own job (with its health check)
      if (req.enable) {
        stages.begin('enable');
        const plugin = await this.enable(name, ctx);
        stages.done('enable', `health: ${plugin.health.state}`);
      }
      // ---- push
      if (req.push) {
        stages.begin('push');
        const auth = await this.resolveAuth(name, req.auth, ctx);
        const { digest } = await pushPlugin(engine, name, auth, { log: ctx.log, signal: ctx.signal });
        stages.done('push', digest ?? undefined);
      }
      result.plugin = await this.deps.plugins.inspect(name).catch(() => null);
      ctx.log(`\x1b[32m${name} is ready\x1b[0m${result.plugin ? ` (${result.plugin.enabled ? 'enabled' : 'disabled'})` : ''}`);
      return result;
    } catch (err) {
      const stage = stages.running();
      let e = err instanceof PlugsmithError ? err : new PlugsmithError('build/failed', (err as Error)?.message ?? String(err), (err as Error)?.stack);
      if (ctx.signal.aborted) e = new PlugsmithError('jobs/cancelled', `Cancelled during ${stage ?? 'the build'}`);
      else if (engineGone(err) || (await this.engineDown())) {
        e = new PlugsmithError('build/engine-stopped', `The engine stopped answering during ${stage ?? 'the build'} (${e.message}). What this build made is removed once the engine is back.`, e.detail);
      }
      if (stage) stages.fail(stage, e.message);
      if (created && stage !== 'create') ctx.log(`${name} was created and stays installed (disabled): ${e.message}`, 'stderr');
      throw new PlugsmithError(e.code, e.message, [e.detail, '--- stages ---', stages.summary()].filter(Boolean).join('\n'));
    } finally {
      // Never under the job's signal: a cancelled job must still clean up.
      if (leftovers.length) await this.janitor.sweep(engine, leftovers, (l) => ctx.log(l));
    }
  }

  private async engineDown(): Promise<boolean> {
    try {
      await this.engine.request({ method: 'GET', path: '/_ping', timeoutMs: 1_000 });
      return false;
    } catch {
      return true;
    }
  }

  private async inspectOrNull(name: string, signal?: AbortSignal): Promise<EnginePlugin | null> {
    try {
      return await this.deps.plugins.inspectRaw(name, signal);
    } catch (err) {
      if (err instanceof PlugsmithError && err.code === 'plugins/not-found') return null;
      throw err;
    }
  }

  /** config.json text as it will be sent: template filled, the name setting set, refused when the engine would refuse it. */
  private async prepareConfig(plan: ProjectPlan, name: string, changes: ConfigChange[], ctx: JobContext): Promise<string> {
    if (!plan.configPath) throw new PlugsmithError('build/no-config', `No config.json in ${plan.dir}`);
    const original = await readFile(plan.configPath, 'utf8');
    const report = lintConfig(original, { pluginName: name });
    const errors = report.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length) {
      const where = errors.map((d) => `${relative(plan.dir, plan.configPath!)}:${d.line}:${d.column}${d.pointer ? ` (${d.pointer})` : ''}: ${d.message}`);
      throw new PlugsmithError('build/invalid-config', `The config is invalid, so nothing was built: ${where[0]}`, where.join('\n'));
    }
    for (const d of report.diagnostics.filter((x) => x.severity === 'warning').slice(0, 20)) ctx.log(`config warning (${d.line}:${d.column}): ${d.message}`);
    const filled = fillConfigTemplate(original, name);
    const named = setPluginNameSetting(filled.text, name);
    changes.push(...filled.changes, ...named.changes);
    for (const c of [...filled.changes, ...named.changes]) ctx.log(`config: ${c.what}${c.from !== null ? `: ${c.from} → ${c.to}` : ''}`);
    return named.text;
  }

  private resolveBuildArgs(plan: ProjectPlan, given: Record<string, string>, ctx: JobContext): Record<string, string> {
    const args = { ...given };
    if (plan.layout !== 'dockerfile') return args;
    for (const a of plan.buildArgs) {
      if (a.default !== null || a.name in args) continue;
      // Contiv's ARG TAR_FILE names the binaries' tarball; with exactly one in the context, that is it.
      const inContext = plan.tarballs.filter((t) => plan.contextDir && t.path.startsWith(plan.contextDir));
      if (/TAR/i.test(a.name) && inContext.length === 1) {
        args[a.name] = relative(plan.contextDir!, inContext[0].path);
        ctx.log(`build arg ${a.name} not given: using ${args[a.name]}, the one tarball in the build context`);
      } else ctx.log(`build arg ${a.name} has no default and was not given: it is empty in this build`, 'stderr');
    }
    return args;
  }

  private async build(plan: ProjectPlan, buildArgs: Record<string, string>, req: BuildRequest, ctx: JobContext, stages: StageTracker, leftovers: Leftover[]): Promise<string> {
    const engine = this.engine;
    const dockerfileText = await readFile(plan.dockerfile!, 'utf8');
    const bases = baseImages(parseDockerfile(dockerfileText), buildArgs);
    for (const b of bases) {
      const have = await engine.request({ method: 'GET', path: `/images/${enc(b)}/json`, signal: ctx.signal, timeoutMs: 10_000 }).then(
        () => true,
        () => false,
      );
      if (!have) ctx.log(`FROM ${b}: not in this engine — the engine will try to pull it`, 'stderr');
    }
    const contextDir = plan.contextDir!;
    const dfRel = relative(contextDir, plan.dockerfile!);
    const outside = dfRel.startsWith('..');
    const ignoreFile = join(contextDir, '.dockerignore');
    const ignoreText = existsSync(ignoreFile) ? await readFile(ignoreFile, 'utf8') : null;
    // A Dockerfile outside the context goes in under a private name, ignored for COPY (as the CLI does).
    const dfName = outside ? `.plugsmith-Dockerfile-${randomBytes(4).toString('hex')}` : dfRel;
    const w = new PackWriter();
    let files = 0;
    void (async () => {
      if (outside) {
        await w.add({ name: dfName, mode: 0o644, mtime: new Date(), uid: 0, gid: 0 }, dockerfileText);
        await w.add({ name: '.dockerignore', mode: 0o644, mtime: new Date(), uid: 0, gid: 0 }, `${ignoreText ?? ''}\n${dfName}\n.dockerignore\n`);
      }
      files = await packFolder(w, contextDir, {
        ignore: IgnoreMatcher.from(ignoreText),
        always: outside ? [] : [dfRel, '.dockerignore'],
        skip: outside ? ['.dockerignore'] : [],
      });
      w.finalize();
    })().catch((err: Error) => w.fail(err));

    const parser = new BuildStreamParser({
      line: (t, s) => ctx.log(t, s),
      step: (n, total, text) => stages.within('build', (n - 1) / total, text),
    });
    // An engine run with --bridge=none has no "bridge" network, and the builder's RUN steps fail
    // looking for it: build those with no network (what such an engine can offer anyway).
    const hasBridge = await engine.request({ method: 'GET', path: '/networks/bridge', signal: ctx.signal, timeoutMs: 10_000 }).then(() => true, () => false);
    if (!hasBridge) ctx.log('this engine has no "bridge" network: RUN steps get no network (networkmode none)');
    const query = {
      networkmode: hasBridge ? undefined : 'none',
      dockerfile: dfName,
      buildargs: Object.keys(buildArgs).length ? JSON.stringify(buildArgs) : undefined,
      target: req.target,
      rm: 1,
      forcerm: 1,
      t: req.keepImage ? keptTag(req.name) : undefined,
      // No `labels`: the legacy builder adds them as one more step (a container and a commit).
    };
    let res: IncomingMessage;
    try {
      res = await engine.request<IncomingMessage>({ method: 'POST', path: '/build', query, file: w.out, contentType: 'application/x-tar', stream: true, signal: ctx.signal });
    } catch (err) {
      w.fail(new Error('build request failed'));
      if (err instanceof PlugsmithError && /^engine\/http-4/.test(err.code)) {
        // A streamed request's refusal comes wrapped by the modem: "(HTTP code 400) unexpected - …".
        const words = err.message.replace(/^\(HTTP code \d+\)\s+[\w ]+ - /, '').trim();
        throw new PlugsmithError('build/failed', explainBuildError(words, bases), err.detail);
      }
      throw err;
    }
    await new Promise<void>((resolve, reject) => {
      res.setEncoding('utf8');
      res.on('data', (c: string) => parser.push(c));
      res.on('end', () => resolve());
      res.on('aborted', () => reject(new PlugsmithError('engine/unreachable', 'the engine closed the build stream')));
      res.on('error', (e) => reject(new PlugsmithError('engine/unreachable', `the build stream broke: ${e.message}`)));
      ctx.signal.addEventListener('abort', () => {
        res.destroy();
        reject(new PlugsmithError('jobs/cancelled', 'Cancelled'));
      }, { once: true });
    }).finally(() => {
      parser.end();
      // Step containers of a build that did not finish (its own rm/forcerm cannot run if it died).
      for (const c of parser.state.containers) leftovers.push({ kind: 'container', id: c, job: req.name });
    });
    if (parser.state.error || !parser.state.imageId) {
      for (const i of parser.state.images.reverse()) leftovers.push({ kind: 'image', id: i, job: req.name });
    }
    if (parser.state.error) throw new PlugsmithError('build/failed', explainBuildError(parser.state.error.message, bases), parser.state.error.detail);
    if (!parser.state.imageId) throw new PlugsmithError('engine/unreachable', 'the build stream ended before the engine reported an image');
    ctx.log(`build context: ${files} file(s), ${(w.bytes / 1e6).toFixed(1)} MB sent`);
    return parser.state.imageId;
  }

  /** Streams config.json + rootfs/ into POST /plugins/create; returns the rootfs bytes sent. */
  private async create(plan: ProjectPlan, image: string | null, config: string, name: string, ctx: JobContext, stages: StageTracker, leftovers: Leftover[]): Promise<number> {
    const engine = this.engine;
    const w = new PackWriter();
    const local = new AbortController();
    const signal = AbortSignal.any([ctx.signal, local.signal]);
    let total = 0;
    let rootfsTime = new Date();
    let source: () => Promise<number>;
    let container: string | null = null;
    if (image) {
      const info = await engine.request<{ Size?: number }>({ method: 'GET', path: `/images/${enc(image)}/json`, signal: ctx.signal, timeoutMs: 10_000 });
      total = info.Size ?? 0;
      const c = await engine.request<{ Id: string }>({
        method: 'POST',
        path: '/containers/create',
        body: { Image: image, Cmd: NEVER_RUN_CMD, Labels: { [LABEL]: name }, NetworkDisabled: true },
        signal: ctx.signal,
        timeoutMs: 30_000,
      });
      leftovers.push({ kind: 'container', id: c.Id, job: name });
      container = c.Id;
      ctx.log(`temporary container ${short(c.Id)} (created, never started); exporting its filesystem into the plugin`);
      source = async () => {
        const exp = await engine.request<IncomingMessage>({ method: 'GET', path: `/containers/${c.Id}/export`, stream: true, signal });
        exp.on('aborted', () => exp.destroy(new PlugsmithError('engine/unreachable', 'the engine closed the export stream')));
        return (await retarUnderRootfs(w, exp, (n) => progress(n))).bytes;
      };
    } else if (plan.layout === 'rootfs') {
      rootfsTime = (await stat(plan.rootfsDir!)).mtime;
      source = async () => {
        await packFolder(w, plan.rootfsDir!, { prefix: 'rootfs/' });
        return w.bytes;
      };
    } else {
      const tarball = plan.tarball!;
      const st = await stat(tarball.path);
      total = st.size;
      rootfsTime = st.mtime;
      source = async () => (await retarUnderRootfs(w, createReadStream(tarball.path) as unknown as Readable, (n) => progress(n))).bytes;
    }
    await this.checkEntrypoint(plan, image, container, config, ctx);
    let sent = 0;
    let lastTick = 0;
    const progress = (n: number) => {
      sent += n;
      const now = Date.now();
      if (now - lastTick < 250) return;
      lastTick = now;
      stages.within('create', total ? sent / total : null, `${(sent / 1e6).toFixed(0)} MB${total ? ` of ~${(total / 1e6).toFixed(0)} MB` : ''} streamed`);
    };
    let pumpError: unknown = null;
    const pump = (async () => {
      await w.add({ name: 'config.json', mode: 0o644, mtime: new Date(), uid: 0, gid: 0 }, config);
      // The rootfs folder's own time comes from its source, so the same tarball or folder makes the
      // same layer again (and the engine's "content … already exists" rule applies as with the CLI).
      await w.add({ name: 'rootfs/', type: 'directory', mode: 0o755, mtime: rootfsTime, uid: 0, gid: 0 });
      const bytes = await source();
      w.finalize();
      return bytes;
    })().catch((err: unknown) => {
      pumpError = err;
      w.fail(err instanceof Error ? err : new Error(String(err)));
      local.abort(err);
      return 0;
    });
    try {
      await engine.request({ method: 'POST', path: '/plugins/create', query: { name }, file: w.out, contentType: 'application/x-tar', signal, timeoutMs: 30 * 60_000 });
    } catch (err) {
      local.abort(err);
      w.fail(new Error('create failed'));
      await pump;
      if (pumpError && !ctx.signal.aborted) throw pumpError;
      throw err;
    }
    const bytes = await pump;
    if (pumpError) throw pumpError;
    return bytes;
  }

  /**
   * Refuses, before anything is created, a rootfs without config.json's entrypoint (or with it not
   * executable): the engine would create the plugin and only enable would fail. The temporary
   * container (the image's filesystem) is already a leftover to sweep, so the refusal leaves nothing.
   */
  private async checkEntrypoint(plan: ProjectPlan, image: string | null, container: string | null, config: string, ctx: JobContext): Promise<void> {
    let entrypoint: unknown;
    try {
      entrypoint = (JSON.parse(config) as { entrypoint?: unknown }).entrypoint;
    } catch {
      return; // refused by the lint already
    }
    if (!Array.isArray(entrypoint) || typeof entrypoint[0] !== 'string' || !entrypoint[0]) return;
    const argv0 = entrypoint[0];
    let stat: StatFn;
    let head: HeadFn;
    let hint: string;
    if (image && container) {
      stat = containerStat(this.engine, container, ctx.signal);
      head = containerHead(this.engine, container, ctx.signal);
      hint =
        plan.layout === 'dockerfile'
          ? `Put it in the image: a COPY or RUN in ${relative(plan.dir, plan.dockerfile!) || 'the Dockerfile'} must leave it there (build context: ${relative(plan.dir, plan.contextDir!) || 'this folder'}${plan.prepare ? ', after the prepare step' : ''})`
          : `The image ${image} does not have it: use an image that does`;
    } else if (plan.layout === 'rootfs') {
      stat = folderStat(plan.rootfsDir!);
      head = folderHead(plan.rootfsDir!);
      hint = 'Put it under rootfs/';
    } else {
      ({ stat, head } = await tarballRootfs(plan.tarball!.path, plan.tarball!.compressed));
      hint = `Put it in ${relative(plan.dir, plan.tarball!.path)}`;
    }
    const v = await checkEntrypointIn(stat, argv0, head);
    if (!v.ok) throw noEntrypointError(v, entrypoint as string[], hint);
    ctx.log(`entrypoint ${argv0}: in the rootfs and executable${v.resolved !== argv0 ? ` (${v.resolved})` : ''}`);
  }

  private explainCreate(err: unknown, name: string): unknown {
    if (!(err instanceof PlugsmithError)) return err;
    const m = /content (sha256:[0-9a-f]+):? already exists/.exec(err.message);
    if (m) {
      return new PlugsmithError(
        'build/same-rootfs',
        `The engine refused ${name}: another plugin already has exactly this rootfs (content ${m[1].slice(0, 19)}… already exists). The engine stores one copy of each layer and will not create a second plugin from an identical one, whatever its name or tag. Remove that plugin, or change the rootfs (a file of its own is enough).`,
        err.detail,
      );
    }
    if (/plugin .* already exists/i.test(err.message)) {
      return new PlugsmithError('build/exists', `A plugin named ${name} appeared while building: ${err.message}`, err.detail);
    }
    return err;
  }

  /** Disable and remove the plugin being replaced, keeping its inspect (for its settings). */
  private async removeForReplace(name: string, ctx: JobContext, removeNetworks: string[]): Promise<EnginePlugin> {
    const engine = this.engine;
    const old = await this.deps.plugins.inspectRaw(name, ctx.signal);
    ctx.log(`replacing ${name} (${short(old.Id)}): its settings are re-applied to the new one`);
    if (old.Enabled && removeNetworks.length) await this.removeBlockingNetworks(name, removeNetworks, ctx);
    if (old.Enabled) {
      ctx.log(`$ ${pluginCli.disable(name)}`);
      try {
        await engine.request({ method: 'POST', path: `/plugins/${enc(name)}/disable`, signal: ctx.signal, timeoutMs: 60_000 });
      } catch (err) {
        if (err instanceof PlugsmithError && /in use/i.test(err.message)) {
          const nets = await this.networksUsing(name);
          throw new PlugsmithError(
            'build/replace-blocked',
            `${name} cannot be disabled: ${err.message}. Network(s) made with it: ${nets.join(', ') || '(none found)'} — remove them first (docker network rm ${nets.join(' ')}). Nothing was replaced; the old plugin is still enabled.`,
            JSON.stringify({ networks: nets }),
          );
        }
        throw err;
      }
    }
    ctx.log(`$ ${pluginCli.remove(name)}`);
    await engine.request({ method: 'DELETE', path: `/plugins/${enc(name)}`, signal: ctx.signal, timeoutMs: 60_000 });
    ctx.log(`the old ${name} is removed: if the create now fails, it cannot be brought back (rebuild it from its project)`, 'stderr');
    return old;
  }

  /**
   * Removes exactly the networks the user confirmed, and only if they are all the plugin's networks:
   * one made since the user looked (not confirmed) stops the replace before anything is removed,
   * and a confirmed name that belongs to another driver is never touched.
   */
  private async removeBlockingNetworks(name: string, confirmed: string[], ctx: JobContext): Promise<void> {
    const engine = this.engine;
    const all = await engineNetworks(engine, ctx.signal);
    const ours = all.filter((n) => madeWith(n, name));
    const wanted = new Set(confirmed);
    const unconfirmed = ours.filter((n) => !wanted.has(n.Name) && !wanted.has(n.Id));
    if (unconfirmed.length) {
      const nets = ours.map((n) => n.Name);
      throw new PlugsmithError(
        'build/replace-blocked',
        `${name} has network(s) that were not confirmed for removal: ${unconfirmed.map((n) => n.Name).join(', ')} (all made with it: ${nets.join(', ')}). Nothing was removed or replaced; confirm the list again.`,
        JSON.stringify({ networks: nets }),
      );
    }
    for (const c of confirmed) {
      const n = all.find((x) => x.Name === c || x.Id === c);
      if (!n) {
        ctx.log(`network ${c} is already gone`);
        continue;
      }
      if (!ours.includes(n)) {
        throw new PlugsmithError('build/replace-network-not-ours', `Network ${c} was made with driver ${n.Driver}, not ${name}: Plugsmith does not remove it. Nothing was replaced.`, JSON.stringify({ network: c, driver: n.Driver }));
      }
    }
    for (const n of ours) {
      ctx.log(`$ docker network rm ${n.Name}   (made with ${name}; it blocks disabling it)`);
      try {
        await engine.request({ method: 'DELETE', path: `/networks/${enc(n.Id)}`, signal: ctx.signal, timeoutMs: 30_000 });
      } catch (err) {
        const left = (await this.networksUsing(name)).filter(Boolean);
        const attached = Object.keys(n.Containers ?? {}).length;
        throw new PlugsmithError(
          'build/replace-blocked',
          `Network ${n.Name} could not be removed: ${(err as Error).message}${attached ? ` (${attached} container(s) are attached to it: stop or disconnect them first)` : ''}. Nothing was replaced; the old plugin is still enabled.`,
          JSON.stringify({ networks: left, engine: (err as PlugsmithError).detail ?? String(err) }),
        );
      }
    }
    ctx.log(`removed ${ours.length} network(s) made with ${name}: they are not re-created by the replace`, 'stderr');
  }

  networksUsing(name: string): Promise<string[]> {
    return networksUsing(this.engine, name);
  }

  /** The plugin service's enable job, its log forwarded into this one; a failure leaves the plugin installed, disabled. */
  private async enable(name: string, ctx: JobContext) {
    const done = await this.deps.jobs.follow(this.deps.plugins.enable(name).id, ctx);
    if (done.state !== 'succeeded') {
      throw new PlugsmithError(
        'build/enable-failed',
        `${name} was created but failed to enable: ${done.error?.message ?? done.state}. It stays installed, disabled — the doctor can tell why (plugsmith doctor --plugin ${name}).`,
        done.error?.detail,
      );
    }
    const p = done.result as import('../../ipc/types').PluginSummary;
    if (p.health.state === 'not-answering') ctx.log(`${name} is enabled but not answering on its socket: ${p.health.detail}`, 'stderr');
    return p;
  }
}

/** The tag a kept image gets: the plugin's name with `-rootfs`. */
export function keptTag(name: string): string {
  const ref = parseReference(name);
  const repo = ref.familiar.replace(/:[^:/]+$/, '');
  return `${repo}-rootfs:${ref.tag ?? 'latest'}`;
}
