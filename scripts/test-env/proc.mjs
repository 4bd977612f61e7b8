/**
 * Process handling shared by the test-environment scripts (dockerd, OVS): liveness that
 * treats a zombie as gone, stop-by-pid with a grace period, the tail of a log for errors,
 * and the bits of their CLI form. Never by name: only pids the scripts started (or proved
 * theirs) are signalled.
 */
import { accessSync, constants, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

export function isAlive(pid) {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return err.code === 'EPERM';
  }
  // A zombie still answers kill(0); it has exited all the same.
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** SIGTERM, then SIGKILL after graceMs; resolves with how it ended. `owned` guards against a reused pid. */
export async function killAndWait(pid, { graceMs = 10_000, pollMs = 100, owned = () => true } = {}) {
  if (!pid || !isAlive(pid)) return 'already-exited';
  if (!owned(pid)) return 'not-ours';
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return 'SIGTERM';
    await sleep(pollMs);
  }
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    return 'SIGTERM';
  }
  for (let i = 0; i < 100 && isAlive(pid); i++) await sleep(pollMs);
  return 'SIGKILL';
}

export function logTail(log, lines = 30) {
  try {
    return readFileSync(log, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log written)';
  }
}

export function isExecutable(p) {
  try {
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The CLI form of a script: runs main(argv) only when the file is the entry point (not when
 * imported), and turns a rejection into its message on stderr and exit code 1.
 */
export function runIfMain(moduleUrl, main) {
  if (!process.argv[1] || resolve(process.argv[1]) !== fileURLToPath(moduleUrl)) return;
  main(process.argv.slice(2)).catch((err) => {
    process.stderr.write(`${err.message}\n`);
    process.exitCode = 1;
  });
}
