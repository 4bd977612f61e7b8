/**
 * The file tailer on real files in a temp folder: the backlog (bounded by lines and by bytes),
 * appends, a line written in two pieces, truncation, rotation by rename (lines written to the old
 * file after the rename are not lost), removal and re-creation, a file that appears late, and the
 * poll alone when fs.watch is left out. Waits are for the condition, never fixed sleeps.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { appendFileSync, mkdtempSync, renameSync, rmSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileTail, lastLines, type FileTailOptions, type TailNote, type TailStatus } from './log-tail';

const dirs: string[] = [];
const tails: FileTail[] = [];
afterEach(async () => {
  await Promise.all(tails.splice(0).map((t) => t.stop()));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'psd-tail-'));
  dirs.push(d);
  return d;
}

async function until(cond: () => boolean, what: string, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function follow(path: string, opts: FileTailOptions = {}) {
  const got: { lines: string[]; notes: TailNote[]; statuses: TailStatus[]; batches: number } = { lines: [], notes: [], statuses: [], batches: 0 };
  const t = new FileTail(
    path,
    {
      lines: (ls, note) => {
        got.batches++;
        got.lines.push(...ls);
        if (note) got.notes.push(note);
      },
      status: (s) => got.statuses.push(s),
    },
    { pollMs: 100, ...opts },
  );
  tails.push(t);
  return { t, got };
}

describe('lastLines', () => {
  it('keeps the last n complete lines and drops a trailing empty one', () => {
    expect(lastLines('a\nb\nc\n', 2)).toEqual(['b', 'c']);
    expect(lastLines('a\r\nb\r\n', 5)).toEqual(['a', 'b']);
    expect(lastLines('', 3)).toEqual([]);
  });
});

describe('FileTail', () => {
  it('starts with the last N lines, then hands over appended lines (a half-written line waits for its newline)', async () => {
    const f = join(tmp(), 'netplugin.log');
    writeFileSync(f, Array.from({ length: 1000 }, (_, i) => `old ${i}`).join('\n') + '\n');
    const { t, got } = follow(f, { backlogLines: 5 });
    await t.start();
    expect(got.lines).toEqual(['old 995', 'old 996', 'old 997', 'old 998', 'old 999']);
    expect(got.notes).toEqual(['start']);
    expect(got.statuses).toEqual([{ state: 'tailing' }]);

    appendFileSync(f, 'new 1\nnew 2\npart');
    await until(() => got.lines.includes('new 2'), 'the appended lines');
    expect(got.lines).not.toContain('part');
    appendFileSync(f, 'ial line\n');
    await until(() => got.lines.includes('partial line'), 'the completed line');
    expect(got.lines.slice(5)).toEqual(['new 1', 'new 2', 'partial line']);
  });

  it('reads at most backlogBytes of a big file for its backlog, dropping the torn first line', async () => {
    const f = join(tmp(), 'big.log');
    const line = 'x'.repeat(99); // 100 bytes with its newline
    writeFileSync(f, `${line}\n`.repeat(20_000) + 'last\n');
    const { t, got } = follow(f, { backlogLines: 1_000_000, backlogBytes: 1_000 });
    await t.start();
    // 1000 bytes from the end: "last\n" plus 9.95 lines of x; the torn one is dropped.
    expect(got.lines[got.lines.length - 1]).toBe('last');
    expect(got.lines.length).toBe(10);
    expect(got.lines.slice(0, -1).every((l) => l === line)).toBe(true);
  });

  it('truncation (copytruncate): starts again at the top and says so', async () => {
    const f = join(tmp(), 'ovs-db.log');
    writeFileSync(f, 'one\ntwo\nthree\n');
    const { t, got } = follow(f);
    await t.start();
    truncateSync(f, 0);
    await until(() => got.notes.includes('truncated'), 'the truncation');
    appendFileSync(f, 'after truncate\n');
    await until(() => got.lines.includes('after truncate'), 'the line after truncation');
    expect(got.lines.filter((l) => l === 'one')).toHaveLength(1);
  });

  it('truncated and written past the old end between two looks: still seen as a truncation', async () => {
    const f = join(tmp(), 'busy.log');
    writeFileSync(f, 'aaaa\n');
    // No watch and a long poll: only the explicit look below sees the file.
    const { t, got } = follow(f, { noWatch: true, pollMs: 60_000 });
    await t.start();
    writeFileSync(f, 'xxxxxxxxxx\nyy\n'); // same inode, bigger than before
    await t.kick();
    expect(got.notes).toEqual(['start', 'truncated']);
    expect(got.lines).toEqual(['aaaa', 'xxxxxxxxxx', 'yy']);
  });

  it('rotation by rename: the rest of the old file first, then the new file from its start', async () => {
    const d = tmp();
    const f = join(d, 'netmaster.log');
    writeFileSync(f, 'before\n');
    const { t, got } = follow(f);
    await t.start();
    // The writer still holds the old file and adds one more line after the rename, as daemons do.
    renameSync(f, `${f}.1`);
    appendFileSync(`${f}.1`, 'late line of the old file\n');
    writeFileSync(f, 'first of the new file\n');
    await until(() => got.lines.includes('first of the new file'), 'the new file');
    expect(got.lines).toEqual(['before', 'late line of the old file', 'first of the new file']);
    expect(got.notes).toContain('rotated');
  });

  it('removed then created again: absent once (not once per poll), then followed from the top', async () => {
    const f = join(tmp(), 'plugin_bootup.log');
    writeFileSync(f, 'a\n');
    const { t, got } = follow(f);
    await t.start();
    unlinkSync(f);
    await until(() => got.statuses.some((s) => s.state === 'absent'), 'absent');
    await new Promise((r) => setTimeout(r, 350)); // three polls
    expect(got.statuses.filter((s) => s.state === 'absent')).toHaveLength(1);
    writeFileSync(f, 'b\nc\n');
    await until(() => got.lines.includes('c'), 'the re-created file');
    expect(got.lines).toEqual(['a', 'b', 'c']);
    expect(got.notes).toContain('created');
  });

  it('a file that does not exist yet (nor its folder): absent, then found by the poll alone', async () => {
    const d = join(tmp(), 'not-yet');
    const f = join(d, 'netplugin.log');
    const { t, got } = follow(f, { noWatch: true });
    await t.start();
    expect(got.statuses).toEqual([{ state: 'absent' }]);
    rmSync(d, { recursive: true, force: true });
    const { mkdirSync } = await import('node:fs');
    mkdirSync(d);
    writeFileSync(f, 'hello\n');
    await until(() => got.lines.includes('hello'), 'the late file');
    expect(got.statuses[got.statuses.length - 1]).toEqual({ state: 'tailing' });
  });

  it('bounded: a writer far ahead is read in slices, and an endless line is cut', async () => {
    const f = join(tmp(), 'fast.log');
    writeFileSync(f, '');
    const { t, got } = follow(f, { maxReadBytes: 4_096, maxLineChars: 100 });
    await t.start();
    appendFileSync(f, Array.from({ length: 5_000 }, (_, i) => `line ${i}`).join('\n') + '\n' + 'y'.repeat(500) + '\n');
    await until(() => got.lines.some((l) => l.startsWith('yyy')), 'the long line');
    expect(got.lines.filter((l) => l.startsWith('line '))).toHaveLength(5_000);
    // Many slices, not one giant read.
    expect(got.batches).toBeGreaterThan(10);
    const long = got.lines.find((l) => l.startsWith('yyy'))!;
    expect(long.length).toBeLessThan(200);
    expect(long).toMatch(/more characters\)$/);
  });

  it('backlogLines 0 starts at the end: only lines written afterwards', async () => {
    const f = join(tmp(), 'engine.log');
    writeFileSync(f, 'old\n');
    const { t, got } = follow(f, { backlogLines: 0 });
    await t.start();
    appendFileSync(f, 'new\n');
    await until(() => got.lines.includes('new'), 'the new line');
    expect(got.lines).toEqual(['new']);
  });
});
