/**
 * The netmaster browser: which netmaster and what it says, then one tab per object type —
 * the list, the selected object's config and operational state, and for tenants, networks,
 * groups, policies and rules a create form with its netctl twin. A netmaster that does not
 * answer gets a banner with the URL, the reason and Retry; the URL field stays usable.
 */
import { useEffect, type KeyboardEvent } from 'react';
import { CommandHint } from '../../components/CommandHint';
import { ErrorNote } from '../../components/ErrorNote';
import { useT } from '../../i18n/useT';
import { TABS } from '../../stores/netmaster';
import { ConnectionBar } from './ConnectionBar';
import { CreateForm } from './CreateForm';
import { DownBanner } from './DownBanner';
import { EDITABLE, TAB_LABEL } from './fields';
import { ObjectDetails } from './ObjectDetails';
import { ObjectTable } from './ObjectTable';
import { useNetmaster, useNetmasterStore } from './useNetmaster';

function Tabs() {
  const t = useT();
  const store = useNetmasterStore();
  const tab = useNetmaster((s) => s.tab);
  const lists = useNetmaster((s) => s.lists);
  // Arrow keys move between tabs, as the ARIA tabs pattern has it.
  const onKeyDown = (e: KeyboardEvent) => {
    const i = TABS.indexOf(tab);
    const next = e.key === 'ArrowRight' ? TABS[(i + 1) % TABS.length] : e.key === 'ArrowLeft' ? TABS[(i - 1 + TABS.length) % TABS.length] : null;
    if (!next) return;
    e.preventDefault();
    store.getState().selectTab(next);
    document.getElementById(`nm-tab-${next}`)?.focus();
  };
  return (
    <div role="tablist" className="nm-tabs" aria-label={t('netmaster.types')} onKeyDown={onKeyDown}>
      {TABS.map((x) => (
        <button
          key={x}
          id={`nm-tab-${x}`}
          type="button"
          role="tab"
          aria-selected={x === tab}
          aria-controls="nm-panel"
          tabIndex={x === tab ? 0 : -1}
          className="nm-tab"
          onClick={() => store.getState().selectTab(x)}
        >
          {t(TAB_LABEL[x])}
          {lists[x] && !lists[x]!.error ? <span className="nm-count">{lists[x]!.items.length}</span> : null}
        </button>
      ))}
    </div>
  );
}

function DeletedNote() {
  const t = useT();
  const store = useNetmasterStore();
  const action = useNetmaster((s) => s.action);
  if (!action || action.kind !== 'delete' || action.busy) return null;
  if (action.error) return <ErrorNote error={action.error} title={t('netmaster.deleteFailed', { key: action.key })} testId="netmaster-delete-error" onDismiss={() => store.getState().clearAction()} />;
  return (
    <div className="nm-done" role="status" data-testid="netmaster-deleted">
      <p>{t('netmaster.deleted', { key: action.key })}</p>
      {action.netctl ? <CommandHint command={action.netctl} label={t('netmaster.ran')} /> : null}
    </div>
  );
}

export function NetmasterView() {
  const t = useT();
  const store = useNetmasterStore();
  const status = useNetmaster((s) => s.status);
  const loading = useNetmaster((s) => s.statusLoading);
  const tab = useNetmaster((s) => s.tab);
  const url = useNetmaster((s) => s.url);

  useEffect(() => {
    void store.getState().init();
  }, [store]);

  const up = !!status?.version;
  return (
    <div className="netmaster-view">
      <header className="view-header">
        <h1>{t('netmaster.title')}</h1>
        <p className="muted">{t('netmaster.subtitle')}</p>
      </header>
      <ConnectionBar />
      {status && !up ? <DownBanner status={status} busy={loading} target={url} onRetry={() => void store.getState().refresh()} /> : null}
      {status && up && status.error ? <ErrorNote error={status.error} title={t('netmaster.infoFailed')} /> : null}
      {!status ? <p className="muted">{t('common.loading')}</p> : null}
      {up ? (
        <>
          <Tabs />
          <div id="nm-panel" role="tabpanel" aria-labelledby={`nm-tab-${tab}`} className="nm-panel">
            <DeletedNote />
            <div className="nm-columns">
              <div className="nm-list-col">
                <ObjectTable type={tab} />
                <ObjectDetails />
              </div>
              {EDITABLE.has(tab) ? (
                <div className="nm-form-col">
                  <CreateForm key={tab} type={tab} />
                </div>
              ) : null}
            </div>
          </div>
        </>
      ) : null}
    </div>
  );
}
