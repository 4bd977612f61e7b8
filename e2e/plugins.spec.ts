/**
 * The Plugins screen against a real engine: toggles, settings, errors in the
 * engine's own words, liveness from the event stream, and a reload mid-enable.
 */
import type { Page } from '@playwright/test';
import type { PluginsSnapshot } from '../electron/ipc/types';
import { test, expect, openApp, docker, pluginEnabled } from './fixtures';
import { E2E_PLUGINS } from './plugins';

const ok = E2E_PLUGINS.ok.name;
const noSocket = E2E_PLUGINS.noSocket.name;
const silent = E2E_PLUGINS.silent.name;

const row = (page: import('@playwright/test').Page, name: string) => page.getByTestId(`plugin-row-${name}`);
const toggle = (page: import('@playwright/test').Page, name: string) => page.getByRole('switch', { name: new RegExp(name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')) });

// Not serial: every test starts from the same state (below), so one failing must not skip the rest.
async function disableAll(): Promise<void> {
  for (const p of Object.values(E2E_PLUGINS)) {
    if (await pluginEnabled(p.name).catch(() => false)) await docker('plugin', 'disable', '--force', p.name).catch(() => undefined);
  }
}
// Every test starts with every fixture disabled, whatever an earlier spec or test left (beforeEach), and
// leaves them so (afterEach), so a failure here cannot break the specs after it either.
test.beforeEach(disableAll);
test.afterEach(disableAll);

/** Every plugins snapshot the page receives over its WebSocket, as the service sent it. */
function recordSnapshots(page: Page): PluginsSnapshot[] {
  const seen: PluginsSnapshot[] = [];
  page.on('websocket', (ws) =>
    ws.on('framereceived', ({ payload }) => {
      try {
        const frame = JSON.parse(String(payload)) as { type?: string; event?: { topic?: string; data?: PluginsSnapshot } };
        if (frame.type === 'event' && frame.event?.topic === 'plugins' && frame.event.data) seen.push(frame.event.data);
      } catch {
        // not JSON: not ours to judge here
      }
    }),
  );
  return seen;
}

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
  await expect(row(page, ok).getByTestId('plugin-health')).toHaveText(/^enabled$/i, { timeout: 30_000 });
  // The CLI twin is of what the switch does next: now that it is on, turning it off.
  await expect(row(page, ok).getByTestId('command-hint')).toContainText(`docker plugin disable ${ok}`);
  await sw.click();
  await expect(sw).toHaveAttribute('aria-checked', 'false', { timeout: 60_000 });
  expect(await pluginEnabled(ok)).toBe(false);
  await expect(row(page, ok).getByTestId('command-hint')).toContainText(`docker plugin enable ${ok}`);
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
  // Which path brought the change is asserted from the snapshots themselves (their reason), not from a
  // short deadline meant to beat the 30 s safety re-read: that one is load-dependent and could also pass
  // when the safety re-read happened to land inside it.
  const snapshots = recordSnapshots(page);
  const enabledIn = (s: PluginsSnapshot) => s.plugins.find((p) => p.name === ok)?.enabled;
  /** The reasons of the snapshots taken since `from` (received after, and stamped after: not a replay) that show the plugin as `enabled`. */
  const reasonsSince = (from: { n: number; at: string }, enabled: boolean) => () =>
    snapshots
      .slice(from.n)
      .filter((s) => s.at >= from.at && enabledIn(s) === enabled)
      .map((s) => s.reason);
  const now = () => ({ n: snapshots.length, at: new Date().toISOString() });
  await openApp(page);
  await expect(toggle(page, ok)).toHaveAttribute('aria-checked', 'false');
  let from = now();
  await docker('plugin', 'enable', ok);
  await expect(toggle(page, ok)).toHaveAttribute('aria-checked', 'true');
  await expect.poll(reasonsSince(from, true)).toContainEqual(expect.stringMatching(/^engine event: enable/));
  from = now();
  await docker('plugin', 'disable', ok);
  await expect(toggle(page, ok)).toHaveAttribute('aria-checked', 'false');
  await expect.poll(reasonsSince(from, false)).toContainEqual(expect.stringMatching(/^engine event: disable/));
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
