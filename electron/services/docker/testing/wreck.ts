/**
 * Wrecking a test engine the way issue 15 (item 10) saw it: dockerd SIGKILLed during an enable,
 * after containerd started the plugin's task and before the engine saved the plugin as enabled
 * (the engine waits 500 ms before its first dial, so that window is always there). The engine
 * comes back with the plugin disabled and containerd still holding its container and process.
 *
 * Only for a dockerd the test started itself (scripts/test-env/dockerd.mjs): killing it must not
 * disturb anybody else's. Everything waits on observed state (the task in containerd, the pid gone
 * from /proc), never on a fixed delay. Test helper only, not shipped.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { mountsUnder, removeEngineDir, startDockerd } from '../../../../scripts/test-env/dockerd.mjs';
import { listTasks } from '../containerd';

export type TestDockerd = Awaited<ReturnType<typeof startDockerd>>;

/** The containerd a test dockerd starts for itself (no system containerd here). */
export function containerdSocketOf(d: { execRoot: string }): string {
  return join(d.execRoot, 'containerd', 'containerd.sock');
}

async function until<T>(what: string, f: () => Promise<T | null | undefined | false>, timeoutMs: number, everyMs = 20): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await f().catch(() => null);
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`${what}: not seen within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** SIGKILL, then wait until the process is gone from /proc (dockerd refuses to start while its pidfile's pid exists). */
export async function killDockerd(d: TestDockerd): Promise<void> {
  try {
    process.kill(d.pid, 'SIGKILL');
  } catch {
    // already dead
  }
  await until(`dockerd pid ${d.pid} gone`, async () => !existsSync(`/proc/${d.pid}`), 30_000, 50);
}

/** Starts the engine again on the same folder: same data root, same exec root, same containerd state. */
export function restartDockerd(d: TestDockerd): Promise<TestDockerd> {
  return startDockerd({ dir: d.dir, timeoutMs: 60_000 });
}

/**
 * Kills `d` once containerd runs the task of plugin `id` — started by `enable()` (not awaited:
 * the request dies with the engine). Returns whether the kill landed inside the window, i.e. the
 * enable had not finished: its promise was still pending when the task appeared.
 */
export async function killDuringEnable(d: TestDockerd, id: string, enable: () => Promise<unknown>): Promise<{ landed: boolean; enableError: string | null }> {
  let settled = false;
  let enableError: string | null = null;
  const pending = enable().then(
    () => void (settled = true),
    (e: Error) => {
      settled = true;
      enableError = e.message;
    },
  );
  const socket = containerdSocketOf(d);
  // RUNNING, not just there: a kill while the task is only CREATED leaves another (rarer) state.
  await until(`a running containerd task for ${id.slice(0, 12)}`, async () => settled || (await listTasks(socket)).some((t) => t.id === id && t.status === 'RUNNING'), 60_000);
  const landed = !settled;
  await killDockerd(d);
  await pending;
  return { landed, enableError };
}

/**
 * Stops an engine that was killed and restarted, and removes its folder: each killed dockerd
 * left its data root's bind mount behind (a clean stop of the last one removes only its own), so
 * those are unmounted first — deepest first, a few times for mounts stacked on one path.
 */
export async function stopAndRemove(d: TestDockerd): Promise<void> {
  // Read before the stop removes the plugins: a wrecked plugin's socket folder in the host-wide
  // /run/docker/plugins outlives its removal (the killed engine's task held it), so it goes by id.
  const dir = join(d.dataRoot, 'plugins');
  const ids = existsSync(dir) ? readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory() && /^[0-9a-f]{64}$/.test(e.name)).map((e) => e.name) : [];
  await d.stop();
  for (const id of ids) rmSync(join('/run/docker/plugins', id), { recursive: true, force: true });
  for (let i = 0; i < 10 && mountsUnder(d.dir).length; i++) {
    for (const m of mountsUnder(d.dir).sort((a, b) => b.length - a.length)) {
      try {
        execFileSync('umount', [m], { stdio: 'ignore' });
      } catch {
        // already gone (a stacked mount went with the one above it)
      }
    }
  }
  removeEngineDir(d.dir);
}
