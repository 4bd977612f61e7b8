/**
 * The Contiv settings of the detected layout (2017 lower-case names or 2019
 * CONTIV_*), from the one table in services/config/contiv: what each means, its
 * format, the value in this config (editable: a surgical edit of that env entry's
 * Value), and the model's diagnostics for it beside it. This host's addresses and
 * interfaces (config:hostFacts) are offered as hints for IPs and uplinks.
 */
import type { ConfigProfile, Diagnostic, HostFacts } from '../../../electron/ipc/types';
import { settingsOf, type ContivSetting } from '../../../electron/services/config/contiv';
import { useT } from '../../i18n/useT';
import { appendItem, setValue, type TextChange } from './jsonedit';
import { findProp, nodeAt, parseJsonTree, plain, type JsonNode } from './jsontree';

interface Slot {
  index: number;
  value: string;
}

/** Env entries by exact name (env names are case-sensitive), the last one winning like a POSIX environment. */
function envByName(root: JsonNode | null): Map<string, Slot> {
  const out = new Map<string, Slot>();
  const env = root ? nodeAt(root, ['Env']) : undefined;
  if (env?.kind !== 'array') return out;
  env.items.forEach((item, index) => {
    const name = plain(findProp(item, 'Name')?.value);
    const value = plain(findProp(item, 'Value')?.value);
    if (typeof name === 'string' && name) out.set(name, { index, value: typeof value === 'string' ? value : '' });
  });
  return out;
}

const IP_KINDS = new Set(['ip-or-none', 'ip-or-empty']);

export function ContivPanel({
  profile,
  facts,
  factsError,
  text,
  diagnostics,
  stale = false,
  onChanges,
}: {
  profile: Exclude<ConfigProfile, null>;
  facts: HostFacts | null;
  factsError: string | null;
  text: string;
  diagnostics: Diagnostic[];
  /** `text` is the last text that decoded: shown read-only (an edit at its positions would land in the wrong place now). */
  stale?: boolean;
  onChanges(c: TextChange[]): void;
}) {
  const t = useT();

  let root: JsonNode | null = null;
  try {
    root = parseJsonTree(text);
  } catch {
    root = null;
  }
  const env = envByName(root);
  const settings = settingsOf(profile);
  const forSlot = (slot: Slot | undefined) =>
    slot ? diagnostics.filter((d) => new RegExp(`^/env/${slot.index}(/|$)`, 'i').test(d.pointer)) : [];
  const addresses = facts?.addresses.map((a) => a.address) ?? [];
  const ifnames = facts?.interfaces.map((i) => i.ifname) ?? [];

  const edit = (c: TextChange | null) => c && onChanges([c]);

  return (
    <section className="side-panel contiv-panel" aria-label={t('editor.contiv.title')} data-testid="contiv-panel" data-stale={stale ? 'yes' : 'no'}>
      <h2>
        {t('editor.contiv.title')} <span className="badge badge-info">{profile === 'contiv-2017' ? t('editor.contiv.layout2017') : t('editor.contiv.layout2019')}</span>
      </h2>
      {stale ? (
        <p className="field-note stale-note" role="status">
          {t('editor.stale')}
        </p>
      ) : null}
      {facts ? (
        <p className="field-note">
          {t('editor.contiv.hostFacts', { host: facts.hostname, addresses: addresses.join(', ') || '—', uplinks: ifnames.filter((n) => !facts.defaultRouteInterfaces.includes(n) && n !== 'lo').join(', ') || '—' })}
        </p>
      ) : factsError ? (
        <p className="field-note">{t('editor.contiv.noFacts', { reason: factsError })}</p>
      ) : null}
      <datalist id="contiv-host-ips">
        {addresses.map((a) => (
          <option key={a} value={a} />
        ))}
      </datalist>
      <datalist id="contiv-host-ifs">
        {ifnames.map((n) => (
          <option key={n} value={n} label={facts?.defaultRouteInterfaces.includes(n) ? t('editor.contiv.defaultRoute') : undefined} />
        ))}
      </datalist>
      <ul className="contiv-settings">
        {settings.map((s: ContivSetting) => {
          const slot = env.get(s.name);
          const diags = forSlot(slot);
          const id = `contiv-${s.name}`;
          return (
            <li key={s.name} className={`contiv-setting${diags.some((d) => d.severity !== 'info') ? ' has-problem' : ''}`} data-setting={s.name}>
              <div className="row contiv-setting-head">
                <label htmlFor={id} className="contiv-title">
                  {s.title}
                </label>
                <code className="muted">{s.name}</code>
              </div>
              <p className="contiv-meaning">{s.meaning}</p>
              <p className="field-note">
                {t('editor.contiv.format', { format: s.format })}
                {s.to2019?.length ? ` · ${t('editor.contiv.to2019', { names: s.to2019.join(', ') })}` : ''}
              </p>
              {slot ? (
                <input
                  id={id}
                  className="input mono"
                  value={slot.value}
                  list={IP_KINDS.has(s.kind) ? 'contiv-host-ips' : s.kind === 'interfaces' ? 'contiv-host-ifs' : undefined}
                  disabled={!root || stale}
                  onChange={(e) => edit(setValue(text, ['Env', slot.index, 'Value'], e.target.value))}
                />
              ) : (
                <p className="row">
                  <span className="muted">{t('editor.contiv.absent', { value: s.default || '""' })}</span>
                  <button
                    type="button"
                    className="button small"
                    disabled={!root || stale}
                    onClick={() => edit(appendItem(text, ['Env'], { Description: s.title, Name: s.name, Settable: ['value'], Value: s.default }))}
                  >
                    {t('editor.contiv.add')}
                  </button>
                </p>
              )}
              {diags.map((d, i) => (
                <p key={i} className={`contiv-diag diag-${d.severity}`} data-code={d.code}>
                  <code>{d.code}</code> {d.message}
                </p>
              ))}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
