/**
 * What Engine.request really puts on the wire, through the real docker-modem, to a real
 * HTTP server on a unix socket (no dockerd needed: the engine would accept the bad
 * shapes silently, which is why they went unnoticed). The modem builds query and body
 * from one options object; these cases pin down that a body never leaks into the URL
 * and a query never becomes a body.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Engine } from './engine';

interface Seen {
  method: string;
  url: string;
  contentType: string | undefined;
  body: string;
}

describe('Engine.request on the wire', () => {
  let server: Server;
  let dir: string;
  let engine: Engine;
  const seen: Seen[] = [];

  beforeAll(async () => {
    dir = mkdtempSync('/tmp/psd-wire-');
    const sock = join(dir, 'engine.sock');
    server = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => (body += c));
      req.on('end', () => {
        seen.push({ method: req.method ?? '', url: req.url ?? '', contentType: req.headers['content-type'], body });
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end('{}');
      });
    });
    await new Promise<void>((r) => server.listen(sock, r));
    engine = new Engine({ dockerHost: `unix://${sock}`, env: {} });
  });

  afterAll(async () => {
    await new Promise((r) => server.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  const last = () => seen[seen.length - 1];

  it('sends a JSON body without copying it into the query', async () => {
    await engine.request({ method: 'POST', path: '/plugins/x/set', body: ['A=1'] });
    expect(last()).toEqual({ method: 'POST', url: '/plugins/x/set', contentType: 'application/json', body: '["A=1"]' });
  });

  it('sends a query without a body', async () => {
    await engine.request({ method: 'POST', path: '/plugins/x/enable', query: { timeout: 10 } });
    expect(last()).toMatchObject({ url: '/plugins/x/enable?timeout=10', body: '' });
  });

  it('sends both, each in its place', async () => {
    await engine.request({ method: 'POST', path: '/build', query: { t: 'a b', skip: undefined }, body: { x: 1 } });
    expect(last()).toMatchObject({ url: '/build?t=a%20b', body: '{"x":1}' });
  });

  it('sends neither for a bare POST, GET or DELETE', async () => {
    await engine.request({ method: 'POST', path: '/plugins/x/disable' });
    expect(last()).toMatchObject({ url: '/plugins/x/disable', body: '' });
    await engine.request({ method: 'GET', path: '/plugins' });
    expect(last()).toMatchObject({ method: 'GET', url: '/plugins', body: '' });
    await engine.request({ method: 'DELETE', path: '/plugins/x', query: { force: 1 } });
    expect(last()).toMatchObject({ method: 'DELETE', url: '/plugins/x?force=1', body: '' });
  });

  it('streams a raw file body with its content type', async () => {
    await engine.request({ method: 'POST', path: '/plugins/create', query: { name: 'p' }, file: Readable.from([Buffer.from('TAR')]), contentType: 'application/x-tar' });
    expect(last()).toEqual({ method: 'POST', url: '/plugins/create?name=p', contentType: 'application/x-tar', body: 'TAR' });
  });
});
