/**
 * The consent screen: what the plugin is (read from its registry), every privilege it asks for
 * with a plain explanation, warnings, and Accept / Cancel. Nothing is installed or upgraded
 * until Accept; Cancel installs nothing.
 */
import { useEffect, useRef } from 'react';
import type { InstallInspect, Privilege } from '../../../electron/ipc/types';
import { CommandHint } from '../../components/CommandHint';
import { useT } from '../../i18n/useT';
import { privilegeWords } from './privilege-words';

/** Asks for something the installed version did not (value by value: fewer capabilities are not new). */
const isNew = (p: Privilege, previous: Privilege[]) => {
  const known = new Set(previous.filter((q) => q.name === p.name).flatMap((q) => q.value));
  return p.value.some((v) => !known.has(v));
};

export function ConsentPanel({ info, acceptLabel, busy, onAccept, onCancel }: { info: InstallInspect; acceptLabel: string; busy: boolean; onAccept(): void; onCancel(): void }) {
  const t = useT();
  const headingRef = useRef<HTMLHeadingElement>(null);
  // The consent is what the user must read: focus lands on it.
  useEffect(() => headingRef.current?.focus(), [info.digest]);
  const c = info.config;
  const previous = info.existing?.privileges ?? null;

  return (
    <section className="consent" aria-labelledby="consent-title" data-testid="consent">
      <h2 id="consent-title" tabIndex={-1} ref={headingRef}>
        {t('install.consent.title', { name: info.reference })}
      </h2>
      <dl className="facts">
        <dt>{t('install.consent.registry')}</dt>
        <dd className="mono">{info.registry}</dd>
        <dt>{t('install.consent.digest')}</dt>
        <dd className="mono">{info.digest.slice(0, 19)}…</dd>
        <dt>{t('install.consent.size')}</dt>
        <dd>{t('install.consent.mb', { mb: (info.layersBytes / 1e6).toFixed(1) })}</dd>
        {c.description ? (
          <>
            <dt>{t('install.consent.description')}</dt>
            <dd>{c.description}</dd>
          </>
        ) : null}
        <dt>{t('details.types')}</dt>
        <dd className="mono">{c.interfaceTypes.join(', ') || '—'}</dd>
        <dt>{t('install.consent.installAs')}</dt>
        <dd className="mono">{info.name}</dd>
      </dl>

      <h3>{t('install.consent.privileges', { count: info.privileges.length })}</h3>
      {info.privileges.length === 0 ? (
        <p data-testid="consent-none">{t('install.consent.none')}</p>
      ) : (
        <ul className="privilege-list" data-testid="privilege-list">
          {info.privileges.map((p, i) => {
            const w = privilegeWords(p, t);
            const added = previous !== null && isNew(p, previous);
            return (
              <li key={`${p.name}-${i}`} className={`privilege${w.strong ? ' strong' : ''}`} data-testid="privilege" data-name={p.name}>
                <p className="privilege-title">
                  <strong>{w.title}</strong> <span className="mono">{p.value.join(' ')}</span>
                  {added ? <span className="chip warn">{t('install.consent.new')}</span> : null}
                </p>
                <p className="privilege-body">{w.body}</p>
                <p className="muted privilege-engine">
                  {t('install.consent.engineWords')} <span className="mono">{p.name}: {p.description}</span>
                </p>
              </li>
            );
          })}
        </ul>
      )}
      {info.warnings.length ? (
        <ul className="consent-warnings" data-testid="consent-warnings">
          {info.warnings.map((w) => (
            <li key={w} className="build-note warn">
              {w}
            </li>
          ))}
        </ul>
      ) : null}
      <p className="muted">{t('install.consent.gate')}</p>
      <div className="row">
        <button type="button" className="button primary" disabled={busy} onClick={onAccept} data-testid="consent-accept">
          {acceptLabel}
        </button>
        <button type="button" className="button" data-autofocus onClick={onCancel} data-testid="consent-cancel">
          {t('common.cancel')}
        </button>
      </div>
      <CommandHint command={info.command} />
    </section>
  );
}
