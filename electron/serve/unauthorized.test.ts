import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../ipc/csp';
import { get, startFixture, type Fixture } from './testing';

const BROWSER = { Accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

describe('the page a browser without a session gets', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await startFixture();
  });
  afterAll(() => f.close());

  it('is a small styled page saying to open the URL serve printed, with its token', async () => {
    const res = await get(f.port, '/', BROWSER);
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toMatch(/<h1>Open the URL that <code>plugsmith serve<\/code> printed<\/h1>/);
    // The address to look for, with this server's own host and port.
    expect(res.body).toContain(`<pre>Open: http://127.0.0.1:${f.port}/?token=…</pre>`);
    expect(res.body).toContain(`ssh -L ${f.port}:127.0.0.1:${f.port} HOST`);
    // Styled inline, which the CSP allows (style-src 'unsafe-inline'); no script, which it would not.
    expect(CONTENT_SECURITY_POLICY).toMatch(/style-src [^;]*'unsafe-inline'/);
    expect(res.body).toMatch(/<style>[\s\S]+<\/style>/);
    expect(res.body).not.toMatch(/<script|\son\w+=/i);
    expect(res.body).not.toContain(f.server.token);
  });

  it('says when the token itself is wrong (an old URL from an earlier start)', async () => {
    const res = await get(f.port, '/?token=not-the-token', BROWSER);
    expect(res.status).toBe(401);
    expect(res.body).toContain('is not the one this server printed');
  });

  it('stays plain text for programs that do not ask for HTML', async () => {
    const res = await get(f.port, '/assets/app.js');
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.body).toContain('Open the URL printed by `plugsmith serve`');
  });
});
