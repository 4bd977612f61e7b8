/**
 * One store per domain, all made from the same api (the real transport in the app,
 * an in-memory double in unit tests).
 */
import type { PlugsmithApi } from '../../electron/ipc/contract';
import { createEngineStore, type ConnectionState } from './engine';
import { createJobsStore } from './jobs';
import { createPluginsStore } from './plugins';
import { createSettingsStore } from './settings';

export function createStores(api: PlugsmithApi, connection?: ConnectionState) {
  const plugins = createPluginsStore(api);
  const jobs = createJobsStore(api);
  const settings = createSettingsStore(api);
  const engine = createEngineStore(api, connection, () => {
    void plugins.getState().resync();
    void jobs.getState().resync();
    void settings.getState().load();
  });
  return { plugins, jobs, settings, engine };
}

export type Stores = ReturnType<typeof createStores>;
