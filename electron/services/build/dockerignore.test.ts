import { describe, expect, it } from 'vitest';
import { IgnoreMatcher } from './dockerignore';

describe('.dockerignore matching', () => {
  const m = IgnoreMatcher.from(['# comment', '', '*.tar', '/build/', 'docs/**/*.md', '!docs/keep/README.md', 'secret?', 'a/**'].join('\n'));

  it('anchors patterns at the context root and keeps * inside one folder', () => {
    expect(m.ignored('v2plugin-1.0.tar')).toBe(true);
    expect(m.ignored('sub/v2plugin-1.0.tar')).toBe(false);
    expect(m.ignored('build/x/y')).toBe(true);
    expect(m.ignored('secret1')).toBe(true);
    expect(m.ignored('secret12')).toBe(false);
  });

  it('lets ** cross folders, including none, and a later ! re-include', () => {
    expect(m.ignored('docs/a.md')).toBe(true);
    expect(m.ignored('docs/x/y/a.md')).toBe(true);
    expect(m.ignored('docs/keep/README.md')).toBe(false);
    expect(m.ignored('docs/keep/OTHER.md')).toBe(true);
    expect(m.ignored('a/b/c')).toBe(true);
    expect(m.ignored('config.json')).toBe(false);
  });

  it('excludes a folder and everything under it', () => {
    const d = IgnoreMatcher.from('rootfs');
    expect(d.ignored('rootfs')).toBe(true);
    expect(d.ignored('rootfs/usr/bin/x')).toBe(true);
    expect(d.ignored('rootfsx')).toBe(false);
    expect(d.hasExclusions).toBe(false);
    expect(m.hasExclusions).toBe(true);
  });
});
