/**
 * The answer to a browser without a session: a small page that says what to do (open the URL
 * `plugsmith serve` printed, token included), styled so it reads as Plugsmith's and not as a
 * broken server. The style is inline (<style>), which the one CSP allows (style-src
 * 'unsafe-inline', see ../ipc/csp.ts); the page has no script. Programs (curl, fetch, asset
 * requests) that do not ask for HTML get the same words as plain text.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { securityHeaders, sendText } from './static';

export type Unauthorized = 'missing' | 'wrong-token';

const TEXT =
  'Plugsmith: not signed in.\n\nOpen the URL printed by `plugsmith serve` (it carries a token that this browser exchanges for a session cookie).\n';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function unauthorizedPage(why: Unauthorized, hostHeader: string, secure: boolean): string {
  const origin = `${secure ? 'https' : 'http'}://${hostHeader || '127.0.0.1:PORT'}`;
  const port = /:(\d+)$/.exec(hostHeader)?.[1] ?? 'PORT';
  const lead =
    why === 'wrong-token'
      ? 'The token in this address is not the one this server printed. A new token is made each time <code>plugsmith serve</code> starts, so an old URL stops working.'
      : 'Plugsmith lets in only a browser that opened the URL <code>plugsmith serve</code> printed: its token is traded for a session cookie, and this browser has none (or the server has restarted since).';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Plugsmith — not signed in</title>
<style>
:root { color-scheme: light dark; --bg: #f6f7f9; --surface: #fff; --fg: #1b1f24; --muted: #5b6470; --border: #d5d9e0; --accent: #1f6feb; --code-bg: #f0f2f5; }
@media (prefers-color-scheme: dark) { :root { --bg: #0f1216; --surface: #171b21; --fg: #e6e9ee; --muted: #9aa4b2; --border: #2e3640; --accent: #4c8dff; --code-bg: #0b0e12; } }
* { box-sizing: border-box; }
body { margin: 0; min-height: 100vh; display: grid; place-items: center; background: var(--bg); color: var(--fg); font: 15px/1.5 system-ui, -apple-system, 'Segoe UI', 'Noto Sans', sans-serif; }
main { max-width: 640px; margin: 24px; padding: 24px 28px; background: var(--surface); border: 1px solid var(--border); border-radius: 10px; }
.brand { font-weight: 700; color: var(--muted); margin: 0 0 6px; }
h1 { font-size: 21px; margin: 0 0 12px; }
ol { padding-left: 22px; margin: 12px 0; }
li { margin: 6px 0; }
code, pre { font-family: ui-monospace, 'DejaVu Sans Mono', Menlo, Consolas, monospace; font-size: 13px; background: var(--code-bg); border: 1px solid var(--border); border-radius: 4px; }
code { padding: 1px 5px; overflow-wrap: anywhere; }
pre { padding: 8px 10px; white-space: pre-wrap; overflow-wrap: anywhere; margin: 6px 0; }
.muted { color: var(--muted); font-size: 13px; }
</style>
</head>
<body>
<main>
<p class="brand">Plugsmith</p>
<h1>Open the URL that <code>plugsmith serve</code> printed</h1>
<p>${lead}</p>
<ol>
<li>On the host running Plugsmith, find the line <code>plugsmith serve</code> printed when it started:
<pre>Open: ${escape(origin)}/?token=…</pre></li>
<li>Open that whole URL, token included, in this browser. The token leaves the address bar at once; the page then stays signed in.</li>
</ol>
<p class="muted">Lost it? Start <code>plugsmith serve</code> again: it prints a new URL. Through an SSH tunnel, forward the same port first: <code>ssh -L ${escape(port)}:127.0.0.1:${escape(port)} HOST</code>.</p>
</main>
</body>
</html>
`;
}

/** 401 with the page for a browser (it asks for HTML), the text for anything else. */
export function sendUnauthorized(req: IncomingMessage, res: ServerResponse, why: Unauthorized, secure: boolean): void {
  if (!/\btext\/html\b/.test(String(req.headers.accept ?? ''))) return sendText(res, 401, TEXT);
  securityHeaders(res);
  res.writeHead(401, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(unauthorizedPage(why, String(req.headers.host ?? ''), secure));
}
