#!/usr/bin/env node
/**
 * `npm test`: everything, on a fresh Debian machine, as root.
 *  1. installs what the suites need if it is missing (scripts/setup/install-test-deps.sh)
 *  2. builds the app (the e2e suite drives the built renderer through serve mode)
 *  3. starts a private dockerd (own socket, data root, exec root, pidfile) and stops it by pid
 *  4. runs the suites: typecheck, unit, integration (real engine), e2e (Chromium + serve mode)
 *  5. prints one closing line: `N passed, N failed, N skipped` over every suite.
 * A suite that could not run at all is named with the reason and fails the run.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const work = mkdtempSync(join(tmpdir(), 'plugsmith-test-'));
const isRoot = process.getuid?.() === 0;

/** @type {{name: string, passed: number, failed: number, skipped: number, ran: boolean, why?: string}[]} */
const results = [];

function run(cmd, args, opts = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...opts.env } });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
    child.on('error', () => resolve(127));
  });
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

function banner(s) {
  process.stdout.write(`\n━━ ${s} ${'━'.repeat(Math.max(0, 70 - s.length))}\n`);
}

async function vitestSuite(name, project, env) {
  banner(`${name} (vitest --project ${project})`);
  const out = join(work, `${project}.json`);
  const code = await run('npx', ['vitest', 'run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile.json=${out}`], { env });
  const r = readJson(out);
  if (!r) {
    results.push({ name, passed: 0, failed: 0, skipped: 0, ran: false, why: `vitest exited ${code} without a report` });
    return;
  }
  const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  // A file that fails to load, or a runner error, counts as a failure, never as silence.
  let failed = r.numFailedTests ?? 0;
  if (code !== 0 && failed === 0) failed = Math.max(1, r.numFailedTestSuites ?? 0);
  results.push({ name, passed: r.numPassedTests ?? 0, failed, skipped, ran: r.numTotalTests > 0, why: r.numTotalTests > 0 ? undefined : 'no tests found' });
}

async function playwrightSuite(name, env) {
  banner(`${name} (playwright, Chromium, serve mode)`);
  const out = join(work, 'e2e.json');
  const code = await run('npx', ['playwright', 'test', '--reporter=list,json'], { env: { ...env, PLAYWRIGHT_JSON_OUTPUT_NAME: out } });
  const r = readJson(out);
  if (!r?.stats) {
    results.push({ name, passed: 0, failed: 0, skipped: 0, ran: false, why: `playwright exited ${code} without a report` });
    return;
  }
  const s = r.stats;
  const failed = (s.unexpected ?? 0) + (r.errors?.length && !s.unexpected ? 1 : 0);
  results.push({ name, passed: (s.expected ?? 0) + (s.flaky ?? 0), failed: failed || (code !== 0 ? 1 : 0), skipped: s.skipped ?? 0, ran: s.expected + s.unexpected + s.flaky > 0, why: 'no test ran' });
}

async function main() {
  let dockerd = null;
  const stopAll = async () => {
    if (dockerd) {
      const d = dockerd;
      dockerd = null;
      await d.stop().catch((e) => process.stderr.write(`test: stopping dockerd: ${e.message}\n`));
      try {
        const { removeEngineDir } = await import('./test-env/dockerd.mjs');
        removeEngineDir(d.dir);
      } catch (e) {
        process.stderr.write(`test: leaving ${d.dir}: ${e.message}\n`);
      }
    }
  };
  process.on('SIGINT', () => void stopAll().then(() => process.exit(130)));
  process.on('SIGTERM', () => void stopAll().then(() => process.exit(143)));

  try {
    banner('setup');
    const setup = await run('bash', ['scripts/setup/install-test-deps.sh']);
    const setupOk = setup === 0;

    banner('build');
    const buildCode = await run('node', ['scripts/build.mjs']);
    const built = buildCode === 0;

    banner('typecheck (tsc --noEmit)');
    const tsc = await run('npx', ['tsc', '--noEmit', '-p', '.']);
    results.push({ name: 'typecheck', passed: tsc === 0 ? 1 : 0, failed: tsc === 0 ? 0 : 1, skipped: 0, ran: true });

    await vitestSuite('unit', 'unit', {});

    let engineWhy = null;
    if (!isRoot) engineWhy = 'needs root to start a private dockerd';
    else if (!setupOk) engineWhy = 'dockerd/chromium could not be installed (see setup above)';
    if (!engineWhy) {
      banner('private dockerd');
      try {
        const { startDockerd } = await import('./test-env/dockerd.mjs');
        dockerd = await startDockerd({ dir: mkdtempSync('/tmp/psd-') });
        process.stdout.write(`dockerd ${dockerd.pid} on ${dockerd.host}\n`);
      } catch (e) {
        engineWhy = `dockerd did not start: ${e.message}`;
      }
    }
    const engineEnv = dockerd ? { PLUGSMITH_TEST_DOCKER_HOST: dockerd.host } : {};

    if (engineWhy) results.push({ name: 'integration', passed: 0, failed: 0, skipped: 0, ran: false, why: engineWhy });
    else await vitestSuite('integration', 'integration', engineEnv);

    if (engineWhy) results.push({ name: 'e2e', passed: 0, failed: 0, skipped: 0, ran: false, why: engineWhy });
    else if (!built) results.push({ name: 'e2e', passed: 0, failed: 0, skipped: 0, ran: false, why: 'the build failed' });
    else if (!existsSync('/usr/bin/chromium')) results.push({ name: 'e2e', passed: 0, failed: 0, skipped: 0, ran: false, why: 'no /usr/bin/chromium' });
    else await playwrightSuite('e2e', engineEnv);
  } finally {
    await stopAll();
    rmSync(work, { recursive: true, force: true });
  }

  banner('summary');
  let passed = 0,
    failed = 0,
    skipped = 0,
    missing = 0;
  for (const r of results) {
    passed += r.passed;
    failed += r.failed;
    skipped += r.skipped;
    if (!r.ran) missing++;
    process.stdout.write(`  ${r.name.padEnd(12)} ${r.ran ? `${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped` : `DID NOT RUN: ${r.why}`}\n`);
  }
  if (missing) process.stdout.write(`\n${missing} suite(s) did not run; the run fails (run \`npm run test:unit\` for the unit suite alone).\n`);
  process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  process.exitCode = failed || missing ? 1 : 0;
}

main().catch((e) => {
  process.stderr.write(`test: ${e.stack ?? e}\n`);
  process.exitCode = 1;
});
