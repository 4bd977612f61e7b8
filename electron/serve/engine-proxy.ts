/**
 * Test helper: a unix-socket proxy in front of the test's private dockerd that counts what the
 * engine is asked — connections (open now, most at once) and requests by path — so the abuse
 * suite can show what a flood on serve costs the engine, measured at the engine's door.
 */
import { createServer, createConnection, type Server, type Socket } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface EngineCounts {
  connections: number;
  open: number;
  maxOpen: number;
  /** Requests by path without the API version prefix and query: `/info`, `/plugins`, `/events`… */
  requests: Record<string, number>;
}

export interface EngineProxy {
  /** DOCKER_HOST for the services: unix://… */
  host: string;
  counts(): EngineCounts;
  /** Starts a new "most at once" window. */
  resetMax(): void;
  close(): Promise<void>;
}

const REQUEST_LINE = /(?:^|\r\n)(GET|POST|PUT|DELETE|HEAD) (\S+) HTTP\/1\.[01]\r\n/g;

export function pathOf(target: string): string {
  return target.replace(/\?.*$/, '').replace(/^\/v\d+\.\d+(?=\/)/, '');
}

export async function startEngineProxy(engineSocket: string): Promise<EngineProxy> {
  const dir = mkdtempSync(join(tmpdir(), 'psd-proxy-'));
  const path = join(dir, 'engine.sock');
  const c: EngineCounts = { connections: 0, open: 0, maxOpen: 0, requests: {} };
  const live = new Set<Socket>();
  const server: Server = createServer((client) => {
    c.connections++;
    c.open++;
    c.maxOpen = Math.max(c.maxOpen, c.open);
    const upstream = createConnection(engineSocket);
    live.add(client);
    live.add(upstream);
    let head = '';
    client.on('data', (chunk: Buffer) => {
      // A request line may straddle two chunks: keep the tail of the previous one.
      const text = head + chunk.toString('latin1');
      for (const m of text.matchAll(REQUEST_LINE)) {
        const p = pathOf(m[2]);
        c.requests[p] = (c.requests[p] ?? 0) + 1;
      }
      const cut = text.lastIndexOf('\r\n');
      head = cut >= 0 ? text.slice(Math.max(cut, text.length - 512)) : text.slice(-512);
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    let closed = false;
    const end = () => {
      if (closed) return;
      closed = true;
      c.open--;
      client.destroy();
      upstream.destroy();
      live.delete(client);
      live.delete(upstream);
    };
    client.on('close', end);
    upstream.on('close', end);
    client.on('error', end);
    upstream.on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(path, resolve));
  return {
    host: `unix://${path}`,
    counts: () => ({ ...c, requests: { ...c.requests } }),
    resetMax: () => {
      c.maxOpen = c.open;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of live) s.destroy();
        server.close(() => {
          rmSync(dir, { recursive: true, force: true });
          resolve();
        });
      }),
  };
}
