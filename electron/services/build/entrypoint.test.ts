/** The entrypoint check over real rootfs shapes: a folder (symlinks followed inside it) and a tarball's headers. */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tar from 'tar-stream';
import { afterAll, describe, expect, it } from 'vitest';
import { checkEntrypointIn, folderStat, noEntrypointError, tarballStat } from './entrypoint';

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

describe('tarballStat', () => {
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
    const stat = await tarballStat(file, false);
    expect(await checkEntrypointIn(stat, '/usr/bin/nodejs')).toMatchObject({ ok: true, resolved: '/usr/bin/node' });
    expect(await checkEntrypointIn(stat, '/driver.js')).toMatchObject({ ok: false, problem: expect.stringContaining('not executable (mode 0644)') });
    expect(await checkEntrypointIn(stat, '/bin/sh')).toMatchObject({ ok: false, problem: 'is not in the built filesystem' });
  });
});
