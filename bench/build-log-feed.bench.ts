/**
 * The build log's renderer side alone: 200,000 coloured lines fed through the real job event
 * path — JobManager → EventHub → serve mode's WebSocket → the build store → LogTerminal → xterm
 * — with no docker build, so the engine's own pace does not hide the renderer's.
 *
 * Method: `plugsmith serve` in-process on a renderer built from the current sources; Debian's
 * Chromium opens the Build screen, which picks up a `build` job that emits the lines as fast as
 * the job API takes them (1,000 per macrotask, like a stream's chunks). Measured in the page:
 * lines/s rendered (lines xterm has parsed, data-written, plus lines the terminal's queue dropped
 * unseen because more than a scrollback was still waiting, data-dropped), the longest frame
 * (rAF gaps) and long tasks; the JS heap after a GC. Then a screen change (Plugins → Build), which
 * replays the job's buffered events into a fresh terminal, measured the same way.
 * Baseline: the same lines written to a bare xterm on a blank page, at the app terminal's grid
 * (LogTerminal's data-size: at 1280×800 it is 74 columns, so most of these ~75-character lines wrap
 * to two rows — a bare xterm at another size does different work). BENCH_PROFILE=1 adds CPU
 * profiles (page and service), BENCH_TRACE=1 a Chromium trace per phase with the long tasks broken
 * down. Printed, never asserted.
 *
 *   npm run bench -- build-log-feed          (BENCH_LINES=… to change the count)
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServices } from '../electron/services/index';
import { startServe } from '../electron/serve/server';
import { bareXterm, buildRenderer, describeFrames, describeRate, describeMemory, generatorLines, installProbes, pageMemory, launch, LINES, probeOff, probeOn, profileNode, profilePage, rateOf, tracePage } from './build-log-page';
import { engineHost } from './lib';

async function main(): Promise<void> {
  const rendererDir = buildRenderer();
  const lines = generatorLines();
  const home = mkdtempSync(join(tmpdir(), 'psb-log-home-'));
  // The job is the bench's own; the engine is there only because the app shows no screen without one.
  const engine = await engineHost();
  const services = await createServices({ env: { ...process.env, DOCKER_HOST: engine.host, PLUGSMITH_HOME: home }, watch: true });
  const server = await startServe({ services, host: '127.0.0.1', port: 0, rendererDir });
  const browser = await launch();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await installProbes(page);
    await page.goto(server.url);
    await page.getByRole('navigation').waitFor();

    let go!: () => void;
    const started = new Promise<void>((r) => (go = r));
    let publishedAt = 0;
    let firstAt = 0;
    services.jobs.start({
      kind: 'build',
      target: 'logbench/feed:latest',
      title: 'log feed',
      command: 'plugsmith build (log bench feed)',
      run: async (ctx) => {
        await started;
        firstAt = performance.now();
        for (let i = 0; i < lines.length; i += 1000) {
          for (let j = i; j < Math.min(lines.length, i + 1000); j++) ctx.log(lines[j], 'stdout');
          await new Promise((r) => setImmediate(r));
        }
        publishedAt = performance.now();
      },
    });

    await page.getByRole('navigation').getByRole('link', { name: 'Build' }).click();
    await page.waitForFunction(() => Number(document.querySelector<HTMLElement>('[data-testid="build-log"]')?.dataset.written ?? 0) >= 1, undefined, { timeout: 30_000 }).catch(async (e) => {
      throw new Error(`the Build screen did not pick up the bench's job: ${e.message}\n${(await page.locator('main').innerText()).slice(0, 2000)}`);
    });
    await probeOn(page);
    const t0 = performance.now();
    go();
    const target = LINES + 1; // + the "starting" line
    const size = await page.evaluate(() => document.querySelector<HTMLElement>('[data-testid="build-log"]')?.dataset.size ?? '?');
    await profileNode('live', () =>
      tracePage(browser, page, 'live', () =>
      profilePage(page, 'live', () =>
        page.waitForFunction(
          (n) => {
            const el = document.querySelector<HTMLElement>('[data-testid="build-log"]');
            return Number(el?.dataset.written ?? 0) + Number(el?.dataset.dropped ?? 0) >= n;
          },
          target,
          { timeout: 600_000, polling: 200 },
        ),
      ),
      ),
    );
    const wall = performance.now() - t0;
    const live = await probeOff(page);
    const liveMemory = await pageMemory(page);
    const liveRate = rateOf(live.samples, 2, target);
    console.log(`lines: ${LINES.toLocaleString('en')} through JobManager → hub → WebSocket → store → LogTerminal (serve mode, Chromium), terminal ${size}`);
    console.log(`job published them in ${Math.round(publishedAt - firstAt)} ms (${Math.round((LINES * 1000) / Math.max(1, publishedAt - firstAt)).toLocaleString('en')} lines/s offered)`);
    console.log(`live:   ${describeRate(liveRate)}; all done ${Math.round(wall)} ms after the first was sent   target ≥ 50,000 lines/s`);
    console.log(`        ${describeFrames(live)}   target ≤ 50 ms`);
    console.log(`        ${describeMemory(liveMemory)}`);

    // Leave the screen and come back: a fresh terminal replays the job's buffered events.
    await page.getByRole('navigation').getByRole('link', { name: 'Plugins' }).click();
    await probeOn(page);
    const r0 = performance.now();
    await page.getByRole('navigation').getByRole('link', { name: 'Build' }).click();
    await page.waitForFunction(
      () => {
        // Settled: the count has not moved for 500 ms.
        const w = window as unknown as { __settle?: { n: number; at: number } };
        const n = Number(document.querySelector<HTMLElement>('[data-testid="build-log"]')?.dataset.written ?? 0);
        if (!w.__settle || w.__settle.n !== n) w.__settle = { n, at: performance.now() };
        return n > 1 && performance.now() - w.__settle.at > 500;
      },
      undefined,
      { timeout: 600_000, polling: 200 },
    ).catch(() => undefined);
    const replay = await probeOff(page);
    const last = replay.samples.at(-1);
    const replayRate = last ? rateOf(replay.samples, 2, last[1] + last[2]) : null;
    console.log(`replay: ${last ? `${(last[1] + last[2]).toLocaleString('en')} lines` : '?'}: ${describeRate(replayRate)} (${Math.round(performance.now() - r0)} ms incl. 500 ms settle)`);
    console.log(`        ${describeFrames(replay)}`);
    console.log(`        ${describeMemory(await pageMemory(page))}`);
    await page.close();

    // Bare xterm at the app's grid, with 64 KB writes (its fastest) and with the app's 16 KB (LogTerminal's MAX_CHUNK,
    // the size that keeps each write a few ms): the floor for the app's rate and for its frames.
    for (const chunk of [64 * 1024, 16 * 1024]) {
      const bare = await bareXterm(browser, lines, { size, chunk });
      console.log(`baseline bare xterm (DOM renderer, ${bare.size}, ${chunk / 1024} KB chained writes): ${bare.linesPerS.toLocaleString('en')} lines/s, ${describeFrames(bare.frames)}, ${describeMemory(bare.memory)}`);
      if (liveRate) console.log(`ratio app/bare xterm (${chunk / 1024} KB): ${(liveRate.linesPerS / bare.linesPerS).toFixed(2)}× reached, ${(liveRate.writtenPerS / bare.linesPerS).toFixed(2)}× parsed`);
    }
  } finally {
    await browser.close();
    await server.close();
    services.close();
    await engine.stop();
  }
}

main().catch((e) => {
  console.error(`bench build-log-feed: ${e.stack ?? e}`);
  process.exitCode = 1;
});
