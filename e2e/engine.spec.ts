/**
 * The engine connection: an unreachable engine gets a clear screen (never a blank
 * window) that says which address and why; pointing Settings at the real engine
 * brings the plugins in, without a restart. Its own serve process, its own settings.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { test, expect } from './fixtures';
import { startServe, stopServe } from './serve';
import { E2E_PLUGINS } from './plugins';

let child: ChildProcess;
let url: string;
let home: string;

test.beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'plugsmith-e2e-engine-'));
  ({ child, url } = await startServe({ ...process.env, DOCKER_HOST: 'unix:///nonexistent/plugsmith-e2e.sock', PLUGSMITH_HOME: home }));
});

test.afterAll(async () => {
  await stopServe(child);
  rmSync(home, { recursive: true, force: true });
});

test('an unreachable engine gets a screen that says which and why; Settings fixes it', async ({ page }) => {
  await page.goto(url);
  const screen = page.getByTestId('engine-screen');
  await expect(screen).toContainText('unix:///nonexistent/plugsmith-e2e.sock');
  await expect(screen).toContainText('DOCKER_HOST');
  await expect(screen.getByRole('button', { name: /retry/i })).toBeVisible();

  await page.getByRole('link', { name: /settings/i }).or(page.getByRole('button', { name: /settings/i })).first().click();
  await page.getByLabel(/engine address/i).fill(process.env.PLUGSMITH_TEST_DOCKER_HOST!);
  await page.getByRole('button', { name: /save/i }).click();
  await page.getByRole('link', { name: /plugins/i }).or(page.getByRole('button', { name: /^plugins$/i })).first().click();
  await expect(page.getByTestId(`plugin-row-${E2E_PLUGINS.ok.name}`)).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole('contentinfo')).toContainText(process.env.PLUGSMITH_TEST_DOCKER_HOST!);
});

test('the served page refuses a visitor without the token', async ({ page }) => {
  const bare = new URL(url);
  bare.search = '';
  const res = await page.goto(bare.toString());
  expect(res?.status()).toBe(401);
});
