/**
 * The form view: the same document as the raw text, read through jsontree (fields
 * matched like the engine) and edited surgically through jsonedit, every change a
 * transaction of the one document (so the raw view follows, and Ctrl+Z undoes form
 * edits too). While the text does not parse the form says why and is read-only.
 */
import { useMemo, type ReactNode } from 'react';
import { Toggle } from '../../components/Toggle';
import { useT } from '../../i18n/useT';
import type { T } from '../../i18n/useT';
import { appendItem, removeAt, setValue, type TextChange } from './jsonedit';
import { JsonSyntaxError, nodeAt, parseJsonTree, plain, type JsonNode, type PathSeg } from './jsontree';
import { capabilityOptions, interfaceTypeOptions, networkTypeOptions } from './model';

type Edit = (change: TextChange | null) => void;

interface Ctx {
  text: string;
  root: JsonNode;
  edit: Edit;
  t: T;
}

const str = (v: unknown) => (typeof v === 'string' ? v : v === undefined || v === null ? '' : JSON.stringify(v));
const strList = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

export function FormView({ text, onChanges }: { text: string; onChanges(changes: TextChange[]): void }) {
  const t = useT();
  const parsed = useMemo(() => {
    try {
      return { root: parseJsonTree(text), error: null };
    } catch (e) {
      const err = e as JsonSyntaxError;
      const before = text.slice(0, err.offset ?? 0);
      const line = before.split('\n').length;
      const column = (err.offset ?? 0) - before.lastIndexOf('\n');
      return { root: null, error: { message: err.message, line, column } };
    }
  }, [text]);

  if (!parsed.root) {
    return (
      <div className="editor-form" data-testid="editor-form">
        <div role="alert" className="error-note" data-testid="form-readonly">
          <p className="error-title">{t('editor.form.readOnly')}</p>
          <p className="error-message">{t('editor.form.syntaxAt', { line: parsed.error!.line, column: parsed.error!.column, message: parsed.error!.message })}</p>
        </div>
      </div>
    );
  }
  if (parsed.root.kind !== 'object') {
    return (
      <div className="editor-form" data-testid="editor-form">
        <p role="alert" className="error-note">{t('editor.form.notObject')}</p>
      </div>
    );
  }
  const edit: Edit = (c) => {
    if (c) onChanges([c]);
  };
  const ctx: Ctx = { text, root: parsed.root, edit, t };
  return (
    <div className="editor-form" data-testid="editor-form">
      <General ctx={ctx} />
      <Interface ctx={ctx} />
      <EnvTable ctx={ctx} />
      <ArgsBlock ctx={ctx} />
      <MountsTable ctx={ctx} />
      <DevicesTable ctx={ctx} />
      <Capabilities ctx={ctx} />
      <HostAccess ctx={ctx} />
    </div>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <fieldset className="form-section">
      <legend>{title}</legend>
      {children}
    </fieldset>
  );
}

/** A text input bound to the string at `path` (created on first input, in the siblings' casing). */
function TextField({ ctx, path, label, mono, placeholder }: { ctx: Ctx; path: PathSeg[]; label: string; mono?: boolean; placeholder?: string }) {
  const id = `f-${path.join('-')}`;
  const value = str(plain(nodeAt(ctx.root, path)));
  return (
    <div className="form-field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        className={`input${mono ? ' mono' : ''}`}
        value={value}
        placeholder={placeholder}
        onChange={(e) => ctx.edit(setValue(ctx.text, path, e.target.value))}
      />
    </div>
  );
}

/** A string list edited as space-separated words (Entrypoint, Args value). */
function WordsField({ ctx, path, label, note }: { ctx: Ctx; path: PathSeg[]; label: string; note?: string }) {
  const id = `f-${path.join('-')}`;
  const value = strList(plain(nodeAt(ctx.root, path))).join(' ');
  return (
    <div className="form-field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        className="input mono"
        defaultValue={value}
        key={value}
        aria-describedby={note ? `${id}-note` : undefined}
        // Committed on blur/Enter: splitting on every keystroke would eat the space being typed.
        onBlur={(e) => {
          const words = e.target.value.split(/\s+/).filter(Boolean);
          if (words.join(' ') !== value) ctx.edit(setValue(ctx.text, path, words));
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') (e.target as HTMLInputElement).blur();
        }}
      />
      {note ? (
        <p id={`${id}-note`} className="field-note">
          {note}
        </p>
      ) : null}
    </div>
  );
}

function Check({ ctx, path, label, note }: { ctx: Ctx; path: PathSeg[]; label: string; note?: string }) {
  const node = nodeAt(ctx.root, path);
  const checked = node?.kind === 'boolean' && node.value;
  return (
    <label className="checkbox">
      <input type="checkbox" checked={checked} onChange={(e) => ctx.edit(setValue(ctx.text, path, e.target.checked))} />
      <span>
        {label}
        {note ? <span className="field-note block">{note}</span> : null}
      </span>
    </label>
  );
}

function General({ ctx }: { ctx: Ctx }) {
  const { t } = ctx;
  return (
    <Section title={t('editor.form.general')}>
      <TextField ctx={ctx} path={['Description']} label={t('editor.field.description')} />
      <TextField ctx={ctx} path={['Documentation']} label={t('editor.field.documentation')} placeholder="https://" />
      <WordsField ctx={ctx} path={['Entrypoint']} label={t('editor.field.entrypoint')} note={t('editor.field.wordsNote')} />
      <TextField ctx={ctx} path={['WorkDir']} label={t('editor.field.workdir')} mono />
    </Section>
  );
}

function Interface({ ctx }: { ctx: Ctx }) {
  const { t } = ctx;
  const types = strList(plain(nodeAt(ctx.root, ['Interface', 'Types'])));
  const known = interfaceTypeOptions();
  const all = [...known.map((k) => k.label), ...types.filter((x) => !known.some((k) => k.label === x))];
  const netType = str(plain(nodeAt(ctx.root, ['Network', 'Type'])));
  const nets = networkTypeOptions();
  const netValues = [...nets.map((n) => n.label), ...(netType && !nets.some((n) => n.label === netType) ? [netType] : [])];
  return (
    <Section title={t('editor.form.interface')}>
      <div className="form-field" role="group" aria-label={t('editor.field.types')}>
        <span className="label">{t('editor.field.types')}</span>
        <div className="check-grid">
          {all.map((ty) => {
            const detail = known.find((k) => k.label === ty)?.detail;
            return (
              <label key={ty} className="checkbox" title={detail}>
                <input
                  type="checkbox"
                  checked={types.includes(ty)}
                  onChange={(e) => ctx.edit(setValue(ctx.text, ['Interface', 'Types'], e.target.checked ? [...types, ty] : types.filter((x) => x !== ty)))}
                />
                <span className="mono">{ty}</span>
              </label>
            );
          })}
        </div>
      </div>
      <TextField ctx={ctx} path={['Interface', 'Socket']} label={t('editor.field.socket')} mono placeholder="plugin.sock" />
      <div className="form-field">
        <label htmlFor="f-network-type">{t('editor.field.networkType')}</label>
        <select id="f-network-type" className="input narrow" value={netType} onChange={(e) => ctx.edit(setValue(ctx.text, ['Network', 'Type'], e.target.value))}>
          {netValues.map((n) => (
            <option key={n} value={n}>
              {n === '' ? t('editor.field.emptyNetwork') : n}
              {nets.find((x) => x.label === n)?.detail ? ` — ${nets.find((x) => x.label === n)!.detail}` : ''}
            </option>
          ))}
        </select>
      </div>
    </Section>
  );
}

/** The Settable switch of one entry: `valueName` (value/source/path) in or out of its Settable list. */
function SettableToggle({ ctx, path, valueName, label }: { ctx: Ctx; path: PathSeg[]; valueName: string; label: string }) {
  const list = strList(plain(nodeAt(ctx.root, [...path, 'Settable'])));
  const on = list.some((s) => s.toLowerCase() === valueName);
  return (
    <Toggle
      checked={on}
      label={label}
      onChange={(next) => ctx.edit(setValue(ctx.text, [...path, 'Settable'], next ? [...list, valueName] : list.filter((s) => s.toLowerCase() !== valueName)))}
    />
  );
}

interface Column {
  field: string;
  label: string;
  mono?: boolean;
  words?: boolean;
}

function Table({ ctx, title, path, columns, settable, blank, addLabel }: { ctx: Ctx; title: string; path: PathSeg[]; columns: Column[]; settable: string; blank: Record<string, unknown>; addLabel: string }) {
  const { t } = ctx;
  const node = nodeAt(ctx.root, path);
  const rows = node?.kind === 'array' ? node.items : [];
  return (
    <Section title={title}>
      {rows.length === 0 ? <p className="muted">{t('editor.form.noRows')}</p> : null}
      {rows.length > 0 ? (
        <table className="form-table">
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c.field}>{c.label}</th>
              ))}
              <th>{t('editor.field.settable', { field: settable })}</th>
              <th aria-label={t('editor.form.actions')} />
            </tr>
          </thead>
          <tbody>
            {rows.map((_, i) => {
              const rowName = str(plain(nodeAt(ctx.root, [...path, i, 'Name']))) || `#${i + 1}`;
              return (
                <tr key={i}>
                  {columns.map((c) => {
                    const cellPath = [...path, i, c.field];
                    const v = plain(nodeAt(ctx.root, cellPath));
                    const label = `${c.label} ${rowName}`;
                    if (c.words) {
                      const value = strList(v).join(' ');
                      return (
                        <td key={c.field}>
                          <input
                            className="input mono"
                            aria-label={label}
                            defaultValue={value}
                            key={value}
                            onBlur={(e) => {
                              const words = e.target.value.split(/\s+/).filter(Boolean);
                              if (words.join(' ') !== value) ctx.edit(setValue(ctx.text, cellPath, words));
                            }}
                          />
                        </td>
                      );
                    }
                    return (
                      <td key={c.field}>
                        <input className={`input${c.mono ? ' mono' : ''}`} aria-label={label} value={str(v)} onChange={(e) => ctx.edit(setValue(ctx.text, cellPath, e.target.value))} />
                      </td>
                    );
                  })}
                  <td>
                    <SettableToggle ctx={ctx} path={[...path, i]} valueName={settable} label={t('editor.field.settableFor', { name: rowName, field: settable })} />
                  </td>
                  <td>
                    <button type="button" className="button small ghost" aria-label={t('editor.form.removeRow', { name: rowName })} onClick={() => ctx.edit(removeAt(ctx.text, [...path, i]))}>
                      ✕
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
      <button type="button" className="button small" onClick={() => ctx.edit(appendItem(ctx.text, path, blank))}>
        {addLabel}
      </button>
    </Section>
  );
}

function EnvTable({ ctx }: { ctx: Ctx }) {
  const { t } = ctx;
  return (
    <Table
      ctx={ctx}
      title={t('editor.form.env')}
      path={['Env']}
      settable="value"
      blank={{ Name: '', Description: '', Settable: ['value'], Value: '' }}
      addLabel={t('editor.form.addEnv')}
      columns={[
        { field: 'Name', label: t('editor.col.name'), mono: true },
        { field: 'Value', label: t('editor.col.value'), mono: true },
        { field: 'Description', label: t('editor.col.description') },
      ]}
    />
  );
}

function ArgsBlock({ ctx }: { ctx: Ctx }) {
  const { t } = ctx;
  const has = !!nodeAt(ctx.root, ['Args']);
  return (
    <Section title={t('editor.form.args')}>
      {has ? (
        <>
          <TextField ctx={ctx} path={['Args', 'Name']} label={t('editor.col.name')} mono />
          <TextField ctx={ctx} path={['Args', 'Description']} label={t('editor.col.description')} />
          <WordsField ctx={ctx} path={['Args', 'Value']} label={t('editor.col.value')} note={t('editor.field.argsNote')} />
          <div className="row">
            <SettableToggle ctx={ctx} path={['Args']} valueName="value" label={t('editor.field.settableFor', { name: 'args', field: 'value' })} />
            <span>{t('editor.field.settable', { field: 'value' })}</span>
          </div>
        </>
      ) : (
        <button type="button" className="button small" onClick={() => ctx.edit(setValue(ctx.text, ['Args'], { Name: 'args', Description: '', Settable: ['value'], Value: [] }))}>
          {t('editor.form.addArgs')}
        </button>
      )}
    </Section>
  );
}

function MountsTable({ ctx }: { ctx: Ctx }) {
  const { t } = ctx;
  return (
    <Table
      ctx={ctx}
      title={t('editor.form.mounts')}
      path={['Mounts']}
      settable="source"
      blank={{ Name: '', Description: '', Settable: ['source'], Source: '', Destination: '', Type: 'bind', Options: ['rbind'] }}
      addLabel={t('editor.form.addMount')}
      columns={[
        { field: 'Name', label: t('editor.col.name'), mono: true },
        { field: 'Source', label: t('editor.col.source'), mono: true },
        { field: 'Destination', label: t('editor.col.destination'), mono: true },
        { field: 'Type', label: t('editor.col.type'), mono: true },
        { field: 'Options', label: t('editor.col.options'), mono: true, words: true },
      ]}
    />
  );
}

function DevicesTable({ ctx }: { ctx: Ctx }) {
  const { t } = ctx;
  return (
    <Table
      ctx={ctx}
      title={t('editor.form.devices')}
      path={['Linux', 'Devices']}
      settable="path"
      blank={{ Name: '', Description: '', Settable: ['path'], Path: '' }}
      addLabel={t('editor.form.addDevice')}
      columns={[
        { field: 'Name', label: t('editor.col.name'), mono: true },
        { field: 'Path', label: t('editor.col.path'), mono: true },
        { field: 'Description', label: t('editor.col.description') },
      ]}
    />
  );
}

function Capabilities({ ctx }: { ctx: Ctx }) {
  const { t } = ctx;
  const caps = strList(plain(nodeAt(ctx.root, ['Linux', 'Capabilities'])));
  const known = capabilityOptions();
  const extra = caps.filter((c) => !known.some((k) => k.label === c));
  return (
    <Section title={t('editor.form.capabilities')}>
      <div className="cap-grid" role="group" aria-label={t('editor.form.capabilities')}>
        {[...known, ...extra.map((label) => ({ label, detail: t('editor.form.unknownCap') }))].map((c) => (
          <label key={c.label} className="cap">
            <input
              type="checkbox"
              checked={caps.includes(c.label)}
              onChange={(e) => ctx.edit(setValue(ctx.text, ['Linux', 'Capabilities'], e.target.checked ? [...caps, c.label] : caps.filter((x) => x !== c.label)))}
            />
            <span className="mono cap-name">{c.label}</span>
            <span className="cap-meaning">{c.detail}</span>
          </label>
        ))}
      </div>
    </Section>
  );
}

function HostAccess({ ctx }: { ctx: Ctx }) {
  const { t } = ctx;
  return (
    <Section title={t('editor.form.host')}>
      <Check ctx={ctx} path={['Linux', 'AllowAllDevices']} label="allowAllDevices" note={t('editor.field.allowAllDevices')} />
      <Check ctx={ctx} path={['IpcHost']} label="ipcHost" note={t('editor.field.ipcHost')} />
      <Check ctx={ctx} path={['PidHost']} label="pidHost" note={t('editor.field.pidHost')} />
      <TextField ctx={ctx} path={['PropagatedMount']} label={`propagatedMount — ${t('editor.field.propagatedMount')}`} mono />
    </Section>
  );
}
