import { describe, it, expect } from 'vitest';
import { chmodSync, mkdtempSync, writeFileSync, mkdirSync, utimesSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileService } from './files';

const tmp = () => mkdtempSync(join(tmpdir(), 'plugsmith-files-'));
/** A service whose user opened `dirs` (what the editor's files:allow does when a file is opened there). */
async function opened(backups: string, ...dirs: string[]): Promise<FileService> {
  const fs = new FileService(backups);
  for (const d of dirs) await fs.allow(d);
  return fs;
}

describe('FileService', () => {
  it('lists folders first, then files by name', async () => {
    const d = tmp();
    writeFileSync(join(d, 'config.json'), '{}');
    writeFileSync(join(d, 'Dockerfile'), 'FROM scratch');
    mkdirSync(join(d, 'rootfs'));
    const names = (await (await opened(tmp(), d)).list(d)).map((e) => `${e.type}:${e.name}`);
    expect(names).toEqual(['dir:rootfs', 'file:config.json', 'file:Dockerfile']);
  });

  it('reads with a size cap and says when it truncated', async () => {
    const d = tmp();
    writeFileSync(join(d, 'big'), 'x'.repeat(100));
    const r = await (await opened(tmp(), d)).read(join(d, 'big'), 10);
    expect(r).toMatchObject({ text: 'x'.repeat(10), size: 100, truncated: true });
  });

  it('writes atomically, keeps a backup, and refuses a stale write', async () => {
    const d = tmp();
    const backups = tmp();
    const f = join(d, 'config.json');
    writeFileSync(f, '{"a":1}');
    const fs = await opened(backups, d);
    const first = await fs.read(f);
    const saved = await fs.write(f, '{"a":2}', first.mtimeMs, first.identity);
    expect(readFileSync(f, 'utf8')).toBe('{"a":2}');
    expect(readdirSync(backups).map((n) => readFileSync(join(backups, n), 'utf8'))).toEqual(['{"a":1}']);
    // Another program changes the file: a save based on the old copy is refused, nothing lost.
    utimesSync(f, new Date(), new Date(saved.mtimeMs + 5000));
    await expect(fs.write(f, '{"a":3}', saved.mtimeMs)).rejects.toMatchObject({ code: 'files/changed-on-disk' });
    expect(readFileSync(f, 'utf8')).toBe('{"a":2}');
  });

  it('refuses to replace a read-only file (temp + rename would, even for root) and writes nothing', async () => {
    const d = tmp();
    const backups = tmp();
    const f = join(d, 'config.json');
    writeFileSync(f, '{"a":1}');
    chmodSync(f, 0o444);
    const fs = await opened(backups, d);
    const first = await fs.read(f);
    await expect(fs.write(f, '{"a":2}', first.mtimeMs)).rejects.toMatchObject({ code: 'files/read-only', message: expect.stringContaining('0444') });
    await expect(fs.write(f, '{"a":2}')).rejects.toMatchObject({ code: 'files/read-only' });
    expect(readFileSync(f, 'utf8')).toBe('{"a":1}');
    expect(readdirSync(d)).toEqual(['config.json']); // no temp file left behind
    expect(readdirSync(backups)).toEqual([]);
    chmodSync(f, 0o640);
    await fs.write(f, '{"a":2}', first.mtimeMs);
    expect(readFileSync(f, 'utf8')).toBe('{"a":2}');
    expect(statSync(f).mode & 0o777).toBe(0o640); // the mode survives the rename
  });

  it('does not re-create a folder that vanished, and treats a deleted file as changed on disk', async () => {
    const d = tmp();
    const f = join(d, 'sub', 'config.json');
    mkdirSync(join(d, 'sub'));
    writeFileSync(f, '{}');
    const fs = await opened(tmp(), d);
    const first = await fs.read(f);
    rmSync(f);
    await expect(fs.write(f, '{"a":1}', first.mtimeMs)).rejects.toMatchObject({ code: 'files/changed-on-disk', message: expect.stringContaining('deleted') });
    // Without the stale-write check (the user chose "keep mine"), the file is re-created.
    await fs.write(f, '{"a":1}');
    expect(readFileSync(f, 'utf8')).toBe('{"a":1}');
    rmSync(join(d, 'sub'), { recursive: true });
    await expect(fs.write(f, '{"a":2}')).rejects.toMatchObject({ code: 'files/no-folder', message: expect.stringContaining(join(d, 'sub')) });
    expect(readdirSync(d)).toEqual([]);
  });

  it('check: the save\'s changed-on-disk verdict without writing — unchanged, changed, deleted', async () => {
    const d = tmp();
    const f = join(d, 'config.json');
    writeFileSync(f, '{}');
    const fs = await opened(tmp(), d);
    const { mtimeMs } = await fs.read(f);
    await expect(fs.check(f, mtimeMs)).resolves.toEqual({ path: f, mtimeMs });
    utimesSync(f, new Date(), new Date(mtimeMs + 5000));
    await expect(fs.check(f, mtimeMs)).rejects.toMatchObject({ code: 'files/changed-on-disk', message: `${f} changed on disk since it was opened; reload it or save elsewhere` });
    rmSync(f);
    await expect(fs.check(f, mtimeMs)).rejects.toMatchObject({ code: 'files/changed-on-disk', detail: `expected mtime ${mtimeMs}, found no file` });
    expect(readdirSync(d)).toEqual([]); // a check writes nothing
  });

  it('turns fs errors into clear coded errors', async () => {
    const d = tmp();
    const fs = await opened(tmp(), d);
    await expect(fs.read(join(d, 'nonexistent'))).rejects.toMatchObject({ code: 'files/not-found' });
    mkdirSync(join(d, 'sub'));
    await expect(fs.read(join(d, 'sub'))).rejects.toMatchObject({ code: 'files/not-a-file' });
    await expect(fs.list('/etc/hostname')).rejects.toMatchObject({ code: 'files/not-a-folder' });
  });
});
