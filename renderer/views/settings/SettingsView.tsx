/**
 * The settings screen: engine address and TLS, enable timeout, netmaster, the doctor's engine
 * log and OVSDB socket, theme, language. Saved through the settings service (XDG config), which
 * validates the address and reconnects; its error is shown as it says it. Opened at a field
 * (`#/settings?field=…&from=doctor`, a Doctor fix) it focuses that field and offers the way back.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { Settings } from '../../../electron/ipc/types';
import { ErrorNote } from '../../components/ErrorNote';
import { useT } from '../../i18n/useT';
import { useEngine, useSettings, useStores } from '../../stores/context';
import type { ErrorInfo } from '../../stores/errors';
import { FIELD_INPUT_IDS, parseSettingsHash } from './focus';

interface Form {
  dockerHost: string;
  tlsVerify: boolean;
  certPath: string;
  netmasterUrl: string;
  engineLogPath: string;
  ovsdbSocket: string;
  enableTimeoutSeconds: string;
  theme: Settings['theme'];
  language: Settings['language'];
}

const toForm = (s: Settings): Form => ({
  dockerHost: s.dockerHost ?? '',
  tlsVerify: s.tlsVerify,
  certPath: s.certPath ?? '',
  netmasterUrl: s.netmasterUrl ?? '',
  engineLogPath: s.engineLogPath ?? '',
  ovsdbSocket: s.ovsdbSocket ?? '',
  enableTimeoutSeconds: String(s.enableTimeoutSeconds),
  theme: s.theme,
  language: s.language,
});

/** Only what changed, in the contract's shape (empty text = not set). */
export function diffSettings(s: Settings, f: Form): Partial<Settings> {
  const next: Settings = {
    dockerHost: f.dockerHost.trim() || null,
    tlsVerify: f.tlsVerify,
    certPath: f.certPath.trim() || null,
    netmasterUrl: f.netmasterUrl.trim() || null,
    engineLogPath: f.engineLogPath.trim() || null,
    ovsdbSocket: f.ovsdbSocket.trim() || null,
    enableTimeoutSeconds: Number(f.enableTimeoutSeconds),
    theme: f.theme,
    language: f.language,
  };
  const patch: Partial<Settings> = {};
  for (const k of Object.keys(next) as (keyof Settings)[]) {
    if (next[k] !== s[k]) (patch as Record<string, unknown>)[k] = next[k];
  }
  return patch;
}

/** A labelled text input with its hint under it, the hint naming the input for screen readers. */
function TextField(p: { id: string; label: string; value: string; placeholder: string; onChange: (v: string) => void; children: ReactNode }) {
  return (
    <>
      <label htmlFor={p.id}>{p.label}</label>
      <input id={p.id} className="input mono" value={p.value} placeholder={p.placeholder} aria-describedby={`${p.id}-hint`} onChange={(e) => p.onChange(e.target.value)} />
      <p id={`${p.id}-hint`} className="field-note">
        {p.children}
      </p>
    </>
  );
}

export function SettingsView() {
  const t = useT();
  const stores = useStores();
  const settings = useSettings((s) => s.settings);
  const loadError = useSettings((s) => s.loadError);
  const saving = useSettings((s) => s.saving);
  const engine = useEngine((s) => s.status);
  const [form, setForm] = useState<Form | null>(settings ? toForm(settings) : null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [saved, setSaved] = useState(false);
  const [target] = useState(() => parseSettingsHash(window.location.hash));
  const focused = useRef(false);

  // Fill the form when the settings arrive (not over the user's edits).
  useEffect(() => {
    if (settings && !form) setForm(toForm(settings));
  }, [settings, form]);

  // Opened at a field: focus it once the form is there.
  useEffect(() => {
    if (!form || !target.field || focused.current) return;
    focused.current = true;
    const el = document.getElementById(FIELD_INPUT_IDS[target.field]);
    el?.scrollIntoView({ block: 'center' });
    el?.focus();
  }, [form, target.field]);

  if (!settings || !form) {
    return (
      <div className="settings-view">
        <h1>{t('settings.title')}</h1>
        {loadError ? <ErrorNote error={loadError} title={t('settings.loadFailed')} /> : <p className="muted">{t('common.loading')}</p>}
      </div>
    );
  }

  const patch = diffSettings(settings, form);
  const dirty = Object.keys(patch).length > 0;
  const up = <K extends keyof Form>(k: K, v: Form[K]) => {
    setForm({ ...form, [k]: v });
    setSaved(false);
  };

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!dirty) return;
    const err = await stores.settings.getState().update(patch);
    setError(err);
    if (!err) {
      setSaved(true);
      const now = stores.settings.getState().settings;
      if (now) setForm(toForm(now));
    }
  };

  const inUse = engine ? t('settings.inUse', { host: engine.host, source: t(`source.${engine.source}`) }) : '';

  return (
    <div className="settings-view">
      <h1>{t('settings.title')}</h1>
      <form className="settings-screen-form" onSubmit={submit}>
        <fieldset>
          <legend>{t('settings.engine')}</legend>
          <TextField id="set-docker-host" label={t('settings.dockerHost')} value={form.dockerHost} placeholder={engine?.host ?? 'unix:///var/run/docker.sock'} onChange={(v) => up('dockerHost', v)}>
            {t('settings.dockerHostHint')} {inUse}
          </TextField>
          <label className="checkbox">
            <input type="checkbox" checked={form.tlsVerify} onChange={(e) => up('tlsVerify', e.target.checked)} />
            {t('settings.tlsVerify')}
          </label>
          <TextField id="set-cert-path" label={t('settings.certPath')} value={form.certPath} placeholder="~/.docker" onChange={(v) => up('certPath', v)}>
            {t('settings.certPathHint')}
          </TextField>
          <TextField id={FIELD_INPUT_IDS.netmasterUrl} label={t('settings.netmasterUrl')} value={form.netmasterUrl} placeholder="127.0.0.1:9999" onChange={(v) => up('netmasterUrl', v)}>
            {t('settings.netmasterUrlHint')}
          </TextField>
          <TextField id={FIELD_INPUT_IDS.engineLogPath} label={t('settings.engineLogPath')} value={form.engineLogPath} placeholder="/var/log/docker.log" onChange={(v) => up('engineLogPath', v)}>
            {t('settings.engineLogPathHint')}
          </TextField>
          <TextField id={FIELD_INPUT_IDS.ovsdbSocket} label={t('settings.ovsdbSocket')} value={form.ovsdbSocket} placeholder="/var/run/openvswitch/db.sock" onChange={(v) => up('ovsdbSocket', v)}>
            {t('settings.ovsdbSocketHint')}
          </TextField>
          <label htmlFor="set-enable-timeout">{t('settings.enableTimeout')}</label>
          <input
            id="set-enable-timeout"
            className="input narrow"
            type="number"
            min={1}
            max={600}
            step={1}
            required
            value={form.enableTimeoutSeconds}
            aria-describedby="set-enable-timeout-hint"
            onChange={(e) => up('enableTimeoutSeconds', e.target.value)}
          />
          <p id="set-enable-timeout-hint" className="field-note">
            {t('settings.enableTimeoutHint')}
          </p>
        </fieldset>
        <fieldset>
          <legend>{t('settings.appearance')}</legend>
          <label htmlFor="set-theme">{t('settings.theme')}</label>
          <select id="set-theme" className="input narrow" value={form.theme} onChange={(e) => up('theme', e.target.value as Form['theme'])}>
            <option value="system">{t('theme.system')}</option>
            <option value="light">{t('theme.light')}</option>
            <option value="dark">{t('theme.dark')}</option>
          </select>
          <label htmlFor="set-language">{t('settings.language')}</label>
          <select id="set-language" className="input narrow" value={form.language} onChange={(e) => up('language', e.target.value as Form['language'])}>
            <option value="en">{t('language.en')}</option>
            <option value="zh-CN">{t('language.zhCN')}</option>
          </select>
        </fieldset>
        {error ? <ErrorNote error={error} title={t('settings.saveFailed')} testId="settings-error" /> : null}
        <div className="row sticky-actions">
          <button type="submit" className="button primary" disabled={!dirty || saving} aria-busy={saving}>
            {t('settings.save')}
          </button>
          <button type="button" className="button" disabled={!dirty || saving} onClick={() => (setForm(toForm(settings)), setError(null))}>
            {t('settings.revert')}
          </button>
          <span aria-live="polite" className="muted">
            {saving ? t('setting.saving') : saved ? t('setting.saved') : ''}
          </span>
          {target.from === 'doctor' ? (
            <a className="button" href="#/doctor" data-testid="settings-back-doctor">
              {t('settings.backToDoctor')}
            </a>
          ) : null}
        </div>
      </form>
    </div>
  );
}
