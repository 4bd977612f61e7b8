/**
 * Makes a TCP service of this (host) namespace reachable on the same 127.0.0.1:PORT inside a test
 * network namespace, whose loopback is its own: a relay inside the namespace (node, started with
 * `ip netns exec`) accepts there and pipes each connection to a unix socket, which this process
 * serves by piping on to the real port. Unix sockets are files, so they cross namespaces; TCP
 * on loopback does not. Used to run the CLI inside the OVS namespace (where contivh0 lives) while
 * the test netmaster runs in the test process.
 *
 * Test helper only, not shipped.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Runs in the namespace: argv = unix path, port. Prints `ready` once listening. */
const RELAY = `
const net = require('node:net');
const [path, port] = process.argv.slice(-2);
const srv = net.createServer((c) => {
  const up = net.connect({ path });
  c.pipe(up).pipe(c);
  c.on('error', () => up.destroy());
  up.on('error', () => c.destroy());
});
srv.listen(Number(port), '127.0.0.1', () => process.stdout.write('ready\\n'));
`;

export interface NetnsForward {
  close(): Promise<void>;
}

function pipeBoth(a: Socket, b: Socket): void {
  a.pipe(b).pipe(a);
  a.on('error', () => b.destroy());
  b.on('error', () => a.destroy());
}

export async function forwardIntoNetns(netns: string, port: number): Promise<NetnsForward> {
  const dir = mkdtempSync(join(tmpdir(), 'psfw-'));
  const path = join(dir, 'fw.sock');
  const server: Server = createServer((c) => pipeBoth(c, connect({ port, host: '127.0.0.1' })));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => resolve());
  });
  const child: ChildProcess = spawn('ip', ['netns', 'exec', netns, process.execPath, '-e', RELAY, path, String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += String(d)));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await gone;
    }
    await new Promise<void>((r) => server.close(() => r()));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`relay into ${netns} not ready within 10 s: ${stderr}`)), 10_000);
      child.stdout!.on('data', (d: Buffer) => {
        if (String(d).includes('ready')) {
          clearTimeout(t);
          resolve();
        }
      });
      child.once('exit', (code) => {
        clearTimeout(t);
        reject(new Error(`relay into ${netns} exited (${code}): ${stderr}`));
      });
    });
  } catch (err) {
    await stop();
    throw err;
  }
  return { close: stop };
}
