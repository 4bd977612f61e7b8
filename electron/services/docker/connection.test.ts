import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveConnection } from './connection';

describe('resolveConnection', () => {
  it('defaults to /var/run/docker.sock', () => {
    const c = resolveConnection({ env: {} });
    expect(c).toMatchObject({ host: 'unix:///var/run/docker.sock', source: 'default', socketPath: '/var/run/docker.sock' });
  });
  it('reads DOCKER_HOST unix:// and keeps the socket local', () => {
    const c = resolveConnection({ env: { DOCKER_HOST: 'unix:///tmp/x/docker.sock' } });
    expect(c).toMatchObject({ source: 'DOCKER_HOST', socketPath: '/tmp/x/docker.sock', options: { socketPath: '/tmp/x/docker.sock' } });
  });
  it('settings win over DOCKER_HOST', () => {
    expect(resolveConnection({ dockerHost: 'unix:///a.sock', env: { DOCKER_HOST: 'unix:///b.sock' } }).socketPath).toBe('/a.sock');
  });
  it('tcp:// without TLS is plain http on 2375 and not local', () => {
    const c = resolveConnection({ env: { DOCKER_HOST: 'tcp://127.0.0.1' } });
    expect(c.socketPath).toBeNull();
    expect(c.options).toMatchObject({ host: '127.0.0.1', port: '2375', protocol: 'http' });
  });
  it('DOCKER_TLS_VERIFY + DOCKER_CERT_PATH load the client certificates', () => {
    const dir = mkdtempSync(join(tmpdir(), 'certs-'));
    for (const f of ['ca.pem', 'cert.pem', 'key.pem']) writeFileSync(join(dir, f), `--${f}--`);
    const c = resolveConnection({ env: { DOCKER_HOST: 'tcp://127.0.0.1:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: dir } });
    expect(c.options).toMatchObject({ protocol: 'https', port: '2376' });
    expect(String(c.options.ca)).toBe('--ca.pem--');
  });
  it('TLS with unreadable certificates says which folder', () => {
    expect(() => resolveConnection({ env: { DOCKER_HOST: 'tcp://127.0.0.1:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/nonexistent' } })).toThrow(
      /certificates in \/nonexistent cannot be read/,
    );
  });
  it('refuses what is not an address', () => {
    expect(() => resolveConnection({ dockerHost: 'ftp://x' })).toThrow(/Unsupported engine address/);
    expect(() => resolveConnection({ dockerHost: 'not a url' })).toThrow(/Not an engine address/);
  });
});
