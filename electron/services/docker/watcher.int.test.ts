/**
 * The watcher against a real dockerd: the engine state is published, and a plugin
 * enabled behind our back (the CLI's way: a bare API call) shows up in a published
 * snapshot from the event stream — long before the safety re-read would fire.
 * An engine that is not there is reported as unreachable with its address.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineStatus, PluginsSnapshot } from '../../ipc/types';
import { EngineWatcher } from './watcher';
import { Engine } from './engine';
import { EventHub } from '../events/hub';
import { JobManager } from '../jobs/jobs';
import { PluginService } from './plugins';
import { createFixturePlugin, removePluginQuietly } from './testing/fixtures';
import { SKIP_REASON, testEngineHost, uniqueName, wire, type Wired } from './testing/harness';

const host = testEngineHost();

function waitFor<T>(hub: EventHub, topic: string, pred: (d: T) => boolean, timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    let off = () => {};
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no ${topic} event matched within ${timeoutMs} ms`));
    }, timeoutMs);
    off = hub.subscribe<T>(topic, '', 0, (e) => {
      if (pred(e.data)) {
        clearTimeout(timer);
        queueMicrotask(() => off());
        resolve(e.data);
      }
    });
  });
}

describe('watcher on an engine that is not there', () => {
  it('publishes unreachable with the address and keeps retrying', async () => {
    const engine = new Engine({ dockerHost: 'unix:///nonexistent/plugsmith.sock', env: {} });
    const hub = new EventHub();
    const plugins = new PluginService({ engine: () => engine, hub, jobs: new JobManager(hub), enableTimeoutSeconds: () => 5 });
    const watcher = new EngineWatcher(() => engine, plugins, hub, { retryMinMs: 50, retryMaxMs: 100 });
    let count = 0;
    const off = hub.subscribe<EngineStatus>('engine', '', 0, () => count++);
    watcher.start();
    const s = await waitFor<EngineStatus>(hub, 'engine', () => count >= 3, 5_000);
    watcher.stop();
    off();
    expect(s).toMatchObject({ state: 'unreachable', host: 'unix:///nonexistent/plugsmith.sock', source: 'settings' });
    expect(s.error?.code).toBe('engine/unreachable');
  });
});

if (!host) {
  describe.skip(`watcher on a real engine — skipped: ${SKIP_REASON}`, () => {
    it('needs a test engine', () => undefined);
  });
} else {
  describe('watcher on a real engine', () => {
    let w: Wired;
    let watcher: EngineWatcher;
    let name: string;

    beforeAll(async () => {
      w = wire(host);
      ({ name } = await createFixturePlugin(w.engine, { name: uniqueName('watch'), mode: 'ok' }));
      // Safety re-read far away: only the event stream can explain a quick update.
      watcher = new EngineWatcher(() => w.engine, w.plugins, w.hub, { safetyRereadMs: 600_000 });
      watcher.start();
    });

    afterAll(async () => {
      watcher.stop();
      await removePluginQuietly(w.engine, name);
    });

    it('publishes connected with the engine and API versions', async () => {
      const s = await waitFor<EngineStatus>(w.hub, 'engine', (d) => d.state === 'connected', 10_000);
      expect(s.apiVersion).toMatch(/^1\.\d+$/);
      expect(s.version).toBeTruthy();
    });

    it('an enable made outside Plugsmith arrives as a snapshot from the event stream', async () => {
      await waitFor<PluginsSnapshot>(w.hub, 'plugins', (d) => d.plugins.some((p) => p.name === name && !p.enabled), 10_000);
      const started = Date.now();
      const seen = waitFor<PluginsSnapshot>(w.hub, 'plugins', (d) => d.plugins.some((p) => p.name === name && p.enabled) && d.reason.startsWith('engine event'), 15_000);
      await w.engine.request({ method: 'POST', path: `/plugins/${encodeURIComponent(name)}/enable`, query: { timeout: 10 } });
      const snap = await seen;
      console.info(`enable → snapshot: ${Date.now() - started} ms (reason: ${snap.reason})`);
      // Enabled behind our back, so never checked: the watcher probes it and republishes.
      const checked = await waitFor<PluginsSnapshot>(w.hub, 'plugins', (d) => d.plugins.some((p) => p.name === name && p.health.state === 'answering'), 15_000);
      expect(checked.plugins.find((p) => p.name === name)?.health.detail).toMatch(/NetworkDriver\.GetCapabilities/);
      await w.engine.request({ method: 'POST', path: `/plugins/${encodeURIComponent(name)}/disable` });
      await waitFor<PluginsSnapshot>(w.hub, 'plugins', (d) => d.plugins.some((p) => p.name === name && !p.enabled), 15_000);
    });
  });
}
