import { describe, expect, it } from 'vitest';
import { endpointFor, unreachableWords } from './registry';

/** What Node's fetch throws: a TypeError whose cause carries the system call's code. */
function fetchFailure(code: string, message = `getaddrinfo ${code} registry.example.internal`): Error & { cause: { code: string; message: string } } {
  return Object.assign(new TypeError('fetch failed'), { cause: { code, message } });
}

describe('why a registry could not be reached', () => {
  const https = endpointFor('registry.example.internal:5000');

  it('explains a DNS failure as a name that does not resolve, not as an HTTPS question', () => {
    const words = unreachableWords('registry.example.internal:5000', https, fetchFailure('ENOTFOUND'));
    expect(words).toBe(
      "Cannot reach the registry registry.example.internal:5000 at https://registry.example.internal:5000: the name registry.example.internal does not resolve (ENOTFOUND) — check the spelling of the reference, or this machine's DNS (resolv.conf, offline?)",
    );
    expect(words).not.toMatch(/HTTPS/);
    expect(unreachableWords('r', https, fetchFailure('EAI_AGAIN'))).toMatch(/does not resolve \(EAI_AGAIN: no DNS answer now\)/);
  });

  it('asks about HTTPS only when the TLS handshake failed', () => {
    expect(unreachableWords('r', https, fetchFailure('ERR_SSL_WRONG_VERSION_NUMBER', 'wrong version number'))).toMatch(/TLS handshake failed: is it served over HTTPS/);
    expect(unreachableWords('r', https, fetchFailure('ECONNREFUSED', 'connect ECONNREFUSED'))).toBe('Cannot reach the registry r at https://registry.example.internal:5000 (ECONNREFUSED)');
  });
});
