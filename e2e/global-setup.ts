/**
 * Before the e2e suite: real fixture plugins on the tests' private dockerd, and a
 * real `plugsmith serve` (the built CLI) talking to it. The URL with its token is
 * handed to the specs through the environment. Everything is removed afterwards.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../electron/services/docker/engine';
import { createFixturePlugin, removePluginQuietly } from '../electron/services/docker/testing/fixtures';
import { E2E_PLUGINS } from './plugins';
import { snapshotBuiltApp, startServe, stopServe } from './serve';

export default async function globalSetup(): Promise<() => Promise<void>> {
  const host = process.env.PLUGSMITH_TEST_DOCKER_HOST;
  if (!host) throw new Error('PLUGSMITH_TEST_DOCKER_HOST is not set: run the e2e suite through `npm test` (it starts a private dockerd)');
  const engine = new Engine({ dockerHost: host });
  for (const p of Object.values(E2E_PLUGINS)) await removePluginQuietly(engine, p.name);
  for (const p of Object.values(E2E_PLUGINS)) await createFixturePlugin(engine, { name: p.name, mode: p.mode, marker: `e2e-${p.name}-${Date.now()}` });

  const app = snapshotBuiltApp();
  process.env.PLUGSMITH_E2E_APP = app;
  const home = mkdtempSync(join(tmpdir(), 'plugsmith-e2e-home-'));
  let child: Awaited<ReturnType<typeof startServe>>['child'];
  let url: string;
  try {
    ({ child, url } = await startServe({ ...process.env, DOCKER_HOST: host, PLUGSMITH_HOME: home }));
  } catch (err) {
    // No teardown is returned when setup throws: leave nothing behind ourselves.
    for (const p of Object.values(E2E_PLUGINS)) await removePluginQuietly(engine, p.name);
    rmSync(home, { recursive: true, force: true });
    rmSync(app, { recursive: true, force: true });
    throw err;
  }
  process.env.PLUGSMITH_E2E_URL = url;
  process.env.PLUGSMITH_E2E_HOME = home;
  process.env.DOCKER_HOST = host;

  return async () => {
    await stopServe(child);
    for (const p of Object.values(E2E_PLUGINS)) await removePluginQuietly(engine, p.name);
    rmSync(home, { recursive: true, force: true });
    rmSync(app, { recursive: true, force: true });
  };
}
