import { describe, expect, it } from 'vitest';
import { createServer, request, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readJsonLines } from './json-lines';

/** A real HTTP response stream from a loopback server that writes `chunks` (then ends, or breaks the socket). */
async function streamOf(chunks: string[], end: 'end' | 'break' | 'hang'): Promise<{ res: IncomingMessage; close: () => void }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    let i = 0;
    const next = () => {
      if (i < chunks.length) {
        res.write(chunks[i++]);
        setTimeout(next, 5);
      } else if (end === 'end') res.end();
      else if (end === 'break') res.socket?.destroy();
    };
    next();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const res = await new Promise<IncomingMessage>((r) => request({ host: '127.0.0.1', port, path: '/' }, r).end());
  return { res, close: () => server.close() };
}

describe('readJsonLines', () => {
  it('parses objects across chunk boundaries, passes non-JSON lines as text, and reads a last line without newline', async () => {
    const { res, close } = await streamOf(['{"status":"a"}\n{"sta', 'tus":"b"}\nplain words\n\n', '{"error":"c"}'], 'end');
    const objects: unknown[] = [];
    const texts: string[] = [];
    await readJsonLines(res, { object: (o) => objects.push(o), text: (t) => texts.push(t) }, { what: 'a test' });
    close();
    expect(objects).toEqual([{ status: 'a' }, { status: 'b' }, { error: 'c' }]);
    expect(texts).toEqual(['plain words']);
  });

  it('rejects with the engine/unreachable code when the stream breaks before its end', async () => {
    const { res, close } = await streamOf(['{"status":"a"}\n'], 'break');
    const seen: unknown[] = [];
    await expect(readJsonLines(res, { object: (o) => seen.push(o) }, { what: 'the push' })).rejects.toMatchObject({ code: 'engine/unreachable', message: expect.stringMatching(/the push/) });
    close();
    expect(seen).toEqual([{ status: 'a' }]);
  });

  it('resolves when the signal aborts a stream that would never end', async () => {
    const { res, close } = await streamOf(['{"status":"a"}\n'], 'hang');
    const ac = new AbortController();
    const seen: unknown[] = [];
    const done = readJsonLines(res, { object: (o) => (seen.push(o), ac.abort()) }, { what: 'events', signal: ac.signal });
    await expect(done).resolves.toBeUndefined();
    close();
    expect(seen).toEqual([{ status: 'a' }]);
  });

  it('a handler that throws rejects the read with its error', async () => {
    const { res, close } = await streamOf(['{"status":"a"}\n{"status":"b"}\n'], 'hang');
    await expect(
      readJsonLines(res, { object: () => { throw new Error('handler broke'); } }, { what: 'x' }),
    ).rejects.toThrow('handler broke');
    close();
  });
});
