import { describe, expect, it } from 'vitest';
import { bounded, sortForDisplay } from './runner';
import type { DoctorFacts } from './facts';
import type { CheckDef } from './types';

const facts = {} as DoctorFacts;
const def = (run: CheckDef['run']): CheckDef => ({ id: 'x', title: 'x', group: 'engine', why: '', run });

describe('runner', () => {
  it('turns a hung check into a failure after the bound, and aborts its signal', async () => {
    let aborted = false;
    const t0 = Date.now();
    const o = await bounded(def((_f, signal) => new Promise(() => signal.addEventListener('abort', () => (aborted = true)))), facts, 200);
    expect(o.status).toBe('fail');
    expect(o.evidence[0]).toMatch(/no answer within 0.2 s/);
    expect(Date.now() - t0).toBeLessThan(1_000);
    expect(aborted).toBe(true);
  });
  it('turns a thrown error into a failure with its words', async () => {
    const o = await bounded(def(async () => { throw new Error('boom'); }), facts, 1_000);
    expect(o.status).toBe('fail');
    expect(o.evidence[0]).toContain('boom');
  });
  it('shows failures first, skips last', () => {
    const mk = (id: string, status: 'pass' | 'warn' | 'fail' | 'skip') => ({ id, title: id, group: 'g', status, evidence: [], why: '', fix: '', ms: 0 });
    expect(sortForDisplay([mk('a', 'skip'), mk('b', 'pass'), mk('c', 'fail'), mk('d', 'warn')]).map((c) => c.id)).toEqual(['c', 'd', 'b', 'a']);
  });
});
