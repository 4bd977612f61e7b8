/**
 * The Build screen end to end: the repo's own example network driver (examples/net-driver, as a
 * fresh clone has it: no context/) opened by its path, built and enabled in one click through the
 * real pipeline and engine — its declared prepare step (plugsmith.json) shown before Start and run
 * and logged by the build; the log in xterm with the Step lines, the progress bar moving, every
 * stage done, the plugin enabled in `docker plugin inspect`, the log saved as a file, and the log
 * still there after leaving the screen and coming back.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, openApp, docker, pluginEnabled } from './fixtures';

const NAME = 'plugsmith-e2e/built:latest';
const dir = join(process.cwd(), 'examples', 'net-driver');

// Serial: the second and third tests need the plugin the first builds (they also skip, saying so, without it).
test.describe.configure({ mode: 'serial' });
test.use({ viewport: { width: 1440, height: 1000 } });

test.beforeAll(async () => {
  await docker('plugin', 'rm', '--force', NAME).catch(() => undefined);
  // As a fresh clone has it: context/ (gitignored) is the prepare step's to make.
  rmSync(join(dir, 'context'), { recursive: true, force: true });
});

test.afterAll(async () => {
  await docker('plugin', 'rm', '--force', NAME).catch(() => undefined);
});

/** What the terminal shows (xterm draws rows into the DOM). */
const terminalText = (page: Page) => page.getByTestId('build-log').locator('.xterm-rows');
/** Finds text anywhere in the log (scrolled out of view too) with the terminal's own search; resolves to "i of n". */
async function searchLog(page: Page, text: string) {
  const search = page.getByLabel('Search the log');
  await search.fill(text);
  await search.press('Enter');
  return page.getByTestId('log-matches');
}
const progressValue = async (page: Page) => Number((await page.getByTestId('build-progress').getAttribute('aria-valuenow')) ?? -1);

async function openBuildScreen(page: Page) {
  await page.getByRole('navigation').getByRole('link', { name: 'Build' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Build a plugin' })).toBeVisible();
}

/** The app opened on the Build screen with the test's project folder open. */
async function openProject(page: Page) {
  await openApp(page);
  await openBuildScreen(page);
  await page.getByLabel('Project folder path').fill(dir);
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  await expect(page.getByTestId('build-project')).toHaveAttribute('data-layout', 'dockerfile');
}

/** The name typed and Start pressed (the folder open). */
async function startAs(page: Page, name: string) {
  await page.getByLabel('Plugin name:tag').fill(name);
  await page.getByRole('button', { name: 'Start', exact: true }).click();
}

test('builds the example plugin from its folder, enables it in one click, and keeps the log', async ({ page }, testInfo) => {
  test.setTimeout(300_000);
  await openProject(page);
  await expect(page.getByTestId('build-project')).toContainText(join(dir, 'config.json'));
  // The prepare step is said before anything runs.
  await expect(page.getByTestId('build-project')).toContainText('Before building, its prepare step runs on this host, in this folder: node ../prepare-context.mjs --out context (declared in plugsmith.json)');
  // The folder joins the recent list (kept by the service, not the browser).
  await expect(page.getByRole('list', { name: 'Recent folders' })).toContainText(dir);

  await page.getByLabel('Plugin name:tag').fill('plugsmith-e2e/built');
  await expect(page.getByTestId('build-name-note')).toHaveText(`The engine will list it as ${NAME}`);
  await expect(page.getByLabel('Enable after create')).toBeChecked();
  await page.getByRole('button', { name: 'Start', exact: true }).click();

  // Never an empty-looking terminal: it says what is starting (the expect timeout, not a tighter wall-clock
  // bound: on a loaded 2-core machine the first render alone can take seconds).
  await expect(terminalText(page)).toContainText(`Starting build of ${NAME}`);

  // The progress bar moves while the job runs, and the builder's Step lines arrive.
  const seen = new Set<number>();
  const job = page.getByTestId('build-job');
  await expect
    .poll(
      async () => {
        // State first, then the bar: the job's end event sets both in one render, so a bar read after an
        // ended state is the final one (read the other way round, the last sample can miss the end).
        const state = (await job.getAttribute('data-state')) ?? '';
        seen.add(await progressValue(page));
        return state;
      },
      { timeout: 240_000, intervals: [100] },
    )
    .toMatch(/succeeded|failed|cancelled/);
  const outcome = page.getByTestId('build-outcome');
  // Surface the engine's own words if the pipeline failed.
  if ((await job.getAttribute('data-state')) !== 'succeeded') throw new Error(`build ended ${await job.getAttribute('data-state')}: ${await outcome.textContent()}`);
  const values = [...seen].filter((v) => v >= 0).sort((a, b) => a - b);
  expect(values.length, `progress values seen: ${values.join(',')}`).toBeGreaterThanOrEqual(2);
  expect(values[values.length - 1]).toBe(100);

  await expect(outcome).toContainText(`${NAME} is built, created and enabled.`);
  for (const stage of ['build', 'create', 'enable']) await expect(page.getByTestId(`stage-${stage}`)).toHaveAttribute('data-state', 'succeeded');
  await expect(page.getByTestId('stage-enable')).toContainText(`docker plugin enable ${NAME}`);

  // The engine agrees.
  expect(await pluginEnabled(NAME)).toBe(true);
  await page.screenshot({ path: testInfo.outputPath('build-succeeded.png') });

  // The prepare step ran and is in the log, and the entrypoint was checked before create.
  await expect(await searchLog(page, '$ node ../prepare-context.mjs --out context')).toHaveText('1 of 1');
  await expect(await searchLog(page, 'entrypoint /usr/bin/node: in the rootfs and executable')).toHaveText('1 of 1');

  // The builder's steps are in the log: found by the terminal's own search.
  await expect(await searchLog(page, 'Step 1/')).toHaveText(/^1 of \d+$/);

  // Saved as a file through a blob: download (allowed by the CSP; the fixture fails on violations).
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save…' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^build-plugsmith-e2e_built_latest-\d{4}-\d\d-\d\dT\d{6}Z\.log$/);
  const saved = readFileSync(await download.path(), 'utf8');
  expect(saved).toContain(`Starting build of ${NAME}`);
  expect(saved).toMatch(/Step 1\/\d+ : FROM scratch/);

  // Leave the screen and come back: the whole log is replayed into a fresh terminal.
  await page.getByRole('navigation').getByRole('link', { name: 'Plugins' }).click();
  await expect(page.getByTestId(`plugin-row-${NAME}`)).toHaveAttribute('data-enabled', 'true');
  await openBuildScreen(page);
  await expect(page.getByTestId('build-job')).toHaveAttribute('data-state', 'succeeded');
  // The replay is written asynchronously: wait until its last line is drawn, so every search below
  // runs over the whole log (a search that ran first would re-match from the end as lines arrive).
  await expect(terminalText(page)).toContainText(`${NAME} is ready`);
  // The first line is scrolled out of view by now: the search finds it in the replayed scrollback.
  await expect(await searchLog(page, `Starting build of ${NAME}`)).toHaveText('1 of 1');
  await expect(await searchLog(page, 'Step 1/')).toHaveText(/^1 of \d+$/);
  await expect(await searchLog(page, `${NAME} is ready`)).toHaveText(/^1 of \d+$/);
});

test('the same name again is refused as taken, with Replace and New tag offered', async ({ page }) => {
  test.skip(!(await pluginEnabled(NAME).catch(() => false)), 'needs the plugin built by the previous test');
  await openProject(page);
  await startAs(page, NAME);
  await expect(page.getByTestId('build-job')).toHaveAttribute('data-state', 'failed', { timeout: 60_000 });
  await expect(page.getByTestId('build-error')).toHaveAttribute('data-code', 'build/exists');
  await expect(page.getByTestId('build-exists')).toBeVisible();
  // New tag: the name field is focused with the tag selected, ready to type over.
  await page.getByRole('button', { name: 'New tag' }).click();
  await expect(page.getByLabel('Plugin name:tag')).toBeFocused();
  // Replace asks first, and says a failed replace cannot be undone.
  await page.getByRole('button', { name: 'Replace…' }).click();
  const dialog = page.getByRole('dialog', { name: `Replace ${NAME}?` });
  await expect(dialog).toContainText('a failed replace cannot bring it back');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  // The plugin is untouched.
  expect(await pluginEnabled(NAME)).toBe(true);
});

test('replace, reloaded mid-build: the build job is picked up again and ends with the plugin enabled', async ({ page }) => {
  test.setTimeout(300_000);
  test.skip(!(await pluginEnabled(NAME).catch(() => false)), 'needs the plugin built by the first test');
  const before = await docker('plugin', 'inspect', '--format', '{{.Id}}', NAME);
  await openProject(page);
  await startAs(page, NAME);
  await expect(page.getByTestId('build-exists')).toBeVisible({ timeout: 60_000 });
  await page.getByRole('button', { name: 'Replace…' }).click();
  await page.getByRole('dialog', { name: `Replace ${NAME}?` }).getByRole('button', { name: 'Replace' }).click();
  await expect(page.getByTestId('build-job')).toHaveAttribute('data-state', 'running');

  await page.reload();
  // Same screen (the route is in the URL), the same job from the service, its log replayed.
  await expect(page.getByRole('heading', { level: 1, name: 'Build a plugin' })).toBeVisible();
  // Still running (the replace takes tens of seconds; the reload one or two): picked up mid-build.
  await expect(page.getByTestId('build-job')).toHaveAttribute('data-state', 'running');
  await expect(page.getByTestId('build-job')).toHaveAttribute('data-state', 'succeeded', { timeout: 240_000 });
  await expect(terminalText(page)).toContainText(`${NAME} is ready`);
  await expect(await searchLog(page, `Starting build of ${NAME}`)).toHaveText('1 of 1');
  await expect(await searchLog(page, `${NAME} is ready`)).toHaveText(/^1 of \d+$/);
  await expect(page.getByTestId('stage-create')).toHaveAttribute('data-state', 'succeeded');
  expect(await pluginEnabled(NAME)).toBe(true);
  // A new plugin, not the old one left in place.
  expect(await docker('plugin', 'inspect', '--format', '{{.Id}}', NAME)).not.toBe(before);
});
