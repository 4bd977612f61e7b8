/**
 * Who may talk to `plugsmith serve`. The token printed on the terminal grants
 * root on the host (through the Docker socket), so every request proves it
 * holds the token or the session cookie minted from it, and every request must
 * name a loopback host (a page on another site that rebinds its DNS name to
 * 127.0.0.1 still sends its own name in `Host`). The WebSocket additionally
 * needs an `Origin` equal to `Host`: browsers always send Origin on a WebSocket
 * handshake, and only our own page has our host in it.
 */
import { randomBytes, timingSafeEqual, createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const SESSION_COOKIE = 'plugsmith_session';

export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** Constant-time string comparison (hashing first makes the lengths equal). */
export function secretEquals(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b) && given.length === expected.length;
}

/** Splits a Host header value into name and port; null when it is not a well-formed host. */
export function parseHost(host: string | undefined): { name: string; port: string } | null {
  if (!host) return null;
  const m = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?$/.exec(host.trim());
  if (!m) return null;
  return { name: m[1].toLowerCase(), port: m[2] ?? '' };
}

const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** True when the Host header names this machine's loopback (any port, so an SSH tunnel works). */
export function isLoopbackHost(host: string | undefined): boolean {
  const h = parseHost(host);
  return !!h && LOOPBACK_NAMES.has(h.name);
}

/** Whether an address to listen on is loopback only. */
export function isLoopbackAddress(addr: string): boolean {
  return addr === '127.0.0.1' || addr === 'localhost' || addr === '::1' || /^127\.\d+\.\d+\.\d+$/.test(addr);
}

/**
 * The WebSocket handshake's Origin must be our own page: same scheme family and
 * exactly the host (name and port) the browser addressed.
 */
export function originMatchesHost(origin: string | undefined, host: string | undefined, secure: boolean): boolean {
  if (!origin || !host) return false;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.protocol !== (secure ? 'https:' : 'http:')) return false;
  const h = parseHost(host);
  if (!h) return false;
  const defaultPort = secure ? '443' : '80';
  // WHATWG URL keeps IPv6 brackets in hostname ('[::1]'), as parseHost does.
  return url.hostname.toLowerCase() === h.name && (url.port || defaultPort) === (h.port || defaultPort);
}

export function readCookie(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i < 0) continue;
    if (part.slice(0, i).trim() === name) return part.slice(i + 1).trim();
  }
  return undefined;
}

/**
 * The sessions minted from the token. A session id is separate from the token so
 * the token never sits in a cookie jar, and each browser that opens the URL gets
 * its own id. Bounded: the oldest is forgotten past the limit.
 */
export class Sessions {
  private ids = new Set<string>();
  constructor(private readonly limit = 256) {}

  mint(): string {
    const id = newSecret();
    this.ids.add(id);
    if (this.ids.size > this.limit) this.ids.delete(this.ids.values().next().value as string);
    return id;
  }

  /** Constant-time over every known id: no early exit that would leak which prefix matched. */
  has(id: string | undefined): boolean {
    if (!id) return false;
    let found = false;
    for (const known of this.ids) if (secretEquals(id, known)) found = true;
    return found;
  }
}

export function sessionCookie(id: string, secure: boolean): string {
  return `${SESSION_COOKIE}=${id}; HttpOnly; SameSite=Strict; Path=/${secure ? '; Secure' : ''}`;
}
