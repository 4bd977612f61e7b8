import { describe, expect, it } from 'vitest';
import { takeRepeated } from './cli';

describe('plugsmith build flags', () => {
  it('collects repeated --set / --build-arg KEY=VALUE (both spellings), leaving the rest', () => {
    const r = takeRepeated(['dir', '--set', 'A=1', '--name', 'x', '--set=B=c=d', '--enable'], 'set');
    expect(r.values).toEqual([
      { key: 'A', value: '1' },
      { key: 'B', value: 'c=d' },
    ]);
    expect(r.rest).toEqual(['dir', '--name', 'x', '--enable']);
  });
  it('refuses a value without KEY=', () => {
    expect(() => takeRepeated(['--build-arg', 'novalue'], 'build-arg')).toThrow(/KEY=VALUE/);
    expect(() => takeRepeated(['--set'], 'set')).toThrow(/needs KEY=VALUE/);
  });
});
