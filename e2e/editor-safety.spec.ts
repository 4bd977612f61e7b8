/**
 * The editor's "nothing the user typed is ever lost" promises, end to end on real files:
 * a file changed on disk under unsaved edits (reload / keep mine / save as), drafts that
 * survive a page reload and a close + reopen (and really go when discarded), the diff of
 * the open text against the installed fixture plugin, presets and undo/redo across the raw
 * and form views, and atomic saves with a backup that refuse a read-only file or a vanished
 * folder without losing the text. Every wait is on something the user (or the disk) shows.
 */
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { draftKey } from '../renderer/stores/editor';
import { test, expect, openApp, docker } from './fixtures';
import { E2E_PLUGINS } from './plugins';

const example = join(process.cwd(), 'examples', 'net-driver', 'config.json');
let root: string;

test.beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'plugsmith-e2e-edsafe-'));
});

test.afterAll(() => {
  // A test that failed half-way may leave a file read-only: root removes it anyway.
  rmSync(root, { recursive: true, force: true });
});

/** A fresh folder holding the example driver's config.json, its description set to `description`. */
function configFile(name: string, description: string): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'config.json');
  copyFileSync(example, file);
  setDescription(file, description);
  return file;
}

/** What another program does: rewrites the file, its mtime moved on so the change is unmistakable. */
function setDescription(file: string, description: string, bumpMtime = false): void {
  const before = existsSync(file) ? statSync(file).mtimeMs : 0;
  const text = readFileSync(file, 'utf8').replace(/"description": "[^"]*"/, `"description": ${JSON.stringify(description)}`);
  writeFileSync(file, text);
  // Kernel timestamps are coarse (a tick): make "changed on disk" not depend on the clock.
  if (bumpMtime) utimesSync(file, new Date(), new Date(before + 5_000));
}

const descriptionOnDisk = (file: string) => (JSON.parse(readFileSync(file, 'utf8')) as { description: string }).description;

/** A file under this run's serve home (global setup's PLUGSMITH_HOME), or null when it is not there. */
function homeFile(rel: string): string | null {
  const home = process.env.PLUGSMITH_E2E_HOME;
  if (!home) throw new Error('PLUGSMITH_E2E_HOME is not set by global setup');
  const p = join(home, rel);
  return existsSync(p) ? p : null;
}

/** The previous version files:write keeps: <home>/state/backups/<sha256(path)[:16]>-config.json. */
function backupText(file: string): string | null {
  const p = homeFile(join('state', 'backups', `${createHash('sha256').update(file).digest('hex').slice(0, 16)}-config.json`));
  return p ? readFileSync(p, 'utf8') : null;
}

/** The draft the store wrote for `file` (state:set editor.draft.<hash>): its text, or null when none / cleared. */
function draftOnDisk(file: string | null): string | null {
  const p = homeFile(join('state', 'state', `${draftKey(file)}.json`));
  if (!p) return null;
  const v = JSON.parse(readFileSync(p, 'utf8')) as { text?: string } | null;
  return v?.text ?? null;
}

const raw = (page: Page) => page.getByTestId('editor-raw').locator('.cm-content');
const dirty = (page: Page) => page.getByTestId('editor-dirty');
const descriptionField = (page: Page) => page.getByLabel('Description', { exact: true });
const conflict = (page: Page) => page.getByTestId('editor-conflict');
const draftOffer = (page: Page) => page.getByTestId('editor-draft-offer');
const saveError = (page: Page) => page.getByRole('alert').filter({ hasText: 'Not saved' });
const rawTab = (page: Page) => page.getByRole('tab', { name: 'Raw JSON' });
const formTab = (page: Page) => page.getByRole('tab', { name: 'Form' });

async function openEditor(page: Page): Promise<void> {
  await openApp(page);
  await page.getByRole('navigation').getByRole('link', { name: 'Editor' }).click();
  await expect(page.getByRole('heading', { name: 'config.json editor' })).toBeVisible();
}

/** Opens `file` from the path field (the Open panel is shown first when a document is already open). */
async function openFile(page: Page, file: string): Promise<void> {
  if (await page.getByTestId('editor-file').isVisible()) await page.getByRole('button', { name: 'Open…' }).click();
  await page.getByLabel('File path').fill(file);
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  await expect(page.getByTestId('editor-file')).toHaveText(file);
}

/** A form edit of the top-level description: one input event, one undoable transaction. */
async function typeDescription(page: Page, text: string): Promise<void> {
  await formTab(page).click();
  await descriptionField(page).fill(text);
  await expect(dirty(page)).toBeVisible();
}

async function save(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Save', exact: true }).click();
}

test('back in the window: a change on disk reloads a clean file at once, and under unsaved edits is the conflict before any save', async ({ page }) => {
  const file = configFile('focus', 'disk v1');
  await openEditor(page);
  await openFile(page, file);
  await formTab(page).click();
  await expect(descriptionField(page)).toHaveValue('disk v1');
  // What the browser fires when the user comes back from the other program.
  const comeBack = () => page.evaluate(() => window.dispatchEvent(new Event('focus')));

  setDescription(file, 'theirs v2', true);
  await comeBack();
  await expect(descriptionField(page)).toHaveValue('theirs v2');
  await expect(dirty(page)).toHaveCount(0);

  await typeDescription(page, 'mine v3');
  setDescription(file, 'theirs v4', true);
  await comeBack();
  await expect(conflict(page)).toContainText('changed on disk since it was opened');
  await expect(descriptionField(page)).toHaveValue('mine v3');
  expect(descriptionOnDisk(file)).toBe('theirs v4');
  await conflict(page).getByRole('button', { name: 'Keep mine (overwrite)' }).click();
  await expect(conflict(page)).toHaveCount(0);
  await expect(page.getByTestId('editor-saved')).toBeVisible();
  expect(descriptionOnDisk(file)).toBe('mine v3');
});

test('a file changed on disk under unsaved edits: the save stops and offers reload, keep mine and save as; nothing is lost', async ({ page }) => {
  const file = configFile('changed', 'disk v1');
  await openEditor(page);
  await openFile(page, file);

  // Round 1: reload theirs. Their text comes in; mine stays one Ctrl+Z away.
  await typeDescription(page, 'mine v2');
  setDescription(file, 'theirs v3', true);
  await save(page);
  await expect(conflict(page)).toContainText('The file changed on disk since you opened it');
  await expect(conflict(page)).toContainText(file);
  expect(descriptionOnDisk(file), 'the other program’s text is not overwritten').toBe('theirs v3');
  await expect(dirty(page)).toBeVisible();
  await expect(descriptionField(page)).toHaveValue('mine v2');
  await conflict(page).getByRole('button', { name: 'Reload from disk' }).click();
  await expect(conflict(page)).toHaveCount(0);
  await expect(descriptionField(page)).toHaveValue('theirs v3');
  await expect(dirty(page)).toHaveCount(0);
  await descriptionField(page).press('Control+z');
  await expect(descriptionField(page)).toHaveValue('mine v2');
  await expect(dirty(page)).toBeVisible();
  // Saved on top of the version it reloaded: no conflict, theirs kept as the backup.
  await save(page);
  await expect(page.getByTestId('editor-saved')).toBeVisible();
  expect(descriptionOnDisk(file)).toBe('mine v2');
  expect(JSON.parse(backupText(file) ?? 'null')?.description).toBe('theirs v3');

  // Round 2: keep mine. Theirs is replaced only on the user's word, and kept as the backup.
  await typeDescription(page, 'mine v5');
  setDescription(file, 'theirs v4', true);
  await save(page);
  await expect(conflict(page)).toBeVisible();
  expect(descriptionOnDisk(file)).toBe('theirs v4');
  await conflict(page).getByRole('button', { name: 'Keep mine (overwrite)' }).click();
  await expect(conflict(page)).toHaveCount(0);
  await expect(page.getByTestId('editor-saved')).toBeVisible();
  expect(descriptionOnDisk(file)).toBe('mine v5');
  expect(JSON.parse(backupText(file) ?? 'null')?.description).toBe('theirs v4');

  // Round 3: save as. Mine goes to a new file; theirs stays where it was, untouched.
  await typeDescription(page, 'mine v7');
  setDescription(file, 'theirs v6', true);
  await save(page);
  await expect(conflict(page)).toBeVisible();
  await conflict(page).getByRole('button', { name: 'Save as…' }).click();
  const other = join(root, 'changed', 'mine.json');
  await page.getByLabel('Save to').fill(other);
  await page.getByRole('button', { name: 'Save', exact: true }).last().click();
  await expect(page.getByTestId('editor-file')).toHaveText(other);
  await expect(dirty(page)).toHaveCount(0);
  expect(descriptionOnDisk(other)).toBe('mine v7');
  expect(descriptionOnDisk(file)).toBe('theirs v6');
});

test('drafts come back after a page reload and a close + reopen; a draft older than the file asks before replacing it; discard discards', async ({ page }) => {
  const file = configFile('draft', 'on disk');
  const other = configFile('draft-other', 'another file');
  await openEditor(page);
  await openFile(page, file);

  // One edit in the raw view (workdir "/" → "/srv"), one in the form; neither saved.
  await raw(page).locator('.cm-line', { hasText: '"workdir": "/",' }).click();
  await page.keyboard.press('End');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.type('srv');
  await expect(raw(page)).toContainText('"workdir": "/srv",');
  await typeDescription(page, 'drafted in the form');
  // The draft reaches the disk (state folder) without a save: that is what survives a crash.
  await expect.poll(() => draftOnDisk(file), { intervals: [100] }).toContain('drafted in the form');
  expect(draftOnDisk(file)).toContain('"workdir": "/srv"');
  expect(descriptionOnDisk(file)).toBe('on disk');

  // 1. Reload the page: the file opens as it is on disk, with the draft offered beside it.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'config.json editor' })).toBeVisible();
  await page.getByRole('button', { name: file, exact: true }).click(); // from Recent files
  await expect(page.getByTestId('editor-file')).toHaveText(file);
  await expect(draftOffer(page)).toBeVisible();
  await expect(page.getByTestId('editor-draft-older')).toHaveCount(0);
  await expect(dirty(page)).toHaveCount(0);
  await draftOffer(page).getByRole('button', { name: 'Restore draft' }).click();
  await expect(draftOffer(page)).toHaveCount(0);
  await expect(dirty(page)).toBeVisible();
  await rawTab(page).click();
  await expect(raw(page)).toContainText('"workdir": "/srv",');
  await formTab(page).click();
  await expect(descriptionField(page)).toHaveValue('drafted in the form');

  // 2. Close (open another file) and reopen: offered again; discard really discards.
  await openFile(page, other);
  await expect(draftOffer(page)).toHaveCount(0);
  await openFile(page, file);
  await expect(draftOffer(page)).toBeVisible();
  await formTab(page).click();
  await expect(descriptionField(page)).toHaveValue('on disk');
  await draftOffer(page).getByRole('button', { name: 'Discard draft' }).click();
  await expect(draftOffer(page)).toHaveCount(0);
  await expect.poll(() => draftOnDisk(file), { intervals: [100] }).toBeNull();
  await page.reload();
  await page.getByRole('button', { name: file, exact: true }).click();
  await expect(page.getByTestId('editor-file')).toHaveText(file);
  // The offer is set with the document in one update: once the file shows, its absence is final.
  await expect(draftOffer(page)).toHaveCount(0);
  expect(descriptionOnDisk(file)).toBe('on disk');

  // 3. A draft, then another program changes the file while the window is gone.
  await typeDescription(page, 'drafted before theirs');
  await expect.poll(() => draftOnDisk(file), { intervals: [100] }).toContain('drafted before theirs');
  await page.reload();
  setDescription(file, 'theirs while away', true);
  await page.getByRole('button', { name: file, exact: true }).click();
  await expect(draftOffer(page)).toBeVisible();
  await expect(page.getByTestId('editor-draft-older')).toBeVisible();
  await draftOffer(page).getByRole('button', { name: 'Restore draft' }).click();
  await formTab(page).click();
  await expect(descriptionField(page)).toHaveValue('drafted before theirs');
  await save(page);
  await expect(conflict(page)).toBeVisible();
  expect(descriptionOnDisk(file), 'a restored draft never silently replaces a newer file').toBe('theirs while away');
  await conflict(page).getByRole('button', { name: 'Keep mine (overwrite)' }).click();
  await expect(page.getByTestId('editor-saved')).toBeVisible();
  expect(descriptionOnDisk(file)).toBe('drafted before theirs');
  await expect.poll(() => draftOnDisk(file), { intervals: [100] }).toBeNull();
});

test('the diff compares the open (unsaved) text with the installed plugin, field by field', async ({ page }) => {
  const name = E2E_PLUGINS.ok.name;
  const inspected = JSON.parse(await docker('plugin', 'inspect', '--format', '{{json .}}', name)) as {
    Config: { Description: string; Env: { Name: string; Value: string }[] };
    Settings: { Env: string[] };
  };
  const installed = inspected.Config;
  const debugIndex = installed.Env.findIndex((e) => e.Name === 'DEBUG');
  expect(debugIndex, 'the fixture declares DEBUG').toBeGreaterThanOrEqual(0);
  const file = configFile('diff', installed.Description);
  await openEditor(page);
  await openFile(page, file);

  const panel = page.getByRole('region', { name: 'Compare with an installed plugin' });
  await panel.getByLabel('Plugin name:tag').fill(name);
  await panel.getByRole('button', { name: 'Compare' }).click();
  const table = panel.getByTestId('editor-diff');
  const row = (pointer: string) => table.locator('tbody tr').filter({ has: page.locator('td:first-child', { hasText: new RegExp(`^${pointer}$`) }) });
  // The same config in the example's lower-case keys: only casing, no real difference.
  await expect(table).toBeVisible();
  await expect(table.locator('tbody tr').filter({ hasNotText: 'casing only' })).toHaveCount(0);
  await expect(row('/description')).toContainText('casing only');
  // The plugin's current `docker plugin set` values, apart.
  for (const v of inspected.Settings.Env) await expect(panel.locator('.settings-now')).toContainText(v);

  // Unsaved edits: a new description in the form, DEBUG=1 in the env table, a key the engine ignores.
  await typeDescription(page, 'edited, not saved');
  await page.getByLabel('Value DEBUG').fill('1');
  await rawTab(page).click();
  await raw(page).locator('.cm-line', { hasText: '"workdir": "/",' }).click();
  await page.keyboard.press('End');
  await page.keyboard.type(' "mount": [],');
  await expect(raw(page)).toContainText('"workdir": "/", "mount": [],');
  await panel.getByRole('button', { name: 'Compare' }).click();
  const real = table.locator('tbody tr').filter({ hasNotText: 'casing only' });
  await expect(real).toHaveCount(3);
  await expect(row('/Description')).toContainText('changed');
  await expect(row('/Description')).toContainText(installed.Description);
  await expect(row('/Description')).toContainText('edited, not saved');
  await expect(row(`/Env/${debugIndex}/Value`)).toContainText('changed');
  await expect(row('/mount')).toContainText('ignored');
  expect(descriptionOnDisk(file), 'the diff reads the open text, not the file').toBe(installed.Description);
});

test('presets, and undo/redo across the raw and form views (Ctrl+Z / Ctrl+Shift+Z)', async ({ page }) => {
  const file = configFile('preset', 'file with edits');
  await openEditor(page);
  await openFile(page, file);
  await typeDescription(page, 'unsaved file edit');

  // A preset starts an untitled document; the file's unsaved edit waits as its draft.
  await page.getByRole('button', { name: 'Open…' }).click();
  await page.getByRole('button', { name: 'Blank network driver' }).click();
  await expect(page.getByTestId('editor-file')).toContainText('Untitled (not saved yet)');
  await formTab(page).click();
  await expect(descriptionField(page)).toHaveValue('A network driver');
  await expect.poll(() => draftOnDisk(file), { intervals: [100] }).toContain('unsaved file edit');

  // One keystroke in the raw view (inside the description string), one edit in the form.
  await rawTab(page).click();
  await raw(page).locator('.cm-line', { hasText: '"description": "A network driver",' }).click();
  await page.keyboard.press('End');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('!');
  await expect(raw(page)).toContainText('"description": "A network driver!",');
  await formTab(page).click();
  await expect(descriptionField(page)).toHaveValue('A network driver!');
  await descriptionField(page).fill('form edit');

  // Undo in the form takes back the form edit, then the raw keystroke; redo brings the keystroke back.
  await descriptionField(page).press('Control+z');
  await expect(descriptionField(page)).toHaveValue('A network driver!');
  await descriptionField(page).press('Control+z');
  await expect(descriptionField(page)).toHaveValue('A network driver');
  // Shift+Z as a keyboard sends it (key "Z"): a lowercase "z" with Shift is Ctrl+Z to CodeMirror.
  await descriptionField(page).press('Control+Shift+Z');
  await expect(descriptionField(page)).toHaveValue('A network driver!');
  // The same history in the raw view: redo the form's edit there, undo it again.
  await rawTab(page).click();
  await raw(page).focus();
  await page.keyboard.press('Control+Shift+Z');
  await expect(raw(page)).toContainText('"description": "form edit",');
  await page.keyboard.press('Control+z');
  await expect(raw(page)).toContainText('"description": "A network driver!",');

  // Another preset over this untitled document: one edit, so Ctrl+Z gives the user's text back.
  await page.getByRole('button', { name: 'Open…' }).click();
  await page.getByRole('button', { name: 'Blank volume driver' }).click();
  await expect(raw(page)).toContainText('"description": "A volume driver",');
  await raw(page).focus();
  await page.keyboard.press('Control+z');
  await expect(raw(page)).toContainText('"description": "A network driver!",');
  await page.keyboard.press('Control+Shift+Z');
  await expect(raw(page)).toContainText('"description": "A volume driver",');
  await expect.poll(() => draftOnDisk(null), { intervals: [100] }).toContain('A volume driver');

  // The file's edit was never lost: reopened, its draft is offered and restores.
  await openFile(page, file);
  await expect(draftOffer(page)).toBeVisible();
  await draftOffer(page).getByRole('button', { name: 'Restore draft' }).click();
  await formTab(page).click();
  await expect(descriptionField(page)).toHaveValue('unsaved file edit');
});

test('a save is atomic and keeps a backup; a read-only file or a vanished folder is refused with the text kept', async ({ page }) => {
  const file = configFile('atomic', 'version 1');
  chmodSync(file, 0o640);
  const inode = statSync(file).ino;
  await openEditor(page);
  await openFile(page, file);

  await typeDescription(page, 'version 2');
  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('editor-saved')).toBeVisible();
  await expect(dirty(page)).toHaveCount(0);
  expect(descriptionOnDisk(file)).toBe('version 2');
  expect(JSON.parse(backupText(file) ?? 'null')?.description).toBe('version 1');
  // temp + rename: a new inode under the same name, the mode kept, no temp file left.
  expect(statSync(file).ino).not.toBe(inode);
  expect(statSync(file).mode & 0o777).toBe(0o640);
  expect(readdirSync(join(root, 'atomic'))).toEqual(['config.json']);

  // Read-only: refused in words, nothing written, the text still in the editor; writable again → saves.
  chmodSync(file, 0o444);
  await typeDescription(page, 'version 3');
  await page.keyboard.press('Control+s');
  await expect(saveError(page)).toContainText('is read-only');
  await expect(saveError(page)).toHaveAttribute('data-code', 'files/read-only');
  expect(descriptionOnDisk(file)).toBe('version 2');
  expect(readdirSync(join(root, 'atomic'))).toEqual(['config.json']);
  await expect(dirty(page)).toBeVisible();
  await expect(descriptionField(page)).toHaveValue('version 3');
  chmodSync(file, 0o644);
  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('editor-saved')).toBeVisible();
  await expect(saveError(page)).toHaveCount(0);
  expect(descriptionOnDisk(file)).toBe('version 3');

  // The folder vanishes: not silently re-created, the text kept, and Save as puts it somewhere real.
  const gone = configFile('vanishing', 'before');
  await openFile(page, gone);
  await typeDescription(page, 'typed before the folder went');
  rmSync(join(root, 'vanishing'), { recursive: true });
  await page.keyboard.press('Control+s');
  await expect(saveError(page)).toHaveAttribute('data-code', 'files/no-folder');
  await expect(saveError(page)).toContainText(join(root, 'vanishing'));
  expect(existsSync(join(root, 'vanishing'))).toBe(false);
  await expect(dirty(page)).toBeVisible();
  await expect(descriptionField(page)).toHaveValue('typed before the folder went');
  await page.getByRole('button', { name: 'Save as…' }).click();
  const rescued = join(root, 'atomic', 'rescued.json');
  await page.getByLabel('Save to').fill(rescued);
  await page.getByRole('button', { name: 'Save', exact: true }).last().click();
  await expect(page.getByTestId('editor-file')).toHaveText(rescued);
  await expect(saveError(page)).toHaveCount(0);
  expect(descriptionOnDisk(rescued)).toBe('typed before the folder went');
});
