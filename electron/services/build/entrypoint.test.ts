/**
 * The entrypoint check over real rootfs shapes: a folder (symlinks followed inside it, never on the
 * host) and a tarball's headers; and what exec needs first: this host's node's real ELF header names
 * its dynamic loader, a script its #! interpreter.
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tar from 'tar-stream';
import { afterAll, describe, expect, it } from 'vitest';
import { checkEntrypointIn, folderHead, folderStat, interpreterOf, noEntrypointError, tarballRootfs } from './entrypoint';

/** The first 4 KiB of the node running this test: a real ELF header with its PT_INTERP. */
const NODE_HEAD = readFileSync(process.execPath).subarray(0, 4096);
const LOADER = interpreterOf(NODE_HEAD)?.path ?? '';

const root = mkdtempSync(join(tmpdir(), 'plugsmith-entrypoint-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function rootfs(): string {
  const r = join(root, 'rootfs');
  mkdirSync(join(r, 'usr', 'bin'), { recursive: true });
  mkdirSync(join(r, 'opt', 'real'), { recursive: true });
  writeFileSync(join(r, 'opt', 'real', 'node'), '#!/bin/sh\n');
  chmodSync(join(r, 'opt', 'real', 'node'), 0o755);
  // Relative and absolute links, as images have them: resolved inside the rootfs, never on the host.
  symlinkSync('../../opt/real/node', join(r, 'usr', 'bin', 'node'));
  symlinkSync('/usr/bin/node', join(r, 'usr', 'bin', 'nodejs'));
  writeFileSync(join(r, 'usr', 'bin', 'plain'), 'x');
  chmodSync(join(r, 'usr', 'bin', 'plain'), 0o644);
  symlinkSync('/nowhere', join(r, 'usr', 'bin', 'dangling'));
  return r;
}

describe('checkEntrypointIn', () => {
  const stat = folderStat(rootfs());
  it('follows relative and absolute symlinks inside the rootfs to an executable file', async () => {
    expect(await checkEntrypointIn(stat, '/usr/bin/node')).toEqual({ ok: true, path: '/usr/bin/node', resolved: '/opt/real/node' });
    expect(await checkEntrypointIn(stat, '/usr/bin/nodejs')).toEqual({ ok: true, path: '/usr/bin/nodejs', resolved: '/opt/real/node' });
  });
  it('finds a bare name on the default PATH', async () => {
    expect(await checkEntrypointIn(stat, 'nodejs')).toMatchObject({ ok: true, resolved: '/opt/real/node' });
    expect(await checkEntrypointIn(stat, 'netplugin')).toEqual({ ok: false, path: 'netplugin', problem: expect.stringContaining('is not in any of /usr/local/sbin') });
  });
  it('says missing, dangling, not executable and folder apart', async () => {
    expect(await checkEntrypointIn(stat, '/usr/bin/missing')).toMatchObject({ ok: false, problem: 'is not in the built filesystem' });
    expect(await checkEntrypointIn(stat, '/usr/bin/dangling')).toMatchObject({ ok: false, problem: 'is not in the built filesystem' });
    expect(await checkEntrypointIn(stat, '/usr/bin/plain')).toMatchObject({ ok: false, problem: 'is in the built filesystem but not executable (mode 0644)' });
    expect(await checkEntrypointIn(stat, '/usr/bin')).toMatchObject({ ok: false, problem: 'is a folder in the built filesystem, not a program' });
  });
  it('the refusal names the entrypoint, that nothing was created, and the way out', async () => {
    const v = await checkEntrypointIn(stat, '/usr/bin/missing');
    if (v.ok) throw new Error('expected a refusal');
    const e = noEntrypointError(v, ['/usr/bin/missing', '/x.js'], 'Put it under rootfs/');
    expect(e.code).toBe('build/no-entrypoint');
    expect(e.message).toBe('The plugin\'s entrypoint /usr/bin/missing is not in the built filesystem, so the plugin could never start: nothing was created. Put it under rootfs/ — or change "entrypoint" in config.json.');
  });
});

describe('tarballRootfs', () => {
  it('reads entry headers (./-prefixed names, symlinks, modes) without keeping content', async () => {
    const file = join(root, 'rootfs.tar');
    const pack = tar.pack();
    const out = createWriteStream(file);
    pack.pipe(out);
    pack.entry({ name: './usr/bin/', type: 'directory', mode: 0o755 });
    pack.entry({ name: './usr/bin/node', mode: 0o755 }, Buffer.alloc(4096));
    pack.entry({ name: './usr/bin/nodejs', type: 'symlink', linkname: 'node' });
    pack.entry({ name: 'driver.js', mode: 0o644 }, 'x');
    pack.finalize();
    await once(out, 'finish');
    const { stat } = await tarballRootfs(file, false);
    expect(await checkEntrypointIn(stat, '/usr/bin/nodejs')).toMatchObject({ ok: true, resolved: '/usr/bin/node' });
    expect(await checkEntrypointIn(stat, '/driver.js')).toMatchObject({ ok: false, problem: expect.stringContaining('not executable (mode 0644)') });
    expect(await checkEntrypointIn(stat, '/bin/sh')).toMatchObject({ ok: false, problem: 'is not in the built filesystem' });
  });

  it('a merged-/usr tarball: folders named only by their files, /lib64 a link, the loader found through it', async () => {
    const file = join(root, 'merged.tar');
    const pack = tar.pack();
    const out = createWriteStream(file);
    pack.pipe(out);
    pack.entry({ name: 'usr/bin/node', mode: 0o755 }, NODE_HEAD);
    const lib = LOADER.replace(/^\/(lib64|lib)\//, '/usr/$1/');
    pack.entry({ name: `.${lib}`, mode: 0o755 }, 'loader');
    pack.entry({ name: LOADER.split('/')[1], type: 'symlink', linkname: `usr/${LOADER.split('/')[1]}` });
    pack.finalize();
    await once(out, 'finish');
    const { stat, head } = await tarballRootfs(file, false);
    expect(await checkEntrypointIn(stat, '/usr/bin/node', head)).toMatchObject({ ok: true });
  });
});

describe('what exec loads first', () => {
  it('reads the dynamic loader from a real ELF header, and a #! line', () => {
    expect(LOADER).toMatch(/^\/lib.*\/ld-/);
    expect(interpreterOf(Buffer.from('#!/bin/sh -e\necho\n'))).toEqual({ kind: 'shebang', path: '/bin/sh' });
    expect(interpreterOf(Buffer.from('#!env node\n'))).toBeNull();
    expect(interpreterOf(Buffer.from('plain text'))).toBeNull();
  });

  it('node without its loader is refused, naming the loader: the "exec /usr/bin/node: no such file" of a FROM-scratch image', async () => {
    const r = join(root, 'no-loader');
    mkdirSync(join(r, 'usr', 'bin'), { recursive: true });
    writeFileSync(join(r, 'usr', 'bin', 'node'), NODE_HEAD);
    chmodSync(join(r, 'usr', 'bin', 'node'), 0o755);
    const v = await checkEntrypointIn(folderStat(r), '/usr/bin/node', folderHead(r));
    expect(v).toEqual({ ok: false, path: '/usr/bin/node', problem: `needs ${LOADER} (its dynamic loader, the ELF interpreter), which is not in the built filesystem` });
    // With the loader at its path, the same rootfs passes.
    mkdirSync(join(r, LOADER.slice(1), '..'), { recursive: true });
    writeFileSync(join(r, LOADER.slice(1)), 'loader');
    chmodSync(join(r, LOADER.slice(1)), 0o755);
    expect(await checkEntrypointIn(folderStat(r), '/usr/bin/node', folderHead(r))).toMatchObject({ ok: true });
  });

  it('a script whose #! interpreter is missing is refused, naming it', async () => {
    const r = join(root, 'script');
    mkdirSync(join(r, 'bin'), { recursive: true });
    writeFileSync(join(r, 'start.sh'), '#!/bin/sh\nexec /netplugin\n');
    chmodSync(join(r, 'start.sh'), 0o755);
    expect(await checkEntrypointIn(folderStat(r), '/start.sh', folderHead(r))).toMatchObject({ ok: false, problem: 'needs /bin/sh (its #! interpreter), which is not in the built filesystem' });
  });

  it('an absolute link never leads to the host: /usr/bin/node → /usr/bin/node-real is looked up inside the rootfs', async () => {
    const r = join(root, 'abs-link');
    mkdirSync(join(r, 'usr', 'bin'), { recursive: true });
    // On the host /usr/bin/env exists; inside this rootfs it does not.
    symlinkSync('/usr/bin/env', join(r, 'usr', 'bin', 'node'));
    expect(await checkEntrypointIn(folderStat(r), '/usr/bin/node', folderHead(r))).toMatchObject({ ok: false, problem: 'is not in the built filesystem' });
  });
});
