/**
 * Load-and-abuse, files part (issue 15 items 1, 7, 8, 9): the reproductions on real files in a
 * temp folder — FIFOs, a uid-1000 file saved as root, links swapped between read and write, files
 * outside what the service may touch. Each case prints what held.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { chownSync, chmodSync, closeSync, constants, lstatSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, renameSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FileService } from './files';

const tmp = () => mkdtempSync(join(tmpdir(), 'plugsmith-abuse-'));
const held = (what: string) => console.log(`[files abuse] held: ${what}`);
const isRoot = process.getuid?.() === 0;

/** FIFOs made by a test: a reader stuck in open() (the bug) is let go by opening the write end. */
const fifos: string[] = [];
afterEach(() => {
  for (const f of fifos.splice(0)) {
    try {
      closeSync(openSync(f, constants.O_WRONLY | constants.O_NONBLOCK));
    } catch {
      // ENXIO: nobody is reading it, which is what should be
    }
  }
});
function mkfifo(path: string): string {
  execFileSync('mkfifo', [path]);
  fifos.push(path);
  return path;
}

/** Swaps a link atomically (a new link renamed over the old), as an attacker or a deploy tool does. */
function swapLink(link: string, to: string) {
  const next = `${link}.next`;
  symlinkSync(to, next);
  renameSync(next, link);
}

describe('files under abuse', () => {
  it('1: four FIFO reads are refused without blocking, and the service still answers', async () => {
    const d = tmp();
    const fs = new FileService(tmp());
    await fs.allow(d);
    const pipes = [1, 2, 3, 4].map((i) => mkfifo(join(d, `pipe${i}`)));
    writeFileSync(join(d, 'config.json'), '{}');
    // Without the fix each open() waits for a writer, taking all four of Node's file threads.
    const results = await Promise.allSettled(pipes.map((p) => fs.read(p)));
    for (const r of results) expect(r).toMatchObject({ status: 'rejected', reason: { code: 'files/not-a-file', message: expect.stringContaining('FIFO') } });
    expect((await fs.list(d)).map((e) => `${e.type}:${e.name}`)).toEqual(['file:config.json', 'other:pipe1', 'other:pipe2', 'other:pipe3', 'other:pipe4']);
    expect((await fs.read(join(d, 'config.json'))).text).toBe('{}');
    // A save to a FIFO is refused too (the backup copy would block, the rename would replace it).
    await expect(fs.write(pipes[0], 'x')).rejects.toMatchObject({ code: 'files/not-a-file' });
    expect(lstatSync(pipes[0]).isFIFO()).toBe(true);
    // A character device: refused the same way, never opened (reading /dev/zero would never end).
    const dev = new FileService(tmp(), { hostAllow: ['/dev/zero'] });
    await expect(dev.read('/dev/zero')).rejects.toMatchObject({ code: 'files/not-a-file', message: expect.stringContaining('a device') });
    held('4 FIFO reads refused (files/not-a-file), then files:list and a read answered; a FIFO save refused, the FIFO kept');
  });

  it.runIf(isRoot)('7: a save as root keeps a uid-1000 file uid 1000 gid 1000 mode 664 (and set-gid, and xattrs)', async () => {
    const d = tmp();
    const f = join(d, 'config.json');
    writeFileSync(f, '{"a":1}');
    chownSync(f, 1000, 1000);
    chmodSync(f, 0o664);
    const fs = new FileService(tmp());
    await fs.allow(d);
    const r = await fs.read(f);
    await fs.write(f, '{"a":2}', r.mtimeMs, r.identity);
    const st = statSync(f);
    expect({ text: readFileSync(f, 'utf8'), uid: st.uid, gid: st.gid, mode: (st.mode & 0o7777).toString(8) }).toEqual({ text: '{"a":2}', uid: 1000, gid: 1000, mode: '664' });
    // chown clears set-id bits: they are put back after it.
    chmodSync(f, 0o2664);
    await fs.write(f, '{"a":3}');
    expect((statSync(f).mode & 0o7777).toString(8)).toBe('2664');
    // Extended attributes (ACLs are xattrs too): copied when the host can make one to test with.
    const py = (code: string) => execFileSync('python3', ['-c', code, f], { encoding: 'utf8' });
    let xattrs = 'not checked (no python3 to set one)';
    let canSet = true;
    try {
      py("import os,sys; os.setxattr(sys.argv[1], 'user.plugsmith', b'kept')");
    } catch {
      canSet = false;
    }
    if (canSet) {
      await fs.write(f, '{"a":4}');
      expect(py("import os,sys; print(os.getxattr(sys.argv[1], 'user.plugsmith').decode())").trim()).toBe('kept');
      xattrs = 'user.plugsmith kept';
    }
    held(`uid-1000 664 file saved as root: still uid ${statSync(f).uid} gid ${statSync(f).gid} mode ${(statSync(f).mode & 0o777).toString(8)}; set-gid kept; xattr: ${xattrs}`);
  });

  it.runIf(isRoot)('7: a save that cannot keep the owner is refused, the file untouched', async () => {
    // Plugsmith as uid 1000 cannot give the saved copy to uid 1001: the service runs as that user.
    const d = tmp();
    chmodSync(d, 0o777);
    const f = join(d, 'config.json');
    writeFileSync(f, 'theirs');
    chownSync(f, 1001, 1001);
    chmodSync(f, 0o666);
    const out = runAsUser(1000, d, f);
    expect(out).toMatchObject({ code: 'files/cannot-keep-owner', message: expect.stringContaining('uid 1001') });
    expect({ text: readFileSync(f, 'utf8'), uid: statSync(f).uid, left: readdirSync(d) }).toEqual({ text: 'theirs', uid: 1001, left: ['config.json', 'save.mjs'] });
    held('uid 1000 saving a uid-1001 file: refused (files/cannot-keep-owner), file and owner untouched, no temp left');
  });

  it('8: a file link swapped to another file with the same mtime is a conflict, not a replace, and nothing is backed up', async () => {
    const d = tmp();
    const backups = tmp();
    writeFileSync(join(d, 'a.json'), 'A');
    writeFileSync(join(d, 'b.json'), 'B');
    const t = new Date('2026-01-01T00:00:00Z');
    utimesSync(join(d, 'a.json'), t, t);
    utimesSync(join(d, 'b.json'), t, t);
    const link = join(d, 'config.json');
    symlinkSync('a.json', link);
    const fs = new FileService(backups);
    await fs.allow(d);
    const r = await fs.read(link);
    swapLink(link, 'b.json');
    await expect(fs.check(link, r.mtimeMs, r.identity)).rejects.toMatchObject({ code: 'files/changed-on-disk', message: expect.stringContaining('another file') });
    await expect(fs.write(link, 'mine', r.mtimeMs, r.identity)).rejects.toMatchObject({ code: 'files/changed-on-disk' });
    expect({ a: readFileSync(join(d, 'a.json'), 'utf8'), b: readFileSync(join(d, 'b.json'), 'utf8'), link: lstatSync(link).isSymbolicLink(), backups: readdirSync(backups) }).toEqual({ a: 'A', b: 'B', link: true, backups: [] });
    held('file link swapped (same mtime): files:check and files:write say changed-on-disk; both targets and the link untouched; no backup');
  });

  it('8: a save through a link writes the file it leads to, keeps the link, and backs up that file', async () => {
    const d = tmp();
    const backups = tmp();
    writeFileSync(join(d, 'a.json'), 'A');
    const link = join(d, 'config.json');
    symlinkSync('a.json', link);
    const fs = new FileService(backups);
    await fs.allow(d);
    const r = await fs.read(link);
    const saved = await fs.write(link, 'A2', r.mtimeMs, r.identity);
    expect({ link: lstatSync(link).isSymbolicLink(), a: readFileSync(join(d, 'a.json'), 'utf8'), backups: readdirSync(backups).map((n) => readFileSync(join(backups, n), 'utf8')) }).toEqual({ link: true, a: 'A2', backups: ['A'] });
    // The identity handed back is the new file's: the next save with it goes through.
    await fs.write(link, 'A3', saved.mtimeMs, saved.identity);
    expect(readFileSync(join(d, 'a.json'), 'utf8')).toBe('A3');
  });

  it('8: a folder link swapped between read and write is refused, for the open file and for a new one', async () => {
    const root = tmp();
    const backups = tmp();
    for (const [dir, text] of [['A', 'A'], ['B', 'B']]) {
      mkdirSync(join(root, dir));
      writeFileSync(join(root, dir, 'config.json'), text);
      utimesSync(join(root, dir, 'config.json'), new Date(0), new Date(0));
    }
    const proj = join(root, 'proj');
    symlinkSync('A', proj);
    // The token's folder check on its own: the opened folder is the parent, not the link.
    const viaParent = new FileService(backups);
    await viaParent.allow(root);
    const r = await viaParent.read(join(proj, 'config.json'));
    swapLink(proj, 'B');
    await expect(viaParent.write(join(proj, 'config.json'), 'mine', r.mtimeMs, r.identity)).rejects.toMatchObject({ code: 'files/folder-changed', message: expect.stringContaining(proj) });
    // The grant's check: the user opened proj itself (→ A); a new-file save there after the swap.
    swapLink(proj, 'A');
    const viaGrant = new FileService(backups);
    await viaGrant.allow(proj);
    swapLink(proj, 'B');
    await expect(viaGrant.write(join(proj, 'new.json'), 'mine')).rejects.toMatchObject({ code: 'files/folder-changed' });
    await expect(viaGrant.allow(proj)).rejects.toMatchObject({ code: 'files/folder-changed' });
    expect({ A: readdirSync(join(root, 'A')), B: readdirSync(join(root, 'B')), a: readFileSync(join(root, 'A', 'config.json'), 'utf8'), b: readFileSync(join(root, 'B', 'config.json'), 'utf8'), backups: readdirSync(backups) }).toEqual({ A: ['config.json'], B: ['config.json'], a: 'A', b: 'B', backups: [] });
    // Opened anew by hand: the folder as it is now.
    await viaGrant.allow(proj, true);
    await viaGrant.write(join(proj, 'new.json'), 'mine');
    expect(readFileSync(join(root, 'B', 'new.json'), 'utf8')).toBe('mine');
    held('folder link swapped: the open file\'s save and a new-file save refused (files/folder-changed), nothing written in either folder, no backup');
  });

  it('8: a new file that appeared during a save-as is not clobbered', async () => {
    // The no-clobber link(): the file appears between the service's look and its placing.
    const d = tmp();
    const fs = new FileService(tmp());
    await fs.allow(d);
    const f = join(d, 'new.json');
    const { replaceFile } = await import('./replace');
    await expect(replaceFile(f, 'mine', null, { beforeRename: async () => writeFileSync(f, 'theirs') })).rejects.toMatchObject({ code: 'files/changed-on-disk' });
    expect({ text: readFileSync(f, 'utf8'), left: readdirSync(d) }).toEqual({ text: 'theirs', left: ['new.json'] });
  });

  it('9: credentials are refused with how to allow them; other files need their folder opened', async () => {
    const own = tmp();
    const fs = new FileService(tmp(), { ownDirs: [own] });
    await expect(fs.read('/etc/shadow')).rejects.toMatchObject({ code: 'files/protected', message: expect.stringContaining('PLUGSMITH_FILES_ALLOW=/etc/shadow') });
    // Opening / does not open the credentials in it.
    await fs.allow('/');
    await expect(fs.read('/etc/shadow')).rejects.toMatchObject({ code: 'files/protected' });
    await expect(fs.write('/etc/shadow', 'x')).rejects.toMatchObject({ code: 'files/protected', message: expect.stringContaining('does not write') });
    await expect(fs.list('/root/.ssh')).rejects.toMatchObject({ code: 'files/protected' });
    writeFileSync(join(own, 'settings.json'), '{}');
    await expect(fs.read(join(own, 'settings.json'))).rejects.toMatchObject({ code: 'files/protected', message: expect.stringContaining("Plugsmith's own") });
    // A link in an opened folder counts where it leads.
    const d = tmp();
    symlinkSync('/etc/shadow', join(d, 'innocent.json'));
    await expect(fs.read(join(d, 'innocent.json'))).rejects.toMatchObject({ code: 'files/protected', detail: expect.stringContaining('→ /etc/shadow') });
    // Not opened: refused, saying how to open it.
    const other = tmp();
    writeFileSync(join(other, 'config.json'), '{}');
    const fresh = new FileService(tmp());
    await expect(fresh.read(join(other, 'config.json'))).rejects.toMatchObject({ code: 'files/not-opened', message: expect.stringContaining('Open panel') });
    await expect(fresh.write(join(other, 'config.json'), 'x')).rejects.toMatchObject({ code: 'files/not-opened' });
    expect(readFileSync(join(other, 'config.json'), 'utf8')).toBe('{}');
    expect((await fresh.list(other)).map((e) => e.name)).toEqual(['config.json']); // browsing is how one finds a folder
    await fresh.allow(other);
    expect((await fresh.read(join(other, 'config.json'))).text).toBe('{}');
    // The host allows it: then it is readable.
    if (isRoot) expect((await new FileService(tmp(), { hostAllow: ['/etc/shadow'] }).read('/etc/shadow')).size).toBeGreaterThan(0);
    held('/etc/shadow, ~/.ssh, Plugsmith\'s own state and a link to shadow refused (files/protected, says PLUGSMITH_FILES_ALLOW); unopened folders refused (files/not-opened) until opened');
  });
});

/**
 * Runs one save as another user: the service bundled by esbuild into the temp folder, run by Node
 * with that uid. Returns the error the save threw (or null).
 */
function runAsUser(uid: number, dir: string, file: string): { code: string; message: string } | null {
  const script = join(dir, 'save.mjs');
  execFileSync(join(process.cwd(), 'node_modules/.bin/esbuild'), [join(dirname(fileURLToPath(import.meta.url)), 'files.ts'), '--bundle', '--platform=node', '--format=esm', `--outfile=${script}`, '--log-level=error']);
  chmodSync(script, 0o644);
  const body = readFileSync(script, 'utf8');
  writeFileSync(
    script,
    `${body}\nconst fs = new FileService(${JSON.stringify(join(dir, '.backups'))}, { hostAllow: [${JSON.stringify(dir)}] });\n` +
      `try { await fs.write(${JSON.stringify(file)}, 'mine'); console.log('null'); } catch (e) { console.log(JSON.stringify({ code: e.code, message: e.message })); }\n`,
  );
  const out = execFileSync(process.execPath, [script], { uid, gid: uid, encoding: 'utf8', cwd: dir });
  return JSON.parse(out.trim().split('\n').pop()!);
}
