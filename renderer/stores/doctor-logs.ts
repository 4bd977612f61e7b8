/**
 * Two small stores beside the Doctor's own (stores/doctor.ts):
 *
 * The live log tail (`doctor-logs` stream): which plugin is followed, the service's state (where it
 * looked, which files exist, "the logs are on the engine's host"), the known error lines found so
 * far (each with the check it explains), and per source the last lines — kept outside React's
 * state and handed straight to the terminal's sink, so a busy log does not re-render the screen
 * per line. A snapshot (first event, or the sources changed) replaces everything and bumps
 * `generation`, which gives each terminal a fresh start.
 *
 * The bundle preview: `doctor:bundle-preview`, then Save writes that very preview (by its id).
 */
import { createStore } from 'zustand/vanilla';
import type { PlugsmithApi } from '../../electron/ipc/contract';
import type { DoctorBundlePreview, DoctorBundleResult, DoctorLogEvent, DoctorLogLine, DoctorLogsState } from '../../electron/ipc/types';
import type { LogSink } from './build';
import { toErrorInfo, type ErrorInfo } from './errors';
import { isPluginRef } from '../../electron/ipc/refs';

/** Lines kept per source (the service sends at most its backlog per snapshot). */
const KEEP_LINES = 5_000;
/** Known lines listed under the terminal, newest kept. */
const KEEP_MATCHES = 200;

/** Adds found matches: a known line seen again moves to the end with its count raised. */
function mergeMatches(list: MatchView[], found: MatchView[]): MatchView[] {
  const byKey = new Map(list.map((m) => [m.key, m]));
  for (const f of found) {
    const old = byKey.get(f.key);
    byKey.delete(f.key);
    byKey.set(f.key, old ? { ...f, count: old.count + f.count } : f);
  }
  return [...byKey.values()].slice(-KEEP_MATCHES);
}

export interface MatchView {
  /** Unique in the list: one entry per known line per source (a line repeated every 5 s is one fact). */
  key: string;
  /** How many times it was seen; the text is the newest. */
  count: number;
  source: string;
  sourceLabel: string;
  text: string;
  check: string;
  id: string;
  meaning: string;
  fix: string;
}

/** A line as the terminal shows it: known error lines bold red with the check they explain. */
export function renderLine(l: DoctorLogLine): string {
  // Escape characters from the file would let a log line repaint the terminal; show them instead.
  const text = l.text.replace(/\x1b/g, '␛');
  return l.match ? `\x1b[1;31m${text}\x1b[0m \x1b[33m→ ${l.match.check}\x1b[0m` : text;
}

function renderNote(note: 'truncated' | 'rotated' | 'created', words: Record<typeof note, string>): string {
  return `\x1b[2;33m— ${words[note]} —\x1b[0m`;
}

export interface DoctorLogsView {
  /** What was subscribed (undefined: the service picks the Contiv plugin); null: not following. */
  following: string | undefined | null;
  /** A plugin name the contract would refuse. */
  invalid: string | null;
  state: DoctorLogsState | null;
  active: string | null;
  generation: number;
  matches: MatchView[];
  /** Lines per source (changes at most a few times a second: for the tab counts). */
  counts: Record<string, number>;

  follow(plugin: string | undefined): void;
  stop(): void;
  select(key: string): void;
  /** Replays a source's lines into the sink, then live ones; returns the detach. */
  attach(key: string, sink: LogSink, notes: Record<'truncated' | 'rotated' | 'created', string>): () => void;
}

/**
 * The engine's log first: the plugin's own stdout/stderr lines (the engine tags them with its id)
 * are surely the plugin's, where a mounted folder's files are the plugin's only by inference.
 */
export function engineFirst(state: DoctorLogsState): DoctorLogsState {
  const sources = [...state.sources.filter((x) => x.kind === 'engine'), ...state.sources.filter((x) => x.kind !== 'engine')];
  return sources.every((x, i) => x === state.sources[i]) ? state : { ...state, sources };
}

export function createDoctorLogsStore(api: PlugsmithApi) {
  const lines = new Map<string, DoctorLogLine[]>();
  const sinks = new Map<string, Set<{ sink: LogSink; notes: Record<'truncated' | 'rotated' | 'created', string> }>>();
  let off: (() => void) | null = null;
  let countTimer: ReturnType<typeof setTimeout> | undefined;

  return createStore<DoctorLogsView>()((set, get) => {
    const labelOf = (key: string) => get().state?.sources.find((s) => s.key === key)?.label ?? key;
    const matchesOf = (key: string, ls: DoctorLogLine[]): MatchView[] =>
      ls.filter((l) => l.match).map((l) => ({ key: `${key}|${l.match!.id}`, count: 1, source: key, sourceLabel: labelOf(key), text: l.text, ...l.match! }));
    const countsNow = () => Object.fromEntries([...lines].map(([k, v]) => [k, v.length]));
    const bumpCounts = () => {
      if (!countTimer) countTimer = setTimeout(() => ((countTimer = undefined), set({ counts: countsNow() })), 250);
    };

    const onEvent = (raw: DoctorLogEvent) => {
      const e = raw.type === 'snapshot' || raw.type === 'state' ? { ...raw, state: engineFirst(raw.state) } : raw;
      if (e.type === 'snapshot') {
        lines.clear();
        for (const [k, v] of Object.entries(e.lines)) lines.set(k, v.slice(-KEEP_LINES));
        const active = get().active;
        const keys = e.state.sources.map((s) => s.key);
        // Stay on the chosen tab while it exists; else the first source with lines (the plugin's own
        // engine-log lines before any file), else the first.
        const next = active && keys.includes(active) ? active : (keys.find((k) => (lines.get(k)?.length ?? 0) > 0) ?? keys[0] ?? null);
        set({ state: e.state, active: next, generation: get().generation + 1, counts: countsNow() });
        // Labels come from the new state: list the matches after it is set.
        set({ matches: mergeMatches([], [...lines].flatMap(([k, v]) => matchesOf(k, v))) });
        return;
      }
      if (e.type === 'state') {
        set({ state: e.state });
        return;
      }
      const held = lines.get(e.source) ?? [];
      held.push(...e.lines);
      if (held.length > KEEP_LINES) held.splice(0, held.length - KEEP_LINES);
      lines.set(e.source, held);
      for (const s of sinks.get(e.source) ?? []) {
        if (e.note) s.sink.line(renderNote(e.note, s.notes), 'info');
        for (const l of e.lines) s.sink.line(renderLine(l), 'stdout');
      }
      const found = matchesOf(e.source, e.lines);
      if (found.length) set({ matches: mergeMatches(get().matches, found) });
      bumpCounts();
    };

    const reset = () => {
      off?.();
      off = null;
      lines.clear();
      clearTimeout(countTimer);
      countTimer = undefined;
    };

    return {
      following: null,
      invalid: null,
      state: null,
      active: null,
      generation: 0,
      matches: [],
      counts: {},

      follow(plugin) {
        const p = plugin?.trim() || undefined;
        if (off && get().following === p) return;
        reset();
        // The contract's plugin reference rule, checked here so a typo is said, not sent.
        if (p && !isPluginRef(p)) {
          set({ following: null, invalid: p, state: null, matches: [], counts: {}, generation: get().generation + 1 });
          return;
        }
        set({ following: p, invalid: null, state: null, matches: [], counts: {}, generation: get().generation + 1 });
        // Each subscription starts with a snapshot, so there is nothing to replay: fromSeq 0.
        off = api.subscribe('doctor-logs', p ? { plugin: p } : {}, 0, (env) => onEvent(env.data));
      },

      stop() {
        reset();
        set({ following: null });
      },

      select(key) {
        set({ active: key });
      },

      attach(key, sink, notes) {
        const entry = { sink, notes };
        for (const l of lines.get(key) ?? []) sink.line(renderLine(l), 'stdout');
        let set_ = sinks.get(key);
        if (!set_) sinks.set(key, (set_ = new Set()));
        set_.add(entry);
        return () => {
          sinks.get(key)?.delete(entry);
        };
      },
    };
  });
}

export type DoctorLogsStore = ReturnType<typeof createDoctorLogsStore>;

// ---- the bundle preview -----------------------------------------------------------------------

export interface BundlePreviewView {
  busy: 'preview' | 'save' | null;
  preview: DoctorBundlePreview | null;
  /** The file shown in the viewer. */
  selected: string | null;
  saved: DoctorBundleResult | null;
  error: ErrorInfo | null;
  /** Which step the error came from. */
  errorDuring: 'preview' | 'save' | null;

  load(plugin: string | undefined): Promise<void>;
  select(name: string): void;
  /** Writes the previewed entries to path (on the service's machine). */
  save(path: string): Promise<void>;
  clear(): void;
}

export function createBundlePreviewStore(api: PlugsmithApi) {
  let seq = 0;
  return createStore<BundlePreviewView>()((set, get) => ({
    busy: null,
    preview: null,
    selected: null,
    saved: null,
    error: null,
    errorDuring: null,

    async load(plugin) {
      if (get().busy) return;
      const mine = ++seq;
      const p = plugin?.trim() || undefined;
      set({ busy: 'preview', error: null, errorDuring: null, saved: null });
      try {
        const preview = await api.call('doctor:bundle-preview', p ? { plugin: p } : {});
        if (mine === seq) set({ busy: null, preview, selected: preview.files[0]?.name ?? null });
      } catch (err) {
        if (mine === seq) set({ busy: null, error: toErrorInfo(err), errorDuring: 'preview' });
      }
    },

    select(name) {
      set({ selected: name });
    },

    async save(path) {
      const preview = get().preview;
      const target = path.trim();
      if (!preview || !target || get().busy) return;
      const mine = ++seq;
      set({ busy: 'save', error: null, errorDuring: null, saved: null });
      try {
        const saved = await api.call('doctor:bundle', { path: target, previewId: preview.id });
        if (mine === seq) set({ busy: null, saved });
      } catch (err) {
        if (mine === seq) set({ busy: null, error: toErrorInfo(err), errorDuring: 'save' });
      }
    },

    clear() {
      seq++;
      set({ busy: null, preview: null, selected: null, saved: null, error: null, errorDuring: null });
    },
  }));
}

export type BundlePreviewStore = ReturnType<typeof createBundlePreviewStore>;
