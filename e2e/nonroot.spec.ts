/**
 * `plugsmith serve` as a non-root user in the docker group — the common desktop
 * setup. Such a user drives the engine but cannot open the root-only plugin socket
 * folder, so the health check must say `skipped: needs root`, never a false
 * "answering" or "not answering". The built CLI and renderer are copied to a
 * folder that user can read (the checkout may sit under root's home).
 */
import { chmodSync, chownSync, cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { execFileSync, type ChildProcess } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect, docker, pluginEnabled } from './fixtures';
import { startServe, stopServe } from './serve';
import { E2E_PLUGINS } from './plugins';

const NOBODY = 65534;
const dockerGid = (() => {
  try {
    return Number(execFileSync('getent', ['group', 'docker'], { encoding: 'utf8' }).split(':')[2]);
  } catch {
    return NaN;
  }
})();
const canSwitchUser = process.getuid?.() === 0 && Number.isInteger(dockerGid);

let child: ChildProcess;
let url: string;
let dir: string;

test.describe('as a docker-group user', () => {
  test.skip(!canSwitchUser, 'needs root (to start serve as another user) and a docker group');

  test.beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'plugsmith-nonroot-'));
    chmodSync(dir, 0o755);
    cpSync('dist/cli.cjs', join(dir, 'cli.cjs'));
    cpSync('dist/renderer', join(dir, 'renderer'), { recursive: true });
    const home = join(dir, 'home');
    mkdirSync(home);
    chownSync(home, NOBODY, dockerGid);
    const started = startServe(
      { PATH: process.env.PATH, HOME: home, PLUGSMITH_HOME: home, DOCKER_HOST: process.env.PLUGSMITH_TEST_DOCKER_HOST },
      { uid: NOBODY, gid: dockerGid },
      [join(dir, 'cli.cjs')],
    );
    ({ child, url } = await started);
  });

  // The switch is expected off at the start: say so rather than inherit what an earlier spec left.
  test.beforeEach(async () => {
    const name = E2E_PLUGINS.ok.name;
    if (await pluginEnabled(name)) await docker('plugin', 'disable', '--force', name);
  });

  test.afterAll(async () => {
    // Left enabled if the test failed half-way: the specs after this one expect it disabled.
    if (await pluginEnabled(E2E_PLUGINS.ok.name).catch(() => false)) await docker('plugin', 'disable', '--force', E2E_PLUGINS.ok.name).catch(() => undefined);
    if (child) await stopServe(child);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('drives the engine, and says the socket check was skipped for want of root', async ({ page }) => {
    const name = E2E_PLUGINS.ok.name;
    await page.goto(url);
    const sw = page.getByRole('switch', { name: new RegExp(name.replace(/[/.]/g, '\\$&')) });
    await expect(sw).toHaveAttribute('aria-checked', 'false');
    await sw.click();
    await expect(sw).toHaveAttribute('aria-checked', 'true', { timeout: 60_000 });
    expect(await pluginEnabled(name)).toBe(true);
    await expect(page.getByTestId(`plugin-row-${name}`).getByTestId('plugin-health')).toHaveText(/not checked: needs root/);
    await sw.click();
    await expect(sw).toHaveAttribute('aria-checked', 'false', { timeout: 60_000 });
  });
});
