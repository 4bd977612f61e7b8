import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CallLimit } from './limit';

describe('CallLimit: every file call is bounded', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs at most `concurrency`, queues at most `queue`, refuses the rest, and answers stuck callers on time', async () => {
    const limit = new CallLimit({ concurrency: 2, queue: 1, timeoutMs: 1000 });
    const stuck: (() => void)[] = [];
    const hang = () => new Promise<string>((resolve) => stuck.push(() => resolve('late')));
    let started = 0;
    const a = limit.run('a', () => (started++, hang()));
    const b = limit.run('b', () => (started++, hang()));
    const c = limit.run('c', async () => (started++, 'c'));
    await expect(limit.run('d', async () => 'd')).rejects.toMatchObject({ code: 'files/busy' });
    expect(started).toBe(2); // c waits: the stuck two hold their threads
    const settled = Promise.allSettled([a, b, c]);
    await vi.advanceTimersByTimeAsync(1000);
    expect((await settled).map((r) => (r.status === 'rejected' ? (r.reason as { code: string }).code : r.value))).toEqual(['files/timeout', 'files/timeout', 'files/timeout']);
    // c was given up while queued: it never runs. The stuck calls still hold their slots until they end.
    expect(started).toBe(2);
    let eStarted = false;
    const e = limit.run('e', async () => ((eStarted = true), 'e'));
    await vi.advanceTimersByTimeAsync(0);
    expect(eStarted).toBe(false);
    stuck.shift()!();
    await expect(e).resolves.toBe('e');
  });
});
