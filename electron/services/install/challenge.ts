/**
 * A registry's `WWW-Authenticate` answer, as the Docker client reads it: `Bearer realm="…",
 * service="…",scope="…"` (the token flow of the distribution spec) or `Basic realm="…"`.
 * Pure: the registry client (registry.ts) acts on what this returns.
 */
export interface Challenge {
  scheme: 'bearer' | 'basic' | 'other';
  params: Record<string, string>;
}

/**
 * Parses one challenge (registries send one). Parameter values are quoted strings with `\`
 * escapes or bare tokens; names are case-insensitive (RFC 7235), so they are lower-cased.
 */
export function parseChallenge(header: string | null): Challenge | null {
  if (!header) return null;
  const m = /^\s*([A-Za-z][A-Za-z0-9._~+/-]*)\s*(.*)$/s.exec(header);
  if (!m) return null;
  const scheme = m[1].toLowerCase();
  const params: Record<string, string> = {};
  const re = /([A-Za-z][A-Za-z0-9._-]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))/g;
  for (const p of m[2].matchAll(re)) params[p[1].toLowerCase()] = p[2] !== undefined ? p[2].replace(/\\(.)/g, '$1') : (p[3] ?? '');
  return { scheme: scheme === 'bearer' ? 'bearer' : scheme === 'basic' ? 'basic' : 'other', params };
}

/** The token endpoint's URL for a pull of `repository` (what the client asks for when it only reads). */
export function tokenUrl(c: Challenge, repository: string): URL {
  const realm = c.params.realm;
  if (!realm) throw new Error('the registry asked for a bearer token but named no realm');
  const u = new URL(realm);
  if (c.params.service) u.searchParams.set('service', c.params.service);
  // The registry may name the scope it wants; otherwise ask for what a pull needs.
  u.searchParams.set('scope', c.params.scope || `repository:${repository}:pull`);
  return u;
}
