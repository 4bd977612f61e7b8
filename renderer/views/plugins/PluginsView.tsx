/** The Plugins screen: the live list, and the details panel of the one the user opened. */
import { useEffect, useState } from 'react';
import { CommandHint } from '../../components/CommandHint';
import { ErrorNote } from '../../components/ErrorNote';
import { useT } from '../../i18n/useT';
import { usePlugins, useStores } from '../../stores/context';
import { PluginDetails } from './PluginDetails';
import { PluginRow } from './PluginRow';

export function PluginsView() {
  const t = useT();
  const stores = useStores();
  const plugins = usePlugins((s) => s.plugins);
  const loaded = usePlugins((s) => s.loaded);
  const listError = usePlugins((s) => s.listError);
  const [selected, setSelected] = useState<string | null>(null);

  // Subscribe while the screen is shown; the jobs themselves go on without it.
  useEffect(() => stores.plugins.getState().start(), [stores]);

  const open = plugins.find((p) => p.name === selected) ?? null;
  // Closing hands focus back to the plugin's name, where the keyboard user opened it.
  const close = (name: string) => {
    setSelected(null);
    document.querySelector<HTMLElement>(`[data-testid="plugin-row-${CSS.escape(name)}"] .plugin-name`)?.focus();
  };

  return (
    <div className="plugins-view">
      <div className="plugins-list-pane">
        <header className="view-header">
          <h1>{t('plugins.title')}</h1>
          <p className="muted" aria-live="polite">
            {loaded ? t('plugins.count', { count: plugins.length }) : ''}
          </p>
          <a className="button" href="#/install" data-testid="plugins-install">
            {t('install.title')}
          </a>
        </header>
        {listError && !loaded ? <ErrorNote error={listError} title={t('plugins.listFailed')} /> : null}
        {!loaded && !listError ? <p className="muted">{t('common.loading')}</p> : null}
        {loaded && plugins.length === 0 ? (
          <div className="empty" data-testid="plugins-empty">
            <p>{t('plugins.empty')}</p>
            {/* The two ways to get one: from a registry, or from a folder on this host. */}
            <p className="row">
              <a className="button primary" href="#/install" data-testid="plugins-empty-install">
                {t('plugins.empty.install')}
              </a>
              <a className="button" href="#/build" data-testid="plugins-empty-build">
                {t('plugins.empty.build')}
              </a>
            </p>
            <CommandHint command="docker plugin ls" />
          </div>
        ) : null}
        <ul className="plugin-list" aria-label={t('plugins.listLabel')}>
          {plugins.map((p) => (
            <PluginRow key={p.id || p.name} plugin={p} selected={p.name === selected} onOpen={() => setSelected(p.name === selected ? null : p.name)} />
          ))}
        </ul>
      </div>
      {open ? <PluginDetails plugin={open} onClose={() => close(open.name)} /> : null}
    </div>
  );
}
