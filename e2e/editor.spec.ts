/**
 * The config.json editor end to end: the seed's Contiv config opened from a real
 * folder through serve mode, judged by the model as the engine would (0 errors,
 * Contiv 2017 detected), a syntax error appearing and going away as you type, a
 * form edit landing in the raw text with the user's own key casing, a save that
 * reaches the disk and keeps a backup, and the "did you mean" warning for `mount`.
 */
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, openApp } from './fixtures';

const shared = join(process.cwd(), '..', 'shared');
let dir: string;
let file: string;

test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'plugsmith-e2e-editor-'));
  file = join(dir, 'config.json');
  copyFileSync(join(shared, 'contiv', 'seed-config.json'), file);
  // copyFileSync keeps the seed's mode, and the seed is read-only (0444): the editor rightly refuses to
  // save over a read-only file, so the user's own writable copy is what this test edits.
  chmodSync(file, 0o644);
});

test.afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const raw = (page: Page) => page.getByTestId('editor-raw').locator('.cm-content');
const errors = (page: Page) => page.getByTestId('editor-error-count');
const diagnostics = (page: Page) => page.getByRole('region', { name: 'Problems' });

/**
 * Where the serve process keeps backups: <home>/state/backups/<sha256(path)[:16]>-config.json (files.ts).
 * In this run's serve home only (global setup names it), not any plugsmith-e2e-home-* a parallel or
 * earlier run left in /tmp.
 */
function backupOf(path: string): string | null {
  const home = process.env.PLUGSMITH_E2E_HOME;
  if (!home) throw new Error('PLUGSMITH_E2E_HOME is not set by global setup');
  const p = join(home, 'state', 'backups', `${createHash('sha256').update(path).digest('hex').slice(0, 16)}-config.json`);
  return existsSync(p) ? p : null;
}

test('opens the seed config, lints as you type, edits through the form, saves with a backup', async ({ page }) => {
  await openApp(page);
  await page.getByRole('navigation').getByRole('link', { name: 'Editor' }).click();
  await page.getByLabel('File path').fill(file);
  await page.getByRole('button', { name: 'Open', exact: true }).click();

  // Judged like the engine: accepted (0 errors), and the 2017 Contiv layout is recognised.
  await expect(page.getByTestId('editor-profile')).toHaveText(/Contiv 2017/);
  await expect(errors(page)).toHaveText('0 error(s)');
  await expect(page.getByTestId('contiv-panel')).toContainText('plugin_role');

  // A trailing comma after the last member: an error, with its line, in the list.
  await raw(page).click();
  await page.keyboard.press('Control+End');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('End');
  await page.keyboard.type(',');
  await expect(errors(page)).toHaveText('1 error(s)');
  const lines = readFileSync(file, 'utf8').split('\n').length;
  await expect(diagnostics(page).locator('.diag-error')).toContainText(new RegExp(`line (${lines - 2}|${lines - 1}):`));
  await expect(page.getByTestId('editor-dirty')).toBeVisible();
  // While it does not parse, Privileges and the Contiv panel keep the last good view, marked
  // stale — not "asks for no privileges", not a vanished panel.
  const privileges = page.getByTestId('privileges-panel');
  await expect(privileges).toHaveAttribute('data-stale', 'yes');
  await expect(privileges.getByTestId('editor-privileges')).toBeVisible();
  await expect(privileges).not.toContainText('asks for no privileges');
  await expect(page.getByTestId('contiv-panel')).toHaveAttribute('data-stale', 'yes');
  await expect(page.getByTestId('contiv-panel')).toContainText('plugin_role');
  await page.keyboard.press('Backspace');
  await expect(errors(page)).toHaveText('0 error(s)');
  await expect(privileges).toHaveAttribute('data-stale', 'no');
  await expect(page.getByTestId('contiv-panel')).toHaveAttribute('data-stale', 'no');

  // The form edits the same text: the top-level key stays `description`, the env entry's stays `Description`.
  await page.getByRole('tab', { name: 'Form' }).click();
  await page.getByLabel('Description', { exact: true }).fill('Contiv, edited in Plugsmith');
  await page.getByLabel('Description dbg_flag').fill('Debug: -debug or empty');
  await page.getByRole('tab', { name: 'Raw JSON' }).click();
  // CodeMirror draws only the lines in view: go to the top, where both edits are.
  await raw(page).click();
  await page.keyboard.press('Control+Home');
  await expect(raw(page)).toContainText('"description": "Contiv, edited in Plugsmith"');
  await expect(raw(page)).toContainText('"Description": "Debug: -debug or empty"');
  await expect(raw(page)).not.toContainText('"Description": "Contiv, edited in Plugsmith"');

  // Ctrl+S: on disk, the previous version kept as a backup.
  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('editor-saved')).toBeVisible();
  await expect(page.getByTestId('editor-dirty')).toHaveCount(0);
  const onDisk = readFileSync(file, 'utf8');
  expect(JSON.parse(onDisk).description).toBe('Contiv, edited in Plugsmith');
  expect(JSON.parse(onDisk).env[0].Description).toBe('Debug: -debug or empty');
  const backup = backupOf(file);
  expect(backup, 'a backup of the previous version').not.toBeNull();
  expect(JSON.parse(readFileSync(backup!, 'utf8')).description).toBe('Contiv network plugin for Docker');

  // `mount` instead of `mounts`: the engine ignores it, the editor says what was meant.
  await raw(page).focus();
  await page.keyboard.press('Control+End'); // the mounts are in the lower half
  await page.locator('.cm-line', { hasText: '"mounts": [' }).click();
  await page.keyboard.press('End');
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('Backspace');
  await expect(raw(page)).toContainText('"mount": [');
  const warning = diagnostics(page).locator('.diag-warning', { hasText: /did you mean[^]*mounts/i });
  await expect(warning).toHaveCount(1);
  await expect(warning).toContainText('mount');
  await expect(errors(page)).toHaveText('0 error(s)');

  await page.screenshot({ path: join(process.cwd(), 'test-results', 'editor.png'), fullPage: false });
  await page.getByRole('tab', { name: 'Form' }).click();
  await expect(page.getByTestId('editor-form')).toContainText('CAP_SYS_MODULE');
  await page.screenshot({ path: join(process.cwd(), 'test-results', 'editor-form.png'), fullPage: false });
});
