/**
 * The engine's own lines about one plugin, live. Finding the engine's log is engine-log.ts's job
 * (setting → dockerd's standard error → journald); this only follows what it found: the file with
 * a FileTail from its current end, or journald with `journalctl -f`, keeping the lines tagged
 * `plugin=<id>`. The lines before now come from the text findEngineLog already read.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { messageOf, pluginLines, type EngineLogSource } from './engine-log';
import { FileTail, type TailNote, type TailStatus } from './log-tail';

export interface EngineFollowEvents {
  lines(lines: string[], note?: TailNote): void;
  status(s: TailStatus): void;
}

/** What the tail shows of an engine line: its level and message (the tag and time stamp are noise here). */
export function engineLineText(line: string): string {
  const level = /\blevel=(\w+)/.exec(line)?.[1];
  const time = /\btime="([^"]+)"/.exec(line)?.[1];
  const msg = messageOf(line);
  if (msg === line) return line;
  return `${time ? `${time} ` : ''}${level ? `${level}: ` : ''}${msg}`;
}

export class EngineLogFollow {
  private tail: FileTail | null = null;
  private child: ChildProcess | null = null;
  private stopped = false;

  constructor(
    private readonly source: EngineLogSource,
    private readonly pluginId: string,
    private readonly on: EngineFollowEvents,
    private readonly opts: { backlogLines: number; pollMs?: number },
  ) {}

  private keep(lines: string[]): string[] {
    const tag = `plugin=${this.pluginId}`;
    return lines.filter((l) => l.includes(tag));
  }

  async start(): Promise<void> {
    this.on.lines(pluginLines(this.source.text, this.pluginId, this.opts.backlogLines), 'start');
    if (this.source.where.startsWith('/')) {
      this.tail = new FileTail(
        this.source.where,
        {
          lines: (ls, note) => {
            const mine = this.keep(ls);
            if (mine.length || (note && note !== 'start')) this.on.lines(mine, note);
          },
          status: (s) => this.on.status(s),
        },
        { backlogLines: 0, pollMs: this.opts.pollMs },
      );
      await this.tail.start();
      return;
    }
    // journald: follow from now on (`-n 0`); argv, never a shell string.
    const child = spawn('journalctl', ['-u', 'docker', '-f', '-n', '0', '-o', 'cat', '--no-pager'], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    let stderr = '';
    child.stderr?.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-2_000)));
    createInterface({ input: child.stdout! }).on('line', (l) => {
      const mine = this.keep([l]);
      if (mine.length) this.on.lines(mine);
    });
    child.on('error', (err) => this.on.status({ state: 'unreadable', detail: `journalctl -u docker -f: ${err.message}` }));
    child.on('exit', (code, signal) => {
      if (!this.stopped) this.on.status({ state: 'unreadable', detail: `journalctl -u docker -f ended (${signal ?? `exit ${code}`})${stderr ? `: ${stderr.trim()}` : ''}` });
    });
    this.on.status({ state: 'tailing' });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.tail?.stop();
    // Our own child, by its handle.
    if (this.child && this.child.exitCode === null) this.child.kill('SIGTERM');
    this.child = null;
  }
}
