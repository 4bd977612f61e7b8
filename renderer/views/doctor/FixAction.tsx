/**
 * A check's one-click fix and its CLI twin. Anything that changes the engine (enable, set) asks
 * first in a dialog that says exactly what will happen; a value only the user knows (an empty
 * mount source) is typed in a field right here — the Editor screen edits config.json files, not
 * an installed plugin's settings, so this field is where that setting is edited; a Settings field
 * is a link to Settings at that field, and the check runs again on the way back.
 */
import { useId, useState } from 'react';
import type { DoctorAction } from '../../../electron/ipc/types';
import { CommandHint } from '../../components/CommandHint';
import { cliTwin } from '../../components/cli';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useT } from '../../i18n/useT';
import { settingsHref } from '../settings/focus';
import { useDoctor, useDoctorStore } from './useDoctor';

/** The twin of an open-editor fix with the value the user typed (disable/enable around it when the service said so). */
function typedTwin(action: Extract<DoctorAction, { kind: 'open-editor' }>, value: string): string {
  const set = cliTwin.set(action.plugin, [{ key: action.field, value }]);
  return action.command.startsWith('docker plugin disable') ? `${cliTwin.disable(action.plugin)} && ${set} && ${cliTwin.enable(action.plugin)}` : set;
}

const SETTINGS_LABEL = { netmasterUrl: 'settings.netmasterUrl', engineLogPath: 'settings.engineLogPath', ovsdbSocket: 'settings.ovsdbSocket' } as const;

export function FixAction({ checkId, action, disabled }: { checkId: string; action: DoctorAction; disabled: boolean }) {
  const t = useT();
  const store = useDoctorStore();
  const pending = useDoctor((s) => s.pending.includes(checkId));
  const inputId = useId();
  const [confirming, setConfirming] = useState(false);
  const [editing, setEditing] = useState(false);
  // What the user typed stays here until it is set (a failed set keeps it for another try).
  const [value, setValue] = useState('');

  const apply = async () => {
    setConfirming(false);
    await store.getState().fix(checkId, action, action.kind === 'open-editor' ? value.trim() : undefined);
    if (action.kind === 'open-editor' && !store.getState().taskErrors[checkId]) {
      setEditing(false);
      setValue('');
    }
  };

  let control: React.ReactNode;
  switch (action.kind) {
    case 'enable-plugin':
      control = (
        <button type="button" className="button primary small" disabled={disabled} onClick={() => setConfirming(true)} data-testid={`doctor-fix-${checkId}`}>
          {t('doctor.action.enable', { plugin: action.plugin })}
        </button>
      );
      break;
    case 'set-setting':
      control = (
        <button type="button" className="button primary small" disabled={disabled} onClick={() => setConfirming(true)} data-testid={`doctor-fix-${checkId}`}>
          {t('doctor.action.set', { key: action.key, value: action.value })}
        </button>
      );
      break;
    case 'clear-leftover':
      control = (
        <button type="button" className="button primary small" disabled={disabled} onClick={() => setConfirming(true)} data-testid={`doctor-fix-${checkId}`}>
          {t('doctor.action.clearLeftover', { plugin: action.plugin })}
        </button>
      );
      break;
    case 'open-editor':
      control = editing ? (
        <form
          className="row doctor-fix-edit"
          onSubmit={(e) => {
            e.preventDefault();
            if (value.trim()) setConfirming(true);
          }}
        >
          <label htmlFor={inputId}>{t('doctor.edit.label', { field: action.field, plugin: action.plugin })}</label>
          <input id={inputId} className="input mono" value={value} autoFocus onChange={(e) => setValue(e.target.value)} placeholder="/path/on/the/host" />
          <button type="submit" className="button primary small" disabled={disabled || !value.trim()}>
            {t('doctor.edit.submit')}
          </button>
          <button type="button" className="button small" onClick={() => setEditing(false)}>
            {t('common.cancel')}
          </button>
        </form>
      ) : (
        <button type="button" className="button primary small" disabled={disabled} onClick={() => setEditing(true)} data-testid={`doctor-fix-${checkId}`}>
          {t('doctor.action.edit', { field: action.field })}
        </button>
      );
      break;
    case 'open-settings':
      // Navigation changes nothing: no confirmation. The check is re-run when the Doctor shows again.
      control = (
        <a
          className="button primary small"
          href={settingsHref(action.field, 'doctor')}
          aria-disabled={disabled}
          onClick={(e) => {
            if (disabled) e.preventDefault();
            else store.getState().markPending(checkId);
          }}
          data-testid={`doctor-fix-${checkId}`}
        >
          {t('doctor.action.settings', { field: t(SETTINGS_LABEL[action.field]) })}
        </a>
      );
      break;
  }

  const key = action.kind === 'set-setting' ? action.key : action.kind === 'open-editor' ? action.field : '';
  const newValue = action.kind === 'set-setting' ? action.value : value.trim();

  return (
    <div className="doctor-fix-action" data-testid={`doctor-action-${checkId}`} data-kind={action.kind}>
      <div className="row">
        <span className="doctor-label">{t('doctor.action.title')}</span>
        {control}
      </div>
      <CommandHint command={action.command} label={t('doctor.action.twin')} />
      {pending ? <p className="muted small">{t('doctor.action.pending')}</p> : null}
      {confirming && (action.kind === 'enable-plugin' || action.kind === 'set-setting' || action.kind === 'open-editor' || action.kind === 'clear-leftover') ? (
        <ConfirmDialog
          title={
            action.kind === 'enable-plugin'
              ? t('doctor.confirm.enableTitle', { plugin: action.plugin })
              : action.kind === 'clear-leftover'
                ? t('doctor.confirm.clearTitle', { plugin: action.plugin })
                : t('doctor.confirm.setTitle', { key, plugin: action.plugin })
          }
          confirmLabel={t('doctor.confirm.apply')}
          cancelLabel={t('common.cancel')}
          onConfirm={() => void apply()}
          onCancel={() => setConfirming(false)}
        >
          {action.kind === 'enable-plugin' ? (
            <p>{t('doctor.confirm.enableBody')}</p>
          ) : action.kind === 'clear-leftover' ? (
            <p>{t('doctor.confirm.clearBody', { plugin: action.plugin })}</p>
          ) : (
            <>
              <p className="mono">{t('doctor.confirm.setValue', { value: newValue })}</p>
              <p>{t('doctor.confirm.setEnabled')}</p>
            </>
          )}
          <CommandHint command={action.kind === 'open-editor' ? typedTwin(action, newValue) : action.command} />
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
