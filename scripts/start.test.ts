/**
 * `npm start` where no Electron binary was downloaded (this machine, CI): one line
 * saying so, then serve mode with a working URL.
 */
import { describe, it, expect } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '..');

function electronInstalled(): boolean {
  try {
    const p = createRequire(join(root, 'package.json'))('electron');
    return typeof p === 'string' && existsSync(p);
  } catch {
    return false;
  }
}

describe('npm start without an Electron binary', () => {
  it.skipIf(electronInstalled())('says so in one line and serves the UI instead', async () => {
    const home = mkdtempSync(join(tmpdir(), 'plugsmith-start-'));
    const child = spawn(process.execPath, ['scripts/start.mjs', '--no-open'], {
      cwd: root,
      env: { ...process.env, PLUGSMITH_HOME: home, DOCKER_HOST: 'unix:///nonexistent.sock' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d));
    child.stderr.on('data', (d: Buffer) => (out += d));
    try {
      const url = await new Promise<string>((res, rej) => {
        const t = setTimeout(() => rej(new Error(`no URL: ${out}`)), 60_000);
        const poll = setInterval(() => {
          const m = /Open: (\S+)/.exec(out);
          if (m) {
            clearInterval(poll);
            clearTimeout(t);
            res(m[1]);
          }
        }, 50);
      });
      const notices = out.split('\n').filter((l) => /Electron/.test(l));
      expect(notices).toEqual(['No Electron binary here (ELECTRON_SKIP_BINARY_DOWNLOAD?): starting serve mode instead']);
      const status = await new Promise<number>((res, rej) =>
        request(url, (r) => {
          r.resume();
          res(r.statusCode ?? 0);
        })
          .on('error', rej)
          .end(),
      );
      expect(status).toBe(303);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(home, { recursive: true, force: true });
    }
  }, 90_000);
});
