/**
 * The build log under a flood, end to end: a real build through the real pipeline whose
 * Dockerfile RUN prints 200,000 coloured lines, watched in serve mode by Debian's Chromium.
 *
 * The project is the example network driver (FROM scratch + node and its libraries, no registry)
 * with one more step, `RUN ["/usr/bin/node", "/gen-lines.js"]`, which prints the lines. The page
 * opens the folder on the Build screen and clicks Start (enable off: the log is what is measured).
 * Measured: lines/s the engine delivered to the job (service side), lines/s the terminal reached
 * (xterm parsed, data-written, plus any dropped unseen past the scrollback, data-dropped), the
 * longest frame (rAF gaps) and long tasks, the JS heap after a GC; the same lines written to a
 * bare xterm on a blank page are the baseline. Printed, never asserted.
 *
 *   PLUGSMITH_TEST_DOCKER_HOST=unix:///…/docker.sock npm run bench -- build-log.bench
 *   (`npm run bench -- build-log` also runs the engine-less feed variant, build-log-feed)
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../electron/services/docker/engine';
import { removePluginQuietly } from '../electron/services/docker/testing/fixtures';
import { exampleProject } from '../electron/services/build/testing/projects';
import { createServices } from '../electron/services/index';
import { startServe } from '../electron/serve/server';
import type { JobEvent } from '../electron/ipc/types';
import { bareXterm, buildRenderer, describeFrames, describeRate, describeMemory, generatorLines, GENERATOR_JS, installProbes, pageMemory, launch, LINES, probeOff, probeOn, profilePage, rateOf } from './build-log-page';
import { engineHost } from './lib';

const NAME = 'plugsmith-bench/loglines:latest';

async function main(): Promise<void> {
  const rendererDir = buildRenderer();
  const { host, stop } = await engineHost();
  const engine = new Engine({ dockerHost: host });
  await removePluginQuietly(engine, NAME);
  const dir = exampleProject(`log-bench-${Date.now()}`);
  writeFileSync(join(dir, 'context', 'gen-lines.js'), GENERATOR_JS);
  appendFileSync(join(dir, 'Dockerfile'), `\n# The log flood the bench measures.\nRUN ["/usr/bin/node", "/gen-lines.js", "${LINES}"]\n`);

  const services = await createServices({ env: { ...process.env, DOCKER_HOST: host, PLUGSMITH_HOME: mkdtempSync(join(tmpdir(), 'psb-log-home-')) }, watch: true });
  const server = await startServe({ services, host: '127.0.0.1', port: 0, rendererDir });
  const browser = await launch();
  // Service side: when the generator's lines reached the job (first and last), counted from its events.
  let first = 0;
  let last = 0;
  let seen = 0;
  const followed = new Map<string, () => void>();
  const offJobs = services.hub.subscribe<{ id: string; kind: string }>('jobs', '', 0, (e) => {
    if (!e.data.kind.startsWith('build') || followed.has(e.data.id)) return;
    followed.set(
      e.data.id,
      services.hub.subscribe<JobEvent>('job', e.data.id, 0, (ev) => {
        if (ev.data.type !== 'log') return;
        const n = ev.data.line.match(/\[\d{6}\]|error\x1b\[0m line \d+/g)?.length ?? 0;
        if (!n) return;
        if (!first) first = performance.now();
        seen += n;
        last = performance.now();
      }),
    );
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await installProbes(page);
    await page.goto(server.url);
    await page.getByRole('navigation').getByRole('link', { name: 'Build' }).click();
    await page.getByLabel('Project folder path').fill(dir);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await page.getByTestId('build-project').waitFor();
    await page.getByLabel('Plugin name:tag').fill(NAME);
    await page.getByLabel('Enable after create').uncheck();
    await probeOn(page);
    const t0 = performance.now();
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await profilePage(page, 'docker build', () =>
      page.getByTestId('build-job').and(page.locator('[data-state="succeeded"], [data-state="failed"], [data-state="cancelled"]')).waitFor({ timeout: 900_000 }),
    );
    const state = await page.getByTestId('build-job').getAttribute('data-state');
    // Let the terminal finish what it has queued.
    await page.waitForFunction(
      () => {
        const w = window as unknown as { __settle?: { n: number; at: number } };
        const el = document.querySelector<HTMLElement>('[data-testid="build-log"]');
        const n = Number(el?.dataset.written ?? 0) + Number(el?.dataset.dropped ?? 0);
        if (!w.__settle || w.__settle.n !== n) w.__settle = { n, at: performance.now() };
        return performance.now() - w.__settle.at > 500;
      },
      undefined,
      { timeout: 600_000, polling: 100 },
    );
    const frames = await probeOff(page);
    const memory = await pageMemory(page);
    const end = frames.samples.at(-1);
    // The burst: from the first generator line to the last (the lines before and after it are few).
    const rate = end ? rateOf(frames.samples, 50, end[1] + end[2] - 50) : null;
    console.log(`build ${state} in ${Math.round(performance.now() - t0)} ms; RUN printed ${LINES.toLocaleString('en')} coloured lines (classic builder, private dockerd, serve mode, Chromium)`);
    console.log(`engine → job: ${seen.toLocaleString('en')} lines in ${Math.round(last - first)} ms = ${Math.round((seen * 1000) / Math.max(1, last - first)).toLocaleString('en')} lines/s (the most any view can show)`);
    console.log(`terminal:     ${describeRate(rate)}   target ≥ 50,000 lines/s (bounded by the engine's pace above)`);
    console.log(`              ${describeFrames(frames)}   target ≤ 50 ms`);
    console.log(`              ${describeMemory(memory)}`);
    await page.close();

    const bare = await bareXterm(browser, generatorLines());
    console.log(`baseline bare xterm (DOM renderer, 64 KB chained writes): ${bare.linesPerS.toLocaleString('en')} lines/s, ${describeFrames(bare.frames)}, ${describeMemory(bare.memory)}`);
    if (rate) console.log(`ratio terminal/bare xterm: ${(rate.linesPerS / bare.linesPerS).toFixed(2)}×; terminal/engine: ${(rate.linesPerS / Math.max(1, (seen * 1000) / Math.max(1, last - first))).toFixed(2)}×`);
  } finally {
    offJobs();
    for (const off of followed.values()) off();
    await browser.close();
    await server.close();
    services.close();
    await removePluginQuietly(engine, NAME);
    await stop();
  }
}

main().catch((e) => {
  console.error(`bench build-log: ${e.stack ?? e}`);
  process.exitCode = 1;
});
