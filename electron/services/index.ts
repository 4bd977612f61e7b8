/**
 * Wires the services together and exposes them as the contract's handlers and
 * event source. Used by Electron's main process, by `plugsmith serve` and by the
 * CLI: the same objects behind every door.
 */
import type { Handlers, EventSource, EventEnvelope, EventName } from '../ipc/contract';
import { EventHub } from './events/hub';
import { JobManager } from './jobs/jobs';
import { Engine } from './docker/engine';
import { PluginService } from './docker/plugins';
import { EngineWatcher } from './docker/watcher';
import { SettingsStore } from './store/settings';
import { StateStore } from './store/state';
import { FileService } from './files/files';
import { readHostFacts } from './host/facts';
import { storePaths } from './store/paths';
import { join } from 'node:path';
import type { Settings } from '../ipc/types';
import { DoctorService } from './doctor/service';
import { doctorDefaults } from './doctor/defaults';
import { BundlePreviews } from './doctor/bundle-preview';
import { LogTailService } from './doctor/log-tail-service';
import { configServiceWithHost } from './config/with-host';
import { NetmasterService } from './netmaster/service';
import { BuildService } from './build/pipeline';
import { InstallService } from './install/service';
import { createTopologySources } from './topology/wire';
import type { TopologySources } from './topology/sources';

export interface ServicesOptions {
  env?: NodeJS.ProcessEnv;
  /** Start following the engine right away (the app does; one-shot CLI commands do not). */
  watch?: boolean;
  safetyRereadMs?: number;
}

export interface Services {
  handlers: Handlers;
  events: EventSource;
  hub: EventHub;
  jobs: JobManager;
  plugins: PluginService;
  engine: () => Engine;
  watcher: EngineWatcher;
  settings: SettingsStore;
  /** The build pipeline (build → create → set → enable → push) and its janitor. */
  build: BuildService;
  /** Install / upgrade from a registry, behind the consent gate. */
  install: InstallService;
  /** The live topology's sources (started by the first `topology` subscriber). */
  topology: TopologySources;
  /** The doctor, with the settings' and env's defaults (the CLI's `doctor` uses this one too). */
  doctor: DoctorService;
  close(): void;
}

export async function createServices(opts: ServicesOptions = {}): Promise<Services> {
  const env = opts.env ?? process.env;
  const paths = storePaths(env);
  const settings = new SettingsStore(paths.configDir);
  await settings.load();
  const state = new StateStore(paths.stateDir);
  const files = new FileService(join(paths.stateDir, 'backups'), {
    ownDirs: [paths.configDir, paths.stateDir],
    // Set on the host only: no call can widen what the files service may touch.
    hostAllow: (env.PLUGSMITH_FILES_ALLOW ?? '').split(':').filter(Boolean),
  });
  const hub = new EventHub();
  const jobs = new JobManager(hub);

  const makeEngine = (s: Settings) => new Engine({ dockerHost: s.dockerHost, tlsVerify: s.tlsVerify, certPath: s.certPath, env });
  let engine: Engine;
  try {
    engine = makeEngine(settings.get());
  } catch {
    // A bad saved address must not keep the app from starting: fall back to the environment and show the error in status.
    engine = new Engine({ env });
  }
  const getEngine = () => engine;
  const plugins = new PluginService({ engine: getEngine, hub, jobs, enableTimeoutSeconds: () => settings.get().enableTimeoutSeconds });
  const watcher = new EngineWatcher(getEngine, plugins, hub, { safetyRereadMs: opts.safetyRereadMs });
  // The Contiv profile names the layout; its value checks join through ConfigService's extraChecks.
  const config = configServiceWithHost(getEngine);
  // Netmaster's URL: per call, env, the `netmasterUrl` setting, or the installed Contiv plugin's env.
  const netmaster = new NetmasterService({
    env,
    settingsUrl: () => settings.get().netmasterUrl,
    plugins: () => plugins.list(),
  });

  // Started lazily by the first `topology` subscriber, stopped when the last one leaves (or on close).
  const topology = createTopologySources({
    env,
    engine: getEngine,
    hub,
    plugins: () => plugins.list(),
    pluginHealth: (o) => plugins.healthById(o),
    settingsUrl: () => settings.get().netmasterUrl,
    ovsdbSetting: () => settings.get().ovsdbSocket,
  });

  settings.onChange((s, prev) => {
    // The OVSDB socket is read at each connect; a live OVSDB monitor moves over now, no restart.
    if (s.ovsdbSocket !== prev.ovsdbSocket) topology.retargetOvs();
    // One netmaster address for every screen: the Netmaster screen's Connect saves it here.
    if (s.netmasterUrl !== prev.netmasterUrl) topology.retargetNetmaster();
    if (s.dockerHost !== prev.dockerHost || s.tlsVerify !== prev.tlsVerify || s.certPath !== prev.certPath) {
      engine = makeEngine(s);
      void watcher.restart();
    }
  });

  // The doctor: every check in parallel, as a job. Its defaults are read at each run, so a changed
  // setting applies to the next run. Engine log: the engineLogPath setting, then env
  // PLUGSMITH_ENGINE_LOG (engine-log.ts tries both in that order). OVSDB: env PLUGSMITH_OVSDB wins
  // over the ovsdbSocket setting (host/ovsdb/resolve.ts). netmaster: env, then the setting
  // (the netmaster browser's order), then the plugin's own config (facts.ts).
  const doctor = new DoctorService({ engine: getEngine, jobs, defaults: () => doctorDefaults(env, settings.get()) });
  // The bundle preview (what Save will write, held under an id) and the live log tail (the
  // `doctor-logs` stream): both take the doctor's own options, so they look where its checks look.
  const bundlePreviews = new BundlePreviews({ options: (a) => doctor.options(a), env });
  const logTail = new LogTailService({ options: (a) => doctor.options(a) });

  const build = new BuildService({ engine: getEngine, jobs, plugins, env });
  const install = new InstallService({ engine: getEngine, jobs, plugins, env });

  const handlers: Handlers = {
    'engine:status': async () => watcher.currentStatus() ?? (await engine.status()),
    'engine:reconnect': () => watcher.restart(),
    'settings:get': async () => settings.get(),
    'settings:update': async (patch) => {
      if (patch.dockerHost) new Engine({ dockerHost: patch.dockerHost, tlsVerify: patch.tlsVerify, certPath: patch.certPath, env }); // validates; throws a clear error
      return settings.update(patch);
    },
    'plugins:list': () => plugins.list(),
    'plugins:inspect': async ({ name }) => (await plugins.inspectRaw(name)) as unknown,
    'plugins:enable': async ({ name, timeoutSeconds }) => ({ jobId: plugins.enable(name, timeoutSeconds).id }),
    'plugins:disable': async ({ name, force }) => ({ jobId: plugins.disable(name, force).id }),
    'plugins:set': ({ name, values }) => plugins.set(name, values),
    'plugins:remove': ({ name, force }) => plugins.remove(name, force),
    'plugins:check': ({ name }) => plugins.check(name),
    'jobs:list': async () => jobs.list(),
    'jobs:get': async ({ id }) => jobs.get(id),
    'jobs:cancel': async ({ id }) => jobs.cancel(id),
    'files:list': ({ path }) => files.list(path),
    'files:read': ({ path, maxBytes }) => files.read(path, maxBytes),
    'files:write': ({ path, text, expectedMtimeMs, expectedIdentity }) => files.write(path, text, expectedMtimeMs, expectedIdentity),
    'files:check': ({ path, expectedMtimeMs, expectedIdentity }) => files.check(path, expectedMtimeMs, expectedIdentity),
    'files:allow': ({ folder, again }) => files.allow(folder, again),
    // The config model (services/config), with Contiv's rules and this host's facts.
    'config:lint': (args) => config.lint(args),
    'config:hostFacts': () => readHostFacts(),
    'config:diff': (args) => config.diff(args),
    // The build pipeline (services/build): one job from project folder to enabled plugin.
    'build:detect': ({ dir, image }) => build.detect(dir, image),
    'build:start': async (args) => ({ jobId: build.start(args).id }),
    'build:push': async ({ name, auth }) => ({ jobId: build.push(name, auth).id }),
    // Install / upgrade from a registry (services/install): the consent screen's list comes from the registry's config.
    'install:inspect': (args) => install.inspect(args),
    'install:start': async (args) => ({ jobId: install.install(args).id }),
    'install:upgrade': async (args) => ({ jobId: install.upgrade(args).id }),
    'state:get': ({ key }) => state.get(key),
    'state:set': ({ key, value }) => state.set(key, value),
    'doctor:run': async ({ plugin, netmaster, checks }) => ({ jobId: doctor.run({ plugin, netmaster, checks }).id }),
    'doctor:clear-leftover': async ({ plugin }) => ({ jobId: doctor.clearLeftover(plugin).id }),
    'doctor:bundle': ({ path, plugin, previewId }) => (previewId ? bundlePreviews.save(path, previewId) : doctor.bundle(path, { plugin })),
    'doctor:bundle-preview': ({ plugin }) => bundlePreviews.preview({ plugin }),
    'netmaster:status': ({ url }) => netmaster.status(url),
    'netmaster:list': ({ type, url }) => netmaster.list(type, url),
    'netmaster:inspect': ({ type, key, url }) => netmaster.inspect(type, key, url),
    'netmaster:create': ({ type, object, url }) => netmaster.create(type, object, url),
    'netmaster:delete': ({ type, key, url }) => netmaster.delete(type, key, url),
    'topology:get': () => topology.readOnce('topology:get'),
  };

  const events: EventSource = {
    subscribe(topic, params, fromSeq, onEvent) {
      // The log tail is not a hub channel: each subscriber starts with the session's snapshot
      // (the last lines of every source), so there is nothing to replay from a sequence number.
      if (topic === 'doctor-logs') {
        const { plugin } = params as { plugin?: string };
        return logTail.subscribe(plugin, (seq, data) => onEvent({ topic, seq, data } as EventEnvelope<typeof topic>));
      }
      const key = topic === 'job' ? (params as { id: string }).id : '';
      const off = hub.subscribe(topic, key, fromSeq, (e) => onEvent(e as EventEnvelope<typeof topic>));
      if (topic !== 'topology') return off;
      const release = topology.acquire();
      return () => {
        off();
        release();
      };
    },
  };

  if (opts.watch) watcher.start();

  return {
    handlers,
    events,
    hub,
    jobs,
    plugins,
    engine: getEngine,
    watcher,
    settings,
    topology,
    build,
    install,
    doctor,
    close: () => {
      watcher.stop();
      topology.stop();
      void logTail.close();
    },
  };
}

export type { EventName };
