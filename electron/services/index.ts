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
import { PlugsmithError } from './errors';
import { configServiceWithHost } from './config/with-host';

import { NetmasterService } from './netmaster/service';

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
    settingsUrl: () => (settings.get() as Partial<{ netmasterUrl: string | null }>).netmasterUrl,
    plugins: () => plugins.list(),
  });

  settings.onChange((s, prev) => {
    if (s.dockerHost !== prev.dockerHost || s.tlsVerify !== prev.tlsVerify || s.certPath !== prev.certPath) {
      engine = makeEngine(s);
      void watcher.restart();
    }
  });

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
    // Wired by services/config (in progress this session).
    'config:lint': (args) => config.lint(args),
    'config:hostFacts': () => readHostFacts(),
    'config:diff': (args) => config.diff(args),
    // Wired by services/build (in progress this session).
    'build:detect': async () => {
      throw new PlugsmithError('build/unavailable', 'project detection is not wired yet');
    },
    'build:start': async () => {
      throw new PlugsmithError('build/unavailable', 'the build pipeline is not wired yet');
    },
    'build:push': async () => {
      throw new PlugsmithError('build/unavailable', 'push is not wired yet');
    },
    'state:get': ({ key }) => state.get(key),
    'state:set': ({ key, value }) => state.set(key, value),
    'netmaster:status': ({ url }) => netmaster.status(url),
    'netmaster:list': ({ type, url }) => netmaster.list(type, url),
    'netmaster:inspect': ({ type, key, url }) => netmaster.inspect(type, key, url),
    'netmaster:create': ({ type, object, url }) => netmaster.create(type, object, url),
    'netmaster:delete': ({ type, key, url }) => netmaster.delete(type, key, url),
  };

  const events: EventSource = {
    subscribe(topic, params, fromSeq, onEvent) {
      const key = topic === 'job' ? (params as { id: string }).id : '';
      return hub.subscribe(topic, key, fromSeq, (e) => onEvent(e as EventEnvelope<typeof topic>));
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
    close: () => watcher.stop(),
  };
}

export type { EventName };
