/**
 * Topology: layout + first draw of ~500 and ~2,000 generated nodes in headless Chromium (targets
 * < 1 s and < 3 s), a live update of the 2,000 (one group changed: the cache keeps the rest), and
 * the merge of all four sources for ~2,000 objects. Printed, not asserted.
 *
 * Method: the real `plugsmith serve` (in-process) and the built renderer; the topology sources
 * are replaced by a generated model published on the real `topology` channel, so only the
 * renderer's work is measured. In the page: performance marks `topology:model` (the store got
 * the model) → `topology:drawn` (first frame after React Flow committed the laid-out graph).
 * Baseline for the ratio: elkjs layered on the same graph as ONE flat graph, in Node (what the
 * issue measured: 1.2 s for 500 cold).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ELK from 'elkjs/lib/elk.bundled.js';
import { createServices } from '../electron/services/index';
import { startServe } from '../electron/serve/server';
import { mergeTopology } from '../electron/services/topology/merge';
import type { TopologyModel } from '../electron/services/topology/model';
import { generateInputs } from './topology-gen';
import { launchChromium, median } from './lib';
import type { Page } from 'playwright-core';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** BENCH_SIZES=2000 to profile one size; BENCH_BASELINE=0 skips the (slow) flat elk baseline. */
const SIZES = (process.env.BENCH_SIZES ?? '500,2000').split(',').map(Number);
const WITH_BASELINE = process.env.BENCH_BASELINE !== '0';
/**
 * BENCH_PROFILE=DIR: the first round of each size also writes DIR/topology-N.cpuprofile (V8's
 * sampling profile, open it in DevTools) and DIR/topology-N.trace.json (a Chrome trace: style,
 * layout, paint, long tasks), from the hash change to the first draw. Profiling slows the page:
 * that round's numbers are left out of the medians.
 */
const PROFILE_DIR = process.env.BENCH_PROFILE;
const modelOf = (target: number, salt = 0) => mergeTopology(generateInputs(Math.round(target * 1.28), salt));

async function flatElk(m: TopologyModel): Promise<number> {
  const elk = new ELK();
  const t0 = performance.now();
  await elk.layout({
    id: 'root',
    layoutOptions: { 'elk.algorithm': 'layered', 'elk.direction': 'RIGHT' },
    children: m.nodes.map((n) => ({ id: n.id, width: 190, height: 52 })),
    edges: m.edges.map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
  });
  return performance.now() - t0;
}

/** Starts V8's sampler and a Chrome trace on the page; stop(name) writes both under PROFILE_DIR. */
async function startProfile(page: Page): Promise<{ stop: (name: string) => Promise<void> }> {
  const dir = PROFILE_DIR!;
  mkdirSync(dir, { recursive: true });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  const browser = page.context().browser()!;
  const tracing = browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing', 'v8.execute'] });
  await tracing;
  return {
    stop: async (name) => {
      const { profile } = await cdp.send('Profiler.stop');
      writeFileSync(join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
      writeFileSync(join(dir, `${name}.trace.json`), await browser.stopTracing());
      await cdp.detach();
    },
  };
}

/**
 * When the main thread was free again after the first model: the end of the last long task (or of
 * the first draw) once 500 ms passed with no new long task — what the user feels as "the window
 * responds", beyond the first frame.
 */
async function settledAfterModel(page: Page): Promise<number> {
  await page.waitForFunction(
    () => {
      const w = window as unknown as { __longTasks: { end: number }[] };
      const lastEnd = Math.max(0, ...w.__longTasks.map((t) => t.end));
      return performance.now() - lastEnd > 500;
    },
    undefined,
    { timeout: 60_000, polling: 50 },
  );
  return page.evaluate(() => {
    const w = window as unknown as { __longTasks: { start: number; end: number }[] };
    const model = performance.getEntriesByName('topology:model')[0].startTime;
    const draw = performance.getEntriesByName('topology:draw')[0];
    return Math.max(draw.startTime + draw.duration, ...w.__longTasks.filter((t) => t.end > model).map((t) => t.end)) - model;
  });
}

async function main(): Promise<void> {
  // Merge of all sources, ~2,000 objects.
  const inputs = generateInputs(Math.round(2000 * 1.28));
  const mergeMs: number[] = [];
  let merged: TopologyModel | null = null;
  for (let i = 0; i < 20; i++) {
    const t0 = performance.now();
    merged = mergeTopology(inputs);
    mergeMs.push(performance.now() - t0);
  }
  console.log(`merge of 4 sources → ${merged!.nodes.length} nodes, ${merged!.edges.length} edges: median ${median(mergeMs).toFixed(1)} ms (20 runs)`);

  const home = mkdtempSync(join(tmpdir(), 'psb-topo-home-'));
  // No engine needed: the topology is generated. DOCKER_HOST points nowhere on purpose.
  const services = await createServices({ env: { ...process.env, PLUGSMITH_HOME: home, DOCKER_HOST: 'unix:///nonexistent-plugsmith-bench.sock' } });
  let current: TopologyModel = modelOf(500);
  services.topology.acquire = () => () => {};
  services.topology.readOnce = async () => current;
  const publish = (m: TopologyModel) => {
    current = m;
    services.hub.publish('topology', '', m);
  };
  // PLUGSMITH_BENCH_RENDERER: a renderer built elsewhere (`node scripts/build.mjs --only renderer --outdir D`
  // → D/renderer), so a before/after pair can run back to back without touching dist/.
  const server = await startServe({ services, host: '127.0.0.1', port: 0, ...(process.env.PLUGSMITH_BENCH_RENDERER ? { rendererDir: process.env.PLUGSMITH_BENCH_RENDERER } : {}) });
  const browser = await launchChromium();
  try {
    for (const target of SIZES) {
      const model = modelOf(target);
      const baseline = WITH_BASELINE ? await flatElk(model) : NaN;
      const cold: number[] = [];
      const live: number[] = [];
      const layout: number[] = [];
      const settled: number[] = [];
      for (let r = PROFILE_DIR ? -1 : 0; r < ROUNDS; r++) {
        publish(model);
        const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
        await page.goto(server.url);
        const profiling = r < 0 ? await startProfile(page) : null;
        // Long tasks, to see what follows the first draw (a second pass: measuring, refitting, the minimap).
        await page.evaluate(() => {
          const w = window as unknown as { __longTasks: { start: number; end: number }[] };
          w.__longTasks = [];
          new PerformanceObserver((l) => l.getEntries().forEach((e) => w.__longTasks.push({ start: e.startTime, end: e.startTime + e.duration }))).observe({ type: 'longtask', buffered: true });
        });
        await page.evaluate(() => (window.location.hash = '#/topology'));
        // Each `topology:draw` measure spans the latest model → the first frame with it drawn.
        const nth = (n: number) =>
          page
            .waitForFunction((k) => performance.getEntriesByName('topology:draw')[k - 1]?.duration ?? null, n, { timeout: 120_000, polling: 20 })
            .then((h) => h.jsonValue() as Promise<number>);
        const first = await nth(1);
        if (profiling) {
          // Until the main thread is free again, so the profile shows what follows the first frame too.
          const free = await settledAfterModel(page);
          await profiling.stop(`topology-${model.nodes.length}`);
          console.log(`  (profiled round: first draw ${first.toFixed(0)} ms, main thread free after ${free.toFixed(0)} ms, written to ${PROFILE_DIR})`);
          await page.close();
          continue;
        }
        cold.push(first);
        settled.push(await settledAfterModel(page));
        // Where the first draw went: layout (model → positions, worker included) vs React Flow's render.
        const layoutMs = await page.evaluate(() => performance.getEntriesByName('topology:layout')[0]?.duration ?? NaN);
        layout.push(layoutMs);
        // A live update: the same graph plus new endpoints on one bridge (that group is re-laid, the rest come from the cache).
        const next = modelOf(target);
        const extra = modelOf(target, 7);
        const have = new Set(next.nodes.map((n) => n.id));
        next.nodes = [...next.nodes, ...extra.nodes.filter((n) => n.group === 'bridge:br1' && !have.has(n.id))];
        const ids = new Set(next.nodes.map((n) => n.id));
        const haveEdges = new Set(next.edges.map((e) => e.id));
        next.edges = [...next.edges, ...extra.edges.filter((e) => ids.has(e.source) && ids.has(e.target) && !haveEdges.has(e.id))];
        publish(next);
        live.push(await nth(2));
        const drawn = await page.locator('[data-testid="topo-node"]').count();
        if (r === 0) console.log(`  (${drawn} node elements in the DOM after first draw; off-screen ones are not rendered)`);
        await page.close();
      }
      const c = median(cold);
      console.log(
        `${model.nodes.length} nodes / ${model.edges.length} edges: layout + first draw median ${c.toFixed(0)} ms (target ${target === 500 ? '< 1000' : '< 3000'} ms; of which layout ${median(layout).toFixed(0)} ms), live update median ${median(live).toFixed(0)} ms; main thread free again (end of the last long task) median ${median(settled).toFixed(0)} ms after the model; ${WITH_BASELINE ? `baseline flat elk in Node ${baseline.toFixed(0)} ms → ratio ${(c / baseline).toFixed(2)}` : 'baseline skipped (BENCH_BASELINE=0)'}`,
      );
    }
  } finally {
    await browser.close();
    await server.close();
    services.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
