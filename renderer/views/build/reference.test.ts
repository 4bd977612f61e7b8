import { describe, expect, it } from 'vitest';
import { parseReference, sameReference } from './reference';

const problem = (s: string) => {
  const r = parseReference(s);
  return r.ok ? null : r.problem;
};

describe('parseReference', () => {
  it('adds :latest the way the engine does', () => {
    expect(parseReference('contiv/v2plugin')).toEqual({ ok: true, name: 'contiv/v2plugin', tag: 'latest', normalised: 'contiv/v2plugin:latest' });
    expect(parseReference('plugsmith-e2e/built:1.2.3-rc_1')).toMatchObject({ ok: true, normalised: 'plugsmith-e2e/built:1.2.3-rc_1' });
  });

  it('keeps a registry host with a port apart from the tag', () => {
    expect(parseReference('127.0.0.1:5000/contiv/v2plugin')).toMatchObject({ ok: true, name: '127.0.0.1:5000/contiv/v2plugin', tag: 'latest' });
    expect(parseReference('localhost:5000/a:v1')).toMatchObject({ ok: true, name: 'localhost:5000/a', tag: 'v1' });
    // A host may have capitals; the path may not.
    expect(parseReference('Registry.Example.com/a')).toMatchObject({ ok: true });
  });

  it('refuses what Docker refuses, naming why', () => {
    expect(problem('')).toBe('empty');
    expect(problem('Contiv/V2plugin')).toBe('uppercase');
    expect(problem('contiv//v2plugin')).toBe('component');
    expect(problem('contiv/-v2')).toBe('component');
    expect(problem('contiv/v2plugin:')).toBe('tag');
    expect(problem('contiv/v2plugin:.bad')).toBe('tag');
    expect(problem('contiv/v2plugin@sha256:abc')).toBe('digest');
    expect(problem(`a/${'b'.repeat(260)}`)).toBe('too-long');
    expect(problem('a b')).toBe('component');
  });

  it('compares names as normalised references', () => {
    expect(sameReference('contiv/v2plugin', 'contiv/v2plugin:latest')).toBe(true);
    expect(sameReference('contiv/v2plugin:1', 'contiv/v2plugin:latest')).toBe(false);
  });
});
