/**
 * A container image for topology tests, built on the tests' engine with no registry: `FROM
 * scratch` + this host's node, its libraries and its loader (the same file list the example
 * plugin's rootfs uses, examples/rootfs-files.mjs), and a CMD that only stays up. Sent to
 * `POST /build` as a tar context straight from the host's files.
 *
 * Test helper only, not shipped.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { PassThrough } from 'node:stream';
import tar from 'tar-stream';
import type { Engine } from '../../docker/engine';
import { packNodeRootfs } from '../../docker/testing/fixtures';

/** Keeps the event loop alive and does nothing else: a container that starts and stays up. */
export const IDLE_CMD = ['/usr/bin/node', '-e', 'setInterval(() => {}, 1e9)'];

const DOCKERFILE = `FROM scratch
COPY rootfs/ /
CMD ${JSON.stringify(IDLE_CMD)}
`;

function contextTar(): PassThrough {
  // driver.js comes along (the list is the plugin's); harmless, and the CMD never reads it.
  const pack = tar.pack();
  const mtime = new Date();
  void (async () => {
    await new Promise<void>((resolve, reject) => pack.entry({ name: 'Dockerfile', mode: 0o644, mtime }, DOCKERFILE, (err) => (err ? reject(err) : resolve())));
    // No directory entries: the classic builder's COPY makes the parents itself.
    await packNodeRootfs(pack, 'rootfs/', mtime, false);
    pack.finalize();
  })().catch((err: Error) => pack.destroy(err));
  const out = new PassThrough();
  pack.on('error', (err: Error) => out.destroy(err));
  pack.pipe(out);
  return out;
}

/** Reads the legacy builder's JSON-lines stream; the engine answers 200 even when the build fails. */
async function readBuild(res: IncomingMessage): Promise<string[]> {
  const lines: string[] = [];
  let buf = '';
  for await (const chunk of res) {
    buf += String(chunk);
    let i: number;
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i).trim();
      buf = buf.slice(i + 1);
      if (!line) continue;
      const msg = JSON.parse(line) as { stream?: string; error?: string; errorDetail?: { message?: string } };
      if (msg.error) throw new Error(`building the idle image failed: ${msg.error}\n${lines.join('')}`);
      if (msg.stream) lines.push(msg.stream);
    }
  }
  return lines;
}

/** Builds the image and returns its tag (unique per call, so parallel runs never share one). */
export async function buildIdleImage(engine: Engine): Promise<string> {
  const tag = `plugsmith-it/idle:${randomBytes(4).toString('hex')}`;
  const res = await engine.request<IncomingMessage>({
    method: 'POST',
    path: '/build',
    query: { t: tag, rm: 1, forcerm: 1, networkmode: 'none' },
    file: contextTar(),
    contentType: 'application/x-tar',
    stream: true,
    timeoutMs: 180_000,
  });
  await readBuild(res);
  return tag;
}

/** Removes the image and anything made from it; never throws (it runs in afterAll). */
export async function removeImageQuietly(engine: Engine, tag: string): Promise<void> {
  await engine.request({ method: 'DELETE', path: `/images/${encodeURIComponent(tag)}`, query: { force: 1 }, timeoutMs: 60_000 }).catch(() => undefined);
}
