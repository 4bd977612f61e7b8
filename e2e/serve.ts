/** Starts the built `plugsmith serve` as a child process and reads the URL it prints. */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A copy of the built app (dist/cli.cjs + dist/renderer) for this run: a `node scripts/build.mjs` run
 * meanwhile (by hand, or by another suite on a shared machine) rewrites dist/renderer, and a serve
 * reading it mid-rewrite answers "Not found". Global setup makes it; every spec's serve uses it.
 */
export function snapshotBuiltApp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'plugsmith-e2e-app-'));
  cpSync(join('dist', 'cli.cjs'), join(dir, 'cli.cjs'));
  cpSync(join('dist', 'renderer'), join(dir, 'renderer'), { recursive: true });
  return dir;
}

/** The argv that runs the CLI: the run's copy when global setup made one, else the checkout's. */
export function cliEntry(): string[] {
  const app = process.env.PLUGSMITH_E2E_APP;
  return app ? [join(app, 'cli.cjs')] : ['bin/plugsmith.cjs'];
}

/** Generous: the CLI bundle's start on a loaded 2-core machine (Chromium, dockerd, OVS, another suite) can take seconds. */
const READY_MS = 60_000;

export async function startServe(
  env: NodeJS.ProcessEnv,
  extra: SpawnOptions = {},
  entry: string[] = cliEntry(),
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [...entry, 'serve', '--no-open', '--port', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'], ...extra });
  let out = '';
  let err = '';
  child.stderr!.on('data', (c) => (err += c));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`plugsmith serve printed no URL in ${READY_MS / 1000} s\n${out}\n${err}`)), READY_MS);
      child.stdout!.on('data', (c) => {
        out += c;
        const m = /Open: (http\S+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
      child.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`plugsmith serve exited ${code}\n${out}\n${err}`));
      });
    });
    return { child, url };
  } catch (e) {
    // The caller never gets the child on failure: stop it here, or it outlives the run.
    await stopServe(child);
    throw e;
  }
}

/** SIGTERM, then SIGKILL if it has not exited after `graceMs` (a hung serve must not hang the teardown). */
export async function stopServe(child: ChildProcess, graceMs = 15_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
