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

describe('runner: which checks a run runs', () => {
  it('all by default, in the issue order; a subset keeps that order whatever order it was asked in', async () => {
    const { selectChecks } = await import('./runner');
    const { CHECK_IDS } = await import('./check-ids');
    expect(selectChecks().map((c) => c.id)).toEqual([...CHECK_IDS]);
    expect(selectChecks([]).map((c) => c.id)).toEqual([...CHECK_IDS]);
    expect(selectChecks(['netmaster', 'engine']).map((c) => c.id)).toEqual(['engine', 'netmaster']);
  });
  it('refuses an unknown id with the known ones as detail, instead of running nothing', async () => {
    const { selectChecks } = await import('./runner');
    expect(() => selectChecks(['engine', 'nope'])).toThrowError(/unknown doctor check: nope/);
    try {
      selectChecks(['nope']);
    } catch (err) {
      expect((err as { code: string }).code).toBe('doctor/unknown-check');
      expect((err as { detail: string }).detail).toContain('plugin-generic');
    }
  });
  it('a re-run of some checks reports only those, each with its result, against a real (absent) engine', async () => {
    const { runDoctor } = await import('./runner');
    const { Engine } = await import('../docker/engine');
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'psd-doc-run-'));
    try {
      const engine = new Engine({ dockerHost: `unix://${join(dir, 'none.sock')}`, env: {} });
      const seen: string[] = [];
      const r = await runDoctor({ engine, netmaster: '127.0.0.1:1', checkTimeoutMs: 4_000 }, (p) => seen.push(`${p.done}/${p.total}`), undefined, ['netmaster', 'engine']);
      expect(r.checks.map((c) => c.id)).toEqual(['engine', 'netmaster']);
      expect(seen).toEqual(['1/2', '2/2']);
      expect(r.checks.every((c) => c.status === 'fail')).toBe(true);
      expect(r.checks[0].evidence.join('\n')).toMatch(/none\.sock/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
