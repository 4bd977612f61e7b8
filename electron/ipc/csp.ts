/**
 * The one Content-Security-Policy of the renderer. Electron gets it as the
 * `<meta>` tag the build writes into index.html (vite.config.ts); serve mode
 * sends the same string as a header. Keeping a single source means the two
 * transports cannot drift apart.
 *
 * Why each relaxation exists:
 * - style-src 'unsafe-inline': xterm and CodeMirror inject <style> elements and
 *   inline style attributes at run time; scripts stay 'self' only.
 * - img-src data: blob:: exported topology images and icons built in memory.
 * - worker-src blob:: the layout worker may be started from a blob URL.
 * - connect-src 'self': in CSP Level 3 'self' also matches ws:/wss: on the
 *   page's own host and port, which is exactly the serve-mode WebSocket; no
 *   other host is reachable (Electron makes no network connections at all).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "font-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The same policy for a `<meta>` tag: browsers ignore frame-ancestors there (and
 * log an error about it), so it is left out; serve mode's header carries it.
 */
export function metaPolicy(policy: string = CONTENT_SECURITY_POLICY): string {
  return policy
    .split(';')
    .map((d) => d.trim())
    .filter((d) => d && !META_IGNORED.some((name) => d === name || d.startsWith(`${name} `)))
    .join('; ');
}
const META_IGNORED = ['frame-ancestors', 'report-uri', 'sandbox'];

/** The placeholder renderer/index.html carries; the build replaces it with the policy. */
export const CSP_PLACEHOLDER = '__PLUGSMITH_CSP__';
