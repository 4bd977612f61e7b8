/**
 * How long the config model takes to judge a big config.json (target < 50 ms per full lint):
 * a generated ~3,000-line config with many env entries, linted as the editor does on every
 * keystroke (the whole text, no incremental state). Baseline: plain `JSON.parse` of the same
 * text, which knows nothing of positions, Go's rules or the engine. Also: a keystroke re-lint
 * (one character changed, then a full lint). Prints median and p95; asserts nothing.
 */
import { lintConfig } from '../electron/services/config/index';
import { quantile } from './lib';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 60);

function bigConfig(lines: number): string {
  const env: unknown[] = [];
  const base = {
    description: 'bench',
    documentation: 'https://example.invalid',
    entrypoint: ['/bin/plugin'],
    interface: { socket: 'p.sock', types: ['docker.networkdriver/1.0', 'docker.ipamdriver/1.0'] },
    network: { type: 'host' },
    env,
    mounts: [{ name: 'log', source: '/var/log', destination: '/var/log', type: 'bind', options: ['rbind'] }],
    linux: { capabilities: ['CAP_NET_ADMIN', 'CAP_SYS_ADMIN'] },
  };
  let i = 0;
  while (JSON.stringify(base, null, 2).split('\n').length < lines) {
    env.push({ Description: `setting number ${i} for the bench`, Name: `CONTIV_SETTING_${i}`, Settable: ['value'], Value: `value-${i}` });
    i++;
  }
  return JSON.stringify(base, null, 2);
}

function stats(xs: number[]): { median: number; p95: number } {
  return { median: quantile(xs, 0.5), p95: quantile(xs, 0.95) };
}

function time(fn: () => void): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

const text = bigConfig(3000);
const lines = text.split('\n').length;
for (let i = 0; i < 10; i++) lintConfig(text); // warm up the JIT as a long-running editor would be

const lint: number[] = [];
const parse: number[] = [];
const keystroke: number[] = [];
let diagnostics = 0;
for (let i = 0; i < ROUNDS; i++) {
  parse.push(time(() => JSON.parse(text)));
  lint.push(time(() => (diagnostics = lintConfig(text).diagnostics.length)));
  // A keystroke in the middle of the file: one value changes, the whole text is linted again.
  const at = text.indexOf(`value-${i % 400}"`);
  const edited = `${text.slice(0, at)}X${text.slice(at)}`;
  keystroke.push(time(() => lintConfig(edited)));
}
const l = stats(lint);
const p = stats(parse);
const k = stats(keystroke);
const f = (n: number) => `${n.toFixed(2)} ms`;
console.log(`config: ${lines} lines, ${(text.length / 1024).toFixed(0)} KiB, ${diagnostics} diagnostics; ${ROUNDS} rounds`);
console.log(`full lint        median ${f(l.median)}  p95 ${f(l.p95)}  (target < 50 ms)`);
console.log(`keystroke re-lint median ${f(k.median)}  p95 ${f(k.p95)}`);
console.log(`JSON.parse       median ${f(p.median)}  p95 ${f(p.p95)}  (baseline)`);
console.log(`ratio lint/JSON.parse: median ${(l.median / p.median).toFixed(1)}x`);
