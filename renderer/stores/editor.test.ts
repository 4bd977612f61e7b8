import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FileContent } from '../../electron/ipc/types';
import { createEditorStore, draftKey, isDirty, RECENT_KEY, type TextChange } from './editor';
import { createTestApi } from './test-double';

/** An in-memory disk and state store behind the contract's files:* and state:* entries. */
function world() {
  /** `ino` stands for the file's identity: a save (temp + rename) or a link swap makes a new one. */
  const files = new Map<string, { text: string; mtimeMs: number; ino: number }>();
  let inodes = 0;
  const state = new Map<string, unknown>();
  let clock = 1000;
  /** Paths the files service reads cut (it stops at 4 MB): only the first 16 characters come back. */
  const cut = new Set<string>();
  const content = (path: string): FileContent => {
    const f = files.get(path)!;
    if (cut.has(path)) return { path, text: f.text.slice(0, 16), size: f.text.length, mtimeMs: f.mtimeMs, truncated: true, identity: `ino-${f.ino}` };
    return { path, text: f.text, size: f.text.length, mtimeMs: f.mtimeMs, truncated: false, identity: `ino-${f.ino}` };
  };
  const t = createTestApi({
    'files:allow': ({ folder }) => ({ folder }),
    'files:read': ({ path }) => {
      if (!files.has(path)) return Promise.reject({ code: 'files/not-found', message: `${path} does not exist` });
      return content(path);
    },
    'files:write': ({ path, text, expectedMtimeMs, expectedIdentity }) => {
      const f = files.get(path);
      if (f && expectedMtimeMs !== undefined && f.mtimeMs !== expectedMtimeMs) {
        return Promise.reject({ code: 'files/changed-on-disk', message: `${path} changed on disk since it was opened` });
      }
      if (f && expectedIdentity !== undefined && expectedIdentity !== `ino-${f.ino}`) {
        return Promise.reject({ code: 'files/changed-on-disk', message: `${path} is another file on disk than the one opened` });
      }
      files.set(path, { text, mtimeMs: ++clock, ino: ++inodes });
      return content(path);
    },
    'files:check': ({ path, expectedMtimeMs }) => {
      const f = files.get(path);
      if (!f) return Promise.reject({ code: 'files/changed-on-disk', message: `${path} was deleted on disk since it was opened`, detail: `expected mtime ${expectedMtimeMs}, found no file` });
      if (f.mtimeMs !== expectedMtimeMs) return Promise.reject({ code: 'files/changed-on-disk', message: `${path} changed on disk since it was opened`, detail: `expected mtime ${expectedMtimeMs}, found ${f.mtimeMs}` });
      return { path, mtimeMs: f.mtimeMs };
    },
    'state:get': ({ key }) => (state.has(key) ? state.get(key) : null),
    'state:set': ({ key, value }) => {
      state.set(key, value);
      return null;
    },
  });
  const touch = (path: string, text: string) => files.set(path, { text, mtimeMs: ++clock, ino: ++inodes });
  /** A link swapped to another file with the same mtime: only the identity tells. */
  const swap = (path: string, text: string) => files.set(path, { text, mtimeMs: files.get(path)!.mtimeMs, ino: ++inodes });
  return { ...t, files, state, touch, swap, cut };
}

describe('editor store', () => {
  it('opens the file\'s folder for the files service, and saves only over the very file it read', async () => {
    const w = world();
    w.touch('/p/config.json', '{"a": 1}');
    const store = createEditorStore(w.api);
    await store.getState().openFile('/p/config.json');
    // The user opened it by hand: its folder, as it is now.
    expect(w.calls.slice(0, 2).map((c) => [c.method, c.args])).toEqual([['files:allow', { folder: '/p', again: true }], ['files:read', { path: '/p/config.json' }]]);
    store.getState().edit('{"a": 2}');
    expect(await store.getState().save()).toBe(true);
    // A save makes a new file (temp + rename): the next save carries the new identity.
    store.getState().edit('{"a": 3}');
    expect(await store.getState().save()).toBe(true);
    expect(w.calls.filter((c) => c.method === 'files:write').map((c) => (c.args as { expectedIdentity?: string }).expectedIdentity)).toEqual(['ino-1', 'ino-2']);
    // A link swapped to another file, same mtime: the save is the conflict, nothing written.
    w.swap('/p/config.json', 'other');
    store.getState().edit('{"a": 4}');
    expect(await store.getState().save()).toBe(false);
    expect(store.getState().conflict).toMatchObject({ code: 'files/changed-on-disk' });
    expect(w.files.get('/p/config.json')?.text).toBe('other');
    // Save as: the target folder is opened without `again` (a folder that became another is refused).
    expect(await store.getState().saveAs('/q/copy.json')).toBe(true);
    expect(w.calls.filter((c) => c.method === 'files:allow').at(-1)?.args).toEqual({ folder: '/q' });
    expect(w.calls.filter((c) => c.method === 'files:write').at(-1)?.args).not.toHaveProperty('expectedIdentity');
  });

  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const settle = async () => {
    // flush() is a setTimeout too: with fake timers, running them all is the flush.
    await vi.runAllTimersAsync();
  };

  it('saves a draft half a second after typing stops, and clears it when the text is back to the file', async () => {
    const w = world();
    w.touch('/p/config.json', '{}');
    const store = createEditorStore(w.api);
    await store.getState().openFile('/p/config.json');
    store.getState().edit('{"a"');
    store.getState().edit('{"a": 1}');
    await vi.advanceTimersByTimeAsync(400);
    expect(w.state.has(draftKey('/p/config.json'))).toBe(false); // still typing
    await vi.advanceTimersByTimeAsync(200);
    expect(w.state.get(draftKey('/p/config.json'))).toMatchObject({ path: '/p/config.json', text: '{"a": 1}' });
    expect(w.calls.filter((c) => c.method === 'state:set' && (c.args as { key: string }).key.startsWith('editor.draft')).length).toBe(1);
    store.getState().edit('{}');
    await settle();
    expect(w.state.get(draftKey('/p/config.json'))).toBeNull();
  });

  it('offers a draft that differs from the file on open, restores it through the document sink', async () => {
    const w = world();
    w.touch('/p/config.json', '{"description": "disk"}');
    w.state.set(draftKey('/p/config.json'), { path: '/p/config.json', text: '{"description": "mine"}', baseMtimeMs: 1, savedAt: 'x' });
    const store = createEditorStore(w.api);
    await store.getState().openFile('/p/config.json');
    expect(store.getState().draftOffer?.text).toBe('{"description": "mine"}');
    const replaced: string[] = [];
    store.getState().attachSink({ apply: () => undefined, replace: (t) => (replaced.push(t), store.getState().edit(t)) });
    store.getState().restoreDraft();
    expect(replaced).toEqual(['{"description": "mine"}']);
    expect(isDirty(store.getState())).toBe(true);
    expect(store.getState().draftOffer).toBeNull();
    expect(w.state.get(RECENT_KEY)).toEqual(['/p/config.json']);
  });

  it('never opens a file the service read cut, nor reloads one over the user\'s text: a save would cut the file on disk', async () => {
    const w = world();
    const big = `{"description": "${'x'.repeat(64)}"}`;
    w.touch('/p/big.json', big);
    w.cut.add('/p/big.json');
    const store = createEditorStore(w.api);
    expect(await store.getState().openFile('/p/big.json')).toBe(false);
    expect(store.getState().open).toBe(false);
    expect(store.getState().openError).toMatchObject({ code: 'editor/too-large' });
    expect(store.getState().openError?.message).toMatch(/^\/p\/big\.json is 0\.0 MB: too large to edit here/);

    // Open while whole, grown past the limit on disk, then "Reload from disk": refused, the text stays.
    w.touch('/p/grows.json', '{"a": 1}');
    await store.getState().openFile('/p/grows.json');
    store.getState().edit('{"a": 2}');
    w.touch('/p/grows.json', big);
    w.cut.add('/p/grows.json');
    await store.getState().reloadFromDisk();
    expect(store.getState().text).toBe('{"a": 2}');
    expect(store.getState().saveError).toMatchObject({ code: 'editor/too-large' });
    expect(w.calls.some((c) => c.method === 'files:write')).toBe(false);
  });

  it('on focus: a file changed on disk reloads when clean, becomes the conflict under unsaved edits, and a deleted one says so', async () => {
    const w = world();
    w.touch('/p/config.json', '{"a": 1}');
    const store = createEditorStore(w.api);
    await store.getState().openFile('/p/config.json');
    await store.getState().checkDisk();
    expect(store.getState().conflict).toBeNull(); // unchanged: nothing happens

    w.touch('/p/config.json', '{"a": 2}');
    await store.getState().checkDisk();
    expect(store.getState().text).toBe('{"a": 2}');
    expect(store.getState().diskText).toBe('{"a": 2}');
    expect(store.getState().conflict).toBeNull();

    store.getState().edit('{"a": 3}');
    w.touch('/p/config.json', '{"a": 4}');
    await store.getState().checkDisk();
    expect(store.getState().text).toBe('{"a": 3}'); // the user's text is never replaced unasked
    expect(store.getState().conflict).toMatchObject({ code: 'files/changed-on-disk' });
    expect(store.getState().conflict?.message).toMatch(/changed on disk since it was opened/);

    store.getState().dismissConflict();
    w.files.delete('/p/config.json');
    // focus and visibilitychange come together: one look at the disk, not two.
    const looks = () => w.calls.filter((c) => c.method === 'files:check').length;
    const before = looks();
    await Promise.all([store.getState().checkDisk(), store.getState().checkDisk()]);
    expect(looks() - before).toBe(1);
    expect(store.getState().conflict?.message).toMatch(/was deleted on disk since it was opened/);
    expect(store.getState().text).toBe('{"a": 3}');
    expect(w.calls.some((c) => c.method === 'files:write')).toBe(false);
  });

  it('does not offer a draft equal to the file', async () => {
    const w = world();
    w.touch('/p/c.json', '{}');
    w.state.set(draftKey('/p/c.json'), { path: '/p/c.json', text: '{}', baseMtimeMs: 1, savedAt: 'x' });
    const store = createEditorStore(w.api);
    await store.getState().openFile('/p/c.json');
    expect(store.getState().draftOffer).toBeNull();
  });

  it('saves with the mtime it read; a file changed on disk becomes a conflict, resolved by overwrite or reload', async () => {
    const w = world();
    w.touch('/p/c.json', '{"v": 1}');
    const store = createEditorStore(w.api);
    await store.getState().openFile('/p/c.json');
    store.getState().edit('{"v": 2}');
    expect(await store.getState().save()).toBe(true);
    expect(w.files.get('/p/c.json')!.text).toBe('{"v": 2}');
    expect(isDirty(store.getState())).toBe(false);
    await settle();
    expect(w.state.get(draftKey('/p/c.json'))).toBeNull();

    // Someone else writes the file; our save must not clobber it.
    w.touch('/p/c.json', '{"v": "theirs"}');
    store.getState().edit('{"v": 3}');
    expect(await store.getState().save()).toBe(false);
    expect(store.getState().conflict?.code).toBe('files/changed-on-disk');
    expect(w.files.get('/p/c.json')!.text).toBe('{"v": "theirs"}');

    // Reload: their text comes in as an edit (one undo away from mine).
    await store.getState().reloadFromDisk();
    expect(store.getState().text).toBe('{"v": "theirs"}');
    expect(store.getState().conflict).toBeNull();
    expect(isDirty(store.getState())).toBe(false);

    // Keep mine: overwrite.
    w.touch('/p/c.json', '{"v": "again"}');
    store.getState().edit('{"v": 4}');
    expect(await store.getState().save()).toBe(false);
    expect(await store.getState().overwrite()).toBe(true);
    expect(w.files.get('/p/c.json')!.text).toBe('{"v": 4}');
  });

  it('an untitled preset keeps its draft under the untitled key and moves to its file on Save as', async () => {
    const w = world();
    const store = createEditorStore(w.api);
    store.getState().newDocument('{"description": ""}');
    expect(isDirty(store.getState())).toBe(true);
    expect(await store.getState().save()).toBe(false);
    expect(store.getState().saveError?.code).toBe('editor/no-path');
    await settle();
    expect(w.state.get('editor.draft.untitled')).toMatchObject({ path: null, text: '{"description": ""}' });

    // After a crash: a new window finds the untitled draft.
    const again = createEditorStore(w.api);
    await again.getState().init();
    expect(again.getState().untitledDraft?.text).toBe('{"description": ""}');
    again.getState().restoreUntitled();
    expect(again.getState().text).toBe('{"description": ""}');

    expect(await again.getState().saveAs('/p/new.json')).toBe(true);
    expect(w.files.get('/p/new.json')!.text).toBe('{"description": ""}');
    expect(w.state.get('editor.draft.untitled')).toBeNull();
    expect(again.getState().path).toBe('/p/new.json');
  });

  it('a draft made on an older version of the file saves against that version: a conflict, never a silent overwrite', async () => {
    const w = world();
    w.touch('/p/c.json', '{"v": "base"}');
    const first = createEditorStore(w.api);
    await first.getState().openFile('/p/c.json');
    first.getState().edit('{"v": "draft"}');
    await settle();
    // The window goes away; another program changes the file; the user comes back.
    w.touch('/p/c.json', '{"v": "theirs"}');
    const store = createEditorStore(w.api);
    await store.getState().openFile('/p/c.json');
    expect(store.getState().draftOffer?.text).toBe('{"v": "draft"}');
    store.getState().restoreDraft();
    expect(await store.getState().save()).toBe(false);
    expect(store.getState().conflict?.code).toBe('files/changed-on-disk');
    expect(w.files.get('/p/c.json')!.text).toBe('{"v": "theirs"}');
    expect(store.getState().text).toBe('{"v": "draft"}');
    // The user chose: theirs goes, mine stays.
    expect(await store.getState().overwrite()).toBe(true);
    expect(w.files.get('/p/c.json')!.text).toBe('{"v": "draft"}');
  });

  it('a draft made on the file as it is still saves without a conflict', async () => {
    const w = world();
    w.touch('/p/c.json', '{"v": "base"}');
    const first = createEditorStore(w.api);
    await first.getState().openFile('/p/c.json');
    first.getState().edit('{"v": "draft"}');
    await settle();
    const store = createEditorStore(w.api);
    await store.getState().openFile('/p/c.json');
    store.getState().restoreDraft();
    expect(await store.getState().save()).toBe(true);
    expect(w.files.get('/p/c.json')!.text).toBe('{"v": "draft"}');
  });

  it('a preset picked over an untitled document is one undoable replace, not a new document that drops its text', async () => {
    const w = world();
    const store = createEditorStore(w.api);
    store.getState().newDocument('{"description": "preset A"}');
    const docId = store.getState().docId;
    store.getState().edit('{"description": "typed by me"}');
    const replaced: string[] = [];
    store.getState().attachSink({ apply: () => undefined, replace: (t) => (replaced.push(t), store.getState().edit(t)) });
    store.getState().newDocument('{"description": "preset B"}');
    expect(replaced).toEqual(['{"description": "preset B"}']);
    expect(store.getState().docId).toBe(docId); // same document: the raw editor keeps its history
    expect(store.getState().text).toBe('{"description": "preset B"}');
  });

  it('form edits go through the sink when the raw editor is there, else straight to the text', async () => {
    const w = world();
    w.touch('/p/c.json', '{"a": 1}');
    const store = createEditorStore(w.api);
    await store.getState().openFile('/p/c.json');
    const change: TextChange = { from: 6, to: 7, insert: '2' };
    store.getState().applyChanges([change]);
    expect(store.getState().text).toBe('{"a": 2}');
    const seen: TextChange[][] = [];
    const off = store.getState().attachSink({ apply: (c) => seen.push(c), replace: () => undefined });
    store.getState().applyChanges([change]);
    expect(seen).toEqual([[change]]);
    off();
    store.getState().applyChanges([{ from: 6, to: 7, insert: '3' }]);
    expect(store.getState().text).toBe('{"a": 3}');
  });

  it('a failed open keeps the document that was open and says why', async () => {
    const w = world();
    w.touch('/p/c.json', '{}');
    const store = createEditorStore(w.api);
    await store.getState().openFile('/p/c.json');
    expect(await store.getState().openFile('/p/missing.json')).toBe(false);
    expect(store.getState().openError?.code).toBe('files/not-found');
    expect(store.getState().path).toBe('/p/c.json');
  });

  it('draft keys are valid state keys, stable, and differ per path', () => {
    const k = draftKey('/home/u/contiv/config.json');
    expect(k).toMatch(/^[a-z][a-z0-9.-]{0,63}$/);
    expect(k).toBe(draftKey('/home/u/contiv/config.json'));
    expect(k).not.toBe(draftKey('/home/u/contiv/config.json2'));
  });
});
