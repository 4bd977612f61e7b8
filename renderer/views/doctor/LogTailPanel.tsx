/**
 * The plugin's logs, live, beside the checks: one tab per source (Contiv's five files, other log
 * mounts, the engine's own lines for the plugin), each in the shared xterm LogTerminal, known error
 * lines in bold red with the check they explain. Under the terminal, the list of those lines: each
 * a button that scrolls the doctor to its check (`check-<id>`, else its test id) and opens its
 * evidence. When nothing can be tailed, the panel says why (remote engine, no plugin) and where
 * it looked. Follows the doctor's plugin field (else the plugin of the last run, else the Contiv
 * plugin the service finds); leaving the screen ends the subscription, not the service.
 */
import '../../styles/doctor-logs.css';
import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useStore } from 'zustand';
import { LogTerminal } from '../../components/LogTerminal';
import { useT } from '../../i18n/useT';
import { useScreenStore } from '../../stores/screen-store';
import { createDoctorLogsStore, type DoctorLogsStore, type DoctorLogsView, type MatchView } from '../../stores/doctor-logs';
import type { LogSink } from '../../stores/build';
import { useDoctor } from './useDoctor';

const useDoctorLogsStore = (): DoctorLogsStore => useScreenStore(createDoctorLogsStore);

const useLogs = <T,>(sel: (s: DoctorLogsView) => T) => useStore(useDoctorLogsStore(), sel);

/** The doctor's check element: `check-<id>` when CheckItem sets it, else its test id. */
function checkElement(check: string): HTMLElement | null {
  return document.getElementById(`check-${check}`) ?? document.querySelector<HTMLElement>(`[data-testid="doctor-check-${CSS.escape(check)}"]`);
}

export function LogTailPanel() {
  const t = useT();
  const store = useDoctorLogsStore();
  const formPlugin = useDoctor((s) => s.plugin);
  const reportPlugin = useDoctor((s) => s.job?.report?.plugin ?? null);
  const state = useLogs((s) => s.state);
  const invalid = useLogs((s) => s.invalid);
  const active = useLogs((s) => s.active);
  const generation = useLogs((s) => s.generation);
  const matches = useLogs((s) => s.matches);
  const counts = useLogs((s) => s.counts);
  const [notice, setNotice] = useState('');
  const tabRefs = useRef(new Map<string, HTMLButtonElement>());

  // What the user types is followed once they pause, not on every key.
  const [typed, setTyped] = useState(formPlugin.trim());
  useEffect(() => {
    const timer = setTimeout(() => setTyped(formPlugin.trim()), 600);
    return () => clearTimeout(timer);
  }, [formPlugin]);
  const target = typed || reportPlugin || undefined;

  useEffect(() => {
    store.getState().follow(target);
  }, [store, target]);
  useEffect(() => () => store.getState().stop(), [store]);

  const notes = { truncated: t('doctor.logs.truncated'), rotated: t('doctor.logs.rotated'), created: t('doctor.logs.created') };
  const notesRef = useRef(notes);
  notesRef.current = notes;
  // A new identity per source and per snapshot: LogTerminal starts a fresh terminal and the store replays.
  const follow = useCallback((sink: LogSink) => (active ? store.getState().attach(active, sink, notesRef.current) : () => undefined), [store, active, generation]);

  const goTo = (m: MatchView) => {
    const el = checkElement(m.check);
    if (!el) {
      setNotice(t('doctor.logs.checkMissing', { check: m.check }));
      return;
    }
    setNotice('');
    for (const d of el.querySelectorAll('details')) d.open = true;
    el.scrollIntoView({ block: 'start', behavior: 'smooth' });
    if (!el.hasAttribute('tabindex')) el.setAttribute('tabindex', '-1');
    el.focus({ preventScroll: true });
    el.classList.add('doctor-check-flash');
    setTimeout(() => el.classList.remove('doctor-check-flash'), 2_000);
  };

  const sources = state?.sources ?? [];
  const current = sources.find((s) => s.key === active) ?? null;
  const onTabKey = (e: KeyboardEvent, i: number) => {
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (!step || !sources.length) return;
    e.preventDefault();
    const next = sources[(i + step + sources.length) % sources.length];
    store.getState().select(next.key);
    tabRefs.current.get(next.key)?.focus();
  };

  const idleTitle =
    state?.mode === 'remote' ? t('doctor.logs.remote') : state?.mode === 'desktop' ? t('doctor.logs.desktop') : state?.mode === 'no-plugin' ? t('doctor.logs.noPlugin') : state?.mode === 'engine-error' ? t('doctor.logs.engineError') : null;

  return (
    <section className="card doctor-logs" aria-labelledby="doctor-logs-title" data-testid="doctor-logs" data-mode={state?.mode ?? 'none'}>
      <div className="doctor-logs-inner">
        <h2 id="doctor-logs-title">{t('doctor.logs.title')}</h2>
        <p className="muted doctor-logs-following">{t('doctor.logs.following', { plugin: state?.plugin ?? target ?? t('doctor.logs.auto') })}</p>

        {invalid ? (
          <p className="doctor-logs-note" role="status" data-testid="doctor-logs-invalid">
            {t('doctor.logs.invalid', { name: invalid })}
          </p>
        ) : !state || state.mode === 'starting' ? (
          <p className="muted" role="status">
            {t('doctor.logs.connecting')}
          </p>
        ) : idleTitle ? (
          <div className="doctor-logs-note" role="status" data-testid="doctor-logs-idle">
            <strong>{idleTitle}</strong>
            <p>{state.message}</p>
            <p className="muted">{t('doctor.logs.retrying')}</p>
          </div>
        ) : null}

        {state?.mode === 'local' ? (
          sources.length ? (
            <>
              <div className="doctor-logs-tabs" role="tablist" aria-label={t('doctor.logs.sources')}>
                {sources.map((s, i) => (
                  <button
                    key={s.key}
                    ref={(el) => {
                      if (el) tabRefs.current.set(s.key, el);
                      else tabRefs.current.delete(s.key);
                    }}
                    type="button"
                    role="tab"
                    id={`doctor-logs-tab-${i}`}
                    aria-selected={s.key === active}
                    aria-controls="doctor-logs-tabpanel"
                    tabIndex={s.key === active ? 0 : -1}
                    className={`doctor-logs-tab doctor-logs-${s.status}`}
                    data-testid="doctor-logs-tab"
                    data-status={s.status}
                    title={s.path ?? s.detail ?? ''}
                    onClick={() => store.getState().select(s.key)}
                    onKeyDown={(e) => onTabKey(e, i)}
                  >
                    <span className="mono">{s.label.split('/').pop()}</span>
                    <span className="doctor-logs-count">{counts[s.key] ?? 0}</span>
                    {s.status !== 'tailing' ? <span className="muted"> · {t(`doctor.logs.status.${s.status}`)}</span> : null}
                  </button>
                ))}
              </div>
              {current ? (
                <div id="doctor-logs-tabpanel" role="tabpanel" aria-labelledby={`doctor-logs-tab-${sources.indexOf(current)}`} className="doctor-logs-terminal" data-testid="doctor-logs-terminal" data-source={current.key}>
                  <LogTerminal
                    follow={follow}
                    name={`${state.plugin ?? 'plugin'}-${current.label.split('/').pop()}`}
                    progress={null}
                    running={false}
                    stageText={t('doctor.logs.stage', { path: current.path ?? current.label, status: current.detail && current.status !== 'tailing' ? current.detail : t(`doctor.logs.status.${current.status}`) })}
                  />
                </div>
              ) : null}
            </>
          ) : (
            <p className="muted">{t('doctor.logs.none')}</p>
          )
        ) : null}

        {state?.mode === 'local' ? (
          <div className="doctor-logs-matches">
            <h3>{t('doctor.logs.matches', { count: matches.length })}</h3>
            {matches.length ? (
              <ul data-testid="doctor-logs-matches">
                {[...matches].reverse().map((m) => (
                  <li key={m.key}>
                    <button type="button" className="doctor-logs-match" data-check={m.check} data-testid="doctor-logs-match" aria-label={t('doctor.logs.goto', { check: m.check, line: m.text })} onClick={() => goTo(m)}>
                      <span className="badge doctor-badge doctor-badge-fail">{t('doctor.logs.explains', { check: m.check })}</span>
                      <span className="mono doctor-logs-match-text">{m.text}</span>
                      <span className="muted doctor-logs-match-source">
                        {m.sourceLabel}
                        {m.count > 1 ? ` · ×${m.count}` : ''}
                      </span>
                    </button>
                    <p className="muted doctor-logs-meaning">{m.meaning}</p>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted">{t('doctor.logs.noMatches')}</p>
            )}
            <p className="doctor-logs-notice" role="status" aria-live="polite" data-testid="doctor-logs-notice">
              {notice}
            </p>
          </div>
        ) : null}

        {state?.looked.length ? (
          <details className="doctor-logs-looked">
            <summary>{t('doctor.logs.looked', { count: state.looked.length })}</summary>
            <ul>
              {state.looked.map((l, i) => (
                <li key={i} className="mono">
                  {l}
                </li>
              ))}
            </ul>
          </details>
        ) : null}
      </div>
    </section>
  );
}
