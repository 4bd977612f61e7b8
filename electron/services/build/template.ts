/**
 * Contiv's `config.template` filled in by the app instead of its single-quoted sed (which never
 * substituted anything: ../shared/contiv/REAL-FAILURES.md), and the setting that names the plugin
 * (`plugin_name` in the 2017 layout, `CONTIV_NETMASTER_PLUGIN_NAME` in 2019) set to the name the
 * plugin is created as. Every change is reported, so the user sees what the build altered.
 */
import { sameReference } from '../docker/reference';
import { fillTemplate, isTemplate } from '../config/template';

export { isTemplate };

/** The env settings a Contiv config uses to name its own plugin (netmaster passes it to dockerd). */
export const NAME_SETTINGS = ['plugin_name', 'CONTIV_NETMASTER_PLUGIN_NAME'] as const;

export interface ConfigChange {
  what: string;
  from: string | null;
  to: string;
}

export interface FilledConfig {
  text: string;
  changes: ConfigChange[];
}

/**
 * What Contiv's sed meant to do — `/##/d; s/__CONTIV_V2PLUGIN_NAME__/NAME/` — done properly, with
 * the config model's own template filler (one model for the editor's lint and the build).
 */
export function fillConfigTemplate(text: string, name: string): FilledConfig {
  if (!isTemplate(text)) return { text, changes: [] };
  const filled = fillTemplate(text, name);
  const changes: ConfigChange[] = [];
  if (filled.commentLines.length) changes.push({ what: `${filled.commentLines.length} "##" comment line(s) removed`, from: null, to: '' });
  for (const p of filled.placeholders) changes.push({ what: `placeholder ${text.slice(p.from, p.to)}`, from: text.slice(p.from, p.to), to: /NAME/i.test(p.name) ? name : 'template-value' });
  return { text: filled.text, changes };
}

type Json = Record<string, unknown>;
const key = (o: Json, k: string) => Object.keys(o).filter((x) => x.toLowerCase() === k.toLowerCase());

/**
 * Sets `plugin_name` / `CONTIV_NETMASTER_PLUGIN_NAME` to `name` when the config has it and it names
 * another plugin (compared as Docker normalises references). Keys are matched case-insensitively,
 * as the engine decodes them. Returns the text unchanged when nothing needed changing; re-encoded
 * (2-space JSON) when something did. `text` must be valid JSON (checked before this runs).
 */
export function setPluginNameSetting(text: string, name: string): FilledConfig {
  const doc = JSON.parse(text) as Json;
  const changes: ConfigChange[] = [];
  for (const envKey of key(doc, 'env')) {
    const env = doc[envKey];
    if (!Array.isArray(env)) continue;
    for (const e of env as Json[]) {
      if (!e || typeof e !== 'object') continue;
      const nameKey = key(e, 'name').at(-1);
      const entryName = nameKey ? e[nameKey] : undefined;
      if (typeof entryName !== 'string' || !(NAME_SETTINGS as readonly string[]).includes(entryName)) continue;
      const valueKeys = key(e, 'value');
      const current = valueKeys.length ? e[valueKeys.at(-1)!] : null;
      if (typeof current === 'string' && sameReference(current, name)) continue;
      for (const k of valueKeys.length ? valueKeys : ['Value']) e[k] = name;
      changes.push({ what: entryName, from: typeof current === 'string' ? current : null, to: name });
    }
  }
  return changes.length ? { text: `${JSON.stringify(doc, null, 2)}\n`, changes } : { text, changes };
}
