import { describe, expect, it } from 'vitest';
import { joinWrapped, LogBatch, logFileName, toTerminalLine } from './log-batch';

describe('toTerminalLine', () => {
  it('ends every line with CRLF and converts inner newlines, keeping ANSI colours', () => {
    expect(toTerminalLine('Step 1/3 : FROM scratch')).toBe('Step 1/3 : FROM scratch\r\n');
    expect(toTerminalLine('a\nb\n')).toBe('a\r\nb\r\n');
    expect(toTerminalLine('a\r\nb')).toBe('a\r\nb\r\n');
    expect(toTerminalLine('\x1b[31merror\x1b[0m')).toBe('\x1b[31merror\x1b[0m\r\n');
  });
});

describe('LogBatch', () => {
  it('hands out many lines in few chunks, in order, none over the limit', () => {
    const b = new LogBatch({ maxLines: 1_000_000, maxChunkChars: 64 * 1024 });
    const n = 200_000;
    for (let i = 0; i < n; i++) b.push(`line ${i}`);
    const chunks: string[] = [];
    for (let c = b.take(); c; c = b.take()) chunks.push(c);
    expect(chunks.every((c) => c.length <= 64 * 1024)).toBe(true);
    // Far fewer writes than lines: that is the point.
    expect(chunks.length).toBeLessThan(n / 1000);
    const lines = chunks.join('').split('\r\n');
    expect(lines.length).toBe(n + 1); // trailing CRLF leaves an empty last element
    expect(lines[0]).toBe('line 0');
    expect(lines[n - 1]).toBe(`line ${n - 1}`);
    expect(b.size).toBe(0);
  });

  it('never holds more than maxLines waiting, and counts what it dropped', () => {
    const b = new LogBatch({ maxLines: 100, maxChunkChars: 1 << 20 });
    for (let i = 0; i < 250; i++) b.push(`l${i}`);
    expect(b.size).toBe(100);
    expect(b.takeDropped()).toBe(150);
    expect(b.takeDropped()).toBe(0);
    const text = b.take();
    expect(text.startsWith('l150\r\n')).toBe(true);
    expect(text.endsWith('l249\r\n')).toBe(true);
  });

  it('counts the lines of multi-line entries (a job flood batches), bounds and drops by lines', () => {
    const b = new LogBatch({ maxLines: 100, maxChunkChars: 1 << 20 });
    expect(b.push('a\nb\nc')).toBe(3);
    expect(b.size).toBe(3);
    // 60 batches of 64 lines: only whole batches are dropped, never more than needed.
    for (let k = 0; k < 60; k++) b.push(Array.from({ length: 64 }, (_, i) => `k${k}-${i}`).join('\n'));
    expect(b.size).toBeGreaterThanOrEqual(100);
    expect(b.size).toBeLessThan(100 + 64);
    expect(b.takeDropped() + b.size).toBe(3 + 60 * 64);
    const text = b.take();
    expect(text.split('\r\n').length - 1).toBe(b.taken);
    expect(text.endsWith('k59-63\r\n')).toBe(true);
    expect(b.size).toBe(0);
  });

  it('counts taken lines only when their end is handed out, across a split entry', () => {
    const b = new LogBatch({ maxLines: 10, maxChunkChars: 8 });
    b.push('abcdef\nghijkl');
    expect(b.take()).toBe('abcdef\r\n');
    expect(b.taken).toBe(1);
    expect(b.take()).toBe('ghijkl\r\n');
    expect(b.taken).toBe(2);
    expect(b.size).toBe(0);
  });

  it('splits a single line longer than a chunk instead of stalling', () => {
    const b = new LogBatch({ maxLines: 10, maxChunkChars: 10 });
    b.push('x'.repeat(25));
    const parts = [b.take(), b.take(), b.take()];
    expect(parts.map((p) => p.length)).toEqual([10, 10, 7]);
    expect(parts.join('')).toBe(`${'x'.repeat(25)}\r\n`);
    expect(b.take()).toBe('');
  });
});

describe('joinWrapped', () => {
  it('joins soft-wrapped rows, trims trailing blanks', () => {
    const rows = [
      { text: 'Step 1/2 : FROM ', wrapped: false },
      { text: 'scratch   ', wrapped: true },
      { text: 'done', wrapped: false },
      { text: '   ', wrapped: false },
    ];
    expect(joinWrapped(rows)).toBe('Step 1/2 : FROM scratch\ndone\n');
    expect(joinWrapped([])).toBe('');
  });
});

describe('logFileName', () => {
  it('is build-<name>-<time>.log with no path or colon characters', () => {
    expect(logFileName('plugsmith-e2e/built:latest', new Date('2025-01-02T03:04:05.678Z'))).toBe('build-plugsmith-e2e_built_latest-2025-01-02T030405Z.log');
  });
});
