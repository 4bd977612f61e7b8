/**
 * Install from a registry end to end: the example driver pushed to a real registry (Debian
 * docker-registry on 127.0.0.1) with a mount and capabilities in its config; in the UI the
 * reference is inspected, the consent screen lists every privilege in plain words, Cancel
 * installs nothing, Accept installs and enables it, and the Plugins list shows it; its details
 * push it back to the registry under its alias (the push job's progress and outcome shown).
 */
import { Engine } from '../electron/services/docker/engine';
import { createFixturePlugin, removePluginQuietly } from '../electron/services/docker/testing/fixtures';
import { pushPlugin } from '../electron/services/build/push';
import { startRegistry, type Registry } from '../electron/services/build/testing/registry';
import { test, expect, openApp, docker, pluginEnabled } from './fixtures';

let ALIAS = '';
let reg: Registry;
let engine: Engine;
let reference: string;

test.use({ viewport: { width: 1440, height: 1000 } });

test.beforeAll(async () => {
  test.setTimeout(240_000);
  reg = await startRegistry();
  // Named after the registry, so its Push goes back there (never to Docker Hub).
  ALIAS = `${reg.address}/e2e/installed:1`;
  engine = new Engine({ dockerHost: process.env.DOCKER_HOST, env: {} });
  reference = `${reg.address}/e2e/installable:1.0`;
  await createFixturePlugin(engine, {
    name: reference,
    mode: 'ok',
    configure: (c) => {
      c.linux = { capabilities: ['CAP_NET_ADMIN'] };
    },
  });
  await pushPlugin(engine, reference, null, { log: () => undefined });
  // Only in the registry from now on.
  await removePluginQuietly(engine, reference);
});

test.afterAll(async () => {
  if (engine && ALIAS) await removePluginQuietly(engine, ALIAS);
  // Normally gone at the end of beforeAll; still there if the push in it failed.
  if (engine && reference) await removePluginQuietly(engine, reference);
  await reg?.stop();
});

test('the consent screen lists the privileges; Cancel installs nothing; Accept installs it and the list shows it', async ({ page }) => {
  test.setTimeout(180_000);
  await openApp(page);
  await page.getByRole('navigation').getByRole('link', { name: 'Install' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Install from a registry' })).toBeVisible();

  await page.getByLabel('Plugin reference').fill(reference);
  await page.getByLabel('Install as (alias, optional)').fill(ALIAS);
  await page.getByRole('button', { name: 'Inspect' }).click();

  const consent = page.getByTestId('consent');
  await expect(consent.getByRole('heading', { name: `${reference} asks for these privileges` })).toBeVisible();
  const items = consent.getByTestId('privilege');
  await expect(items).toHaveCount(3);
  await expect(items.nth(0)).toHaveAttribute('data-name', 'network');
  await expect(items.nth(0)).toContainText('host’s network namespace');
  await expect(items.nth(1)).toHaveAttribute('data-name', 'mount');
  await expect(items.nth(1)).toContainText('The host path /var/log is mounted into the plugin');
  await expect(items.nth(2)).toHaveAttribute('data-name', 'capabilities');
  await expect(items.nth(2)).toContainText('CAP_NET_ADMIN');
  await expect(consent).toContainText(`docker plugin install --grant-all-permissions --alias ${ALIAS} ${reference}`);

  // Refused: nothing is installed, what was typed stays.
  await consent.getByRole('button', { name: 'Cancel' }).click();
  await expect(consent).toBeHidden();
  await expect(page.getByLabel('Plugin reference')).toHaveValue(reference);
  await expect(docker('plugin', 'inspect', ALIAS)).rejects.toThrow(/No such plugin|not found/i);

  await page.getByRole('button', { name: 'Inspect' }).click();
  await page.getByTestId('consent-accept').click();
  const run = page.getByTestId('install-run');
  await expect(run).toBeVisible();
  await expect(page.getByTestId('install-result')).toContainText(`${ALIAS} is installed and enabled.`, { timeout: 120_000 });
  await expect(run).toHaveAttribute('data-state', 'succeeded');
  expect(await pluginEnabled(ALIAS)).toBe(true);

  await page.getByTestId('install-result').getByRole('link', { name: /plugins/i }).click();
  const row = page.getByTestId(`plugin-row-${ALIAS}`);
  await expect(row).toBeVisible();
  await expect(row).toHaveAttribute('data-enabled', 'true');

  // Its details offer upgrade and push; push sends it to the registry its name points at.
  await row.getByRole('button', { name: ALIAS }).click();
  const details = page.getByTestId('plugin-details');
  await expect(details.getByTestId('upgrade-open')).toBeVisible();
  await details.getByTestId('push-button').click();
  await expect(details.getByTestId('push-run')).toHaveAttribute('data-state', 'succeeded', { timeout: 120_000 });
  await expect(details.getByTestId('push-run')).toContainText(`${ALIAS} is pushed.`);
  const tags = (await (await fetch(`http://${reg.address}/v2/e2e/installed/tags/list`)).json()) as { tags: string[] };
  expect(tags.tags).toEqual(['1']);
});
