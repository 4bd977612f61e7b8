import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startFixture, get, login, type Fixture } from './testing';
import { startServe } from './server';
import { CONTENT_SECURITY_POLICY } from '../ipc/csp';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import https from 'node:https';

describe('serve mode over HTTP', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await startFixture();
  });
  afterAll(() => f.close());

  it('prints a loopback URL that carries the token', () => {
    expect(f.server.origin).toBe(`http://127.0.0.1:${f.port}`);
    expect(f.server.url).toBe(`${f.server.origin}/?token=${f.server.token}`);
    expect(Buffer.from(f.server.token, 'base64url')).toHaveLength(32);
  });

  it('refuses a request with neither token nor cookie, and says what to open', async () => {
    for (const path of ['/', '/index.html', '/assets/app.js', '/ws']) {
      const res = await get(f.port, path);
      expect(res.status, path).toBe(401);
      expect(res.body).toContain('plugsmith serve');
      expect(res.headers['set-cookie']).toBeUndefined();
    }
  });

  it('refuses a wrong token and a forged cookie', async () => {
    // Change the last character to a different one (appending a fixed 'A' was the real token 1 time in 64).
    const last = f.server.token.slice(-1);
    const wrong = f.server.token.slice(0, -1) + (last === 'A' ? 'B' : 'A');
    expect((await get(f.port, `/?token=${wrong}`)).status).toBe(401);
    expect((await get(f.port, '/', { Cookie: `plugsmith_session=${f.server.token}` })).status).toBe(401);
  });

  it('trades the token for an HttpOnly SameSite=Strict cookie and a 303 to the token-free URL', async () => {
    const res = await get(f.port, `/?token=${f.server.token}&lang=zh-CN`);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/?lang=zh-CN');
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^plugsmith_session=[A-Za-z0-9_-]{43}; HttpOnly; SameSite=Strict; Path=\/$/);
    // The session id is not the token: the token never lands in a cookie jar.
    expect(cookie).not.toContain(f.server.token);
  });

  it('serves the page and its assets with the cookie, with the security headers', async () => {
    const cookie = await login(f);
    const page = await get(f.port, '/', { Cookie: cookie });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Plugsmith</title>');
    expect(page.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['cache-control']).toBe('no-store');
    const asset = await get(f.port, '/assets/app.js', { Cookie: cookie });
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toMatch(/^text\/javascript/);
    expect(asset.body).toContain('console.log');
    expect((await get(f.port, '/assets/missing.js', { Cookie: cookie })).status).toBe(404);
  });

  it('never serves files outside the renderer folder', async () => {
    const cookie = await login(f);
    for (const path of ['/../home/config/settings.json', '/%2e%2e/home/config/settings.json', '/assets/..%2f..%2fhome%2fconfig%2fsettings.json']) {
      const res = await get(f.port, path, { Cookie: cookie });
      expect(res.status, path).toBe(404);
    }
  });

  it('answers 403 to a Host that is not a loopback name (DNS rebinding), even with a valid cookie', async () => {
    const cookie = await login(f);
    for (const host of ['evil.example', `evil.example:${f.port}`, `127.0.0.1.evil.example:${f.port}`, '10.0.0.1']) {
      const res = await get(f.port, '/', { Host: host, Cookie: cookie });
      expect(res.status, host).toBe(403);
    }
    for (const host of [`localhost:${f.port}`, `[::1]:${f.port}`, 'localhost:2222', '127.0.0.1']) {
      expect((await get(f.port, '/', { Host: host, Cookie: cookie })).status, host).toBe(200);
    }
  });

  it('refuses to listen beyond loopback without --allow-remote, and without TLS with it', async () => {
    const services = f.services;
    await expect(startServe({ services, host: '0.0.0.0' })).rejects.toMatchObject({ code: 'serve/remote-refused' });
    await expect(startServe({ services, host: '0.0.0.0', allowRemote: true })).rejects.toMatchObject({ code: 'serve/tls-required' });
  });

  it('refuses to start without a built renderer', async () => {
    await expect(startServe({ services: f.services, rendererDir: `${f.home}/nowhere` })).rejects.toMatchObject({ code: 'serve/no-renderer' });
  });
});

describe('serve mode over TLS', () => {
  it('serves https and marks the session cookie Secure', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plugsmith-tls-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], {
      stdio: 'ignore',
    });
    const f = await startFixture({ tls: { cert: join(dir, 'cert.pem'), key: join(dir, 'key.pem') } });
    try {
      expect(f.server.url.startsWith('https://127.0.0.1:')).toBe(true);
      const res = await new Promise<{ status: number; cookie: string }>((resolve, reject) =>
        https
          .request(f.server.url, { rejectUnauthorized: false }, (r) => {
            r.resume();
            resolve({ status: r.statusCode ?? 0, cookie: String(r.headers['set-cookie']) });
          })
          .on('error', reject)
          .end(),
      );
      expect(res.status).toBe(303);
      expect(res.cookie).toMatch(/; HttpOnly; SameSite=Strict; Path=\/; Secure$/);
    } finally {
      await f.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
