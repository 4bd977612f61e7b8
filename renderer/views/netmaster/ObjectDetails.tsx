/**
 * The selected object: its config fields, netmaster's operational state (Oper) — key fields in
 * a table, everything as folded JSON — and, for the types this screen manages, Delete behind a
 * confirmation that shows the netctl twin of what it will do.
 */
import { useState } from 'react';
import { deleteTwin } from '../../../electron/services/netmaster/twins';
import { CommandHint } from '../../components/CommandHint';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorNote } from '../../components/ErrorNote';
import { useT } from '../../i18n/useT';
import { configRows, EDITABLE, operRows } from './fields';
import { useNetmaster, useNetmasterStore } from './useNetmaster';

function FieldTable({ rows, label }: { rows: [string, string][]; label: string }) {
  return (
    <table className="nm-fields" aria-label={label}>
      <tbody>
        {rows.map(([k, v]) => (
          <tr key={k}>
            <th scope="row">{k}</th>
            <td className="mono">{v}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ObjectDetails() {
  const t = useT();
  const store = useNetmasterStore();
  const inspect = useNetmaster((s) => s.inspect);
  const action = useNetmaster((s) => s.action);
  const [confirming, setConfirming] = useState(false);
  if (!inspect) return null;
  const { type, key, data, error, loading } = inspect;
  const twin = deleteTwin(type, key);
  const deleting = action?.kind === 'delete' && action.key === key && action.busy;

  const onDelete = async () => {
    await store.getState().remove(type, key);
    setConfirming(false);
  };

  return (
    <section className="nm-details" aria-label={t('netmaster.details', { key })} data-testid="netmaster-details">
      <header className="nm-details-header">
        <h2 className="mono">{key}</h2>
        {EDITABLE.has(type) ? (
          <button type="button" className="button danger" onClick={() => setConfirming(true)} disabled={deleting}>
            {t('netmaster.delete')}
          </button>
        ) : null}
      </header>
      {loading ? <p className="muted">{t('common.loading')}</p> : null}
      {error ? <ErrorNote error={error} title={t('netmaster.inspectFailed')} /> : null}
      {data ? (
        <>
          <h3>{t('netmaster.config')}</h3>
          <FieldTable rows={configRows(data.Config)} label={t('netmaster.config')} />
          <h3>{t('netmaster.oper')}</h3>
          {operRows(data.Oper).length ? <FieldTable rows={operRows(data.Oper)} label={t('netmaster.oper')} /> : <p className="muted">{t('netmaster.operEmpty')}</p>}
          <details className="nm-json">
            <summary>{t('netmaster.rawJson')}</summary>
            <pre className="json">{JSON.stringify(data, null, 2)}</pre>
          </details>
        </>
      ) : null}
      {confirming ? (
        <ConfirmDialog
          title={t('netmaster.delete.title', { key })}
          confirmLabel={t('netmaster.delete')}
          cancelLabel={t('common.cancel')}
          danger
          busy={deleting}
          onConfirm={() => void onDelete()}
          onCancel={() => setConfirming(false)}
        >
          <p>{t('netmaster.delete.body', { key })}</p>
          {twin ? <CommandHint command={twin} /> : null}
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
