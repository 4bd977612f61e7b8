/**
 * Template mode: files that are not yet config.json. Contiv's `install/v2plugin/config.template`
 * holds `## …` comment lines and `__CONTIV_V2PLUGIN_NAME__`; its build script runs
 * `sed '/##/d;s/__CONTIV_V2PLUGIN_NAME__/…/'` to make the real file. We do the same without
 * moving anything: comment lines are blanked to spaces (same length, so every offset, line and
 * column still points at the user's text) and placeholders are filled, with a map back to where
 * each filled value came from. Pure and browser-safe.
 */

export interface Placeholder {
  from: number;
  to: number;
  name: string;
}

export interface Filled {
  text: string;
  commentLines: number[];
  placeholders: Placeholder[];
  /** Filled-text offset → original offset. */
  toOriginal(offset: number): number;
}

/** A line whose first non-blank characters are `##` (Contiv's comments; sed deletes any line with `##`). */
const COMMENT_LINE = /^[ \t]*##.*$/gm;
/** `__NAME__` (Contiv) and `${NAME}` (shell-style) placeholders. */
const PLACEHOLDER = /__([A-Z][A-Z0-9_]*[A-Z0-9])__|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?[-=+?][^}]*)?\}/g;

/** The name a placeholder that means "the plugin's own name" gets when none is given. */
export const NEUTRAL_PLUGIN_NAME = 'plugsmith/template:latest';

export function isTemplate(text: string): boolean {
  COMMENT_LINE.lastIndex = 0;
  PLACEHOLDER.lastIndex = 0;
  return COMMENT_LINE.test(text) || PLACEHOLDER.test(text);
}

/** True when offset lies inside a JSON string literal (scanning quotes and escapes from the start, comment lines skipped). */
function stringRegions(text: string): (offset: number) => boolean {
  const regions: [number, number][] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      const start = i++;
      while (i < text.length && text[i] !== '"' && text[i] !== '\n') i += text[i] === '\\' ? 2 : 1;
      regions.push([start, i]);
    }
    i++;
  }
  return (offset) => regions.some(([a, b]) => offset > a && offset < b);
}

export function fillTemplate(text: string, pluginName?: string): Filled {
  const commentLines: number[] = [];
  let blanked = text.replace(COMMENT_LINE, (line, offset: number) => {
    commentLines.push(offset);
    return ' '.repeat(line.length);
  });
  const inString = stringRegions(blanked);
  const placeholders: Placeholder[] = [];
  const edits: { from: number; to: number; newFrom: number; newTo: number }[] = [];
  let out = '';
  let last = 0;
  PLACEHOLDER.lastIndex = 0;
  for (let m = PLACEHOLDER.exec(blanked); m; m = PLACEHOLDER.exec(blanked)) {
    const name = m[1] ?? m[2];
    placeholders.push({ from: m.index, to: m.index + m[0].length, name });
    // A name placeholder becomes the plugin's name:tag; anything else a neutral value that keeps JSON valid.
    const value = /NAME/i.test(name) ? (pluginName ?? NEUTRAL_PLUGIN_NAME) : 'template-value';
    const replacement = inString(m.index) ? JSON.stringify(value).slice(1, -1) : 'null';
    out += blanked.slice(last, m.index);
    edits.push({ from: m.index, to: m.index + m[0].length, newFrom: out.length, newTo: out.length + replacement.length });
    out += replacement;
    last = m.index + m[0].length;
  }
  out += blanked.slice(last);
  blanked = out;
  const toOriginal = (offset: number): number => {
    let delta = 0;
    for (const e of edits) {
      if (offset < e.newFrom) break;
      if (offset < e.newTo) return e.from + Math.min(offset - e.newFrom, e.to - e.from);
      delta = e.to - e.newTo;
    }
    return offset + delta;
  };
  return { text: blanked, commentLines, placeholders, toOriginal };
}
