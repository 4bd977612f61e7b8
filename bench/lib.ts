/**
 * What the benches share: the tests' engine (given, or a private dockerd started here), Debian's
 * Chromium launched the same way, and the summary statistics they print. Bench helper only, not shipped.
 */
import { chromium, type Browser } from 'playwright-core';
import { mkdtempSync } from 'node:fs';

/** The value at fraction q of the sorted samples (0.5: the median, 0.95: p95). */
export function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

export const median = (xs: number[]): number => quantile(xs, 0.5);

/** A private dockerd: PLUGSMITH_TEST_DOCKER_HOST's, else one started here (root only). */
export async function engineHost(): Promise<{ host: string; stop: () => Promise<void> }> {
  const given = process.env.PLUGSMITH_TEST_DOCKER_HOST;
  if (given) return { host: given, stop: async () => {} };
  if (process.getuid?.() !== 0) throw new Error('needs root to start a private dockerd (or set PLUGSMITH_TEST_DOCKER_HOST)');
  const { startDockerd } = await import('../scripts/test-env/dockerd.mjs');
  const d = await startDockerd({ dir: mkdtempSync('/tmp/psb-') });
  return { host: d.host as string, stop: async () => void (await d.stop()) };
}

/**
 * Debian's Chromium (PLUGSMITH_CHROMIUM for another), headless, with nothing of its own running
 * in the background. `gpu: true` keeps the GPU process: WebGL then runs on SwiftShader (software),
 * as on a machine without a GPU.
 */
export function launchChromium({ gpu = false, args = [] }: { gpu?: boolean; args?: string[] } = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.PLUGSMITH_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', ...(gpu ? [] : ['--disable-gpu']), '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', ...args],
  });
}
