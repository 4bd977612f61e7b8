import { describe, expect, it } from 'vitest';
import { checkProgressPrinter } from './cli-progress';

function run(isTTY: boolean): string {
  let out = '';
  const p = checkProgressPrinter((t) => (out += t), isTTY);
  p.onProgress({ done: 1, total: 3, last: { id: 'engine', status: 'pass' } });
  p.onProgress({ done: 2, total: 3, last: { id: 'ovs', status: 'skip' } });
  p.onProgress({ done: 3, total: 3, last: { id: 'etcd', status: 'fail' } });
  p.end();
  return out;
}

describe('doctor progress on stderr', () => {
  it('is one line per finished check, each ended, when stderr is not a terminal', () => {
    const out = run(false);
    expect(out).not.toContain('\r');
    expect(out.split('\n')).toEqual(['1/3 checks: engine pass', '2/3 checks: ovs skip', '3/3 checks: etcd fail', '']);
  });

  it('rewrites one line in place on a terminal and ends it once', () => {
    const out = run(true);
    expect(out).toBe('\r1/3 checks\r2/3 checks\r3/3 checks\n');
  });

  it('writes nothing at the end when no check reported (no stray blank line in a log)', () => {
    let out = '';
    checkProgressPrinter((t) => (out += t), false).end();
    expect(out).toBe('');
  });
});
