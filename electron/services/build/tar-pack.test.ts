import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';
import { IgnoreMatcher } from './dockerignore';
import { PackWriter, packFolder, retarUnderRootfs } from './tar-pack';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function entries(stream: NodeJS.ReadableStream): Promise<{ name: string; type: string; linkname: string | null; body: string }[]> {
  const out: { name: string; type: string; linkname: string | null; body: string }[] = [];
  const ex = tar.extract();
  ex.on('entry', (h, s, next) => {
    const chunks: Buffer[] = [];
    s.on('data', (c: unknown) => chunks.push(c as Buffer));
    s.on('end', () => {
      out.push({ name: h.name, type: h.type ?? 'file', linkname: h.linkname ?? null, body: Buffer.concat(chunks).toString() });
      next();
    });
  });
  stream.pipe(ex as unknown as NodeJS.WritableStream);
  await new Promise<void>((r) => ex.on('finish', () => r()));
  return out;
}

async function sourceTar(): Promise<Buffer> {
  const p = tar.pack();
  p.entry({ name: './usr/', type: 'directory' });
  p.entry({ name: './usr/bin/a' }, 'AAA');
  p.entry({ name: './usr/bin/b', type: 'link', linkname: 'usr/bin/a' });
  p.entry({ name: './usr/bin/c', type: 'symlink', linkname: 'a' });
  p.finalize();
  const chunks: Buffer[] = [];
  for await (const c of p as unknown as AsyncIterable<Buffer>) chunks.push(c);
  return Buffer.concat(chunks);
}

describe('re-tarring under rootfs/', () => {
  for (const gz of [false, true]) {
    it(`prefixes every entry, re-points hard links, keeps symlinks (${gz ? 'gzip' : 'plain'} source)`, async () => {
      const src = await sourceTar();
      const w = new PackWriter();
      const got = entries(w.out);
      await w.add({ name: 'config.json' }, '{}');
      const stats = await retarUnderRootfs(w, Readable.from([gz ? gzipSync(src) : src]));
      w.finalize();
      const list = await got;
      expect(stats).toEqual({ entries: 4, bytes: 3 });
      expect(list.map((e) => [e.name, e.type, e.linkname])).toEqual([
        ['config.json', 'file', null],
        ['rootfs/usr/', 'directory', null],
        ['rootfs/usr/bin/a', 'file', null],
        ['rootfs/usr/bin/b', 'link', 'rootfs/usr/bin/a'],
        ['rootfs/usr/bin/c', 'symlink', 'a'],
      ]);
      expect(list[2].body).toBe('AAA');
    });
  }

  it('fails (does not hang) when the source is not a tar', async () => {
    const w = new PackWriter();
    await expect(retarUnderRootfs(w, Readable.from([Buffer.from('not a tar at all'.repeat(64))]))).rejects.toThrow();
  });
});

describe('packing a folder', () => {
  it('honours .dockerignore, always sends the Dockerfile, keeps symlinks', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plugsmith-pack-'));
    dirs.push(dir);
    mkdirSync(join(dir, 'bin'));
    writeFileSync(join(dir, 'bin/netplugin'), 'x');
    writeFileSync(join(dir, 'README.md'), 'r');
    writeFileSync(join(dir, 'Dockerfile'), 'FROM scratch');
    writeFileSync(join(dir, '.dockerignore'), '*.md\nDockerfile\n');
    symlinkSync('netplugin', join(dir, 'bin/np'));
    const w = new PackWriter();
    const got = entries(w.out);
    const n = await packFolder(w, dir, { ignore: IgnoreMatcher.from('*.md\nDockerfile\n'), always: ['Dockerfile', '.dockerignore'] });
    w.finalize();
    const names = (await got).map((e) => `${e.name}${e.type === 'symlink' ? ` -> ${e.linkname}` : ''}`);
    expect(names.sort()).toEqual(['.dockerignore', 'Dockerfile', 'bin/', 'bin/netplugin', 'bin/np -> netplugin'].sort());
    expect(n).toBe(4);
  });
});
