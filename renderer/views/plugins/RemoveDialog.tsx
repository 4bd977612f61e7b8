/** Removing a plugin: confirmed, with the force option the engine needs for an enabled one. */
import { useState } from 'react';
import type { PluginSummary } from '../../../electron/ipc/types';
import { CommandHint } from '../../components/CommandHint';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { cliTwin } from '../../components/cli';
import { ErrorNote } from '../../components/ErrorNote';
import { whoSaid } from '../../components/said-by';
import { useT } from '../../i18n/useT';
import { useStores } from '../../stores/context';
import type { ErrorInfo } from '../../stores/errors';

export function RemoveDialog({ plugin, onClose, onRemoved }: { plugin: PluginSummary; onClose(): void; onRemoved(): void }) {
  const t = useT();
  const stores = useStores();
  const [force, setForce] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);

  const confirm = async () => {
    setBusy(true);
    setError(null);
    const err = await stores.plugins.getState().remove(plugin.name, force);
    setBusy(false);
    if (err) setError(err);
    else onRemoved();
  };

  return (
    <ConfirmDialog
      title={t('remove.title', { name: plugin.name })}
      confirmLabel={t('remove.confirm')}
      cancelLabel={t('common.cancel')}
      danger
      busy={busy}
      onConfirm={confirm}
      onCancel={onClose}
    >
      <p>{t('remove.body', { name: plugin.name })}</p>
      {plugin.enabled ? (
        <label className="checkbox">
          <input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} />
          {t('remove.force')}
        </label>
      ) : null}
      {error ? <ErrorNote error={error} title={t('plugins.failed.remove', { who: whoSaid(error.code, t) })} testId="plugin-remove-error" /> : null}
      <CommandHint command={cliTwin.remove(plugin.name, force)} />
    </ConfirmDialog>
  );
}
