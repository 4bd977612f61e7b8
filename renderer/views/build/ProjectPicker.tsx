/** Open a project folder: a path field, a folder browser (files:list) and the recent folders. */
import { useId, useState } from 'react';
import { ErrorNote } from '../../components/ErrorNote';
import { useT } from '../../i18n/useT';
import { FolderBrowser } from './FolderBrowser';
import { useBuild, useBuildStore } from './useBuild';

export function ProjectPicker() {
  const t = useT();
  const store = useBuildStore();
  const dir = useBuild((s) => s.dir);
  const recent = useBuild((s) => s.recent);
  const detecting = useBuild((s) => s.detecting);
  const detectError = useBuild((s) => s.detectError);
  const [browsing, setBrowsing] = useState(false);
  const fieldId = useId();

  const open = (path?: string) => {
    setBrowsing(false);
    void store.getState().detect(path);
  };

  return (
    <section className="card build-card" aria-labelledby={`${fieldId}-h`}>
      <h2 id={`${fieldId}-h`}>{t('build.project.title')}</h2>
      <form
        className="row build-open"
        onSubmit={(e) => {
          e.preventDefault();
          open();
        }}
      >
        <label htmlFor={fieldId} className="offscreen">
          {t('build.project.folder')}
        </label>
        <input
          id={fieldId}
          className="input mono build-dir"
          value={dir}
          placeholder="/home/me/contiv/install/v2plugin"
          aria-label={t('build.project.folder')}
          onChange={(e) => store.getState().setDir(e.target.value)}
        />
        <button type="submit" className="button primary" disabled={!dir.trim().startsWith('/') || detecting} aria-busy={detecting}>
          {detecting ? t('build.project.opening') : t('build.project.open')}
        </button>
        <button type="button" className="button" aria-expanded={browsing} onClick={() => setBrowsing(!browsing)}>
          {t('build.project.browse')}
        </button>
      </form>
      {browsing ? <FolderBrowser start={dir.trim().startsWith('/') ? dir.trim() : '/'} onPick={open} onClose={() => setBrowsing(false)} /> : null}
      {detectError ? <ErrorNote error={detectError} title={t('build.project.detectFailed')} testId="build-detect-error" /> : null}
      {recent.length ? (
        <div className="build-recent">
          <h3>{t('build.project.recent')}</h3>
          <ul aria-label={t('build.project.recent')}>
            {recent.map((d) => (
              <li key={d}>
                <button type="button" className="link mono" onClick={() => open(d)}>
                  {d}
                </button>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
