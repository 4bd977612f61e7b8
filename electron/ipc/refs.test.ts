import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { isPluginRef, PLUGIN_REF_MAX, SETTING_KEY } from './refs';
import { requests } from './contract';

describe('shared name rules', () => {
  it('isPluginRef: names, name:tag, registry ports, ids, digests — not empty, a leading symbol, spaces, or over the limit', () => {
    for (const ok of ['contiv/v2plugin', 'contiv/v2plugin:1.0', 'localhost:5000/acme/p:1', 'a1b2c3', 'x@sha256:abc', 'x'.repeat(PLUGIN_REF_MAX)]) {
      expect(isPluginRef(ok), ok).toBe(true);
    }
    for (const bad of ['', '-x', '/x', ':x', 'a b', 'a\nb', 'a;b', 'x'.repeat(PLUGIN_REF_MAX + 1)]) {
      expect(isPluginRef(bad), bad).toBe(false);
    }
  });

  it('the contract refuses exactly what isPluginRef refuses', () => {
    const schema = requests['plugins:inspect'].args;
    for (const name of ['contiv/v2plugin:1.0', 'x'.repeat(PLUGIN_REF_MAX), '', '-x', 'a b', 'x'.repeat(PLUGIN_REF_MAX + 1)]) {
      expect(schema.safeParse({ name }).success, name).toBe(isPluginRef(name));
    }
  });

  it('a setting key has no whitespace and no "="', () => {
    expect(SETTING_KEY.test('CONTIV_ROLE')).toBe(true);
    expect(SETTING_KEY.test('mounts.source')).toBe(true);
    for (const bad of ['', 'A B', 'A=B', ' A', 'A\t']) expect(SETTING_KEY.test(bad), bad).toBe(false);
  });

  it('imports nothing, so the renderer can use it without bundling zod', () => {
    const src = readFileSync(new URL('./refs.ts', import.meta.url), 'utf8');
    expect(src).not.toMatch(/^\s*import\s/m);
  });
});
