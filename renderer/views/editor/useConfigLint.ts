/**
 * The report shown for the current text: the pure model locally (debounced ~150 ms,
 * instant diagnostics while typing) merged with the service's `config:lint`
 * (debounced ~600 ms; it adds what only the host can tell — the start script
 * beside the file, this host's IPs and uplinks). Both are computed on a text; a
 * report is only merged with one for the same text, so positions always match.
 */
import { useEffect, useRef, useState } from 'react';
import type { EditorState } from '../../stores/editor';
import type { ConfigReport, Diagnostic, HostFacts } from '../../../electron/ipc/types';
import { toErrorInfo, type ErrorInfo } from '../../stores/errors';
import { panelView, type PanelView } from './last-good';
import { lintLocal } from './model';

const LOCAL_DEBOUNCE_MS = 150;
const SERVICE_DEBOUNCE_MS = 600;

export interface LintState {
  /** The text these results are for. */
  text: string;
  report: ConfigReport | null;
  diagnostics: Diagnostic[];
  serviceError: ErrorInfo | null;
  /** Milliseconds the last local lint took (shown small: the per-keystroke cost). */
  localMs: number | null;
  /** What the side panels show: this text's report, or the last one that decoded, marked stale. */
  panels: PanelView | null;
}

/** Local first, then the service's extras; one per code + pointer (+ position when the pointer is the document). */
export function mergeDiagnostics(local: Diagnostic[], extra: Diagnostic[]): Diagnostic[] {
  const key = (d: Diagnostic) => `${d.code}\u0000${d.pointer}\u0000${d.pointer === '' ? d.from : ''}`;
  const seen = new Set(local.map(key));
  const out = [...local];
  for (const d of extra) {
    if (seen.has(key(d))) continue;
    seen.add(key(d));
    out.push(d);
  }
  return out.sort((a, b) => a.from - b.from || rank(a) - rank(b));
}
const rank = (d: Diagnostic) => (d.severity === 'error' ? 0 : d.severity === 'warning' ? 1 : 2);

export function useConfigLint(lintService: EditorState['lintService'], text: string, path: string | null, pluginName: string, enabled: boolean, facts: HostFacts | null): LintState {
  const [local, setLocal] = useState<{ text: string; report: ConfigReport | null; ms: number | null }>({ text: '', report: null, ms: null });
  const [remote, setRemote] = useState<{ text: string; key: string; report: ConfigReport | null; error: ErrorInfo | null }>({ text: '', key: '', report: null, error: null });
  const seq = useRef(0);
  const lastGood = useRef<PanelView | null>(null);

  useEffect(() => {
    if (!enabled) return;
    const t = setTimeout(() => {
      const started = performance.now();
      let report: ConfigReport | null = null;
      try {
        report = lintLocal(text, pluginName.trim() || undefined, facts);
      } catch {
        report = null; // the model promises never to throw; the service result still comes
      }
      setLocal({ text, report, ms: performance.now() - started });
    }, LOCAL_DEBOUNCE_MS);
    return () => clearTimeout(t);
  }, [text, pluginName, enabled, facts]);

  useEffect(() => {
    if (!enabled) return;
    const key = `${path ?? ''}\u0000${pluginName}`;
    const t = setTimeout(() => {
      const mine = ++seq.current;
      const name = pluginName.trim();
      lintService({ text, ...(path ? { path } : {}), ...(name ? { pluginName: name } : {}) })
        .then(
          (report) => mine === seq.current && setRemote({ text, key, report, error: null }),
          (err) => mine === seq.current && setRemote({ text, key, report: null, error: toErrorInfo(err) }),
        );
    }, SERVICE_DEBOUNCE_MS);
    return () => clearTimeout(t);
  }, [lintService, text, path, pluginName, enabled]);

  const base = local.report;
  const remoteMatches = remote.text === local.text && remote.report;
  const diagnostics = base ? mergeDiagnostics(base.diagnostics, remoteMatches ? remote.report!.diagnostics : []) : remoteMatches ? remote.report!.diagnostics : [];
  // The service knows more (host facts): prefer its privileges/profile when it answered for this text.
  const report = remoteMatches ? { ...remote.report!, diagnostics } : base ? { ...base, diagnostics } : null;
  const { view: panels, keep } = panelView(lastGood.current, local.text, report);
  lastGood.current = keep;
  return { text: local.text, report, diagnostics, serviceError: remote.error, localMs: local.ms, panels };
}
