/**
 * Which netmaster: the URL field (saved service-side; empty lets Plugsmith find one), where the
 * URL in use came from, and what netmaster says about itself (/version, /info).
 */
import { useState, type FormEvent } from 'react';
import type { NetmasterStatus } from '../../../electron/ipc/types';
import { useT } from '../../i18n/useT';
import { useSyncedDraft } from '../../components/synced-draft';
import { netmasterUrlProblem, type UrlProblem } from './url-check';
import { useNetmaster, useNetmasterStore } from './useNetmaster';

function SourceText({ status }: { status: NetmasterStatus }) {
  const t = useT();
  const s = status.source;
  if (!s) return null;
  const text =
    s.kind === 'request'
      ? t('netmaster.source.field')
      : s.kind === 'env'
        ? t('netmaster.source.env', { name: s.name })
        : s.kind === 'settings'
          ? t('netmaster.source.settings')
          : t('netmaster.source.plugin', { name: s.name });
  return <span className="muted" data-testid="netmaster-source">{text}</span>;
}

export function ConnectionBar() {
  const t = useT();
  const store = useNetmasterStore();
  const saved = useNetmaster((s) => s.url);
  const status = useNetmaster((s) => s.status);
  const loading = useNetmaster((s) => s.statusLoading);
  const saveError = useNetmaster((s) => s.saveError);
  // The saved URL may load after the user started typing: what they typed wins until they connect.
  const [draft, setDraft, submitted] = useSyncedDraft(saved);

  // What is wrong with the typed URL, in words, before anything is sent (null: nothing).
  const [problem, setProblem] = useState<UrlProblem | null>(null);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const p = netmasterUrlProblem(draft);
    setProblem(p);
    if (p) return;
    submitted();
    void store.getState().setUrl(draft);
  };

  return (
    <section className="nm-connection" aria-label={t('netmaster.connection')}>
      <form className="nm-url-form" onSubmit={onSubmit}>
        <label htmlFor="nm-url">{t('netmaster.url')}</label>
        <input
          id="nm-url"
          className="input mono"
          value={draft}
          placeholder={t('netmaster.url.placeholder')}
          spellCheck={false}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? 'nm-url-problem' : undefined}
          onChange={(e) => {
            setDraft(e.target.value);
            setProblem(null);
          }}
        />
        <button type="submit" className="button primary" disabled={loading} aria-busy={loading}>
          {loading ? t('netmaster.connecting') : t('netmaster.connect')}
        </button>
      </form>
      {problem ? (
        <p id="nm-url-problem" className="field-note invalid" role="alert" data-testid="netmaster-url-problem">
          {t(problem.key, problem.vars)}
        </p>
      ) : null}
      {saveError ? (
        <p className="muted" role="status" data-testid="netmaster-save-error">
          {t('netmaster.saveFailed', { message: saveError.message })}
        </p>
      ) : null}
      {status?.url ? (
        <dl className="nm-facts" data-testid="netmaster-status">
          <div>
            <dt>{t('netmaster.inUse')}</dt>
            <dd>
              <code>{status.url}</code> <SourceText status={status} />
            </dd>
          </div>
          {status.version ? (
            <div>
              <dt>{t('netmaster.version')}</dt>
              <dd>
                <code>{status.version.Version}</code> <span className="muted">{status.version.GitCommit}</span>
              </dd>
            </div>
          ) : null}
          {status.info ? (
            <div>
              <dt>{t('netmaster.cluster')}</dt>
              <dd>
                {t('netmaster.clusterText', {
                  state: status.info['current-state'] || '—',
                  leader: status.info['leader-ip'] || '—',
                  masters: status.info['netmaster-nodes']?.length ?? 0,
                  plugins: status.info['netplugin-nodes']?.length ?? 0,
                })}
              </dd>
            </div>
          ) : null}
        </dl>
      ) : null}
    </section>
  );
}
