/** The details panel: inspect JSON (folded), the settings table, upgrade from / push to a registry, and Remove. */
import { useEffect, useRef, useState } from 'react';
import type { PluginSummary } from '../../../electron/ipc/types';
import { CommandHint } from '../../components/CommandHint';
import { cliTwin } from '../../components/cli';
import { useEscape } from '../../components/useEscape';
import { useT } from '../../i18n/useT';
import { capabilityWords } from './capabilities';
import { RemoveDialog } from './RemoveDialog';
import { SettingsTable } from './SettingsTable';
import { PushPanel } from '../install/PushPanel';
import { UpgradePanel } from '../install/UpgradePanel';

export function PluginDetails({ plugin, onClose }: { plugin: PluginSummary; onClose(): void }) {
  const t = useT();
  const [removing, setRemoving] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  // Opening the panel moves focus to it, so keyboard users land where the content is.
  useEffect(() => headingRef.current?.focus(), [plugin.name]);
  // Esc closes the panel (the Remove dialog, while open, takes Esc for itself).
  useEscape(onClose, !removing);

  return (
    <section className="details" aria-labelledby="plugin-details-title" data-testid="plugin-details">
      <header className="details-header">
        <h2 id="plugin-details-title" tabIndex={-1} ref={headingRef}>
          {plugin.name}
        </h2>
        <button type="button" className="button small ghost" onClick={onClose}>
          {t('common.close')}
        </button>
      </header>
      <dl className="facts">
        <dt>{t('details.id')}</dt>
        <dd className="mono">{plugin.id.slice(0, 12)}</dd>
        <dt>{t('details.types')}</dt>
        <dd>{plugin.capabilities.map((c) => c.type).join(', ') || '—'} {plugin.capabilities.length ? `(${capabilityWords(plugin.capabilities, t).join(', ')})` : ''}</dd>
        <dt>{t('details.socket')}</dt>
        <dd className="mono">{plugin.socket || '—'}</dd>
        {plugin.enabled && plugin.health.detail ? (
          <>
            <dt>{t('details.health')}</dt>
            <dd>{plugin.health.detail}</dd>
          </>
        ) : null}
        {plugin.documentation ? (
          <>
            <dt>{t('details.documentation')}</dt>
            <dd className="mono">{plugin.documentation}</dd>
          </>
        ) : null}
      </dl>

      <h3>{t('details.settings')}</h3>
      {/* Keyed by plugin: another plugin's panel starts with no drafts. */}
      <SettingsTable key={plugin.name} plugin={plugin} />

      <h3>{t('details.inspect')}</h3>
      <details className="inspect">
        <summary>{t('details.showJson')}</summary>
        <pre className="json" data-testid="plugin-inspect-json">{JSON.stringify(plugin.raw, null, 2)}</pre>
      </details>
      <CommandHint command={cliTwin.inspect(plugin.name)} />

      <h3>{t('details.registry')}</h3>
      {/* Keyed by plugin: the panels show this plugin's upgrade or push, not another's. */}
      <UpgradePanel key={`u-${plugin.name}`} plugin={plugin} />
      <PushPanel key={`p-${plugin.name}`} plugin={plugin} />
      <p className="muted">
        <a href="#/install">{t('details.installOther')}</a>
      </p>

      <h3>{t('details.danger')}</h3>
      <button type="button" className="button danger" onClick={() => setRemoving(true)}>
        {t('remove.button')}
      </button>
      {removing ? (
        <RemoveDialog
          plugin={plugin}
          onClose={() => setRemoving(false)}
          onRemoved={() => {
            setRemoving(false);
            onClose();
          }}
        />
      ) : null}
    </section>
  );
}
