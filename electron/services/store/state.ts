/**
 * Small JSON values the UI keeps between runs (editor drafts, recent folders,
 * UI state): one file per key under $XDG_STATE_HOME/plugsmith/state/, written atomically.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic';
import { PlugsmithError } from '../errors';

const MAX_BYTES = 4 * 1024 * 1024;

export class StateStore {
  constructor(private readonly stateDir: string) {}

  private file(key: string): string {
    if (!/^[a-z][a-z0-9.-]{0,63}$/.test(key)) throw new PlugsmithError('state/bad-key', `Not a state key: ${key}`);
    return join(this.stateDir, 'state', `${key}.json`);
  }

  async get(key: string): Promise<unknown> {
    try {
      return JSON.parse(await readFile(this.file(key), 'utf8'));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      if (err instanceof SyntaxError) return null;
      throw err;
    }
  }

  async set(key: string, value: unknown): Promise<null> {
    const text = JSON.stringify(value ?? null);
    if (Buffer.byteLength(text) > MAX_BYTES) throw new PlugsmithError('state/too-large', `The value for ${key} is over ${MAX_BYTES} bytes`);
    await writeFileAtomic(this.file(key), text, { mode: 0o600 });
    return null;
  }
}
