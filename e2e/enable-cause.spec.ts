/**
 * A failed enable on the Plugins screen leads, in one click, to its cause in the Doctor — on two
 * different real failures: the example driver that never opens its socket (not Contiv: the
 * plugin's own check is the cause) and the Contiv-shaped stand-in with CONTIV_ROLE=master (its
 * 2019 start script refuses it: the Contiv check is the cause). The Doctor opens on that plugin and
 * runs at once; the verdict's top card is the cause with its consequences folded under it, and no
 * one-click Enable is offered anywhere, since enabling again unchanged fails for certain.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { Engine } from '../electron/services/docker/engine';
import { createFixturePlugin, removePluginQuietly } from '../electron/services/docker/testing/fixtures';
import { createStandin } from '../electron/services/doctor/testing/contiv-standin';
import { test, expect, openApp, pluginEnabled, testEngine } from './fixtures';

const NO_SOCKET = 'plugsmith-e2e/cause-nosocket:latest';
const ROLE = 'plugsmith-e2e/cause-role:latest';
let dir: string;
let engine: Engine;

test.use({ viewport: { width: 1440, height: 1000 } });

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const row = (page: Page, name: string) => page.getByTestId(`plugin-row-${name}`);

test.beforeAll(async () => {
  engine = testEngine();
  await Promise.all([removePluginQuietly(engine, NO_SOCKET), removePluginQuietly(engine, ROLE)]);
  dir = mkdtempSync(join(tmpdir(), 'plugsmith-e2e-cause-'));
  await createFixturePlugin(engine, { name: NO_SOCKET, mode: 'no-socket' });
  await createStandin(engine, { name: ROLE, logDir: mkdtempSync(join(dir, 'log-')), checkModule: false, env: { CONTIV_ROLE: 'master', CONTIV_NETMASTER_PLUGIN_NAME: ROLE } });
});

test.afterAll(async () => {
  if (engine) await Promise.all([removePluginQuietly(engine, NO_SOCKET), removePluginQuietly(engine, ROLE)]);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Enable on the Plugins screen, see it fail, follow the one link to the Doctor and wait for its report. */
async function failThenFollow(page: Page, name: string): Promise<void> {
  await openApp(page);
  await page.getByRole('navigation').getByRole('link', { name: 'Plugins' }).click();
  await page.getByRole('switch', { name: new RegExp(escape(name)) }).click();
  await expect(row(page, name).getByTestId('plugin-error')).toContainText('connect: no such file or directory', { timeout: 60_000 });
  expect(await pluginEnabled(name)).toBe(false);
  await row(page, name).getByTestId('plugin-find-cause').click();
  // The Doctor, on that plugin, running at once; the request is dropped from the address (a reload does not run again).
  await expect(page.getByRole('heading', { level: 1, name: 'Doctor' })).toBeVisible();
  await expect(page).toHaveURL(/#\/doctor$/);
  await expect(page.getByLabel('Plugin (optional)')).toHaveValue(name);
  await expect(page.getByTestId('doctor-summary')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('doctor-summary')).toContainText(name);
}

/** The verdict's top card: the cause to fix first. */
const topCard = (page: Page) => page.getByTestId('doctor-verdict').locator('li.doctor-cause').first();

/** The top card names `check`, fails, folds its consequences (closed, at least one), and offers no Enable anywhere. */
async function causeFirst(page: Page, check: string): Promise<void> {
  await expect(topCard(page)).toHaveAttribute('data-testid', `doctor-cause-${check}`);
  await expect(topCard(page)).toHaveAttribute('data-status', 'fail');
  const folded = topCard(page).getByTestId(`doctor-consequences-${check}`);
  await expect(folded).toBeVisible();
  await expect(folded).not.toHaveAttribute('open', '');
  expect(await folded.locator('li[data-consequence]').count()).toBeGreaterThan(0);
  await expect(folded.locator('li[data-consequence]').first()).toBeHidden();
  await expect(topCard(page)).not.toHaveAttribute('data-action', 'enable-plugin');
  await expect(page.locator('[data-kind="enable-plugin"], [data-action="enable-plugin"]')).toHaveCount(0);
}

test('a plugin that never opens its socket: the top card is its socket check, its own output beside it, and no Enable', async ({ page }) => {
  test.setTimeout(150_000);
  await failThenFollow(page, NO_SOCKET);
  await causeFirst(page, 'plugin-socket');
  const check = page.getByTestId('doctor-check-plugin-socket');
  await expect(check).toHaveAttribute('data-status', 'fail');
  await expect(check).toContainText('its last enable failed');
  await expect(check).toContainText('starting: mode=no-socket');
});

test('the Contiv stand-in with CONTIV_ROLE=master: the top card is the Contiv check, which opens the field instead of enabling', async ({ page }) => {
  test.setTimeout(150_000);
  await failThenFollow(page, ROLE);
  await causeFirst(page, 'contiv-plugin');
  await expect(topCard(page)).toHaveAttribute('data-action', 'open-editor');
  const check = page.getByTestId('doctor-check-contiv-plugin');
  await expect(check).toContainText('CONTIV_ROLE is "master"');
  await expect(check.getByTestId('doctor-action-contiv-plugin')).toHaveAttribute('data-kind', 'open-editor');
});
