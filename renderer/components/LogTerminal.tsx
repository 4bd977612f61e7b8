/**
 * A job's log in xterm: ANSI colours kept, lines batched into one write per animation
 * frame (see log-batch.ts), scrollback bounded, search (Ctrl+F), copy all, save to a
 * file, and a progress bar with the job's stage above it.
 *
 * The terminal is the view of a stream, not its owner: `follow` hands it a sink and
 * the caller (a store) replays the job into it. Each mount makes a fresh terminal, so
 * coming back to the screen re-draws the whole log from the stream.
 *
 * The host element carries `data-written` (lines xterm has parsed since the build began) and
 * `data-dropped` (lines the queue dropped unseen, past the scrollback): what the build-log
 * benches and tests wait on, since xterm's own buffer is not reachable from outside.
 * Renderer: xterm's DOM renderer. @xterm/addon-webgl 0.19 (the one for xterm 6; addon-canvas
 * stops at xterm 5) was measured in headless Chromium on SwiftShader at ~16k lines/s with
 * long tasks up to 0.7 s, against ~40–65k for the DOM renderer (bench/build-log-page.ts bareXterm),
 * so it is not used.
 *
 * The stylesheet is imported (bundled into the app's CSS), so the CSP's style-src
 * 'self' 'unsafe-inline' covers xterm's own run-time style elements; no script is inline.
 */
import '@xterm/xterm/css/xterm.css';
import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
import { Terminal, type ITheme } from '@xterm/xterm';
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useT } from '../i18n/useT';
import type { LogSink } from '../stores/build';
import { joinWrapped, LogBatch, logFileName } from './log-batch';
import { copyText } from './clipboard';

const SCROLLBACK = 50_000;
/**
 * One write's worth. xterm parses a write whole, then checks its own 12 ms slice (WriteBuffer) before
 * taking the next queued write or yielding to a frame, so a task lasts up to 12 ms + one write.
 * 64 KB (~600 of the bench's coloured lines, 1,200 rows when they wrap) took 50–130 ms to parse on a
 * loaded 2-core machine, and every such write was a frame over 50 ms; at 16 KB a write stays a few
 * ms and xterm's loop still chains several per slice, so throughput is kept (bench/build-log-feed.bench.ts).
 */
const MAX_CHUNK = 16 * 1024;

export interface LogTerminalProps {
  /** Attaches the terminal's sink to the source; returns the detach. */
  follow(sink: LogSink): () => void;
  /** Used in the saved file's name. */
  name: string;
  progress: number | null;
  stageText: string;
  running: boolean;
  /** Shown only while running. */
  onCancel?: () => void;
  cancelling?: boolean;
  /** Extra toolbar content (e.g. elapsed time). */
  extra?: ReactNode;
}

function cssVar(el: Element, name: string, fallback: string): string {
  return getComputedStyle(el).getPropertyValue(name).trim() || fallback;
}

function themeOf(el: Element): ITheme {
  return {
    background: cssVar(el, '--term-bg', '#0b0e12'),
    foreground: cssVar(el, '--term-fg', '#e6e9ee'),
    cursor: cssVar(el, '--term-bg', '#0b0e12'), // no visible cursor: the log is read-only
    selectionBackground: cssVar(el, '--term-selection', '#3a5a9a'),
  };
}

export function LogTerminal({ follow, name, progress, stageText, running, onCancel, cancelling, extra }: LogTerminalProps) {
  const t = useT();
  const tRef = useRef(t);
  tRef.current = t;
  const hostRef = useRef<HTMLDivElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const termRef = useRef<Terminal | null>(null);
  const searchAddonRef = useRef<SearchAddon | null>(null);
  const [query, setQuery] = useState('');
  const [matches, setMatches] = useState<{ index: number; count: number } | null>(null);
  const [notice, setNotice] = useState('');
  const noticeTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const [lines, setLines] = useState(0);
  /** Lines received since the build began (what the saved file is compared with). */
  const receivedRef = useRef(0);
  const progressLabelId = useId();

  const say = (text: string) => {
    setNotice(text);
    clearTimeout(noticeTimer.current);
    noticeTimer.current = setTimeout(() => setNotice(''), 3000);
  };
  useEffect(() => () => clearTimeout(noticeTimer.current), []);

  useEffect(() => {
    const host = hostRef.current!;
    const term = new Terminal({
      scrollback: SCROLLBACK,
      disableStdin: true,
      cursorBlink: false,
      cursorStyle: 'bar',
      cursorInactiveStyle: 'none',
      convertEol: false,
      fontFamily: "ui-monospace, 'DejaVu Sans Mono', Menlo, Consolas, monospace",
      fontSize: 12.5,
      // Search highlights are decorations, still marked proposed in xterm 6.
      allowProposedApi: true,
      screenReaderMode: false,
      theme: themeOf(host),
    });
    const fit = new FitAddon();
    const search = new SearchAddon({ highlightLimit: 2000 });
    term.loadAddon(fit);
    term.loadAddon(search);
    term.open(host);
    termRef.current = term;
    searchAddonRef.current = search;
    const fitNow = () => {
      try {
        fit.fit();
      } catch {
        // not laid out yet (display:none): the next resize fits it
      }
    };
    // The grid size, for the benches' bare-xterm baseline (same geometry) and for tests.
    const showSize = () => (host.dataset.size = `${term.cols}x${term.rows}`);
    const sized = term.onResize(showSize);
    fitNow();
    showSize();
    const resize = new ResizeObserver(fitNow);
    resize.observe(host);
    // The theme follows the app's (data-theme on <html>).
    const themeWatch = new MutationObserver(() => (term.options.theme = themeOf(host)));
    themeWatch.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    const results = search.onDidChangeResults((r) => setMatches(r.resultCount > 0 ? { index: r.resultIndex, count: r.resultCount } : { index: -1, count: 0 }));

    // Ctrl+F inside the terminal goes to the search field (xterm would swallow it otherwise).
    term.attachCustomKeyEventHandler((e) => {
      if (e.type === 'keydown' && (e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'f') {
        e.preventDefault();
        searchRef.current?.focus();
        searchRef.current?.select();
        return false;
      }
      return true;
    });

    const batch = new LogBatch({ maxLines: SCROLLBACK, maxChunkChars: MAX_CHUNK });
    let frame = 0;
    let writing = false;
    let shownAt = 0;
    let disposed = false;
    let count = 0;
    /** Lines the queue dropped unseen since begin (data-dropped; data-written + data-dropped = lines done). */
    let droppedTotal = 0;
    let countTimer: ReturnType<typeof setTimeout> | undefined;
    const schedule = () => {
      if (!frame && !writing && !disposed) frame = requestAnimationFrame(pump);
    };
    function pump() {
      frame = 0;
      if (writing || disposed) return;
      const dropped = batch.takeDropped();
      if (dropped) host.dataset.dropped = String((droppedTotal += dropped));
      let chunk = batch.take();
      if (dropped) chunk = `\x1b[2m${tRef.current('build.log.dropped', { count: dropped })}\x1b[0m\r\n${chunk}`;
      if (!chunk) return;
      writing = true;
      // The next chunk only after xterm parsed this one, so a fast producer cannot pile up
      // writes; then straight away (xterm slices its own parsing across frames), not a frame later.
      term.write(chunk, () => {
        writing = false;
        // data-written at most once a frame while a flood goes on (each set is a DOM mutation), always at the end.
        const now = performance.now();
        if (!batch.size || now - shownAt >= 16) {
          shownAt = now;
          host.dataset.written = String(batch.taken);
        }
        if (batch.size && !disposed) pump();
      });
    }
    const bumpCount = () => {
      // The line count is shown, not exact per line: re-render React at most 4×/s.
      if (!countTimer) countTimer = setTimeout(() => ((countTimer = undefined), setLines(count)), 250);
    };

    const sink: LogSink = {
      begin(buildName) {
        batch.clear();
        count = 0;
        droppedTotal = 0;
        delete host.dataset.dropped;
        receivedRef.current = 0;
        setLines(0);
        // ESC c (full reset) goes through the write queue, so text already queued cannot land after it.
        batch.push(`\x1bc\x1b[36m${tRef.current('build.log.starting', { name: buildName })}\x1b[0m`);
        schedule();
      },
      line(text, stream) {
        // The engine's stderr is red unless the line brings its own colours. `text` may hold several
        // lines (a job sends a flood in batches): SGR state carries across them, so one wrap covers all.
        count += batch.push(stream === 'stderr' && !text.includes('\x1b[') ? `\x1b[31m${text}\x1b[0m` : text);
        receivedRef.current = count;
        bumpCount();
        schedule();
      },
    };
    const detach = follow(sink);

    return () => {
      disposed = true;
      detach();
      if (frame) cancelAnimationFrame(frame);
      clearTimeout(countTimer);
      resize.disconnect();
      themeWatch.disconnect();
      results.dispose();
      sized.dispose();
      termRef.current = null;
      searchAddonRef.current = null;
      term.dispose();
    };
    // `follow` identity changes with its source only; re-attaching replays the log.
  }, [follow]);

  const searchOpts = {
    decorations: { matchOverviewRuler: '#d29922', activeMatchColorOverviewRuler: '#f0883e', matchBackground: '#5a4a12', activeMatchBackground: '#a0661a' },
  };
  const find = (dir: 'next' | 'prev') => {
    const s = searchAddonRef.current;
    if (!s || !query) return;
    const found = dir === 'next' ? s.findNext(query, searchOpts) : s.findPrevious(query, searchOpts);
    if (!found) setMatches({ index: -1, count: 0 });
  };

  const allText = () => {
    const term = termRef.current;
    if (!term) return '';
    const buf = term.buffer.active;
    const rows: { text: string; wrapped: boolean }[] = [];
    for (let i = 0; i < buf.length; i++) {
      const l = buf.getLine(i);
      if (l) rows.push({ text: l.translateToString(true), wrapped: l.isWrapped });
    }
    return joinWrapped(rows);
  };

  /**
   * The log as copy and save give it: the terminal's buffer, which keeps the last SCROLLBACK lines
   * (memory stays bounded whatever the build prints). When more were received, the text says so
   * in its first line rather than passing a tail off as the whole log.
   */
  const boundedText = (): { text: string; missing: number } => {
    const text = allText();
    let kept = 0;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) kept++;
    // +1: the terminal's own "starting" line is in the buffer but was not received. Only past the
    // scrollback can lines be missing (a log ending in blank lines must not count as cut).
    const shown = receivedRef.current + 1;
    const missing = shown > SCROLLBACK ? Math.max(0, shown - kept) : 0;
    return { text: missing > 0 ? `${t('build.log.dropped', { count: missing })}\n${text}` : text, missing };
  };

  const onCopy = async () => {
    const { text, missing } = boundedText();
    const ok = await copyText(text);
    say(ok ? (missing ? `${t('build.log.copied')} — ${t('build.log.dropped', { count: missing })}` : t('build.log.copied')) : t('build.log.copyFailed'));
  };

  const onSave = () => {
    const { text, missing } = boundedText();
    const blob = new Blob([text], { type: 'text/plain;charset=utf-8' });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = logFileName(name, new Date());
    a.className = 'offscreen';
    document.body.appendChild(a);
    a.click();
    a.remove();
    // Revoke later: the download reads the blob after click() returns.
    setTimeout(() => URL.revokeObjectURL(url), 30_000);
    say(missing ? `${t('build.log.saved', { file: a.download })} — ${t('build.log.dropped', { count: missing })}` : t('build.log.saved', { file: a.download }));
  };

  const pct = progress === null ? null : Math.round(Math.max(0, Math.min(1, progress)) * 100);

  return (
    <section className="log-terminal" aria-label={t('build.log.title')}>
      <div className="log-progress">
        <div
          className={`progress-bar${pct === null && running ? ' indeterminate' : ''}`}
          role="progressbar"
          aria-labelledby={progressLabelId}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={pct ?? undefined}
          data-testid="build-progress"
        >
          <span className="progress-fill" style={{ width: `${pct ?? (running ? 30 : 0)}%` }} />
        </div>
        <div className="log-stage row">
          <span id={progressLabelId} className="log-stage-text mono" data-testid="build-stage-text">
            {stageText || t('build.log.idle')}
          </span>
          {pct !== null ? <span className="muted">{pct}%</span> : null}
          {extra}
        </div>
      </div>
      <div className="log-toolbar row">
        <label className="log-search">
          <span className="offscreen">{t('build.log.search')}</span>
          <input
            ref={searchRef}
            className="input"
            type="search"
            placeholder={t('build.log.searchPlaceholder')}
            aria-label={t('build.log.search')}
            value={query}
            onChange={(e) => {
              setQuery(e.target.value);
              setMatches(null);
              if (!e.target.value) searchAddonRef.current?.clearDecorations();
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                find(e.shiftKey ? 'prev' : 'next');
              } else if (e.key === 'Escape') {
                setQuery('');
                setMatches(null);
                searchAddonRef.current?.clearDecorations();
                termRef.current?.focus();
              }
            }}
          />
        </label>
        <button type="button" className="button small" onClick={() => find('prev')} disabled={!query}>
          {t('build.log.prev')}
        </button>
        <button type="button" className="button small" onClick={() => find('next')} disabled={!query}>
          {t('build.log.next')}
        </button>
        <span className="muted log-matches" aria-live="polite" data-testid="log-matches">
          {matches === null ? '' : matches.count === 0 ? t('build.log.noMatch') : t('build.log.matches', { index: matches.index + 1, count: matches.count })}
        </span>
        <span className="log-actions row">
          <span className="muted">{t('build.log.lines', { count: lines })}</span>
          <button type="button" className="button small" onClick={() => void onCopy()}>
            {t('build.log.copy')}
          </button>
          <button type="button" className="button small" onClick={onSave}>
            {t('build.log.save')}
          </button>
          {running && onCancel ? (
            <button type="button" className="button small danger" onClick={onCancel} disabled={cancelling} aria-busy={cancelling}>
              {cancelling ? t('build.log.cancelling') : t('build.log.cancel')}
            </button>
          ) : null}
        </span>
      </div>
      <div className="log-notice" role="status" aria-live="polite">
        {notice}
      </div>
      <div ref={hostRef} className="log-host" data-testid="build-log" />
    </section>
  );
}
