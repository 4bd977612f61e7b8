/**
 * The Editor screen: a plugin's config.json, raw (CodeMirror) and as a form, over
 * one document held by the editor store. Diagnostics from the config model (and
 * the service's host-aware checks) under the editor; beside it the Contiv settings
 * when the layout is detected, the privileges `docker plugin install` would ask,
 * and the diff against an installed plugin. Ctrl+S saves; Ctrl+Z/Ctrl+Shift+Z undo
 * and redo in both views (the form's edits are the raw editor's transactions).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { redo, undo } from '@codemirror/commands';
import type { EditorView as CmView } from '@codemirror/view';
import { useStore } from 'zustand';
import type { Diagnostic, HostFacts } from '../../../electron/ipc/types';
import { ErrorNote } from '../../components/ErrorNote';
import { useT } from '../../i18n/useT';
import { useStores } from '../../stores/context';
import { isDirty } from '../../stores/editor';
import { ContivPanel } from './ContivPanel';
import { DiagnosticsList } from './DiagnosticsList';
import { FormView } from './FormView';
import { helpers } from './model';
import { OpenPanel } from './OpenPanel';
import { RawEditor } from './RawEditor';
import { DiffPanel, PrivilegesPanel } from './SidePanels';
import { useConfigLint } from './useConfigLint';

type Tab = 'raw' | 'form';

export function EditorView() {
  const t = useT();
  const store = useStores().editor;
  const s = useStore(store);
  const [tab, setTab] = useState<Tab>('raw');
  const [showOpen, setShowOpen] = useState(false);
  const [saveAsPath, setSaveAsPath] = useState<string | null>(null);
  const cm = useRef<CmView | null>(null);
  const dirty = isDirty(s);
  const [facts, setFacts] = useState<HostFacts | null>(null);
  const [factsError, setFactsError] = useState<string | null>(null);
  const lint = useConfigLint(s.lintService, s.text, s.path, s.pluginName, s.open, facts);
  // The last report stays shown until the next lint lands (no flicker while typing).
  const report = lint.report;
  const pending = lint.text !== s.text;

  useEffect(() => {
    // This host's addresses and interfaces: hints in the Contiv panel, and the local lint's IP/uplink rules.
    store.getState().hostFacts().then(setFacts, (e: { message?: string }) => setFactsError(e?.message ?? String(e)));
    void store.getState().init();
    return () => void store.getState().flushDraft();
  }, [store]);

  useEffect(() => {
    // Back from another program (an editor, git checkout): look at the file again, so a change on
    // disk is seen now rather than at the next save.
    const look = () => {
      if (document.visibilityState === 'visible') void store.getState().checkDisk();
    };
    window.addEventListener('focus', look);
    document.addEventListener('visibilitychange', look);
    return () => {
      window.removeEventListener('focus', look);
      document.removeEventListener('visibilitychange', look);
    };
  }, [store]);

  const save = useCallback(async () => {
    const st = store.getState();
    if (!st.open || st.saving) return;
    if (!st.path) setSaveAsPath('');
    else await st.save();
  }, [store]);

  const jump = (d: Diagnostic) => {
    setTab('raw');
    // After the raw view is visible again.
    requestAnimationFrame(() => {
      const view = cm.current;
      if (!view) return;
      const pos = Math.min(d.from, view.state.doc.length);
      view.dispatch({ selection: { anchor: pos, head: Math.min(Math.max(d.to, pos), view.state.doc.length) }, scrollIntoView: true });
      view.focus();
    });
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    const mod = e.ctrlKey || e.metaKey;
    if (mod && e.key.toLowerCase() === 's') {
      e.preventDefault();
      void save();
      return;
    }
    // In the form, undo/redo act on the one document (the raw editor handles its own keys).
    if (tab === 'form' && mod && cm.current && (e.target as HTMLElement).closest('.editor-form')) {
      const k = e.key.toLowerCase();
      if (k === 'z' && !e.shiftKey) {
        e.preventDefault();
        undo(cm.current);
      } else if ((k === 'z' && e.shiftKey) || k === 'y') {
        e.preventDefault();
        redo(cm.current);
      }
    }
  };

  const title = s.path ?? t('editor.untitled');
  const profile = report?.profile ?? null;
  const panels = lint.panels;

  return (
    <div className="editor-view" onKeyDown={onKeyDown}>
      <header className="editor-header">
        <div className="editor-title">
          <h1>{t('editor.title')}</h1>
          {s.open ? (
            <p className="editor-file mono" data-testid="editor-file">
              {dirty ? (
                <span className="dirty-dot" role="img" aria-label={t('editor.unsaved')} title={t('editor.unsaved')} data-testid="editor-dirty">
                  ●
                </span>
              ) : null}
              {title}
            </p>
          ) : null}
        </div>
        <div className="row">
          {s.open ? (
            <>
              <button type="button" className="button" onClick={() => setShowOpen((v) => !v)} aria-expanded={showOpen}>
                {t('editor.openOther')}
              </button>
              <button type="button" className="button" onClick={() => setSaveAsPath(s.path ?? '')}>
                {t('editor.saveAs')}
              </button>
              <button type="button" className="button primary" onClick={() => void save()} disabled={s.saving || (!dirty && !!s.path)} aria-keyshortcuts="Control+S">
                {s.saving ? t('editor.saving') : t('editor.save')}
              </button>
            </>
          ) : null}
        </div>
      </header>

      {s.lastSavedAt && !dirty && s.path ? (
        <p className="muted small" role="status" data-testid="editor-saved">
          {t('editor.savedAt', { when: new Date(s.lastSavedAt).toLocaleTimeString() })}
        </p>
      ) : null}

      {saveAsPath !== null ? (
        <form
          className="row notice"
          onSubmit={async (e) => {
            e.preventDefault();
            const p = saveAsPath.trim();
            if (!p.startsWith('/')) return;
            if (await store.getState().saveAs(p)) setSaveAsPath(null);
          }}
        >
          <label htmlFor="editor-save-as">{t('editor.saveAsPath')}</label>
          <input id="editor-save-as" className="input mono grow" value={saveAsPath} autoFocus placeholder="/path/to/config.json" onChange={(e) => setSaveAsPath(e.target.value)} />
          <button type="submit" className="button primary" disabled={!saveAsPath.trim().startsWith('/')}>
            {t('editor.save')}
          </button>
          <button type="button" className="button" onClick={() => setSaveAsPath(null)}>
            {t('common.cancel')}
          </button>
        </form>
      ) : null}

      {s.conflict ? (
        <div role="alert" className="error-note conflict" data-testid="editor-conflict">
          <p className="error-title">{t('editor.conflict.title')}</p>
          <p className="error-message">{s.conflict.message}</p>
          <div className="row">
            <button type="button" className="button" onClick={() => void store.getState().reloadFromDisk()}>
              {t('editor.conflict.reload')}
            </button>
            <button type="button" className="button danger" onClick={() => void store.getState().overwrite()}>
              {t('editor.conflict.keepMine')}
            </button>
            <button type="button" className="button" onClick={() => (store.getState().dismissConflict(), setSaveAsPath(s.path ?? ''))}>
              {t('editor.conflict.saveAs')}
            </button>
          </div>
        </div>
      ) : null}
      {s.saveError ? <ErrorNote error={s.saveError} title={t('editor.saveFailed')} /> : null}

      {s.draftOffer ? (
        <div className="notice" role="status" data-testid="editor-draft-offer">
          <span>{t('editor.draft.offer', { when: new Date(s.draftOffer.savedAt).toLocaleString() })}</span>
          {s.draftOffer.baseMtimeMs !== null && s.draftOffer.baseMtimeMs !== s.mtimeMs ? (
            <span data-testid="editor-draft-older">{t('editor.draft.olderThanFile')}</span>
          ) : null}
          <button type="button" className="button small primary" onClick={() => store.getState().restoreDraft()}>
            {t('editor.draft.restore')}
          </button>
          <button type="button" className="button small" onClick={() => void store.getState().discardDraft()}>
            {t('editor.draft.discard')}
          </button>
        </div>
      ) : null}

      {!s.open || showOpen ? <OpenPanel store={store} onOpened={() => setShowOpen(false)} /> : null}

      {s.open ? (
        <div className="editor-body">
          <div className="editor-main">
            {report?.template ? (
              <p className="notice template-banner" role="status" data-testid="editor-template">
                {t('editor.template')}
              </p>
            ) : null}
            <div className="row editor-tabs-row">
              <div role="tablist" aria-label={t('editor.views')} className="tabs">
                {(['raw', 'form'] as const).map((id) => (
                  <button
                    key={id}
                    type="button"
                    role="tab"
                    id={`editor-tab-${id}`}
                    aria-selected={tab === id}
                    aria-controls={`editor-panel-${id}`}
                    className="tab"
                    onClick={() => setTab(id)}
                  >
                    {t(id === 'raw' ? 'editor.tab.raw' : 'editor.tab.form')}
                  </button>
                ))}
              </div>
              {profile ? (
                <span className="badge badge-info" data-testid="editor-profile">
                  {t(profile === 'contiv-2017' ? 'editor.contiv.detected2017' : 'editor.contiv.detected2019')}
                </span>
              ) : null}
              {lint.serviceError && lint.serviceError.code !== 'config/unavailable' ? (
                <span className="muted small" title={lint.serviceError.message}>
                  {t('editor.hostChecksUnavailable')}
                </span>
              ) : null}
            </div>
            {/* The raw editor stays mounted behind the form: it holds the undo history both views share. */}
            <div id="editor-panel-raw" role="tabpanel" aria-labelledby="editor-tab-raw" hidden={tab !== 'raw'}>
              <RawEditor
                store={store}
                docId={s.docId}
                lint={{ text: lint.text, diagnostics: lint.diagnostics }}
                template={!!report?.template}
                helpers={helpers}
                label={t('editor.rawLabel', { name: title })}
                onSave={() => void save()}
                onView={(v) => (cm.current = v)}
              />
            </div>
            {tab === 'form' ? (
              <div id="editor-panel-form" role="tabpanel" aria-labelledby="editor-tab-form">
                <FormView text={s.text} onChanges={(c) => store.getState().applyChanges(c)} />
              </div>
            ) : null}
            <DiagnosticsList diagnostics={lint.diagnostics} pending={pending} onJump={jump} />
            {lint.localMs !== null ? <p className="muted small">{t('editor.lintTime', { ms: lint.localMs.toFixed(1) })}</p> : null}
          </div>
          <aside className="editor-side">
            {/* While the text does not decode, both show the last good text's view, marked stale (last-good.ts). */}
            {panels?.report.profile ? (
              <ContivPanel
                profile={panels.report.profile}
                facts={facts}
                factsError={factsError}
                text={panels.stale ? panels.text : s.text}
                diagnostics={panels.stale ? panels.report.diagnostics : lint.diagnostics}
                stale={panels.stale}
                onChanges={(c) => store.getState().applyChanges(c)}
              />
            ) : null}
            <PrivilegesPanel privileges={panels?.report.privileges ?? null} stale={!!panels?.stale} />
            <DiffPanel store={store} pluginName={s.pluginName} onPluginName={(n) => store.getState().setPluginName(n)} />
          </aside>
        </div>
      ) : null}
    </div>
  );
}
