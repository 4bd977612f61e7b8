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
import { configServiceWithHost } from './config/with-host';

import { NetmasterService } from './netmaster/service';
import { BuildService } from './build/pipeline';
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
  /** The live topology's sources (started by the first `topology` subscriber). */
  topology: TopologySources;
  close(): void;
}

export async function createServices(opts: ServicesOptions = {}): Promise<Services> {
  const env = opts.env ?? process.env;
  const paths = storePaths(env);
  const settings = new SettingsStore(paths.configDir);
  await settings.load();
  const state = new StateStore(paths.stateDir);
  const files = new FileService(join(paths.stateDir, 'backups'));
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
  // Netmaster's URL: per call, env, a `netmasterUrl` setting once Settings has one (read loosely so
  // this works before and after that field lands), or the installed Contiv plugin's env.
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
    settingsUrl: () => settings.get().netmasterUrl,
  });

  settings.onChange((s, prev) => {
    if (s.dockerHost !== prev.dockerHost || s.tlsVerify !== prev.tlsVerify || s.certPath !== prev.certPath) {
      engine = makeEngine(s);
      void watcher.restart();
    }
  });

  // The doctor: every check in parallel, as a job; PLUGSMITH_ENGINE_LOG names the engine's log file when it is not found by itself.
  const doctor = new DoctorService({ engine: getEngine, jobs, defaults: () => ({ engineLog: env.PLUGSMITH_ENGINE_LOG || null }) });

  const build = new BuildService({ engine: getEngine, hub, jobs, plugins, env });

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
    'files:write': ({ path, text, expectedMtimeMs }) => files.write(path, text, expectedMtimeMs),
    // The config model (services/config), with Contiv's rules and this host's facts.
    'config:lint': (args) => config.lint(args),
    'config:hostFacts': () => readHostFacts(),
    'config:diff': (args) => config.diff(args),
    // The build pipeline (services/build): one job from project folder to enabled plugin.
    'build:detect': ({ dir, image }) => build.detect(dir, image),
    'build:start': async (args) => ({ jobId: build.start(args).id }),
    'build:push': async ({ name, auth }) => ({ jobId: build.push(name, auth).id }),
    'state:get': ({ key }) => state.get(key),
    'state:set': ({ key, value }) => state.set(key, value),
    'doctor:run': async ({ plugin, netmaster }) => ({ jobId: doctor.run({ plugin, netmaster }).id }),
    'doctor:bundle': ({ path, plugin }) => doctor.bundle(path, { plugin }),
    'netmaster:status': ({ url }) => netmaster.status(url),
    'netmaster:list': ({ type, url }) => netmaster.list(type, url),
    'netmaster:inspect': ({ type, key, url }) => netmaster.inspect(type, key, url),
    'netmaster:create': ({ type, object, url }) => netmaster.create(type, object, url),
    'netmaster:delete': ({ type, key, url }) => netmaster.delete(type, key, url),
    'topology:get': () => topology.readOnce('topology:get'),
  };

  const events: EventSource = {
    subscribe(topic, params, fromSeq, onEvent) {
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
    close: () => {
      watcher.stop();
      topology.stop();
    },
  };
}

export type { EventName };
