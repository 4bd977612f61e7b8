/**
 * The config.json model, browser-safe: the renderer imports this for per-keystroke lint, hover
 * docs and completion; the service (service.ts, Node only) adds the start-script check and the
 * diff against the installed plugin. Nothing here may import a `node:` module.
 */
import { LineIndex, parseJson, type JsonNode } from './json';
import { fillTemplate, isTemplate } from './template';
import type { Located } from './lint';

export { lintConfig, type LintOptions, type LintResult, type Located } from './lint';
export { fieldDocs, docsFor, KNOWN_VALUES, type FieldDoc, type KnownInterfaceType } from './docs';
export { computePrivileges } from './privileges';
export { parseJson, LineIndex, type JsonNode, type ParseResult, type SyntaxProblem } from './json';
export { decodeConfig } from './decode';
export { CONFIG as CONFIG_SCHEMA, matchField, foldKey, typeAt, type GoType, type GoField } from './schema';
export { isTemplate, fillTemplate, NEUTRAL_PLUGIN_NAME } from './template';
export { splitInterfaceType } from './checks';
export { suggestKey } from './suggest';
export type { DecodedConfig, DecodedEnv, DecodedMount, DecodedDevice, DecodedArgs, DecodedSetting, CanonicalPath, ExtraCheck, Finding, Severity } from './types';

/**
 * Where a JSON pointer written in the user's own keys (`/env/3/value`) lands in the text.
 * Keys are matched exactly (the last of duplicates, as the engine keeps the last); templates are
 * filled first, which keeps positions. Null when the pointer leads nowhere or the text does not parse.
 */
export function locate(text: string, pointer: string): Located | null {
  const judged = isTemplate(text) ? fillTemplate(text).text : text;
  const { root } = parseJson(judged);
  if (!root) return null;
  const segs = pointer === '' ? [] : pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  let node: JsonNode = root;
  for (const seg of segs) {
    if (node.kind === 'object') {
      const m = [...node.members].reverse().find((x) => x.key === seg);
      if (!m) return null;
      node = m.value;
    } else if (node.kind === 'array' && /^(0|[1-9][0-9]*)$/.test(seg) && Number(seg) < node.items.length) {
      node = node.items[Number(seg)];
    } else return null;
  }
  const idx = new LineIndex(text);
  return { pointer, from: node.from, to: node.to, ...idx.position(node.from) };
}
