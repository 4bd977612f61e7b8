/**
 * The config editor's document: which file is open, its text, what is on disk, and
 * everything that makes sure nothing typed is lost —
 * - drafts saved as you type (`state:set editor.draft.<hash>`, debounced) and offered
 *   back on open when they differ from the file (after a crash, a closed window);
 * - saves through `files:write` with the mtime the file had when read, so a file
 *   changed by someone else is never overwritten silently (`files/changed-on-disk`
 *   becomes a choice: reload, keep mine, save as);
 * - one text for both views: the raw editor (CodeMirror) registers itself as the
 *   document's sink, and form edits go through it, so Ctrl+Z undoes them too.
 *
 * Linting is not here: it is derived from the text by the editor view (pure model
 * locally, plus the service's host-aware checks).
 */
import { createStore } from 'zustand/vanilla';
import type { ArgsOf, PlugsmithApi } from '../../electron/ipc/contract';
import type { ConfigDiff, ConfigReport, FileContent, FileEntry, HostFacts } from '../../electron/ipc/types';
import { toErrorInfo, type ErrorInfo } from './errors';

export interface TextChange {
  from: number;
  to: number;
  insert: string;
}

/** The raw editor, when mounted: edits go through it to land in its undo history. */
export interface DocumentSink {
  apply(changes: TextChange[]): void;
  /** Replaces the whole text as one undoable change (reload, restore a draft). */
  replace(text: string): void;
}

export interface Draft {
  path: string | null;
  text: string;
  /** The file's mtime the draft was based on (null for an untitled document). */
  baseMtimeMs: number | null;
  savedAt: string;
}

export interface EditorState {
  /** null: an untitled document (from a preset) not saved anywhere yet. */
  path: string | null;
  /** True once a document (file or preset) is open. */
  open: boolean;
  text: string;
  /** The text as it is on disk (what "unsaved changes" compares with). */
  diskText: string;
  mtimeMs: number | null;
  /** Which file was read (FileContent.identity): a save or a look at the disk checks it is still that file. */
  identity: string | null;
  /** Bumped whenever another document is loaded: the raw editor starts a fresh history. */
  docId: number;
  opening: boolean;
  openError: ErrorInfo | null;
  saving: boolean;
  saveError: ErrorInfo | null;
  /** The file changed on disk since it was read: the user picks what happens. */
  conflict: ErrorInfo | null;
  /** A draft that differs from the file just opened, offered for restore. */
  draftOffer: Draft | null;
  /** An untitled draft left from before (a preset being edited when the window closed). */
  untitledDraft: Draft | null;
  recent: string[];
  /** The name:tag the plugin is (or will be) created as: for lint (plugin_name checks) and diff. */
  pluginName: string;
  lastSavedAt: string | null;

  init(): Promise<void>;
  openFile(path: string): Promise<boolean>;
  newDocument(text: string): void;
  /** From the raw editor (every change) or, without one, from applyChanges. */
  edit(text: string): void;
  applyChanges(changes: TextChange[]): void;
  replaceText(text: string): void;
  attachSink(sink: DocumentSink): () => void;
  restoreDraft(): void;
  discardDraft(): Promise<void>;
  restoreUntitled(): void;
  save(): Promise<boolean>;
  saveAs(path: string): Promise<boolean>;
  reloadFromDisk(): Promise<void>;
  overwrite(): Promise<boolean>;
  dismissConflict(): void;
  /**
   * Looks at the file on disk again (the window came back into focus): changed and no unsaved
   * edits → reloaded (one Ctrl+Z away); changed or deleted under unsaved edits → the conflict the
   * user resolves, now rather than at the next save.
   */
  checkDisk(): Promise<void>;
  setPluginName(name: string): void;
  /** Writes a pending draft now (tests, leaving the screen). */
  flushDraft(): Promise<void>;

  // Read-only questions the editor's panels ask the services (kept here so views never hold the api).
  listFolder(path: string): Promise<FileEntry[]>;
  lintService(args: ArgsOf<'config:lint'>): Promise<ConfigReport>;
  hostFacts(): Promise<HostFacts>;
  diff(name: string): Promise<ConfigDiff>;
  installedPlugins(): Promise<string[]>;
}

export const RECENT_KEY = 'editor.recent';
const DRAFT_DEBOUNCE_MS = 500;
const MAX_RECENT = 10;

/**
 * A state key for a path's draft: FNV-1a twice (two seeds) → 16 hex digits, short
 * enough for the state store's key rule and stable across runs.
 */
export function draftKey(path: string | null): string {
  if (path === null) return 'editor.draft.untitled';
  const fnv = (seed: number) => {
    let h = seed >>> 0;
    for (let i = 0; i < path.length; i++) {
      h ^= path.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h.toString(16).padStart(8, '0');
  };
  return `editor.draft.${fnv(0x811c9dc5)}${fnv(0x01000193)}`;
}

/** The folder of a file path: what files:allow opens (the files service reads only in opened folders). */
const folderOf = (path: string) => path.slice(0, path.lastIndexOf('/')) || '/';

const isDraft = (v: unknown): v is Draft => !!v && typeof v === 'object' && typeof (v as Draft).text === 'string';

function applyTo(text: string, changes: TextChange[]): string {
  let out = text;
  for (const c of [...changes].sort((a, b) => b.from - a.from)) out = out.slice(0, c.from) + c.insert + out.slice(c.to);
  return out;
}

/**
 * The files service reads at most 4 MB and says when it cut a file: such a copy is never opened
 * for editing — a save would write the cut copy over the whole file. (A config.json is a few KB.)
 */
function wholeFile(file: FileContent): void {
  if (!file.truncated) return;
  const mb = (file.size / (1024 * 1024)).toFixed(1);
  throw { code: 'editor/too-large', message: `${file.path} is ${mb} MB: too large to edit here (a config.json is a few KB); nothing was opened, so nothing can be cut on save`, detail: `size ${file.size} bytes, read ${file.text.length} characters` };
}

export function createEditorStore(api: PlugsmithApi, opts: { debounceMs?: number; now?: () => Date } = {}) {
  const debounceMs = opts.debounceMs ?? DRAFT_DEBOUNCE_MS;
  const now = opts.now ?? (() => new Date());
  let sink: DocumentSink | null = null;
  let draftTimer: ReturnType<typeof setTimeout> | undefined;
  let pendingDraft: (() => Promise<void>) | null = null;
  /** The look at the disk under way (checkDisk), so a second one joins it. */
  let checking: Promise<void> | null = null;

  return createStore<EditorState>()((set, get) => {
    const writeDraftNow = async () => {
      const s = get();
      const key = draftKey(s.path);
      // Back to what is on disk: there is nothing to keep.
      const value: Draft | null = s.text === s.diskText ? null : { path: s.path, text: s.text, baseMtimeMs: s.mtimeMs, savedAt: now().toISOString() };
      try {
        await api.call('state:set', { key, value });
      } catch {
        // The next keystroke tries again; the text is still in the window.
      }
    };

    const scheduleDraft = () => {
      if (draftTimer) clearTimeout(draftTimer);
      pendingDraft = writeDraftNow;
      draftTimer = setTimeout(() => {
        draftTimer = undefined;
        const run = pendingDraft;
        pendingDraft = null;
        void run?.();
      }, debounceMs);
    };

    const cancelDraftTimer = () => {
      if (draftTimer) clearTimeout(draftTimer);
      draftTimer = undefined;
      pendingDraft = null;
    };

    const rememberRecent = async (path: string) => {
      const recent = [path, ...get().recent.filter((p) => p !== path)].slice(0, MAX_RECENT);
      set({ recent });
      await api.call('state:set', { key: RECENT_KEY, value: recent }).catch(() => undefined);
    };

    const load = (patch: Partial<EditorState>) => {
      cancelDraftTimer();
      set((s) => ({ ...patch, open: true, docId: s.docId + 1, saveError: null, conflict: null, openError: null }));
    };

    /**
     * Opens the file's folder for the files service (scope.ts). `again` only where the user opened
     * the file by hand: a folder that became another one (a link swapped) is then taken as it is now;
     * a save there instead is refused (files/folder-changed) rather than written elsewhere.
     */
    const allowFolder = (path: string, again = false) => api.call('files:allow', { folder: folderOf(path), ...(again ? { again } : {}) });

    const write = async (path: string, expectedMtimeMs: number | undefined): Promise<boolean> => {
      const { text } = get();
      const wasPath = get().path;
      // With the stale check, also "still the same file": the identity the read handed out.
      const identity = expectedMtimeMs !== undefined && path === wasPath ? get().identity : null;
      set({ saving: true, saveError: null });
      try {
        await allowFolder(path);
        const res = await api.call('files:write', { path, text, ...(expectedMtimeMs !== undefined ? { expectedMtimeMs } : {}), ...(identity ? { expectedIdentity: identity } : {}) });
        cancelDraftTimer();
        // The user may have typed while the write was in flight: only what was written is "on disk".
        set({ path: res.path, diskText: text, mtimeMs: res.mtimeMs, identity: res.identity, saving: false, conflict: null, lastSavedAt: now().toISOString() });
        // The draft (under the old key when it was untitled) is now on disk.
        await api.call('state:set', { key: draftKey(wasPath), value: null }).catch(() => undefined);
        if (get().text !== text) scheduleDraft();
        await rememberRecent(res.path);
        return true;
      } catch (err) {
        const e = toErrorInfo(err);
        set({ saving: false, ...(e.code === 'files/changed-on-disk' ? { conflict: e } : { saveError: e }) });
        return false;
      }
    };

    return {
      path: null,
      open: false,
      text: '',
      diskText: '',
      mtimeMs: null,
      identity: null,
      docId: 0,
      opening: false,
      openError: null,
      saving: false,
      saveError: null,
      conflict: null,
      draftOffer: null,
      untitledDraft: null,
      recent: [],
      pluginName: '',
      lastSavedAt: null,

      async init() {
        const [recent, untitled] = await Promise.all([
          api.call('state:get', { key: RECENT_KEY }).catch(() => null),
          api.call('state:get', { key: draftKey(null) }).catch(() => null),
        ]);
        set({
          recent: Array.isArray(recent) ? recent.filter((p): p is string => typeof p === 'string') : [],
          untitledDraft: isDraft(untitled) ? untitled : null,
        });
      },

      async openFile(path) {
        if (get().open) await get().flushDraft();
        set({ opening: true, openError: null });
        try {
          await allowFolder(path, true);
          const [file, draft] = await Promise.all([
            api.call('files:read', { path }),
            api.call('state:get', { key: draftKey(path) }).catch(() => null),
          ]);
          wholeFile(file);
          load({ path: file.path, text: file.text, diskText: file.text, mtimeMs: file.mtimeMs, identity: file.identity, opening: false, draftOffer: null });
          if (isDraft(draft) && draft.text !== file.text) set({ draftOffer: draft });
          await rememberRecent(file.path);
          return true;
        } catch (err) {
          set({ opening: false, openError: toErrorInfo(err) });
          return false;
        }
      },

      newDocument(text) {
        // A preset picked while an untitled document is open replaces its text as one edit, so
        // what the user typed there stays one Ctrl+Z away (a new document would take the same
        // untitled draft key, and their text would be gone for good).
        if (get().open && get().path === null) {
          set({ draftOffer: null, untitledDraft: null });
          get().replaceText(text);
          return;
        }
        void get().flushDraft();
        load({ path: null, text, diskText: '', mtimeMs: null, identity: null, draftOffer: null, untitledDraft: null });
        scheduleDraft();
      },

      edit(text) {
        if (text === get().text) return;
        set({ text });
        scheduleDraft();
      },

      applyChanges(changes) {
        if (changes.length === 0) return;
        if (sink) sink.apply(changes);
        else get().edit(applyTo(get().text, changes));
      },

      replaceText(text) {
        if (sink) sink.replace(text);
        else get().edit(text);
      },

      attachSink(s) {
        sink = s;
        return () => {
          if (sink === s) sink = null;
        };
      },

      restoreDraft() {
        const d = get().draftOffer;
        if (!d) return;
        // A draft made on an older version of the file: saving it must not silently replace what
        // changed on disk since, so the save checks against the draft's own base (a conflict, and
        // the user picks).
        set({ draftOffer: null, ...(d.baseMtimeMs !== null && d.path === get().path ? { mtimeMs: d.baseMtimeMs } : {}) });
        get().replaceText(d.text);
      },

      async discardDraft() {
        set({ draftOffer: null });
        await api.call('state:set', { key: draftKey(get().path), value: null }).catch(() => undefined);
      },

      restoreUntitled() {
        const d = get().untitledDraft;
        if (!d) return;
        load({ path: null, text: d.text, diskText: '', mtimeMs: null, identity: null, draftOffer: null, untitledDraft: null });
      },

      async save() {
        const { path, mtimeMs } = get();
        if (!path) {
          set({ saveError: { code: 'editor/no-path', message: 'This document has no file yet: use Save as…' } });
          return false;
        }
        return write(path, mtimeMs ?? undefined);
      },

      async saveAs(path) {
        const ok = await write(path, undefined);
        if (ok) set({ draftOffer: null });
        return ok;
      },

      async reloadFromDisk() {
        const { path } = get();
        if (!path) return;
        try {
          await allowFolder(path);
          const file = await api.call('files:read', { path });
          wholeFile(file);
          set({ diskText: file.text, mtimeMs: file.mtimeMs, identity: file.identity, conflict: null, saveError: null });
          // Through the editor: the user's version stays one Ctrl+Z away.
          get().replaceText(file.text);
        } catch (err) {
          set({ saveError: toErrorInfo(err) });
        }
      },

      async overwrite() {
        const { path } = get();
        if (!path) return false;
        return write(path, undefined);
      },

      dismissConflict() {
        set({ conflict: null });
      },

      async checkDisk() {
        // focus and visibilitychange arrive together on the way back: one look, not two.
        if (checking) return checking;
        const { path, open, saving, mtimeMs, conflict, identity } = get();
        if (!open || !path || saving || conflict || mtimeMs === null) return;
        checking = (async () => {
          try {
            await api.call('files:check', { path, expectedMtimeMs: mtimeMs, ...(identity ? { expectedIdentity: identity } : {}) });
          } catch (err) {
            const e = toErrorInfo(err);
            const now = get();
            // Only the service's changed-on-disk verdict counts (unreadable for now: the save will say why),
            // and only for the version it was asked about (the user may have moved on meanwhile).
            if (e.code !== 'files/changed-on-disk' || now.path !== path || now.mtimeMs !== mtimeMs || now.saving) return;
            // Untouched text follows the disk; under unsaved edits (or a deleted file) the user chooses.
            // (A deleted file has nothing to reload: files.ts's detail for it ends "found no file".)
            if (now.text === now.diskText && !e.detail?.endsWith('found no file')) await get().reloadFromDisk();
            else set({ conflict: e });
          }
        })().finally(() => (checking = null));
        return checking;
      },

      setPluginName(name) {
        set({ pluginName: name });
      },

      async flushDraft() {
        if (!pendingDraft) return;
        const run = pendingDraft;
        cancelDraftTimer();
        await run();
      },

      listFolder: (path) => api.call('files:list', { path }),
      lintService: (args) => api.call('config:lint', args),
      hostFacts: () => api.call('config:hostFacts', {}),
      diff: (name) => api.call('config:diff', { text: get().text, name }),
      installedPlugins: async () => (await api.call('plugins:list', {})).map((p) => p.name),
    };
  });
}

export type EditorStore = ReturnType<typeof createEditorStore>;

export const isDirty = (s: Pick<EditorState, 'text' | 'diskText' | 'open'>) => s.open && s.text !== s.diskText;
