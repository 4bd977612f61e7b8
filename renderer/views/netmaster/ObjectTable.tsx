/** One type's objects as a table of their key fields; a row's key is a button that selects it (again: re-inspects). */
import type { NetmasterObjectType } from '../../../electron/ipc/types';
import { ErrorNote } from '../../components/ErrorNote';
import { useT } from '../../i18n/useT';
import { cell, COLUMNS, field, TAB_LABEL } from './fields';
import { useNetmaster, useNetmasterStore } from './useNetmaster';

export function ObjectTable({ type }: { type: NetmasterObjectType }) {
  const t = useT();
  const store = useNetmasterStore();
  const list = useNetmaster((s) => s.lists[type]);
  const selected = useNetmaster((s) => s.selected);
  const cols = COLUMNS[type] ?? [];
  if (list?.error) return <ErrorNote error={list.error} title={t('netmaster.listFailed')} testId="netmaster-list-error" />;
  if (!list) return <p className="muted">{t('common.loading')}</p>;
  if (list.items.length === 0) return <p className="empty">{list.loading ? t('common.loading') : t('netmaster.empty')}</p>;
  return (
    <div className="nm-table-wrap">
      <table className="nm-table" aria-label={t(TAB_LABEL[type])} aria-busy={list.loading} data-testid="netmaster-list">
        <thead>
          <tr>
            <th scope="col">key</th>
            {cols.map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {list.items.map((o) => (
            <tr key={o.key} aria-selected={selected === o.key} className={selected === o.key ? 'selected' : undefined}>
              <th scope="row">
                <button type="button" className="link mono" onClick={() => store.getState().select(o.key)}>
                  {o.key}
                </button>
              </th>
              {cols.map((c) => (
                <td key={c} className="mono">
                  {cell(field(o, c))}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
