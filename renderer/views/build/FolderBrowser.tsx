/**
 * A small folder browser over `files:list`: the browser (serve mode) has no native
 * folder dialog that yields a host path, and the service reads the host anyway.
 */
import { useEffect, useState } from 'react';
import type { FileEntry } from '../../../electron/ipc/types';
import { api } from '../../api';
import { ErrorNote } from '../../components/ErrorNote';
import { useT } from '../../i18n/useT';
import { toErrorInfo, type ErrorInfo } from '../../stores/errors';

const parentOf = (p: string) => (p === '/' ? '/' : p.replace(/\/[^/]+\/?$/, '') || '/');

/** Files that tell a folder is a plugin project, marked in the list. */
const PROJECT_FILES = new Set(['config.json', 'config.template', 'Dockerfile', 'rootfs']);

export function FolderBrowser({ start, onPick, onClose }: { start: string; onPick(path: string): void; onClose(): void }) {
  const t = useT();
  const [path, setPath] = useState(start);
  const [entries, setEntries] = useState<FileEntry[] | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);

  useEffect(() => {
    let live = true;
    setEntries(null);
    setError(null);
    api.call('files:list', { path }).then(
      (list) => live && setEntries(list),
      (err) => {
        if (!live) return;
        setError(toErrorInfo(err));
        // A typed path that is a file or gone: show its parent instead of an empty box.
        if (path !== '/' && start === path) setPath(parentOf(path));
      },
    );
    return () => {
      live = false;
    };
  }, [path, start]);

  const dirs = entries?.filter((e) => e.type === 'dir') ?? [];
  const markers = entries?.filter((e) => PROJECT_FILES.has(e.name)).map((e) => e.name) ?? [];

  return (
    <div className="folder-browser" role="group" aria-label={t('build.browse.title')}>
      <div className="row folder-browser-head">
        <code className="folder-browser-path" data-testid="browse-path">
          {path}
        </code>
        <button type="button" className="button small" onClick={() => setPath(parentOf(path))} disabled={path === '/'}>
          {t('build.browse.up')}
        </button>
        <button type="button" className="button small primary" onClick={() => onPick(path)}>
          {t('build.browse.pick')}
        </button>
        <button type="button" className="button small ghost" onClick={onClose}>
          {t('common.close')}
        </button>
      </div>
      {markers.length ? <p className="field-note">{t('build.browse.hasProject', { files: markers.join(', ') })}</p> : null}
      {error ? <ErrorNote error={error} /> : null}
      {entries === null && !error ? <p className="muted">{t('common.loading')}</p> : null}
      {entries && dirs.length === 0 ? <p className="muted">{t('build.browse.noFolders')}</p> : null}
      <ul className="folder-list">
        {dirs.map((d) => (
          <li key={d.path}>
            <button type="button" className="link mono" onClick={() => setPath(d.path)}>
              {d.name}/
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
