/** One managed plugin: what it is, its switch, the job working on it, and what went wrong. */
import { useId } from 'react';
import type { PluginSummary } from '../../../electron/ipc/types';
import { CommandHint } from '../../components/CommandHint';
import { cliTwin } from '../../components/cli';
import { ErrorNote } from '../../components/ErrorNote';
import { HealthBadge } from '../../components/HealthBadge';
import { Toggle } from '../../components/Toggle';
import { whoSaid } from '../../components/said-by';
import { useT } from '../../i18n/useT';
import { usePlugins, useStores } from '../../stores/context';
import { capabilityWords } from './capabilities';
import { doctorHref } from '../doctor/for-plugin';
import type { PluginAction } from '../../stores/plugins';
import type { MessageKey } from '../../i18n';

const FAILED_KEY: Record<PluginAction, MessageKey> = {
  enable: 'plugins.failed.enable',
  disable: 'plugins.failed.disable',
  set: 'plugins.failed.set',
  remove: 'plugins.failed.remove',
};

export function PluginRow({ plugin, selected, onOpen }: { plugin: PluginSummary; selected: boolean; onOpen(): void }) {
  const t = useT();
  const stores = useStores();
  const busy = usePlugins((s) => s.busy[plugin.name]);
  const error = usePlugins((s) => s.errors[plugin.name]);
  const stageId = useId();
  const kinds = capabilityWords(plugin.capabilities, t);
  const stage = busy ? busy.stage || t(busy.action === 'enable' ? 'plugins.enabling' : 'plugins.disabling') : '';
  // The twin of what is being done; otherwise of what the switch does next (not of what it did last).
  const twinAction = busy?.action ?? (plugin.enabled ? 'disable' : 'enable');
  const twin = twinAction === 'disable' ? cliTwin.disable(plugin.name) : cliTwin.enable(plugin.name);

  return (
    <li className={`plugin-row${selected ? ' selected' : ''}`} data-testid={`plugin-row-${plugin.name}`} data-enabled={plugin.enabled}>
      <div className="plugin-main">
        <h3 className="plugin-title">
          <button type="button" className="link plugin-name" aria-expanded={selected} onClick={onOpen}>
            {plugin.name}
          </button>
        </h3>
        {plugin.description ? <p className="plugin-description">{plugin.description}</p> : null}
        <p className="plugin-kinds">
          {kinds.length ? kinds.map((k) => <span key={k} className="chip">{k}</span>) : <span className="muted">{t('plugins.noInterface')}</span>}
        </p>
      </div>
      <div className="plugin-state">
        <div className="row">
          <Toggle
            checked={plugin.enabled}
            busy={!!busy}
            label={t('plugins.toggleLabel', { name: plugin.name })}
            describedBy={stageId}
            onChange={(next) => void stores.plugins.getState().setEnabled(plugin.name, next)}
          />
          {/* Until the job ends the engine has not confirmed: "enabling…", never "enabled" early. */}
          {busy ? (
            <span className="badge badge-info" data-testid="plugin-health" data-state={busy.action === 'enable' ? 'enabling' : 'disabling'}>
              {t(busy.action === 'enable' ? 'plugins.enabling' : 'plugins.disabling')}
            </span>
          ) : (
            <HealthBadge enabled={plugin.enabled} health={plugin.health} t={t} />
          )}
        </div>
        <p id={stageId} className="plugin-stage" aria-live="polite" data-testid="plugin-stage">
          {busy ? stage : ''}
        </p>
      </div>
      {error ? (
        <div className="plugin-error-wrap">
          <ErrorNote
            error={error}
            title={t(FAILED_KEY[error.action], { who: whoSaid(error.code, t) })}
            testId="plugin-error"
            onDismiss={() => stores.plugins.getState().dismissError(plugin.name)}
          />
          {error.action === 'enable' ? (
            // The engine's message is nearly always the same dial error: the Doctor finds the plugin's own output and the cause.
            <a className="button small" href={doctorHref(plugin.name)} data-testid="plugin-find-cause">
              {t('plugins.findCause')}
            </a>
          ) : null}
        </div>
      ) : null}
      <div className="plugin-twin">
        <CommandHint command={twin} />
      </div>
    </li>
  );
}
