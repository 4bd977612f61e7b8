import { describe, it, expect } from 'vitest';
import { parseArgs, UsageError } from './cli-args';

describe('parseArgs', () => {
  const spec = { json: 'boolean', port: 'number', host: 'string' } as const;
  it('parses flags in both forms and keeps positionals', () => {
    expect(parseArgs(['ls', '--json', '--port', '8080', '--host=::1', 'x'], spec)).toEqual({
      positionals: ['ls', 'x'],
      flags: { json: true, port: 8080, host: '::1' },
    });
  });
  it('refuses unknown flags, missing and malformed values', () => {
    expect(() => parseArgs(['--nope'], spec)).toThrow(UsageError);
    expect(() => parseArgs(['--port'], spec)).toThrow(/needs a value/);
    expect(() => parseArgs(['--port', 'x'], spec)).toThrow(/whole number/);
    expect(() => parseArgs(['--json=1'], spec)).toThrow(/takes no value/);
  });
  it('everything after -- is positional', () => {
    expect(parseArgs(['--', '--json'], spec).positionals).toEqual(['--json']);
  });
});
