/**
 * Reads a plugin's config straight from its registry (Registry HTTP API v2), so the consent
 * screen never depends on the engine's `GET /plugins/privileges` (which answers `[]` when its own
 * lookup fails): manifest (schema 2) → config blob (`application/vnd.docker.plugin.v1+json`).
 *
 * Auth as the Docker client does it: try anonymously; on 401 follow the challenge — a bearer
 * token from the realm (with basic credentials, or an identity token as refresh token, when there
 * are any) or basic auth. Credentials are never logged or put in an error.
 * HTTP for loopback registries (the engine treats 127.0.0.0/8 as insecure), HTTPS otherwise;
 * Docker Hub is served by registry-1.docker.io.
 */
import { createHash } from 'node:crypto';
import { PlugsmithError } from '../errors';
import type { ParsedReference } from '../docker/reference';
import type { RegistryAuth } from '../build/push';
import { parseChallenge, tokenUrl } from './challenge';

export const MANIFEST_V2 = 'application/vnd.docker.distribution.manifest.v2+json';
export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const PLUGIN_CONFIG = 'application/vnd.docker.plugin.v1+json';
/** A config blob bigger than this is not a plugin config. */
const MAX_CONFIG_BYTES = 4 * 1024 * 1024;

export interface Endpoint {
  /** `http://127.0.0.1:5000` or `https://registry-1.docker.io`. */
  base: string;
  insecure: boolean;
}

/** Loopback names and addresses: the engine's default insecure range (127.0.0.0/8) and localhost. */
export function isLoopbackHost(domain: string): boolean {
  const host = domain.replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

export function endpointFor(domain: string): Endpoint {
  if (domain === 'docker.io') return { base: 'https://registry-1.docker.io', insecure: false };
  const insecure = isLoopbackHost(domain);
  return { base: `${insecure ? 'http' : 'https'}://${domain}`, insecure };
}

export interface RegistryManifest {
  mediaType?: string;
  schemaVersion?: number;
  config?: { mediaType?: string; digest?: string; size?: number };
  layers?: { mediaType?: string; digest?: string; size?: number }[];
}

export interface FetchedConfig {
  endpoint: Endpoint;
  /** The manifest's digest (the registry's Docker-Content-Digest, else computed). */
  digest: string;
  configDigest: string;
  /** The config blob as the registry holds it (the engine's re-encoded PluginConfig). */
  configText: string;
  /** Bytes of the rootfs layers to download. */
  layersBytes: number;
  /** How the registry let us in: anonymous, a bearer token, basic auth. */
  access: 'anonymous' | 'token' | 'basic';
}

export interface FetchOptions {
  auth?: RegistryAuth | null;
  signal?: AbortSignal;
  /** Per request; default 15 s. */
  timeoutMs?: number;
}

/** What to call a registry in a message: its address as the user typed it. */
const where = (ref: ParsedReference) => (ref.domain === 'docker.io' ? 'Docker Hub' : ref.domain);

/** getaddrinfo's answers for a name that does not resolve (none, not now, no such host). */
const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_NODATA', 'EAI_FAIL']);
/** What a TLS handshake with a plain-HTTP (or broken-TLS) server fails with. */
const TLS_CODE = /^(ERR_SSL_|EPROTO$|CERT_|ERR_TLS_|DEPTH_ZERO_SELF_SIGNED_CERT$|SELF_SIGNED_CERT_IN_CHAIN$|UNABLE_TO_VERIFY_LEAF_SIGNATURE$|UNABLE_TO_GET_ISSUER_CERT)/;

/**
 * Why a registry could not be reached, in words that match the cause: a name that does not
 * resolve is a DNS matter (asking "is it served over HTTPS?" sends the user the wrong way);
 * the HTTPS question fits only a TLS handshake that failed.
 */
export function unreachableWords(name: string, endpoint: Endpoint, err: Error & { cause?: { code?: string; message?: string } }): string {
  const code = err.cause?.code;
  const why = code ?? err.cause?.message ?? err.message;
  const head = `Cannot reach the registry ${name} at ${endpoint.base}`;
  if (code && DNS_CODES.has(code)) {
    const host = new URL(endpoint.base).hostname;
    return `${head}: the name ${host} does not resolve (${code}${code === 'EAI_AGAIN' ? ': no DNS answer now' : ''}) — check the spelling of the reference, or this machine's DNS (resolv.conf, offline?)`;
  }
  if (code && TLS_CODE.test(code)) return `${head} (${why}) — the TLS handshake failed: is it served over HTTPS with a certificate this machine trusts?`;
  return `${head} (${why})`;
}

class Session {
  private authorization: string | null = null;
  access: FetchedConfig['access'] = 'anonymous';

  constructor(
    private readonly ref: ParsedReference,
    private readonly endpoint: Endpoint,
    private readonly opts: FetchOptions,
  ) {}

  private signal(): AbortSignal {
    const t = AbortSignal.timeout(this.opts.timeoutMs ?? 15_000);
    return this.opts.signal ? AbortSignal.any([this.opts.signal, t]) : t;
  }

  private async raw(url: string, headers: Record<string, string>): Promise<Response> {
    try {
      return await fetch(url, { headers, signal: this.signal(), redirect: 'follow' });
    } catch (err) {
      if (this.opts.signal?.aborted) throw new PlugsmithError('jobs/cancelled', 'Cancelled');
      const e = err as Error & { cause?: { code?: string; message?: string } };
      const timeout = e.name === 'TimeoutError' || e.name === 'AbortError';
      throw new PlugsmithError(
        'install/registry-unreachable',
        timeout
          ? `The registry ${where(this.ref)} did not answer within ${Math.round((this.opts.timeoutMs ?? 15_000) / 1000)} s (${this.endpoint.base})`
          : unreachableWords(where(this.ref), this.endpoint, e),
        `GET ${url}\n${e.message}${e.cause?.message ? `\n${e.cause.message}` : ''}`,
      );
    }
  }

  /** GET with the current authorization; on a 401 follows the challenge once and retries. */
  async get(path: string, accept: string): Promise<Response> {
    const url = `${this.endpoint.base}/v2/${path}`;
    const headers = (): Record<string, string> => ({ Accept: accept, ...(this.authorization ? { Authorization: this.authorization } : {}) });
    let res = await this.raw(url, headers());
    if (res.status === 401 && !this.authorization) {
      await this.authorize(res.headers.get('www-authenticate'));
      await res.body?.cancel();
      res = await this.raw(url, headers());
    }
    if (res.status === 401 || res.status === 403) {
      const body = await res.text().catch(() => '');
      throw new PlugsmithError(
        'install/unauthorized',
        `The registry ${where(this.ref)} refused access to ${this.ref.path} (HTTP ${res.status})${this.opts.auth ? ' with the credentials given' : ': it needs credentials — log in (docker login) or type them in'}`,
        `GET ${url} → HTTP ${res.status}\n${registryErrors(body)}`,
      );
    }
    return res;
  }

  private basic(): string | null {
    const a = this.opts.auth;
    if (!a?.username && !a?.password) return null;
    return `Basic ${Buffer.from(`${a.username ?? ''}:${a.password ?? ''}`).toString('base64')}`;
  }

  private async authorize(header: string | null): Promise<void> {
    const c = parseChallenge(header);
    if (c?.scheme === 'basic') {
      const b = this.basic();
      if (!b) return; // the retry answers 401 and says credentials are needed
      this.authorization = b;
      this.access = 'basic';
      return;
    }
    if (c?.scheme !== 'bearer') {
      throw new PlugsmithError('install/unauthorized', `The registry ${where(this.ref)} asks for an authentication Plugsmith does not speak (${c?.scheme ?? 'no challenge'})`, `WWW-Authenticate: ${header ?? '(none)'}`);
    }
    let url: URL;
    try {
      url = tokenUrl(c, this.ref.path);
    } catch (err) {
      throw new PlugsmithError('install/unauthorized', `The registry ${where(this.ref)} asked for a token but its challenge is unusable: ${(err as Error).message}`, `WWW-Authenticate: ${header}`);
    }
    let res: Response;
    const token = this.opts.auth?.identitytoken;
    try {
      if (token) {
        // An identity token (from `docker login` to some registries) is an OAuth refresh token.
        const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: token, client_id: 'plugsmith', service: url.searchParams.get('service') ?? '', scope: url.searchParams.get('scope') ?? '' });
        res = await fetch(`${url.origin}${url.pathname}`, { method: 'POST', body: form, signal: this.signal() });
      } else {
        const b = this.basic();
        res = await fetch(url, { headers: b ? { Authorization: b } : {}, signal: this.signal() });
      }
    } catch (err) {
      throw new PlugsmithError('install/registry-unreachable', `Cannot reach the token service of ${where(this.ref)} at ${url.origin} (${(err as Error & { cause?: { code?: string } }).cause?.code ?? (err as Error).message})`, (err as Error).message);
    }
    const body = await res.text().catch(() => '');
    if (!res.ok) {
      throw new PlugsmithError(
        'install/unauthorized',
        `The token service of ${where(this.ref)} refused ${this.opts.auth ? 'the credentials given' : 'an anonymous pull'} (HTTP ${res.status})`,
        `GET ${url.origin}${url.pathname} → HTTP ${res.status}\n${body.slice(0, 2000)}`,
      );
    }
    let t: { token?: string; access_token?: string };
    try {
      t = JSON.parse(body);
    } catch {
      t = {};
    }
    const bearer = t.token || t.access_token;
    if (!bearer) throw new PlugsmithError('install/unauthorized', `The token service of ${where(this.ref)} answered without a token`, `${url.origin}${url.pathname}`);
    this.authorization = `Bearer ${bearer}`;
    this.access = 'token';
  }
}

/** The `errors` array a registry answers with, as one readable line each. */
export function registryErrors(body: string): string {
  try {
    const j = JSON.parse(body) as { errors?: { code?: string; message?: string; detail?: unknown }[] };
    if (Array.isArray(j.errors)) return j.errors.map((e) => `${e.code ?? ''}: ${e.message ?? ''}${e.detail ? ` ${JSON.stringify(e.detail)}` : ''}`).join('\n');
  } catch {
    // not JSON: give it as it came
  }
  return body.slice(0, 2000);
}

/** The plugin's manifest and config, read from the registry itself. */
export async function fetchPluginConfig(ref: ParsedReference, opts: FetchOptions = {}): Promise<FetchedConfig> {
  const endpoint = endpointFor(ref.domain);
  const s = new Session(ref, endpoint, opts);
  const refPart = ref.digest ?? ref.tag ?? 'latest';
  const res = await s.get(`${ref.path}/manifests/${refPart}`, `${MANIFEST_V2}, ${OCI_MANIFEST}`);
  const text = await res.text();
  if (res.status === 404) {
    // Registries answer MANIFEST_UNKNOWN for a missing repository too: the tag list tells them apart.
    const tags = await s.get(`${ref.path}/tags/list`, 'application/json').then(
      async (r) => (r.ok ? (((await r.json()) as { tags?: string[] | null }).tags ?? []) : null),
      () => null,
    );
    const what = tags === null || tags.length === 0 ? `no repository ${ref.path}` : `no ${ref.digest ? 'digest' : 'tag'} ${refPart} in ${ref.path} (its tags: ${tags.slice(0, 20).join(', ')})`;
    throw new PlugsmithError(
      'install/not-found',
      `${ref.familiar} is not in the registry ${where(ref)}: ${what}`,
      `GET ${endpoint.base}/v2/${ref.path}/manifests/${refPart} → HTTP 404\n${registryErrors(text)}`,
    );
  }
  if (!res.ok) {
    throw new PlugsmithError('install/registry-error', `The registry ${where(ref)} answered HTTP ${res.status} for ${ref.familiar}`, `GET ${endpoint.base}/v2/${ref.path}/manifests/${refPart} → HTTP ${res.status}\n${registryErrors(text)}`);
  }
  let manifest: RegistryManifest;
  try {
    manifest = JSON.parse(text);
  } catch {
    throw new PlugsmithError('install/not-a-plugin', `The registry's manifest for ${ref.familiar} is not JSON`, text.slice(0, 2000));
  }
  const type = res.headers.get('content-type')?.split(';')[0].trim() ?? manifest.mediaType;
  if (manifest.schemaVersion !== 2 || !manifest.config?.digest) {
    throw new PlugsmithError('install/not-a-plugin', `${ref.familiar} is not a plugin: its manifest is ${type ?? 'of an unknown type'} (a manifest list or a schema 1 image?)`, text.slice(0, 2000));
  }
  if (manifest.config.mediaType !== PLUGIN_CONFIG) {
    throw new PlugsmithError(
      'install/not-a-plugin',
      `${ref.familiar} is not a plugin: its config is ${manifest.config.mediaType ?? 'untyped'}, not ${PLUGIN_CONFIG}${/image\.v1|container\.image/.test(manifest.config.mediaType ?? '') ? ' (it is a container image)' : ''}`,
      text.slice(0, 2000),
    );
  }
  if ((manifest.config.size ?? 0) > MAX_CONFIG_BYTES) {
    throw new PlugsmithError('install/not-a-plugin', `The config of ${ref.familiar} is ${manifest.config.size} bytes: too big for a plugin config`, text.slice(0, 2000));
  }
  const digest = res.headers.get('docker-content-digest') ?? `sha256:${createHash('sha256').update(text).digest('hex')}`;
  const blob = await s.get(`${ref.path}/blobs/${manifest.config.digest}`, `${PLUGIN_CONFIG}, */*`);
  const buf = Buffer.from(await blob.arrayBuffer());
  if (!blob.ok) {
    throw new PlugsmithError('install/registry-error', `The registry ${where(ref)} answered HTTP ${blob.status} for the config blob of ${ref.familiar}`, `${manifest.config.digest}\n${registryErrors(buf.toString('utf8'))}`);
  }
  // The digest names the content: a config that does not hash to it is not the one the manifest signs for.
  const [algo, want] = manifest.config.digest.split(':');
  if (algo === 'sha256' && createHash('sha256').update(buf).digest('hex') !== want) {
    throw new PlugsmithError('install/registry-error', `The config blob of ${ref.familiar} does not match its digest ${manifest.config.digest}`, `${buf.length} bytes received`);
  }
  return {
    endpoint,
    digest,
    configDigest: manifest.config.digest,
    configText: buf.toString('utf8'),
    layersBytes: (manifest.layers ?? []).reduce((n, l) => n + (l.size ?? 0), 0),
    access: s.access,
  };
}
