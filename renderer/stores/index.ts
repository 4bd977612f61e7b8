/**
 * One store per domain, all made from the same api (the real transport in the app,
 * an in-memory double in unit tests).
 */
import type { PlugsmithApi } from '../../electron/ipc/contract';
import { createEditorStore } from './editor';
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
  // App-wide, not per screen: leaving the editor for another screen keeps the open document.
  const editor = createEditorStore(api);
  return { plugins, jobs, settings, engine, editor };
}

export type Stores = ReturnType<typeof createStores>;
