import { describe, expect, it } from 'vitest';
import { normalizeReference, parseReference, sameReference } from './reference';

describe('normalizeReference (Docker reference normalisation)', () => {
  it.each([
    ['contiv/v2plugin', 'contiv/v2plugin:latest'],
    ['contiv/v2plugin:latest', 'contiv/v2plugin:latest'],
    ['docker.io/contiv/v2plugin', 'contiv/v2plugin:latest'],
    ['index.docker.io/contiv/v2plugin:1.2', 'contiv/v2plugin:1.2'],
    ['docker.io/library/busybox', 'busybox:latest'],
    ['busybox', 'busybox:latest'],
    ['library/busybox:1.36', 'busybox:1.36'],
    ['store/contiv/v2plugin:1.1.7', 'store/contiv/v2plugin:1.1.7'],
    ['localhost:5000/contiv/v2plugin', 'localhost:5000/contiv/v2plugin:latest'],
    ['localhost/netplugin', 'localhost/netplugin:latest'],
    ['127.0.0.1:5000/a/b/c:v1.0-rc_2', '127.0.0.1:5000/a/b/c:v1.0-rc_2'],
    ['netplugin', 'netplugin:latest'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeReference(input)).toBe(expected);
  });

  it('keeps a digest and adds no tag', () => {
    const d = 'sha256:' + 'a'.repeat(64);
    expect(normalizeReference(`contiv/v2plugin@${d}`)).toBe(`contiv/v2plugin@${d}`);
    expect(parseReference(`contiv/v2plugin@${d}`).tag).toBeNull();
  });

  it('gives the fully qualified form too', () => {
    expect(parseReference('busybox').full).toBe('docker.io/library/busybox:latest');
    expect(parseReference('contiv/v2plugin').full).toBe('docker.io/contiv/v2plugin:latest');
  });

  it('treats an upper-case first component as a registry host, and upper case in the path as invalid', () => {
    // Docker: "Contiv/v2plugin" → domain "Contiv", path "v2plugin" — legal, but not Docker Hub.
    expect(parseReference('Contiv/v2plugin').domain).toBe('Contiv');
    expect(() => normalizeReference('contiv/V2plugin')).toThrow(/repository name must be lowercase/);
    expect(() => normalizeReference('Busybox')).toThrow(/must be lowercase/);
  });

  it.each([
    ['', /at least one component/],
    ['a'.repeat(64).replace(/a/g, 'f'), /64-byte hexadecimal/],
    ['contiv/v2plugin:', /invalid tag/],
    ['contiv/v2plugin:-x', /invalid tag/],
    ['contiv//v2plugin', /invalid repository name/],
    ['contiv/v2plugin@sha256:xyz', /invalid digest/],
    ['contiv/v2 plugin', /invalid/],
  ])('refuses %j', (input, why) => {
    expect(() => normalizeReference(input)).toThrow(why);
  });

  it('compares the way the engine resolves plugin names', () => {
    expect(sameReference('contiv/v2plugin', 'contiv/v2plugin:latest')).toBe(true);
    expect(sameReference('docker.io/contiv/v2plugin:latest', 'contiv/v2plugin')).toBe(true);
    expect(sameReference('contiv/v2plugin:1.0', 'contiv/v2plugin')).toBe(false);
    expect(sameReference('netplugin', 'contiv/v2plugin:latest')).toBe(false);
    expect(sameReference('Bad Name', 'Bad Name')).toBe(false);
  });
});
