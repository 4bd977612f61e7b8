/**
 * Opening a config: a path field, a small folder browser (files:list), the recent
 * files (state `editor.recent`), an untitled draft left from before, and "New from
 * preset". Everything goes through the contract; the renderer never touches the disk.
 */
import { useEffect, useState } from 'react';
import type { FileEntry } from '../../../electron/ipc/types';
import { ErrorNote } from '../../components/ErrorNote';
import { useT } from '../../i18n/useT';
import { toErrorInfo, type ErrorInfo } from '../../stores/errors';
import type { EditorStore } from '../../stores/editor';
import { useStore } from 'zustand';
import { PRESETS } from './presets';

const parentOf = (p: string) => (p.replace(/\/+$/, '').lastIndexOf('/') <= 0 ? '/' : p.replace(/\/+$/, '').slice(0, p.replace(/\/+$/, '').lastIndexOf('/')));

export function OpenPanel({ store, onOpened }: { store: EditorStore; onOpened(): void }) {
  const t = useT();
  const recent = useStore(store, (s) => s.recent);
  const untitled = useStore(store, (s) => s.untitledDraft);
  const openError = useStore(store, (s) => s.openError);
  const opening = useStore(store, (s) => s.opening);
  const current = useStore(store, (s) => s.path);
  const [path, setPath] = useState(current ?? recent[0] ?? '');
  const [folder, setFolder] = useState<string>(current ? parentOf(current) : recent[0] ? parentOf(recent[0]) : '/');
  const [entries, setEntries] = useState<FileEntry[] | null>(null);
  const [listError, setListError] = useState<ErrorInfo | null>(null);
  const list = store.getState().listFolder;

  useEffect(() => {
    let live = true;
    setEntries(null);
    list(folder).then(
      (e) => live && (setEntries(e), setListError(null)),
      (err) => live && (setEntries([]), setListError(toErrorInfo(err))),
    );
    return () => {
      live = false;
    };
  }, [folder, list]);

  const open = async (p: string) => {
    if (!p.startsWith('/')) return;
    if (await store.getState().openFile(p)) onOpened();
  };

  return (
    <section className="card editor-open" aria-label={t('editor.open.title')}>
      <h2>{t('editor.open.title')}</h2>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          void open(path.trim());
        }}
      >
        <label htmlFor="editor-path" className="offscreen">
          {t('editor.open.path')}
        </label>
        <input id="editor-path" className="input mono grow" value={path} placeholder="/path/to/config.json" onChange={(e) => setPath(e.target.value)} />
        <button type="submit" className="button primary" disabled={opening || !path.trim().startsWith('/')}>
          {t('editor.open.open')}
        </button>
      </form>
      {openError ? <ErrorNote error={openError} title={t('editor.open.failed')} /> : null}
      {untitled ? (
        <p className="notice">
          {t('editor.open.untitledDraft', { when: new Date(untitled.savedAt).toLocaleString() })}{' '}
          <button type="button" className="button small" onClick={() => (store.getState().restoreUntitled(), onOpened())}>
            {t('editor.open.restore')}
          </button>
        </p>
      ) : null}
      <div className="editor-open-grid">
        <div>
          <h3>{t('editor.open.browse')}</h3>
          <div className="row">
            <button type="button" className="button small" onClick={() => setFolder(parentOf(folder))} disabled={folder === '/'} aria-label={t('editor.open.up')}>
              ↑
            </button>
            <code className="grow">{folder}</code>
          </div>
          {listError ? <ErrorNote error={listError} /> : null}
          <ul className="file-list" aria-label={t('editor.open.browse')}>
            {entries === null ? <li className="muted">{t('common.loading')}</li> : null}
            {entries?.filter((e) => e.type !== 'other' && !e.name.startsWith('.')).map((e) => (
              <li key={e.path}>
                <button
                  type="button"
                  className={`link file-${e.type}`}
                  onClick={() => (e.type === 'dir' ? setFolder(e.path) : (setPath(e.path), void open(e.path)))}
                >
                  {/* Drawn in CSS: emoji need a colour-emoji font many hosts lack (they showed as boxes). */}
                  <span className={`file-icon file-icon-${e.type === 'dir' ? 'dir' : 'file'}`} aria-hidden="true" data-testid="file-icon" />
                  {e.name}
                </button>
              </li>
            ))}
          </ul>
        </div>
        <div>
          <h3>{t('editor.open.recent')}</h3>
          {recent.length === 0 ? <p className="muted">{t('editor.open.noRecent')}</p> : null}
          <ul className="file-list">
            {recent.map((p) => (
              <li key={p}>
                <button type="button" className="link mono" onClick={() => void open(p)}>
                  {p}
                </button>
              </li>
            ))}
          </ul>
          <h3>{t('editor.open.preset')}</h3>
          <ul className="file-list">
            {PRESETS.map((p) => (
              <li key={p.id}>
                <button type="button" className="link" onClick={() => (store.getState().newDocument(p.text), onOpened())}>
                  {t(p.label)}
                </button>
              </li>
            ))}
          </ul>
        </div>
      </div>
    </section>
  );
}

