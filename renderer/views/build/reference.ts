/**
 * Plugin names as Docker parses references (distribution/reference): an optional
 * registry host, lowercase path components, an optional tag. The engine stores a
 * plugin as name:tag with `latest` implied, so `contiv/v2plugin` and
 * `contiv/v2plugin:latest` are the same plugin — the form shows the normalised name
 * so the user sees what `docker plugin ls` will say. Digests are refused: a plugin
 * is created under a tag, never a digest.
 */

/** One path component: lowercase alphanumerics joined by `.`, `_`, `__` or runs of `-`. */
const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
/** A registry host (with optional port): only recognised in the first component, when it has `.` or `:` or is localhost. */
const DOMAIN = /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*(?::[0-9]+)?$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const MAX_NAME = 255;

export type ReferenceProblem = 'empty' | 'digest' | 'uppercase' | 'component' | 'tag' | 'too-long';

export type ParsedReference = { ok: true; name: string; tag: string; normalised: string } | { ok: false; problem: ReferenceProblem };

export function parseReference(input: string): ParsedReference {
  const ref = input.trim();
  if (!ref) return { ok: false, problem: 'empty' };
  if (ref.includes('@')) return { ok: false, problem: 'digest' };
  // The tag is after the last ':' that follows the last '/' (a ':' before it is a registry port).
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  const hasTag = colon > slash;
  const name = hasTag ? ref.slice(0, colon) : ref;
  const tag = hasTag ? ref.slice(colon + 1) : 'latest';
  if (hasTag && !TAG.test(tag)) return { ok: false, problem: 'tag' };
  const parts = name.split('/');
  const first = parts[0];
  const isDomain = parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (isDomain && !DOMAIN.test(first)) return { ok: false, problem: 'component' };
  const path = isDomain ? parts.slice(1) : parts;
  for (const c of path) {
    if (COMPONENT.test(c)) continue;
    return { ok: false, problem: COMPONENT.test(c.toLowerCase()) ? 'uppercase' : 'component' };
  }
  if (name.length > MAX_NAME) return { ok: false, problem: 'too-long' };
  return { ok: true, name, tag, normalised: `${name}:${tag}` };
}

/** True when two references name the same plugin once normalised (`a/b` = `a/b:latest`). */
export function sameReference(a: string, b: string): boolean {
  const pa = parseReference(a);
  const pb = parseReference(b);
  return pa.ok && pb.ok ? pa.normalised === pb.normalised : a.trim() === b.trim();
}
