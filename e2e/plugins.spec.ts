/**
 * The Plugins screen against a real engine: toggles, settings, errors in the
 * engine's own words, liveness from the event stream, and a reload mid-enable.
 */
import { test, expect, openApp, docker, pluginEnabled } from './fixtures';
import { E2E_PLUGINS } from './plugins';

const ok = E2E_PLUGINS.ok.name;
const noSocket = E2E_PLUGINS.noSocket.name;
const silent = E2E_PLUGINS.silent.name;

const row = (page: import('@playwright/test').Page, name: string) => page.getByTestId(`plugin-row-${name}`);
const toggle = (page: import('@playwright/test').Page, name: string) => page.getByRole('switch', { name: new RegExp(name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')) });

test.describe.configure({ mode: 'serial' });

test.afterEach(async () => {
  // Leave every fixture disabled for the next test, whatever this one did.
  for (const p of Object.values(E2E_PLUGINS)) {
    if (await pluginEnabled(p.name).catch(() => false)) await docker('plugin', 'disable', '--force', p.name).catch(() => undefined);
  }
});

test('lists the example plugin, disabled, with its type in words and the engine version', async ({ page }) => {
  await openApp(page);
  const r = row(page, ok);
  await expect(r).toBeVisible();
  await expect(r).toContainText('network driver');
  await expect(toggle(page, ok)).toHaveAttribute('aria-checked', 'false');
  await expect(page.getByRole('contentinfo')).toContainText(/API 1\.\d+/);
});

test('flips the switch on and off; the engine agrees each time', async ({ page }) => {
  await openApp(page);
  const sw = toggle(page, ok);
  await sw.click();
  await expect(sw).toHaveAttribute('aria-checked', 'true', { timeout: 60_000 });
  expect(await pluginEnabled(ok)).toBe(true);
  // Enabled is checked, not assumed: the plugin answered on its socket.
  await expect(row(page, ok).getByTestId('plugin-health')).toHaveText(/^enabled$/i, { timeout: 15_000 });
  await expect(row(page, ok)).toContainText(`docker plugin enable`);
  await sw.click();
  await expect(sw).toHaveAttribute('aria-checked', 'false', { timeout: 60_000 });
  expect(await pluginEnabled(ok)).toBe(false);
});

test('sets an env value while disabled; docker plugin inspect shows it', async ({ page }) => {
  await openApp(page);
  await row(page, ok).getByRole('button', { name: ok }).click();
  const details = page.getByRole('region', { name: new RegExp(ok.replace(/[/.]/g, '\\$&')) });
  const input = details.getByLabel('DEBUG', { exact: true });
  await input.fill('e2e-value-42');
  await details.getByRole('button', { name: /save/i }).first().click();
  await expect.poll(async () => docker('plugin', 'inspect', '--format', '{{json .Settings.Env}}', ok), { timeout: 15_000 }).toContain('DEBUG=e2e-value-42');
  await expect(details).toContainText(`docker plugin set ${ok} DEBUG=e2e-value-42`);
});

test("shows the engine's error when the plugin never opens its socket, and the switch returns to off", async ({ page }) => {
  await openApp(page);
  const sw = toggle(page, noSocket);
  await sw.click();
  await expect(sw).toHaveAttribute('aria-busy', 'true');
  const err = row(page, noSocket).getByTestId('plugin-error');
  await expect(err).toContainText('connect: no such file or directory', { timeout: 60_000 });
  await expect(sw).toHaveAttribute('aria-checked', 'false');
  expect(await pluginEnabled(noSocket)).toBe(false);
});

test('shows "enabled, not answering" for a plugin that listens and never answers', async ({ page }) => {
  await openApp(page);
  await toggle(page, silent).click();
  await expect(row(page, silent).getByTestId('plugin-health')).toHaveText(/not answering/i, { timeout: 100_000 });
  await expect(toggle(page, silent)).toHaveAttribute('aria-checked', 'true');
});

test('reflects a `docker plugin enable` run from the CLI without a reload', async ({ page }) => {
  await openApp(page);
  await expect(toggle(page, ok)).toHaveAttribute('aria-checked', 'false');
  await docker('plugin', 'enable', ok);
  await expect(toggle(page, ok)).toHaveAttribute('aria-checked', 'true', { timeout: 5_000 });
  await docker('plugin', 'disable', ok);
  await expect(toggle(page, ok)).toHaveAttribute('aria-checked', 'false', { timeout: 5_000 });
});

test('survives a page reload in the middle of an enable', async ({ page }) => {
  await openApp(page);
  const sw = toggle(page, noSocket);
  await sw.click();
  await expect(sw).toHaveAttribute('aria-busy', 'true');
  await page.reload();
  // The job lives in the service: after the reload the switch is still busy, then shows the outcome.
  await expect(toggle(page, noSocket)).toHaveAttribute('aria-busy', 'true');
  await expect(row(page, noSocket).getByTestId('plugin-error')).toContainText('connect: no such file or directory', { timeout: 60_000 });
  await expect(toggle(page, noSocket)).toHaveAttribute('aria-checked', 'false');
});

test('removes an enabled plugin only with Force, after a confirmation', async ({ page }) => {
  const name = E2E_PLUGINS.removable.name;
  await docker('plugin', 'enable', name);
  await openApp(page);
  await expect(toggle(page, name)).toHaveAttribute('aria-checked', 'true');
  await row(page, name).getByRole('button', { name }).click();
  await page.getByRole('button', { name: /remove/i }).first().click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText(`docker plugin rm ${name}`);
  // Without force the engine refuses an enabled plugin: its words are shown, nothing is removed.
  await dialog.getByRole('button', { name: /^remove$/i }).click();
  await expect(dialog.getByTestId('plugin-remove-error')).toContainText(/enabled/i);
  expect(await pluginEnabled(name)).toBe(true);
  await dialog.getByLabel(/force/i).check();
  await expect(dialog).toContainText(`docker plugin rm --force ${name}`);
  await dialog.getByRole('button', { name: /^remove$/i }).click();
  await expect(row(page, name)).toHaveCount(0);
  await expect(docker('plugin', 'inspect', name)).rejects.toThrow(/not found|No such plugin/i);
});
