import { describe, expect, it } from 'vitest';
import { parseChallenge, tokenUrl } from './challenge';

describe('WWW-Authenticate challenges', () => {
  it("reads Docker Hub's bearer challenge, quoted values with commas and escapes", () => {
    const c = parseChallenge('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:contiv/v2plugin:pull,push"');
    expect(c).toEqual({ scheme: 'bearer', params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:contiv/v2plugin:pull,push' } });
    expect(parseChallenge('bearer Realm="x\\"y", error=invalid_token')?.params).toEqual({ realm: 'x"y', error: 'invalid_token' });
  });
  it('basic, unknown and missing challenges', () => {
    expect(parseChallenge('Basic realm="Registry Realm"')).toEqual({ scheme: 'basic', params: { realm: 'Registry Realm' } });
    expect(parseChallenge('Negotiate')?.scheme).toBe('other');
    expect(parseChallenge(null)).toBeNull();
  });
  it('asks the token service for a pull of the repository unless the registry names a scope', () => {
    const u = tokenUrl({ scheme: 'bearer', params: { realm: 'https://auth.example/token?x=1', service: 'reg' } }, 'acme/plugin');
    expect(u.toString()).toBe('https://auth.example/token?x=1&service=reg&scope=repository%3Aacme%2Fplugin%3Apull');
    expect(() => tokenUrl({ scheme: 'bearer', params: {} }, 'a/b')).toThrow(/no realm/);
  });
});
