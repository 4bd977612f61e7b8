/**
 * Create a tenant, network, endpoint group, policy or rule. The netctl twin is drawn live from
 * the same function the service uses, so what the form shows is what the result will say; after
 * the action, the service's twin or netmaster's own error text (first line; the Go stack one
 * click away).
 */
import { useState, type FormEvent } from 'react';
import type { NetmasterObjectType } from '../../../electron/ipc/types';
import { createTwin } from '../../../electron/services/netmaster/twins';
import { CommandHint } from '../../components/CommandHint';
import { ErrorNote } from '../../components/ErrorNote';
import { useT } from '../../i18n/useT';
import { NEW_LABEL } from './fields';
import { buildObject, choicesOf, FORMS, initialValues, type FieldSpec, type Values } from './formSpecs';
import { useNetmaster, useNetmasterStore } from './useNetmaster';

function Field({ spec, values, set }: { spec: FieldSpec; values: Values; set(name: string, v: string | string[]): void }) {
  const t = useT();
  const lists = useNetmaster((s) => s.lists);
  const id = `nm-f-${spec.name}`;
  const value = values[spec.name];
  const label = spec.required ? t(spec.label) : t('netmaster.optional', { label: t(spec.label) });
  if (spec.kind === 'multi') {
    const chosen = Array.isArray(value) ? value : [];
    const choices = choicesOf(spec, lists, values);
    return (
      <fieldset className="nm-multi">
        <legend>{label}</legend>
        {choices.length === 0 ? <span className="muted">{t('netmaster.none')}</span> : null}
        {choices.map((c) => (
          <label key={c} className="checkbox">
            <input type="checkbox" checked={chosen.includes(c)} onChange={(e) => set(spec.name, e.target.checked ? [...chosen, c] : chosen.filter((x) => x !== c))} /> {c}
          </label>
        ))}
      </fieldset>
    );
  }
  const str = typeof value === 'string' ? value : '';
  if (spec.kind === 'select') {
    const choices = choicesOf(spec, lists, values);
    // Keep the current value visible even before its list arrives.
    const options = choices.includes(str) ? choices : [str, ...choices];
    return (
      <div className="nm-field">
        <label htmlFor={id}>{label}</label>
        <select id={id} className="input" value={str} onChange={(e) => set(spec.name, e.target.value)}>
          {options.map((c) => (
            <option key={c} value={c}>
              {c === '' ? '—' : c}
            </option>
          ))}
        </select>
      </div>
    );
  }
  return (
    <div className="nm-field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        className="input mono"
        type={spec.kind === 'number' ? 'number' : 'text'}
        inputMode={spec.kind === 'number' ? 'numeric' : undefined}
        min={spec.min}
        max={spec.max}
        value={str}
        placeholder={spec.placeholder}
        spellCheck={false}
        onChange={(e) => set(spec.name, e.target.value)}
      />
    </div>
  );
}

export function CreateForm({ type }: { type: NetmasterObjectType }) {
  const t = useT();
  const store = useNetmasterStore();
  const action = useNetmaster((s) => s.action);
  const specs = FORMS[type];
  const [values, setValues] = useState<Values>(() => initialValues(specs ?? []));
  if (!specs) return null;

  const set = (name: string, v: string | string[]) => {
    store.getState().clearAction();
    setValues((prev) => {
      const next = { ...prev, [name]: v };
      // A new tenant empties the picks that belonged to the old one.
      if (name === 'tenantName') for (const f of specs) if (f.name !== 'tenantName' && typeof f.choices === 'function') next[f.name] = f.kind === 'multi' ? [] : '';
      return next;
    });
  };

  const { object, missing } = buildObject(specs, values);
  const twin = missing ? null : createTwin(type, object);
  const mine = action && action.kind === 'create' && action.type === type ? action : null;

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (missing) return;
    const ok = await store.getState().create(type, object);
    // Keep the tenant and settings for the next one; clear the name so a second click is not a silent update.
    if (ok) setValues((prev) => ({ ...prev, [specs.find((f) => f.kind === 'text' && f.required)!.name]: '' }));
  };

  return (
    <form className="nm-form" onSubmit={onSubmit} aria-label={t(NEW_LABEL[type])} data-testid="netmaster-create">
      <h2>{t(NEW_LABEL[type])}</h2>
      <div className="nm-form-grid">
        {specs.map((f) => (
          <Field key={f.name} spec={f} values={values} set={set} />
        ))}
      </div>
      {twin ? <CommandHint command={twin} /> : <p className="muted">{t('netmaster.create.needs', { field: missing ? t(missing.label) : '' })}</p>}
      <div className="row">
        <button type="submit" className="button primary" disabled={!!missing || mine?.busy} aria-busy={mine?.busy}>
          {t('netmaster.create')}
        </button>
      </div>
      {mine && !mine.busy && !mine.error ? (
        <div className="nm-done" role="status" data-testid="netmaster-created">
          <p>{t('netmaster.created', { key: mine.key })}</p>
          {mine.netctl ? <CommandHint command={mine.netctl} label={t('netmaster.ran')} /> : null}
        </div>
      ) : null}
      {mine?.error ? <ErrorNote error={mine.error} title={t('netmaster.createFailed')} testId="netmaster-create-error" /> : null}
    </form>
  );
}
