/**
 * Docker's image/plugin reference normalisation (distribution's `ParseNormalizedNamed` followed
 * by `TagNameOnly`), so two spellings of one plugin compare equal the way the engine sees them:
 * `contiv/v2plugin` = `contiv/v2plugin:latest` = `docker.io/contiv/v2plugin:latest`.
 *
 * Written from the reference grammar, not copied. Pure and browser-safe; the build reuses it to
 * show the name a plugin will be created as.
 */
import { PlugsmithError } from '../errors';

export interface ParsedReference {
  /** Registry host, `docker.io` for Docker Hub. */
  domain: string;
  /** Repository path inside the registry, `library/` added for official Hub names. */
  path: string;
  /** The tag, `latest` when the input had neither tag nor digest. */
  tag: string | null;
  digest: string | null;
  /** Fully qualified: `docker.io/contiv/v2plugin:latest`. */
  full: string;
  /** What `docker plugin ls` prints: `contiv/v2plugin:latest`. */
  familiar: string;
}

const DEFAULT_DOMAIN = 'docker.io';
const LEGACY_DEFAULT_DOMAIN = 'index.docker.io';
const OFFICIAL_PREFIX = 'library/';

// The grammar's pieces (distribution/reference): path components are lower-case alphanumerics
// joined by '.', '_', '__' or runs of '-'; a domain is dot-separated labels with an optional port
// (or a bracketed IPv6 address); tags are [\w][\w.-]{0,127}; digests are algorithm:hex.
const COMPONENT = '[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*';
const PATH_RE = new RegExp(`^${COMPONENT}(?:/${COMPONENT})*$`);
const DOMAIN_LABEL = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN_RE = new RegExp(`^(?:${DOMAIN_LABEL}(?:\\.${DOMAIN_LABEL})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?$`);
const TAG_RE = /^[\w][\w.-]{0,127}$/;
const DIGEST_RE = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
const ID_RE = /^[a-f0-9]{64}$/;

function invalid(name: string, why: string): never {
  throw new PlugsmithError('reference/invalid', `invalid reference format: ${why}`, name);
}

/** Parses and normalises a reference; throws `reference/invalid` with Docker's wording when the engine would refuse it. */
export function parseReference(input: string): ParsedReference {
  const name = input;
  if (name === '') invalid(name, 'repository name must have at least one component');
  if (ID_RE.test(name)) invalid(name, `invalid repository name (${name}), cannot specify 64-byte hexadecimal strings`);

  // Digest first: it may itself contain ':'.
  let rest = name;
  let digest: string | null = null;
  const at = rest.indexOf('@');
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST_RE.test(digest)) invalid(name, `invalid digest "${digest}"`);
  }

  // A tag is a ':' after the last '/', so a registry port (`localhost:5000/x`) is not taken for one.
  let tag: string | null = null;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG_RE.test(tag)) invalid(name, `invalid tag "${tag}"`);
  }

  // Docker's rule for "is the first component a registry?": it has a '.' or ':', or is `localhost`,
  // or has an upper-case letter (which a path may not have, so it must be a host).
  let domain: string;
  let path: string;
  const slash = rest.indexOf('/');
  const first = slash === -1 ? '' : rest.slice(0, slash);
  if (slash === -1 || (!/[.:]/.test(first) && first !== 'localhost' && first.toLowerCase() === first)) {
    domain = DEFAULT_DOMAIN;
    path = rest;
  } else {
    domain = first;
    path = rest.slice(slash + 1);
  }
  if (domain === LEGACY_DEFAULT_DOMAIN) domain = DEFAULT_DOMAIN;
  if (domain === DEFAULT_DOMAIN && !path.includes('/')) path = OFFICIAL_PREFIX + path;

  if (path.toLowerCase() !== path) invalid(name, 'repository name must be lowercase');
  if (!DOMAIN_RE.test(domain)) invalid(name, `invalid domain "${domain}"`);
  if (!PATH_RE.test(path)) invalid(name, `invalid repository name "${path}"`);
  if (domain.length + 1 + path.length > 255) invalid(name, 'repository name must not be more than 255 characters');

  if (tag === null && digest === null) tag = 'latest';
  const suffix = (tag !== null ? `:${tag}` : '') + (digest !== null ? `@${digest}` : '');
  const full = `${domain}/${path}${suffix}`;
  let familiarPath = path;
  if (domain === DEFAULT_DOMAIN && path.startsWith(OFFICIAL_PREFIX) && !path.slice(OFFICIAL_PREFIX.length).includes('/')) {
    familiarPath = path.slice(OFFICIAL_PREFIX.length);
  }
  const familiar = (domain === DEFAULT_DOMAIN ? familiarPath : `${domain}/${familiarPath}`) + suffix;
  return { domain, path, tag, digest, full, familiar };
}

/** `contiv/v2plugin` → `contiv/v2plugin:latest` (the familiar form the engine names plugins by). Throws on an invalid name. */
export function normalizeReference(name: string): string {
  return parseReference(name).familiar;
}

/** Same plugin as far as the engine is concerned? Invalid names are never equal to anything. */
export function sameReference(a: string, b: string): boolean {
  try {
    return parseReference(a).full === parseReference(b).full;
  } catch {
    return false;
  }
}
