/**
 * Follows one log file the way `tail -F` does: starts with its last lines (a bounded read of
 * the file's end, never the whole file), then hands over every complete line appended to it.
 * Woken by fs.watch on the file's folder (which also sees a rotation or the file appearing)
 * and by a poll, because fs.watch says nothing on some file systems (bind mounts over NFS,
 * overlay) and can fail outright (folder missing, inotify limits).
 *
 *  - truncation (size below what was read, same inode; `copytruncate`): start again at 0;
 *  - rotation (the path now names another inode; `mv x.log x.log.1` + a new x.log): read what
 *    is left of the old file through the handle still open on it, then follow the new one;
 *  - the file gone: say so, keep looking; it coming (back): follow it from its start.
 *
 * One read at a time (checks are serialised), each bounded by `maxReadBytes`: a writer far
 * ahead is caught up in slices, and a single line longer than `maxLineChars` is cut.
 * Node-only; no electron.
 */
import { watch, type FSWatcher } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { StringDecoder } from 'node:string_decoder';

export type TailNote = 'start' | 'truncated' | 'rotated' | 'created';
export type TailStatus = { state: 'tailing' } | { state: 'absent' } | { state: 'unreadable'; detail: string };

export interface FileTailOptions {
  /** How many lines to start with; 0 starts at the file's current end (lines written from now on). */
  backlogLines?: number;
  /** At most this much of the file's end is read for the backlog. */
  backlogBytes?: number;
  pollMs?: number;
  /** Bytes read per step when catching up. */
  maxReadBytes?: number;
  maxLineChars?: number;
  /** Leave fs.watch out (tests of the poll fallback). */
  noWatch?: boolean;
}

export interface FileTailEvents {
  /** Complete lines, oldest first; `note` says why the stream restarted just before them. */
  lines(lines: string[], note?: TailNote): void;
  /** The file's state changed (only on a change, so a missing file is one event, not one per poll). */
  status(s: TailStatus): void;
}

const DEFAULTS = { backlogLines: 200, backlogBytes: 256 * 1024, pollMs: 1_000, maxReadBytes: 256 * 1024, maxLineChars: 8_192 };

/** The last `n` complete lines of `text` (a trailing newline ends the last one; a torn first line is the caller's to drop). */
export function lastLines(text: string, n: number): string[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.slice(-n).map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

export class FileTail {
  private readonly o: typeof DEFAULTS & { noWatch: boolean };
  private fh: FileHandle | null = null;
  private ino = -1;
  private pos = 0;
  private partial = '';
  /** The byte just before pos, as read (-1: none yet). */
  private lastByte = -1;
  private decoder = new StringDecoder('utf8');
  private watcher: FSWatcher | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private lastStatus = '';
  private started = false;

  constructor(
    readonly path: string,
    private readonly on: FileTailEvents,
    opts: FileTailOptions = {},
  ) {
    this.o = { ...DEFAULTS, noWatch: false, ...opts };
  }

  /** Resolves once the backlog was handed over (or the file found missing). */
  async start(): Promise<void> {
    await this.kick();
    if (this.stopped) return;
    if (!this.o.noWatch) this.watchFolder();
    this.timer = setInterval(() => void this.kick(), this.o.pollMs);
    this.timer.unref?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.watcher?.close();
    this.watcher = null;
    await this.running?.catch(() => undefined);
    await this.closeHandle();
  }

  /** Look now (a watch event, a poll, a test). Calls arriving during a look fold into one more look. */
  kick(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.check();
        } while (this.again && !this.stopped);
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  private watchFolder(): void {
    const name = basename(this.path);
    try {
      this.watcher = watch(dirname(this.path), { persistent: false }, (_event, file) => {
        // Some platforms give no name; then any change in the folder is worth a look.
        if (!file || String(file) === name) void this.kick();
      });
      this.watcher.on('error', () => {
        // The folder went away or inotify gave up: the poll carries on alone.
        this.watcher?.close();
        this.watcher = null;
      });
    } catch {
      // No folder yet, or no inotify watches left: polling alone still finds every change.
    }
  }

  private setStatus(s: TailStatus): void {
    const key = JSON.stringify(s);
    if (key === this.lastStatus) return;
    this.lastStatus = key;
    this.on.status(s);
  }

  private async closeHandle(): Promise<void> {
    const fh = this.fh;
    this.fh = null;
    await fh?.close().catch(() => undefined);
  }

  private async check(): Promise<void> {
    let st;
    try {
      st = await stat(this.path);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') {
        // Gone (or never there): what the old handle still holds is the end of the rotated file.
        if (this.fh) await this.drain();
        await this.closeHandle();
        this.ino = -1;
        this.started = true;
        this.setStatus({ state: 'absent' });
      } else this.setStatus({ state: 'unreadable', detail: `${code ?? 'error'}: ${(err as Error).message}` });
      return;
    }
    if (!st.isFile()) {
      this.setStatus({ state: 'unreadable', detail: `${this.path} is not a regular file` });
      return;
    }
    if (st.ino !== this.ino) {
      const first = !this.started;
      const wasAbsent = this.ino === -1;
      if (this.fh) await this.drain();
      await this.closeHandle();
      try {
        this.fh = await open(this.path, 'r');
      } catch (err) {
        this.setStatus({ state: 'unreadable', detail: `${(err as NodeJS.ErrnoException).code ?? 'error'}: ${(err as Error).message}` });
        return;
      }
      // The inode of what we opened (the path may have changed again between stat and open).
      const now = await this.fh.stat();
      this.ino = now.ino;
      this.partial = '';
      this.decoder = new StringDecoder('utf8');
      this.started = true;
      this.setStatus({ state: 'tailing' });
      if (first) await this.backlog(now.size);
      else {
        this.pos = 0;
        await this.readNew(wasAbsent ? 'created' : 'rotated');
      }
      return;
    }
    this.setStatus({ state: 'tailing' });
    if (st.size < this.pos || (st.size > this.pos && !(await this.sameLastByte()))) {
      this.pos = 0;
      this.partial = '';
      this.decoder = new StringDecoder('utf8');
      await this.readNew('truncated');
    } else if (st.size > this.pos) await this.readNew();
  }

  /**
   * Truncated and written past our position between two looks (copytruncate on a busy log): the
   * size alone cannot tell, the byte before our position can — it is no longer the one we read.
   */
  private async sameLastByte(): Promise<boolean> {
    if (this.pos === 0 || this.lastByte < 0 || !this.fh) return true;
    const b = Buffer.alloc(1);
    const { bytesRead } = await this.fh.read(b, 0, 1, this.pos - 1);
    return bytesRead === 1 && b[0] === this.lastByte;
  }

  /** The last lines of the file, read from (at most) its last backlogBytes. */
  private async backlog(size: number): Promise<void> {
    if (this.o.backlogLines <= 0) {
      this.pos = size;
      this.lastByte = -1;
      return;
    }
    const start = Math.max(0, size - this.o.backlogBytes);
    const buf = Buffer.alloc(size - start);
    const { bytesRead } = await this.fh!.read(buf, 0, buf.length, start);
    this.pos = start + bytesRead;
    if (bytesRead) this.lastByte = buf[bytesRead - 1];
    let text = buf.subarray(0, bytesRead).toString('utf8');
    if (start > 0) text = text.slice(text.indexOf('\n') + 1); // a torn first line
    const nl = text.lastIndexOf('\n');
    // An unfinished last line waits for its newline like any other.
    this.partial = text.slice(nl + 1);
    const lines = nl < 0 ? [] : lastLines(text.slice(0, nl + 1), this.o.backlogLines);
    this.on.lines(lines.map((l) => this.cut(l)), 'start');
  }

  /** Everything from pos to the current end, in bounded slices. */
  private async readNew(note?: TailNote): Promise<void> {
    let pending = note;
    const buf = Buffer.alloc(this.o.maxReadBytes);
    for (;;) {
      if (!this.fh || this.stopped) return;
      const { bytesRead } = await this.fh.read(buf, 0, buf.length, this.pos);
      if (bytesRead === 0) break;
      this.pos += bytesRead;
      this.lastByte = buf[bytesRead - 1];
      const lines = this.split(this.decoder.write(buf.subarray(0, bytesRead)));
      if (lines.length || pending) this.on.lines(lines, pending);
      pending = undefined;
      if (bytesRead < buf.length) break;
    }
    if (pending) this.on.lines([], pending);
  }

  /** The rest of the file we hold open (after a rotation the writer may have added lines before it moved on). */
  private async drain(): Promise<void> {
    await this.readNew();
    if (this.partial) {
      // The old file will never get its newline now.
      this.on.lines([this.cut(this.partial)]);
      this.partial = '';
    }
  }

  private split(chunk: string): string[] {
    const text = this.partial + chunk;
    const parts = text.split('\n');
    this.partial = parts.pop() ?? '';
    if (this.partial.length > this.o.maxLineChars) {
      // A line with no end in sight: hand over what fits, bounded memory beats a whole line.
      parts.push(this.partial);
      this.partial = '';
    }
    return parts.map((l) => this.cut(l.endsWith('\r') ? l.slice(0, -1) : l));
  }

  private cut(line: string): string {
    return line.length > this.o.maxLineChars ? `${line.slice(0, this.o.maxLineChars)}… (${line.length - this.o.maxLineChars} more characters)` : line;
  }
}
