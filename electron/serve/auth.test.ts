import { describe, it, expect } from 'vitest';
import { parseHost, isLoopbackHost, isLoopbackAddress, originMatchesHost, secretEquals, Sessions, newSecret } from './auth';

describe('serve auth helpers', () => {
  it('recognises loopback Host headers with or without a port, and nothing else', () => {
    for (const h of ['127.0.0.1', '127.0.0.1:8080', 'localhost', 'LOCALHOST:1', '[::1]', '[::1]:9']) expect(isLoopbackHost(h), h).toBe(true);
    for (const h of [undefined, '', '127.0.0.2', 'localhost.evil.example', '0.0.0.0', '[::2]:1', '127.0.0.1:80:80', 'a b', '::1']) {
      expect(isLoopbackHost(h), String(h)).toBe(false);
    }
    expect(parseHost('[::1]:443')).toEqual({ name: '[::1]', port: '443' });
  });

  it('only listens on loopback addresses without --allow-remote', () => {
    for (const a of ['127.0.0.1', '127.3.2.1', '::1', 'localhost']) expect(isLoopbackAddress(a), a).toBe(true);
    for (const a of ['0.0.0.0', '::', '192.168.1.10', '']) expect(isLoopbackAddress(a), a).toBe(false);
  });

  it('matches Origin to Host exactly, scheme and default ports included', () => {
    expect(originMatchesHost('http://127.0.0.1:5000', '127.0.0.1:5000', false)).toBe(true);
    expect(originMatchesHost('http://[::1]:5000', '[::1]:5000', false)).toBe(true);
    expect(originMatchesHost('http://localhost', 'localhost:80', false)).toBe(true);
    expect(originMatchesHost('https://localhost', 'localhost', true)).toBe(true);
    expect(originMatchesHost('http://localhost:5000', '127.0.0.1:5000', false)).toBe(false);
    expect(originMatchesHost('https://127.0.0.1:5000', '127.0.0.1:5000', false)).toBe(false);
    expect(originMatchesHost('null', '127.0.0.1:5000', false)).toBe(false);
    expect(originMatchesHost(undefined, '127.0.0.1:5000', false)).toBe(false);
  });

  it('compares secrets exactly', () => {
    const s = newSecret();
    expect(secretEquals(s, s)).toBe(true);
    expect(secretEquals(s.slice(1), s)).toBe(false);
    expect(secretEquals('', s)).toBe(false);
  });

  it('forgets the oldest session past its limit', () => {
    const sessions = new Sessions(2);
    const a = sessions.mint();
    const b = sessions.mint();
    const c = sessions.mint();
    expect([sessions.has(a), sessions.has(b), sessions.has(c), sessions.has(undefined)]).toEqual([false, true, true, false]);
  });
});
