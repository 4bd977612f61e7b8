import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { PluginSummary } from '../../../electron/ipc/types';
import { saidBy } from '../../components/said-by';
import { StoresProvider } from '../../stores/context';
import { createStores, type Stores } from '../../stores/index';
import { createTestApi, testPlugin } from '../../stores/test-double';
import { PluginRow } from './PluginRow';
import { PluginsView } from './PluginsView';

const NAME = 'example/netdrv:latest';

const plugin = (enabled: boolean): PluginSummary => testPlugin(NAME, enabled);

type PluginsState = ReturnType<Stores['plugins']['getState']>;

/** Static rendering reads zustand's server snapshot (the initial state): make it the state under test. */
function setPlugins(stores: Stores, patch: Partial<PluginsState>): void {
  stores.plugins.setState(patch);
  const now = stores.plugins.getState();
  stores.plugins.getInitialState = () => now;
}

function render(stores: Stores, p: PluginSummary): string {
  return renderToStaticMarkup(
    <StoresProvider stores={stores}>
      <PluginRow plugin={p} selected={false} onOpen={() => {}} />
    </StoresProvider>,
  );
}

const twinOf = (html: string) => /class="command-hint-text[^"]*"[^>]*>([^<]*)</.exec(html)?.[1];
const badgeOf = (html: string) => /data-testid="plugin-health"[^>]*>([^<]*)</.exec(html)?.[1];

describe('a plugin row', () => {
  it("shows the CLI twin of what the switch does next, not of the last action", () => {
    const stores = createStores(createTestApi().api);
    // The user just enabled it from this window and the engine confirmed.
    setPlugins(stores, { plugins: [plugin(true)], loaded: true, lastAction: { [NAME]: 'enable' } });
    expect(twinOf(render(stores, plugin(true)))).toBe(`docker plugin disable ${NAME}`);
    setPlugins(stores, { lastAction: { [NAME]: 'disable' } });
    expect(twinOf(render(stores, plugin(false)))).toBe(`docker plugin enable ${NAME}`);
  });

  it('while the job runs the twin is of the running action', () => {
    const stores = createStores(createTestApi().api);
    setPlugins(stores, { busy: { [NAME]: { jobId: 'j1', action: 'enable', stage: 'waiting for the engine', progress: null } } });
    expect(twinOf(render(stores, plugin(false)))).toBe(`docker plugin enable ${NAME}`);
  });

  it('says "enabling…" until the job ends, even when a snapshot already says enabled', () => {
    const stores = createStores(createTestApi().api);
    setPlugins(stores, { busy: { [NAME]: { jobId: 'j1', action: 'enable', stage: 'waiting for the engine', progress: null } } });
    const html = render(stores, plugin(true));
    expect(badgeOf(html)).toBe('enabling…');
    expect(html).toContain('data-state="enabling"');
    // The job over: the service's health check speaks.
    setPlugins(stores, { busy: {} });
    expect(badgeOf(render(stores, plugin(true)))).toBe('enabled');
  });

  it("heads a failure by who said it: the engine's words, or Plugsmith's", () => {
    const stores = createStores(createTestApi().api);
    setPlugins(stores, { errors: { [NAME]: { action: 'enable', code: 'engine/http-500', message: 'dial unix …: connect: no such file or directory' } } });
    expect(render(stores, plugin(false))).toContain('Enable failed — the engine said:');
    setPlugins(stores, { errors: { [NAME]: { action: 'enable', code: 'plugins/not-enabled', message: `The engine answered, but ${NAME} is not enabled` } } });
    const html = render(stores, plugin(false));
    expect(html).toContain('Enable failed — Plugsmith said:');
    expect(html).not.toContain('the engine said');
  });
});

describe('who said an error', () => {
  it("is the engine only for the engine's own answers", () => {
    expect(saidBy('engine/http-500')).toBe('engine');
    expect(saidBy('build/failed')).toBe('engine');
    expect(saidBy('engine/unreachable')).toBe('plugsmith');
    expect(saidBy('jobs/cancelled')).toBe('plugsmith');
    expect(saidBy('build/invalid-config')).toBe('plugsmith');
    expect(saidBy('ipc/invalid-args')).toBe('plugsmith');
  });
});

describe('the empty Plugins screen', () => {
  it('offers both ways to get a plugin: Install and Build', () => {
    const stores = createStores(createTestApi().api);
    setPlugins(stores, { plugins: [], loaded: true });
    const html = renderToStaticMarkup(
      <StoresProvider stores={stores}>
        <PluginsView />
      </StoresProvider>,
    );
    const empty = html.slice(html.indexOf('data-testid="plugins-empty"'));
    expect(empty).toContain('href="#/install"');
    expect(empty).toContain('href="#/build"');
    expect(empty).toContain('Build from a folder');
  });
});
