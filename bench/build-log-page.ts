/**
 * What the build-log benches share: the 200,000 coloured lines, the built renderer, Chromium,
 * the in-page frame/long-task probes, the heap reading, and the baseline (the same lines written
 * to a bare xterm on a blank page, nothing else running). Bench helper only, not shipped.
 */
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './lib';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const LINES = Number(process.env.BENCH_LINES ?? 200_000);
const ROOT = process.cwd();

/**
 * The program that prints the lines, as a node script: run by the Dockerfile's RUN (inside a
 * FROM-scratch image holding node) and, in the same process shape, by the feed bench. Colours
 * as a real build prints them: a coloured tag, plain text, a dim suffix, now and then a red line.
 */
export const GENERATOR_JS = `
const n = Number(process.argv[2] || ${LINES});
const colours = [31, 32, 33, 34, 35, 36];
let out = '';
for (let i = 1; i <= n; i++) {
  const c = colours[i % 6];
  out += i % 97 === 0
    ? '\\x1b[1;31merror\\x1b[0m line ' + i + ': pretend failure in pkg/netplugin/module' + (i % 977) + '.go\\n'
    : '\\x1b[' + c + 'm[' + String(i).padStart(6, '0') + ']\\x1b[0m compiling github.com/contiv/netplugin/mgmtfn/module-' + (i % 977) + '.go \\x1b[2m(' + (i % 13) + ' ms)\\x1b[0m\\n';
  if (out.length > 65536) { process.stdout.write(out); out = ''; }
}
process.stdout.write(out);
`;

/** The generator's lines, the same text, for the feed bench and the baseline. */
export function generatorLines(n = LINES): string[] {
  const colours = [31, 32, 33, 34, 35, 36];
  const lines: string[] = [];
  for (let i = 1; i <= n; i++) {
    const c = colours[i % 6];
    lines.push(
      i % 97 === 0
        ? `\x1b[1;31merror\x1b[0m line ${i}: pretend failure in pkg/netplugin/module${i % 977}.go`
        : `\x1b[${c}m[${String(i).padStart(6, '0')}]\x1b[0m compiling github.com/contiv/netplugin/mgmtfn/module-${i % 977}.go \x1b[2m(${i % 13} ms)\x1b[0m`,
    );
  }
  return lines;
}

/** Builds the renderer from the current sources into a folder of the bench's own (dist/ is shared). */
export function buildRenderer(): string {
  const given = process.env.BENCH_RENDERER_DIR;
  if (given) return given;
  const outdir = join(ROOT, '.tmp', 'bench', 'build-log-dist');
  const r = spawnSync(process.execPath, ['scripts/build.mjs', '--only', 'renderer', '--outdir', outdir], { stdio: 'inherit', cwd: ROOT });
  if (r.status !== 0) throw new Error('renderer build failed');
  return join(outdir, 'renderer');
}

/** With the GPU process (the renderer's WebGL on SwiftShader) and exact heap figures. */
export function launch(): Promise<Browser> {
  return launchChromium({ gpu: true, args: ['--enable-precise-memory-info'] });
}

function probeScript(): void {
  {
    const w = window as unknown as { __probe: { on: boolean; maxGap: number; gaps: number[]; longTasks: number[]; samples: [number, number, number][] } };
    const probe = { on: false, maxGap: 0, gaps: [] as number[], longTasks: [] as number[], samples: [] as [number, number, number][] };
    w.__probe = probe;
    let last = 0;
    const tick = (t: number) => {
      if (probe.on && last) {
        const gap = t - last;
        if (gap > probe.maxGap) probe.maxGap = gap;
        if (gap > 50) probe.gaps.push(Math.round(gap));
      }
      last = t;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    try {
      new PerformanceObserver((list) => {
        if (probe.on) for (const e of list.getEntries()) probe.longTasks.push(Math.round(e.duration));
      }).observe({ type: 'longtask', buffered: false });
    } catch {
      // no longtask support: the rAF gaps still tell
    }
    // The terminal host's data-written (lines xterm has parsed), sampled on every change.
    new MutationObserver((records) => {
      if (!probe.on) return;
      for (const r of records) {
        const el = r.target as HTMLElement;
        if (el.dataset?.written) probe.samples.push([performance.now(), Number(el.dataset.written), Number(el.dataset.dropped ?? 0)]);
      }
    }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-written', 'data-dropped'] });
  }
}

/** Installs the probes before any page script: rAF gaps (frame lengths), long tasks, data-written samples. */
export async function installProbes(page: Page): Promise<void> {
  await page.addInitScript(probeScript);
}

export interface FrameStats {
  maxFrameMs: number;
  framesOver50: number;
  longTasks: number;
  longestTaskMs: number;
  samples: [number, number, number][];
}

export async function probeOn(page: Page): Promise<void> {
  await page.evaluate(() => {
    const p = (window as unknown as { __probe: { on: boolean; maxGap: number; gaps: number[]; longTasks: number[]; samples: [number, number, number][] } }).__probe;
    Object.assign(p, { on: true, maxGap: 0, gaps: [], longTasks: [], samples: [] });
  });
}

export async function probeOff(page: Page): Promise<FrameStats> {
  return page.evaluate(() => {
    const p = (window as unknown as { __probe: { on: boolean; maxGap: number; gaps: number[]; longTasks: number[]; samples: [number, number, number][] } }).__probe;
    p.on = false;
    return {
      maxFrameMs: Math.round(p.maxGap),
      framesOver50: p.gaps.length,
      longTasks: p.longTasks.length,
      longestTaskMs: p.longTasks.length ? Math.max(...p.longTasks) : 0,
      samples: p.samples,
    };
  });
}

/**
 * Memory after a full GC (CDP), in MB: the JS heap, and the array buffers' backing stores outside
 * it — where xterm keeps its rows (a Uint32Array per line), so the scrollback's real cost shows.
 */
export interface PageMemory {
  heapMb: number;
  /** null when this Chromium's Runtime.getHeapUsage does not report backingStorageSize. */
  buffersMb: number | null;
}

export async function pageMemory(page: Page): Promise<PageMemory> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize, backingStorageSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; backingStorageSize?: number };
  await cdp.detach();
  return { heapMb: usedSize / 1e6, buffersMb: typeof backingStorageSize === 'number' ? backingStorageSize / 1e6 : null };
}

export const describeMemory = (m: PageMemory): string =>
  `JS heap after GC ${m.heapMb.toFixed(1)} MB${m.buffersMb === null ? '' : ` + ${m.buffersMb.toFixed(1)} MB array buffers (xterm's rows)`}`;

/** Lines done (parsed by xterm, or dropped unseen because more than a scrollback was still waiting) in the page's terminal. */
export const doneScript = () => {
  const el = document.querySelector<HTMLElement>('[data-testid="build-log"]');
  return Number(el?.dataset.written ?? 0) + Number(el?.dataset.dropped ?? 0);
};

export interface Rate {
  /** Lines the terminal reached per second (written + dropped unseen). */
  linesPerS: number;
  /** Of which parsed and drawn by xterm. */
  writtenPerS: number;
  dropped: number;
  ms: number;
}

/** The rate over the burst: from the first sample at or past `from` lines done to the first at or past `to`. */
export function rateOf(samples: [number, number, number][], from: number, to: number): Rate | null {
  const done = (x: [number, number, number]) => x[1] + x[2];
  const a = samples.find((x) => done(x) >= from);
  const b = samples.find((x) => done(x) >= to);
  if (!a || !b || b[0] <= a[0]) return null;
  const ms = b[0] - a[0];
  return { linesPerS: Math.round(((done(b) - done(a)) * 1000) / ms), writtenPerS: Math.round(((b[1] - a[1]) * 1000) / ms), dropped: b[2], ms: Math.round(ms) };
}

export function describeRate(r: Rate | null): string {
  if (!r) return 'no rate';
  return `${r.linesPerS.toLocaleString('en')} lines/s reached the terminal (${r.writtenPerS.toLocaleString('en')}/s parsed by xterm, ${r.dropped.toLocaleString('en')} dropped unseen past the scrollback) over ${r.ms} ms`;
}

/**
 * The baseline: the same lines written to a bare xterm (same options, same size, DOM renderer
 * unless `webgl`) on a blank page — `chunk`-sized writes (64 KB unless given) chained by xterm's write callback, nothing
 * else on the page. The floor any app-side log view can approach.
 */
export async function bareXterm(
  browser: Browser,
  lines: string[],
  opts: { webgl?: boolean; size?: string; chunk?: number } = {},
): Promise<{ linesPerS: number; frames: FrameStats; memory: PageMemory; size: string }> {
  const chunk = opts.chunk ?? 64 * 1024;
  // The app's grid when given ("COLSxROWS", LogTerminal's data-size): the DOM renderer's cost per frame grows with it.
  const m = /^(\d+)x(\d+)$/.exec(opts.size ?? '');
  const cols = m ? Number(m[1]) : 100;
  const rows = m ? Number(m[2]) : 30;
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await installProbes(page);
  try {
    await page.setContent('<!doctype html><html><body style="margin:0;background:#0b0e12"><div id="host"></div></body></html>');
    await page.evaluate(probeScript);
    await page.addStyleTag({ content: readFileSync(join(ROOT, 'node_modules/@xterm/xterm/css/xterm.css'), 'utf8') });
    await page.addScriptTag({ content: readFileSync(join(ROOT, 'node_modules/@xterm/xterm/lib/xterm.js'), 'utf8') });
    const webglFile = process.env.BENCH_WEBGL_JS ?? join(ROOT, 'node_modules/@xterm/addon-webgl/lib/addon-webgl.js');
    if (opts.webgl) {
      if (!existsSync(webglFile)) throw new Error('@xterm/addon-webgl is not installed');
      await page.addScriptTag({ content: readFileSync(webglFile, 'utf8') });
    }
    // The text goes over first: shipping 18 MB into the page is not the terminal's time.
    await page.evaluate((text) => void ((window as unknown as { __text: string }).__text = text), lines.join('\r\n') + '\r\n');
    await probeOn(page);
    const linesPerS = await tracePage(browser, page, `bare-${chunk}`, () => page.evaluate(
      async ({ n, webgl, cols, rows, chunk }) => {
        const text = (window as unknown as { __text: string }).__text;
        const g = window as unknown as { Terminal: new (o: object) => { open(el: Element): void; write(s: string, cb: () => void): void; loadAddon(a: unknown): void }; WebglAddon?: { WebglAddon: new () => unknown } };
        const term = new g.Terminal({ scrollback: 50_000, disableStdin: true, fontSize: 12.5, fontFamily: "ui-monospace, 'DejaVu Sans Mono', Menlo, Consolas, monospace", cols, rows });
        term.open(document.getElementById('host')!);
        if (webgl && g.WebglAddon) term.loadAddon(new g.WebglAddon.WebglAddon());
        const CHUNK = chunk;
        const t0 = performance.now();
        await new Promise<void>((resolve) => {
          let at = 0;
          const next = () => {
            if (at >= text.length) return resolve();
            const chunk = text.slice(at, at + CHUNK);
            at += CHUNK;
            term.write(chunk, next);
          };
          next();
        });
        // One more frame so the last write is drawn.
        await new Promise((r) => requestAnimationFrame(() => r(null)));
        return Math.round((n * 1000) / (performance.now() - t0));
      },
      { n: lines.length, webgl: !!opts.webgl, cols, rows, chunk },
    ));
    const frames = await probeOff(page);
    return { linesPerS, frames, memory: await pageMemory(page), size: `${cols}x${rows}` };
  } finally {
    await page.close();
  }
}

export function describeFrames(f: FrameStats): string {
  return `longest frame ${f.maxFrameMs} ms, frames > 50 ms: ${f.framesOver50}, long tasks: ${f.longTasks} (longest ${f.longestTaskMs} ms)`;
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

/** The top self-time functions of a V8 CPU profile (CDP or node:inspector), as text lines. */
export function topSelf(profile: { nodes: ProfileNode[]; samples?: number[]; timeDeltas?: number[] }, n = 15): string[] {
  const total = profile.nodes.reduce((a, x) => a + (x.hitCount ?? 0), 0) || 1;
  const by = new Map<string, number>();
  for (const x of profile.nodes) {
    const f = x.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').slice(-2).join('/')}:${f.lineNumber + 1}`;
    by.set(key, (by.get(key) ?? 0) + (x.hitCount ?? 0));
  }
  return [...by.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, v]) => `${((v * 100) / total).toFixed(1).padStart(5)}%  ${k}`);
}

/** Profiles the page (CDP Profiler) while `during` runs, when BENCH_PROFILE is set; prints the top self time. */
export async function profilePage<T>(page: Page, label: string, during: () => Promise<T>): Promise<T> {
  if (!process.env.BENCH_PROFILE) return during();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  await cdp.send('Profiler.start');
  try {
    return await during();
  } finally {
    const { profile } = (await cdp.send('Profiler.stop')) as { profile: { nodes: ProfileNode[] } };
    // Kept for DevTools (Performance → load profile) and for callers-of questions topSelf cannot answer.
    const file = join(ROOT, '.tmp', 'bench', `profile-${label}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    console.log(`-- page profile (${label}) ${file}, top self time:\n${topSelf(profile).join('\n')}`);
    await cdp.detach();
  }
}

/** Profiles this node process (node:inspector) while `during` runs, when BENCH_PROFILE is set. */
export async function profileNode<T>(label: string, during: () => Promise<T>): Promise<T> {
  if (!process.env.BENCH_PROFILE) return during();
  const { Session } = await import('node:inspector');
  const s = new Session();
  s.connect();
  const post = (m: string, p?: object) => new Promise<unknown>((res, rej) => s.post(m, p ?? {}, (e, r) => (e ? rej(e) : res(r))));
  await post('Profiler.enable');
  await post('Profiler.start');
  try {
    return await during();
  } finally {
    const { profile } = (await post('Profiler.stop')) as { profile: { nodes: ProfileNode[] } };
    console.log(`-- service profile (${label}), top self time:\n${topSelf(profile).join('\n')}`);
    s.disconnect();
  }
}

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  /** Thread (CPU) time: unlike dur, barely moved by other processes competing for the cores. */
  tdur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: { functionName?: string; url?: string } };
}

/**
 * Where the main thread's time goes, from a Chromium trace: every top-level task over 50 ms with
 * the time of its direct sub-events by kind (script, timer, rAF, style, layout, paint, GC), and the
 * totals over the whole run. Text lines; the trace file is kept for chrome://tracing.
 */
export function traceSummary(events: TraceEvent[]): string[] {
  const threads = events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  if (!threads.length) return ['no CrRendererMain thread in the trace'];
  // The page's renderer: the main thread with the most events (others are idle pages or extensions).
  const of = (t: TraceEvent) => events.filter((e) => e.pid === t.pid && e.tid === t.tid && e.ph === 'X' && e.dur !== undefined);
  const main = threads.map(of).sort((a, b) => b.length - a.length)[0].sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  const isTask = (e: TraceEvent) => e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask';
  // Outermost tasks only (Chromium nests RunTask inside ThreadControllerImpl::RunTask).
  const tops: TraceEvent[] = [];
  for (const e of main) if (isTask(e) && (!tops.length || e.ts >= tops[tops.length - 1].ts + tops[tops.length - 1].dur!)) tops.push(e);
  const out: string[] = [];
  const totals = new Map<string, number>();
  let busy = 0;
  let j = 0;
  for (const top of tops) {
    const end = top.ts + top.dur!;
    busy += top.dur!;
    // The task's direct children: events inside it not inside an earlier child.
    const kids = new Map<string, number>();
    let childEnd = top.ts;
    while (j < main.length && main[j].ts < top.ts) j++;
    for (let k = j; k < main.length && main[k].ts < end; k++) {
      const e = main[k];
      if (e.ts < childEnd || isTask(e) || e.name === 'BlinkScheduler_PerformMicrotaskCheckpoint') continue;
      const label = e.name === 'FunctionCall' && e.args?.data?.functionName ? `FunctionCall ${e.args.data.functionName}` : e.name;
      kids.set(label, (kids.get(label) ?? 0) + e.dur!);
      totals.set(label, (totals.get(label) ?? 0) + e.dur!);
      childEnd = e.ts + e.dur!;
    }
    if (top.dur! > 50_000) {
      const parts = [...kids.entries()].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)}`);
      out.push(`  task ${(top.dur! / 1000).toFixed(1)} ms: ${parts.join(', ')}`);
    }
  }
  const all = [...totals.entries()].sort((a, b) => b[1] - a[1]).slice(0, 14).map(([k, v]) => `${k} ${(v / 1000).toFixed(0)}`);
  out.unshift(`main thread busy ${(busy / 1000).toFixed(0)} ms in ${tops.length} tasks; by kind (ms): ${all.join(', ')}`);
  // The same in CPU time: what the tasks would take on an idle machine (a loaded one stretches dur, not tdur).
  const cpu = tops.map((t) => t.tdur ?? 0);
  const cpuTotal = cpu.reduce((a, b) => a + b, 0);
  out.splice(1, 0, `main thread CPU ${(cpuTotal / 1000).toFixed(0)} ms; longest task ${(Math.max(0, ...cpu) / 1000).toFixed(1)} ms CPU; tasks over 50 ms CPU: ${cpu.filter((x) => x > 50_000).length}`);
  return out;
}

/** Traces the page (Chromium tracing) while `during` runs, when BENCH_TRACE is set; prints traceSummary. */
export async function tracePage<T>(browser: Browser, page: Page, label: string, during: () => Promise<T>): Promise<T> {
  if (!process.env.BENCH_TRACE) return during();
  const path = join(ROOT, '.tmp', 'bench', `trace-${label}.json`);
  await browser.startTracing(page, { path, categories: ['devtools.timeline', 'v8', 'disabled-by-default-devtools.timeline', 'blink.user_timing', 'toplevel'] });
  try {
    return await during();
  } finally {
    const buf = await browser.stopTracing();
    const { traceEvents } = JSON.parse(buf.toString()) as { traceEvents: TraceEvent[] };
    console.log(`-- trace (${label}) ${path}\n${traceSummary(traceEvents).join('\n')}`);
  }
}
