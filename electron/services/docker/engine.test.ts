/**
 * Engine.status() judges what answers on the socket. An engine older than managed
 * plugins cannot be installed here, so a tiny HTTP server on a unix socket plays
 * one: it answers /version exactly as Docker 1.12 did (API 1.24).
 */
import { describe, it, expect, afterEach } from 'vitest';
import { createServer, type Server } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine, compareApiVersions } from './engine';

let server: Server | null = null;
afterEach(() => {
  server?.close();
  server = null;
});

function versionServer(body: unknown, status = 200): Promise<string> {
  const sock = join(mkdtempSync(join(tmpdir(), 'pse-')), 'docker.sock');
  server = createServer((req, res) => {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(req.url?.endsWith('/version') ? body : { message: 'page not found' }));
  });
  return new Promise((r) => server!.listen(sock, () => r(sock)));
}

describe('Engine.status', () => {
  it('too old for managed plugins: says which version and what is needed', async () => {
    const sock = await versionServer({ Version: '1.12.6', ApiVersion: '1.24', Os: 'linux' });
    const s = await new Engine({ dockerHost: `unix://${sock}`, env: {} }).status();
    expect(s.state).toBe('too-old');
    expect(s.error?.message).toBe('Docker 1.12.6 speaks API 1.24; managed plugins need API 1.25 (Docker 1.13) or newer');
  });

  it('connected: reports versions', async () => {
    const sock = await versionServer({ Version: '20.10.24', ApiVersion: '1.41', Os: 'linux' });
    expect(await new Engine({ dockerHost: `unix://${sock}`, env: {} }).status()).toMatchObject({ state: 'connected', version: '20.10.24', apiVersion: '1.41' });
  });

  it('an HTTP error carries the engine message and the raw detail', async () => {
    const sock = await versionServer({ message: 'client version 1.99 is too new' }, 400);
    const s = await new Engine({ dockerHost: `unix://${sock}`, env: {} }).status();
    expect(s.state).toBe('unreachable');
    expect(s.error).toMatchObject({ code: 'engine/http-400', message: 'client version 1.99 is too new' });
    expect(s.error?.detail).toContain('GET /version → HTTP 400');
  });

  it('no socket: unreachable, naming the address', async () => {
    const s = await new Engine({ dockerHost: 'unix:///nonexistent/docker.sock', env: {} }).status();
    expect(s).toMatchObject({ state: 'unreachable', host: 'unix:///nonexistent/docker.sock' });
    expect(s.error?.message).toMatch(/Cannot reach the Docker engine at unix:\/\/\/nonexistent\/docker.sock \(ENOENT\)/);
  });
});

describe('Engine.events', () => {
  it('an abort before the engine answers ends the follow quietly (a rejection here once crashed serve)', async () => {
    const sock = join(mkdtempSync(join(tmpdir(), 'pse-')), 'docker.sock');
    server = createServer(() => undefined); // accepts /events and never answers
    await new Promise<void>((r) => server!.listen(sock, () => r()));
    const ac = new AbortController();
    const following = new Engine({ dockerHost: `unix://${sock}`, env: {} }).events({ type: ['plugin'] }, ac.signal, () => undefined);
    setTimeout(() => ac.abort(), 50);
    await expect(following).resolves.toBeUndefined();
  });
});

describe('compareApiVersions', () => {
  it('compares numerically, not as strings', () => {
    expect(compareApiVersions('1.9', '1.25')).toBeLessThan(0);
    expect(compareApiVersions('1.41', '1.25')).toBeGreaterThan(0);
    expect(compareApiVersions('1.25', '1.25')).toBe(0);
  });
});
