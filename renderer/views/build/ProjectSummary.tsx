/** What `build:detect` found, in words: the layout, the config, the template, the plugin-name setting, warnings. */
import type { ProjectInfo } from '../../../electron/ipc/types';
import { useT } from '../../i18n/useT';
import type { MessageKey } from '../../i18n';

const LAYOUT_KEY: Record<ProjectInfo['layout'], MessageKey> = {
  dockerfile: 'build.layout.dockerfile',
  rootfs: 'build.layout.rootfs',
  tarball: 'build.layout.tarball',
  image: 'build.layout.image',
  unknown: 'build.layout.unknown',
};

export function ProjectSummary({ project }: { project: ProjectInfo }) {
  const t = useT();
  return (
    <section className="card build-card" aria-label={t('build.summary.title')} data-testid="build-project" data-layout={project.layout}>
      <h2>
        {t('build.summary.title')} <span className={`badge ${project.layout === 'unknown' ? 'badge-warn' : 'badge-info'}`}>{t(LAYOUT_KEY[project.layout])}</span>
      </h2>
      <p className="build-explanation" data-testid="build-explanation">
        {project.explanation}
      </p>
      <dl className="facts">
        <dt>{t('build.summary.folder')}</dt>
        <dd className="mono">{project.dir}</dd>
        <dt>{t('build.summary.config')}</dt>
        <dd className="mono">{project.configPath ?? <span className="muted">{t('build.summary.noConfig')}</span>}</dd>
        {project.dockerfile ? (
          <>
            <dt>{t('build.summary.dockerfile')}</dt>
            <dd className="mono">{project.dockerfile}</dd>
          </>
        ) : null}
        {project.rootfsDir ? (
          <>
            <dt>{t('build.summary.rootfs')}</dt>
            <dd className="mono">{project.rootfsDir}</dd>
          </>
        ) : null}
        {project.tarball ? (
          <>
            <dt>{t('build.summary.tarball')}</dt>
            <dd className="mono">
              {project.tarball.path} ({project.tarball.compressed ? t('build.summary.compressed') : t('build.summary.uncompressed')})
            </dd>
          </>
        ) : null}
      </dl>
      {project.template ? <p className="build-note info">{t('build.summary.template')}</p> : null}
      {project.warnings.length ? (
        <ul className="build-warnings" aria-label={t('build.summary.warnings')}>
          {project.warnings.map((w) => (
            <li key={w} className="build-note warn">
              {w}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
