/**
 * Where netmaster is. Accepts what people and plugin configs write — `host:port`,
 * `http://host:port`, a trailing slash — and gives one base URL without the slash. From a Contiv
 * plugin's env: `listen_url` (2017 plugin layout, e.g. `172.20.0.113:9999`) or
 * `CONTIV_NETMASTER_EXTERNAL_ADDRESS` (2019, e.g. `0.0.0.0:9999`, which means "all interfaces":
 * reach it on 127.0.0.1).
 */
import { PlugsmithError } from '../errors';

export function normalizeNetmasterUrl(input: string): string {
  let s = input.trim();
  if (!s) throw new PlugsmithError('netmaster/bad-url', 'netmaster URL is empty');
  // `:9999` (netmaster's own flag style) means this host.
  if (s.startsWith(':')) s = `127.0.0.1${s}`;
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(s)) s = `http://${s}`;
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    throw new PlugsmithError('netmaster/bad-url', `not a netmaster URL: ${input}`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new PlugsmithError('netmaster/bad-url', `netmaster speaks http, not ${u.protocol} (${input})`);
  // A wildcard listen address is where it listens, not where to call it.
  if (u.hostname === '0.0.0.0') u.hostname = '127.0.0.1';
  if (u.hostname === '[::]') u.hostname = '[::1]';
  const path = u.pathname.replace(/\/+$/, '');
  return `${u.protocol}//${u.host}${path}`;
}

/** Env entries as Docker keeps them (`KEY=value`) or as a map. */
export function netmasterUrlFromConfig(env: string[] | Record<string, string | null | undefined>): string | null {
  const map: Record<string, string> = {};
  if (Array.isArray(env)) {
    for (const e of env) {
      const i = e.indexOf('=');
      if (i > 0) map[e.slice(0, i)] = e.slice(i + 1);
    }
  } else {
    for (const [k, v] of Object.entries(env)) if (typeof v === 'string') map[k] = v;
  }
  const raw = map.CONTIV_NETMASTER_EXTERNAL_ADDRESS || map.listen_url;
  return raw ? normalizeNetmasterUrl(raw) : null;
}
