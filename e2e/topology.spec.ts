/**
 * The Topology screen end to end, on real parts, all inside one network namespace so contivh0
 * never touches the host's: a userspace OVS with Contiv's shape (ovs-vswitchd and contivh0 in
 * the namespace), a test netmaster process in the namespace that makes its Docker network through
 * the tests' engine (a unix socket works across namespaces), `plugsmith serve` in the namespace,
 * and Chromium launched in it too (a wrapper as executablePath; Playwright drives it over a pipe).
 * Then ovsdb-server is stopped: the OVS part turns red with a banner, the rest stays.
 */
import { chromium, expect, test, type Browser, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { Engine } from '../electron/services/docker/engine';
import { createFixturePlugin, removePluginQuietly } from '../electron/services/docker/testing/fixtures';
import { makeContivShape, ovsSkipReason, startOvs, type StartedOvs } from '../scripts/test-env/ovs.mjs';
// Its own browser (launched inside the namespace), so not the `test` of ./fixtures: its helpers only.
import { openApp, watchCsp } from './fixtures';
import { cliEntry } from './serve';

const skip = ovsSkipReason();
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const PLUGIN = 'plugsmith-e2e/topo-contiv:latest';
const TENANT = 'e2eblue';

/** Spawns argv inside the namespace and resolves with the first stdout match. */
function spawnIn(ns: string, argv: string[], env: NodeJS.ProcessEnv, ready: RegExp): Promise<{ child: ChildProcess; match: RegExpExecArray }> {
  const child = spawn('ip', ['netns', 'exec', ns, ...argv], { env, stdio: ['ignore', 'pipe', 'pipe'], cwd: ROOT });
  let out = '';
  let err = '';
  child.stderr!.on('data', (c) => (err += c));
  // A process that dies after it was ready would otherwise die silently: say why in the test output.
  child.on('exit', (code, signal) => {
    if (code !== 0 && signal !== 'SIGTERM') process.stderr.write(`[topology e2e] ${argv.join(' ')} exited ${code ?? signal}\n${err.slice(-4000)}\n`);
  });
  return new Promise((resolve, reject) => {
    // Generous (a loaded machine), and on a timeout the process is stopped: the caller never gets it to stop.
    const t = setTimeout(() => {
      reject(new Error(`${argv.join(' ')}: not ready in 60 s\n${out}\n${err}`));
      void stop(child);
    }, 60_000);
    child.stdout!.on('data', (c) => {
      out += c;
      const m = ready.exec(out);
      if (m) {
        clearTimeout(t);
        resolve({ child, match: m });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(t);
      reject(new Error(`${argv.join(' ')} exited ${code}\n${out}\n${err}`));
    });
  });
}

async function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  // By pid: `ip netns exec` execs the command, so this pid is the process itself.
  child.kill('SIGTERM');
  // A process that ignores SIGTERM must not hang the teardown (and leave the rest of it undone).
  const kill = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(kill);
}

test.describe('topology', () => {
  test.skip(!!skip, `needs root and Open vSwitch: ${skip}`);

  let ovs: StartedOvs;
  let dir = '';
  let netmaster: ChildProcess | undefined;
  let serve: ChildProcess | undefined;
  let browser: Browser | undefined;
  let url = '';
  const engineHost = () => process.env.PLUGSMITH_TEST_DOCKER_HOST!;

  test.beforeAll(async () => {
    test.setTimeout(180_000);
    const engine = new Engine({ dockerHost: engineHost(), env: {} });
    ovs = await startOvs({ netns: true });
    await makeContivShape(ovs.dbSock, { netns: ovs.netns });
    const ns = ovs.netns!;
    await removePluginQuietly(engine, PLUGIN);
    await createFixturePlugin(engine, {
      name: PLUGIN,
      mode: 'ok',
      marker: `e2e-topo-${Date.now()}`,
      configure: (c) => c.env?.push({ name: 'CONTIV_ROLE', description: 'marks this fixture as Contiv-shaped', settable: ['value'], value: 'netplugin' }),
    });
    await engine.request({ method: 'POST', path: `/plugins/${encodeURIComponent(PLUGIN)}/enable`, query: { timeout: 30 }, timeoutMs: 40_000 });

    dir = mkdtempSync(join(tmpdir(), 'plugsmith-e2e-topo-'));
    // The test netmaster as its own process in the namespace: serve (in there) must reach it on its 127.0.0.1.
    const src = (p: string) => JSON.stringify(join(ROOT, p));
    await build({
      stdin: {
        contents: `
import { startTestNetmaster } from ${src('electron/services/netmaster/testing/test-netmaster.ts')};
import { engineDockerNetworkHook } from ${src('electron/services/netmaster/testing/docker-hook.ts')};
import { Engine } from ${src('electron/services/docker/engine.ts')};
import { NetmasterClient } from ${src('electron/services/netmaster/client.ts')};
(async () => {
const engine = new Engine({ dockerHost: process.env.E2E_ENGINE, env: {} });
const nm = await startTestNetmaster({ onDockerNetwork: engineDockerNetworkHook(engine, { driver: process.env.E2E_DRIVER, ipamDriver: 'default' }) });
const c = new NetmasterClient({ url: nm.url });
await c.create('tenants', { tenantName: ${JSON.stringify(TENANT)} });
await c.create('networks', { tenantName: ${JSON.stringify(TENANT)}, networkName: 'net1', subnet: '10.204.1.0/24', gateway: '10.204.1.254' });
process.on('SIGTERM', async () => { await c.delete('networks', ${JSON.stringify(`${TENANT}:net1`)}).catch(() => {}); await nm.close(); process.exit(0); });
console.log('NETMASTER ' + nm.url);
})().catch((e) => { console.error(e); process.exit(1); });
`,
        resolveDir: ROOT,
        loader: 'ts',
      },
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      outfile: join(dir, 'netmaster.cjs'),
      external: ['cpu-features', '*.node'],
      logLevel: 'silent',
    });
    const nm = await spawnIn(ns, [process.execPath, join(dir, 'netmaster.cjs')], { ...process.env, E2E_ENGINE: engineHost(), E2E_DRIVER: PLUGIN }, /NETMASTER (http\S+)/);
    netmaster = nm.child;

    const home = join(dir, 'home');
    const s = await spawnIn(
      ns,
      [process.execPath, ...cliEntry(), 'serve', '--no-open', '--port', '0'],
      { ...process.env, DOCKER_HOST: engineHost(), PLUGSMITH_HOME: home, PLUGSMITH_OVSDB: ovs.dbSock, PLUGSMITH_NETMASTER: nm.match[1] },
      /Open: (http\S+)/,
    );
    serve = s.child;
    url = s.match[1];

    const wrapper = join(dir, 'chromium-in-netns.sh');
    writeFileSync(wrapper, `#!/bin/sh\nexec ip netns exec ${ns} ${process.env.PLUGSMITH_CHROMIUM ?? '/usr/bin/chromium'} "$@"\n`);
    chmodSync(wrapper, 0o755);
    browser = await chromium.launch({
      executablePath: wrapper,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });

  test.afterAll(async () => {
    // Each step on its own: one failing must not leave the processes after it running.
    await browser?.close().catch((e) => console.error(`[topology e2e] closing Chromium: ${e}`));
    await stop(serve);
    await stop(netmaster);
    const engine = new Engine({ dockerHost: engineHost(), env: {} });
    await engine.request({ method: 'DELETE', path: `/networks/${encodeURIComponent(`net1/${TENANT}`)}` }).catch(() => undefined);
    await removePluginQuietly(engine, PLUGIN);
    await ovs?.stop({ remove: true });
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function open(): Promise<{ page: Page; violations: string[] }> {
    const page = await browser!.newPage();
    const violations = await watchCsp(page);
    await openApp(page, url);
    await page.evaluate(() => (window.location.hash = '#/topology'));
    return { page, violations };
  }

  const nodeSel = (id: string) => `[data-testid="topo-node"][data-id="${id}"]`;

  // Runs before the test below stops OVS: it adds a bridge while OVS is up.
  test('zoomed out each group is a readable summary, zoomed in the nodes’ own words; a new group arriving re-fits the view', async () => {
    const { page, violations } = await open();
    const canvas = page.getByTestId('topo-canvas');
    await expect(page.locator(nodeSel(`docker-net:net1/${TENANT}`))).toBeAttached({ timeout: 30_000 });
    const zoom = () => page.locator('.react-flow__viewport').evaluate((el) => new DOMMatrix(getComputedStyle(el).transform).a);

    // Zoomed out below a readable node size (as a fit of a bigger host is): summaries, sized to
    // read on screen at that zoom. Each Zoom Out divides the zoom by 1.2.
    await page.getByRole('button', { name: 'Fit View' }).click();
    const fitted = await zoom();
    const clicks = Math.max(0, Math.ceil(Math.log(fitted / 0.4) / Math.log(1.2)));
    for (let i = 0; i < clicks; i++) await page.getByRole('button', { name: 'Zoom Out' }).click();
    await expect.poll(zoom).toBeLessThan(0.45);
    await expect(canvas).toHaveAttribute('data-lod', 'summary');
    const sys = page.locator('[data-testid="topo-group"][data-group="bridge:plugsmithSysBr"] [data-testid="topo-group-summary"]');
    await expect(sys).toBeVisible();
    await expect(sys).toContainText('bridge:plugsmithSysBr');
    await expect(sys).toContainText(/\d+ nodes · .*missing/);
    const px = Number.parseFloat(await sys.evaluate((el) => getComputedStyle(el).fontSize)) * (await zoom());
    expect(px).toBeGreaterThanOrEqual(12);
    await expect(page.locator(nodeSel('ovs-br:plugsmithSysBr')).locator('.topo-node-label')).toBeHidden();

    // Zoomed in: the nodes' words, no summary.
    const zoomIn = page.getByRole('button', { name: 'Zoom In' });
    // Up to the maximum zoom (the button is disabled there).
    for (let i = 0; i < 30 && (await zoomIn.isEnabled()); i++) await zoomIn.click();
    await expect(canvas).toHaveAttribute('data-lod', 'detail');
    await expect(page.locator('[data-testid="topo-group-summary"]:visible')).toHaveCount(0);
    await expect(page.locator('[data-testid="topo-node"] .topo-node-label:visible').first()).toBeVisible();
    const zoomedIn = await zoom();

    // A new OVS bridge is a new group: the view fits again so it is on screen (only what is on
    // screen is drawn, so being drawn inside the canvas is being seen).
    await makeContivShape(ovs.dbSock, { systemBridge: 'plugsmithNewBr' });
    const frame = page.locator('[data-testid="topo-group"][data-group="bridge:plugsmithNewBr"]');
    await expect(frame).toBeVisible({ timeout: 30_000 });
    await expect.poll(zoom).toBeLessThan(zoomedIn);
    const [box, area] = [await frame.boundingBox(), await canvas.boundingBox()];
    expect(box && area && box.x >= area.x - 1 && box.x + box.width <= area.x + area.width + 1).toBe(true);

    expect(violations, 'Content-Security-Policy violations').toEqual([]);
    await page.close();
  });

  test('shows contivh0 linked to its bridge, the Docker networks and the netmaster objects; stopping OVS turns its part red', async () => {
    const { page, violations } = await open();
    await expect(page.getByRole('heading', { name: 'Network topology' })).toBeVisible();
    // The worker laid it out (no CSP violation on the way): nodes are drawn.
    await expect(page.locator(nodeSel(`docker-net:net1/${TENANT}`))).toBeVisible({ timeout: 30_000 });
    await expect(page.locator(nodeSel(`tenant:${TENANT}`))).toBeVisible();
    await expect(page.locator(nodeSel(`contiv-net:${TENANT}:net1`))).toBeVisible();
    await expect(page.locator(nodeSel('ovs-br:plugsmithSysBr'))).toHaveAttribute('data-status', 'missing');

    await page.getByRole('searchbox', { name: 'Search nodes' }).fill('contivh0');
    const iface = page.locator('[data-testid="topo-node"][data-kind="interface"]', { hasText: 'contivh0' });
    await expect(iface).toHaveAttribute('data-status', 'ok');
    await iface.click();
    const details = page.getByTestId('topo-details');
    await expect(details).toContainText('172.19.255.254/16');
    await expect(details.getByTestId('topo-links').locator('li[data-kind="same"]')).toContainText('contivh0');
    await expect(details.getByTestId('topo-links').locator('li[data-kind="same"]')).toContainText('OVS port');

    // The Docker network ↔ its Contiv network.
    await page.getByRole('searchbox', { name: 'Search nodes' }).fill(`net1/${TENANT}`);
    await page.locator(nodeSel(`docker-net:net1/${TENANT}`)).click();
    await expect(details.getByTestId('topo-links').locator('li[data-kind="same"]')).toContainText('net1');
    await expect(details.getByTestId('topo-links').locator('li[data-kind="same"]')).toContainText('Contiv network');
    await page.getByRole('searchbox', { name: 'Search nodes' }).fill('');

    // Export works under the CSP (blob: download, PNG through a blob: image).
    const [svg] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export SVG' }).click()]);
    expect(svg.suggestedFilename()).toMatch(/^topology-.*\.svg$/);
    const [png] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export PNG' }).click()]);
    expect(png.suggestedFilename()).toMatch(/\.png$/);

    await ovs.stopDb();
    const banner = page.locator('[data-testid="topo-banner"][data-source="ovs"]');
    await expect(banner).toBeVisible({ timeout: 30_000 });
    await expect(banner).toContainText('unreachable');
    await expect(page.locator(nodeSel('ovs-port:contivVxlanBridge:contivh0'))).toHaveAttribute('data-status', 'error');
    await expect(page.locator(nodeSel('ovs-br:contivVxlanBridge'))).toHaveAttribute('data-status', 'error');
    // The rest stays.
    await expect(page.locator(nodeSel(`docker-net:net1/${TENANT}`))).toHaveAttribute('data-status', 'ok');
    await expect(page.locator(nodeSel(`contiv-net:${TENANT}:net1`))).toHaveAttribute('data-status', 'ok');
    await expect(page.locator('[data-testid="topo-banner"][data-source="docker"]')).toHaveCount(0);
    await expect(page.locator('[data-testid="topo-banner"][data-source="netmaster"]')).toHaveCount(0);

    expect(violations, 'Content-Security-Policy violations').toEqual([]);
    await page.close();
  });
});
