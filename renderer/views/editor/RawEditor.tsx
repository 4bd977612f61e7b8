/**
 * The raw view: CodeMirror 6 over the one document. It registers itself as the
 * editor store's sink, so form edits are CodeMirror transactions (Ctrl+Z undoes
 * them too) and every keystroke reaches the store. Diagnostics come from the
 * model (pushed with setDiagnostics, only for the exact text they were computed
 * on, so positions never drift); hover docs and completion read the model's
 * field docs and known values. No eval, no remote assets: fine under the CSP.
 */
import { useEffect, useRef } from 'react';
import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { json } from '@codemirror/lang-json';
import { bracketMatching, foldGutter, indentOnInput, syntaxHighlighting, defaultHighlightStyle } from '@codemirror/language';
import { lintGutter, setDiagnostics, type Diagnostic as CmDiagnostic } from '@codemirror/lint';
import { highlightSelectionMatches, searchKeymap } from '@codemirror/search';
import { Compartment, EditorState } from '@codemirror/state';
import { EditorView, drawSelection, highlightActiveLine, highlightActiveLineGutter, keymap, lineNumbers } from '@codemirror/view';
import type { Diagnostic } from '../../../electron/ipc/types';
import type { EditorStore } from '../../stores/editor';
import { completionSource, hoverDocs, templateLines } from './cm-extensions';
import type { ModelHelpers } from './model';

export interface RawEditorProps {
  store: EditorStore;
  docId: number;
  /** Diagnostics and the text they were computed on. */
  lint: { text: string; diagnostics: Diagnostic[] };
  template: boolean;
  helpers: ModelHelpers;
  label: string;
  onSave(): void;
  /** Lets the screen move the cursor (the diagnostics list). */
  onView?(view: EditorView | null): void;
}

const severityOf = (s: Diagnostic['severity']): CmDiagnostic['severity'] => (s === 'error' ? 'error' : s === 'warning' ? 'warning' : 'info');

function toCmDiagnostics(text: string, list: Diagnostic[]): CmDiagnostic[] {
  const len = text.length;
  return list.map((d) => {
    const from = Math.max(0, Math.min(d.from, len));
    const to = Math.max(from, Math.min(d.to, len));
    return { from, to, severity: severityOf(d.severity), source: d.code, message: d.message };
  });
}

export function RawEditor({ store, docId, lint, template, helpers, label, onSave, onView }: RawEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const viewRef = useRef<EditorView | null>(null);
  const helpersRef = useRef(helpers);
  helpersRef.current = helpers;
  const saveRef = useRef(onSave);
  saveRef.current = onSave;
  const templateComp = useRef(new Compartment());

  const makeState = (text: string) =>
    EditorState.create({
      doc: text,
      extensions: [
        lineNumbers(),
        highlightActiveLineGutter(),
        foldGutter(),
        drawSelection(),
        history(),
        indentOnInput(),
        bracketMatching(),
        closeBrackets(),
        highlightActiveLine(),
        highlightSelectionMatches(),
        syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
        json(),
        lintGutter(),
        autocompletion({ override: [completionSource(() => helpersRef.current)] }),
        hoverDocs(() => helpersRef.current),
        templateComp.current.of(templateLines(false)),
        keymap.of([
          { key: 'Mod-s', preventDefault: true, run: () => (saveRef.current(), true) },
          ...closeBracketsKeymap,
          ...defaultKeymap,
          ...searchKeymap,
          ...historyKeymap,
          ...completionKeymap,
          indentWithTab,
        ]),
        EditorView.contentAttributes.of({ 'aria-label': label }),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) store.getState().edit(u.state.doc.toString());
        }),
      ],
    });

  // One view for the screen's life; a new document gets a fresh state (and history).
  useEffect(() => {
    const view = new EditorView({ state: makeState(store.getState().text), parent: host.current! });
    viewRef.current = view;
    onView?.(view);
    const detach = store.getState().attachSink({
      apply: (changes) => view.dispatch({ changes, userEvent: 'input.form' }),
      replace: (text) => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text }, userEvent: 'input.replace' }),
    });
    return () => {
      detach();
      onView?.(null);
      view.destroy();
      viewRef.current = null;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [store]);

  useEffect(() => {
    const view = viewRef.current;
    if (!view) return;
    const text = store.getState().text;
    if (view.state.doc.toString() !== text) view.setState(makeState(text));
    else if (docId > 0) view.setState(makeState(text));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [docId]);

  useEffect(() => {
    const view = viewRef.current;
    if (!view) return;
    view.dispatch({ effects: templateComp.current.reconfigure(templateLines(template)) });
  }, [template, docId]);

  useEffect(() => {
    const view = viewRef.current;
    if (!view) return;
    const text = view.state.doc.toString();
    // Positions are only right for the text they were computed on; the next lint comes soon.
    if (text !== lint.text) return;
    view.dispatch(setDiagnostics(view.state, toCmDiagnostics(text, lint.diagnostics)));
  }, [lint, docId]);

  return <div className="editor-raw" ref={host} data-testid="editor-raw" />;
}
