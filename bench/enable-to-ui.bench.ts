/**
 * How long from `docker plugin enable` in a terminal to the Plugins screen showing
 * the plugin enabled (target < 1 s). Method: a private dockerd, the example plugin,
 * `plugsmith serve` in-process, Debian's Chromium on the served page. Each round runs
 * the real docker CLI and timestamps (same machine clock):
 *   cli   — the CLI returned,
 *   event — the engine's own /events stream delivered the `enable` event to a bare
 *           HTTP listener (the floor for any event-driven UI: the baseline),
 *   ui    — a MutationObserver in the page saw the switch's aria-checked turn true.
 * Prints median and p95 of each, measured from the CLI's start, and the ratio ui/event.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../electron/services/docker/engine';
import { createServices } from '../electron/services/index';
import { createFixturePlugin, removePluginQuietly } from '../electron/services/docker/testing/fixtures';
import { startServe } from '../electron/serve/server';
import { engineHost, launchChromium, quantile } from './lib';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);
const NAME = 'plugsmith-bench/netdriver:latest';

function dockerCli(host: string, ...args: string[]): Promise<void> {
  return new Promise((resolve, reject) => execFile('docker', ['-H', host, ...args], (e, _o, se) => (e ? reject(new Error(se || e.message)) : resolve())));
}

function followEnableEvents(socketPath: string, onEnable: (t: number) => void): () => void {
  const req = request({ socketPath, path: `/events?filters=${encodeURIComponent(JSON.stringify({ type: ['plugin'], event: ['enable'] }))}` }, (res) => {
    res.on('data', () => onEnable(Date.now()));
  });
  req.end();
  return () => req.destroy();
}

async function main(): Promise<void> {
  const { host, stop: stopDockerd } = await engineHost();
  const engine = new Engine({ dockerHost: host });
  await removePluginQuietly(engine, NAME);
  await createFixturePlugin(engine, { name: NAME, mode: 'ok', marker: `bench-${Date.now()}` });
  const services = await createServices({ env: { ...process.env, DOCKER_HOST: host, PLUGSMITH_HOME: mkdtempSync(join(tmpdir(), 'psb-home-')) }, watch: true });
  const server = await startServe({ services, host: '127.0.0.1', port: 0 });
  const browser = await launchChromium();
  const socketPath = host.replace(/^unix:\/\//, '');
  let eventAt = 0;
  const stopEvents = followEnableEvents(socketPath, (t) => (eventAt = t));
  const cli: number[] = [];
  const ev: number[] = [];
  const ui: number[] = [];
  try {
    const page = await browser.newPage();
    await page.goto(server.url);
    const sw = page.getByRole('switch', { name: new RegExp(NAME.replace(/[/.]/g, '\\$&')) });
    await sw.waitFor();
    for (let i = 0; i < ROUNDS; i++) {
      await page.evaluate((name) => {
        const w = window as unknown as { __shownAt: number };
        w.__shownAt = 0;
        const el = [...document.querySelectorAll('[role="switch"]')].find((e) => (e.getAttribute('aria-label') ?? '').includes(name))!;
        new MutationObserver((_m, obs) => {
          if (el.getAttribute('aria-checked') === 'true') {
            w.__shownAt = Date.now();
            obs.disconnect();
          }
        }).observe(el, { attributes: true });
      }, NAME);
      eventAt = 0;
      const t0 = Date.now();
      await dockerCli(host, 'plugin', 'enable', NAME);
      cli.push(Date.now() - t0);
      await page.waitForFunction(() => (window as unknown as { __shownAt: number }).__shownAt > 0, undefined, { timeout: 30_000 });
      ui.push((await page.evaluate(() => (window as unknown as { __shownAt: number }).__shownAt)) - t0);
      ev.push(eventAt - t0);
      await dockerCli(host, 'plugin', 'disable', NAME);
      await sw.and(page.locator('[aria-checked="false"]')).waitFor();
    }
  } finally {
    stopEvents();
    await browser.close();
    await server.close();
    services.close();
    await removePluginQuietly(engine, NAME);
    await stopDockerd();
  }
  const fmt = (xs: number[]) => `median ${quantile(xs, 0.5)} ms, p95 ${quantile(xs, 0.95)} ms`;
  console.log(`rounds: ${ROUNDS} (docker CLI enable → disable, example network driver, private dockerd)`);
  console.log(`cli   returned:            ${fmt(cli)}`);
  console.log(`event engine /events:      ${fmt(ev)}   (baseline)`);
  console.log(`ui    switch shows enabled: ${fmt(ui)}   (target < 1000 ms)`);
  console.log(`ratio ui/event (median): ${(quantile(ui, 0.5) / Math.max(1, quantile(ev, 0.5))).toFixed(2)}×; ui - event: ${quantile(ui, 0.5) - quantile(ev, 0.5)} ms`);
}

main().catch((e) => {
  console.error(`bench enable-to-ui: ${e.stack ?? e}`);
  process.exitCode = 1;
});
