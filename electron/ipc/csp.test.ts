import { describe, it, expect } from 'vitest';
import { CONTENT_SECURITY_POLICY, metaPolicy } from './csp';

const directives = (p: string) => new Map(p.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...v]) => [name, v]));

describe('the Content-Security-Policy', () => {
  const csp = directives(CONTENT_SECURITY_POLICY);

  it('runs only the app\'s own scripts, with no eval and no inline script', () => {
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('form-action')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
  });

  it('allows what xterm, CodeMirror, the layout worker and image exports need, and connects only home', () => {
    expect(csp.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(csp.get('img-src')).toEqual(["'self'", 'data:', 'blob:']);
    expect(csp.get('worker-src')).toEqual(["'self'", 'blob:']);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
  });

  it('gives the meta tag the same policy minus what a meta tag cannot carry', () => {
    const meta = directives(metaPolicy());
    expect(meta.has('frame-ancestors')).toBe(false);
    csp.delete('frame-ancestors');
    expect(meta).toEqual(csp);
  });
});
