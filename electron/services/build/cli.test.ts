import { describe, expect, it } from 'vitest';
import { takeRepeated, takeRepeatedPlain } from './cli';

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
  it('collects --remove-network values in order and refuses an empty one', () => {
    const r = takeRepeatedPlain(['dir', '--remove-network', 'net1', '--replace', '--remove-network=net 2'], 'remove-network');
    expect(r.values).toEqual(['net1', 'net 2']);
    expect(r.rest).toEqual(['dir', '--replace']);
    expect(() => takeRepeatedPlain(['--remove-network'], 'remove-network')).toThrow(/needs a value/);
    expect(() => takeRepeatedPlain(['--remove-network='], 'remove-network')).toThrow(/needs a value/);
  });
});
