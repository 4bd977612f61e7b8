/**
 * Registry credentials typed in, folded away: without them the service uses
 * ~/.docker/config.json. Kept only in memory and sent only with the calls that need them.
 */
import { useT } from '../../i18n/useT';
import { useInstall, useInstallStore } from './useInstall';

export function CredentialsFields() {
  const t = useT();
  const store = useInstallStore();
  const c = useInstall((s) => s.credentials);
  return (
    <details className="credentials">
      <summary>{t('install.credentials')}</summary>
      <p className="muted">{t('install.credentialsHint')}</p>
      <label>
        {t('install.username')}
        <input type="text" className="input" value={c.username} autoComplete="username" onChange={(e) => store.getState().setCredentials({ username: e.target.value })} />
      </label>
      <label>
        {t('install.password')}
        <input type="password" className="input" value={c.password} autoComplete="current-password" onChange={(e) => store.getState().setCredentials({ password: e.target.value })} />
      </label>
    </details>
  );
}
