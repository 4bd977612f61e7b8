/**
 * `.dockerignore` as the Docker CLI reads it (moby/patternmatcher): one pattern a line, `#`
 * comments, `!` re-includes, paths cleaned and anchored at the context root, `*` and `?` never
 * cross a `/`, `**` crosses any number of folders, the last matching pattern wins, and a pattern
 * that matches a folder matches everything under it. Written from those rules, not copied.
 */
export interface IgnorePattern {
  text: string;
  exclusion: boolean;
  re: RegExp;
}

/** posix path.clean without the leading "./" or "/": the form patterns and paths are compared in. */
function clean(p: string): string {
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return out.join('/');
}

function escapeRe(ch: string): string {
  return /[.+^${}()|[\]\\]/.test(ch) ? `\\${ch}` : ch;
}

export function compilePattern(pattern: string): RegExp {
  let re = '^';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '*') {
      if (pattern[i + 1] === '*') {
        i++;
        // "**/" is "**": any number of folders, including none.
        if (pattern[i + 1] === '/') i++;
        re += i + 1 >= pattern.length ? '.*' : '(?:.*/)?';
      } else re += '[^/]*';
    } else if (ch === '?') re += '[^/]';
    else if (ch === '\\' && i + 1 < pattern.length) re += escapeRe(pattern[++i]);
    else if (ch === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else {
        let cls = pattern.slice(i + 1, end);
        if (cls.startsWith('!')) cls = `^${cls.slice(1)}`;
        re += `[${cls.replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else re += escapeRe(ch);
  }
  return new RegExp(`${re}$`);
}

export function parseDockerignore(text: string): IgnorePattern[] {
  const out: IgnorePattern[] = [];
  for (const raw of text.split(/\r?\n/)) {
    let line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const exclusion = line.startsWith('!');
    if (exclusion) line = line.slice(1).trim();
    const p = clean(line);
    if (!p) continue;
    out.push({ text: raw.trim(), exclusion, re: compilePattern(p) });
  }
  return out;
}

export class IgnoreMatcher {
  constructor(readonly patterns: IgnorePattern[]) {}

  static from(text: string | null): IgnoreMatcher {
    return new IgnoreMatcher(text ? parseDockerignore(text) : []);
  }

  get hasExclusions(): boolean {
    return this.patterns.some((p) => p.exclusion);
  }

  /** True when `rel` (a path relative to the context) is left out of the build context. */
  ignored(rel: string): boolean {
    const path = clean(rel);
    const parents: string[] = [];
    const parts = path.split('/');
    for (let i = 1; i <= parts.length; i++) parents.push(parts.slice(0, i).join('/'));
    let matched = false;
    for (const p of this.patterns) {
      // A pattern matching the path itself or any folder above it applies to it.
      if (parents.some((q) => p.re.test(q))) matched = !p.exclusion;
    }
    return matched;
  }
}
