/** Starts the built `plugsmith serve` as a child process and reads the URL it prints. */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

export async function startServe(
  env: NodeJS.ProcessEnv,
  extra: SpawnOptions = {},
  entry: string[] = ['bin/plugsmith.cjs'],
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [...entry, 'serve', '--no-open', '--port', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'], ...extra });
  let out = '';
  let err = '';
  child.stderr!.on('data', (c) => (err += c));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`plugsmith serve printed no URL in 20 s\n${out}\n${err}`)), 20_000);
    child.stdout!.on('data', (c) => {
      out += c;
      const m = /Open: (http\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`plugsmith serve exited ${code}\n${out}\n${err}`));
    });
  });
  return { child, url };
}

export async function stopServe(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}
