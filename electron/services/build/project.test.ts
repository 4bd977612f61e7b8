import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { detectProject } from './project';

const dirs: string[] = [];
function folder(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'plugsmith-detect-'));
  dirs.push(dir);
  for (const [name, body] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), body);
  }
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A one-file tar, written by hand: 512-byte header with "ustar" at 257, then content, then two zero blocks. */
function tinyTar(): Buffer {
  const h = Buffer.alloc(512);
  h.write('bin/x', 0);
  h.write('0000644\0', 100);
  h.write('00000000002\0', 124);
  h.write('ustar\0', 257);
  h.write('00', 263);
  return Buffer.concat([h, Buffer.from('hi'), Buffer.alloc(510), Buffer.alloc(1024)]);
}

const CONFIG = '{"entrypoint":["/x"],"interface":{"types":["docker.networkdriver/1.0"],"socket":"x.sock"}}';

describe('detectProject', () => {
  it('layout 1: config.json + Dockerfile, with build args, stages and a context/ folder', async () => {
    const dir = folder({ 'config.json': CONFIG, Dockerfile: 'FROM scratch AS a\nARG TAR_FILE\nADD ${TAR_FILE} /\nFROM a\n', 'context/x': 'x' });
    const p = await detectProject(dir);
    expect(p.layout).toBe('dockerfile');
    expect(p.buildArgs).toEqual([{ name: 'TAR_FILE', default: null }]);
    expect(p.stages).toEqual(['a', '#1']);
    expect(p.contextDir).toBe(join(dir, 'context'));
    expect(p.explanation).toMatch(/built by the engine from context\//);
    expect(p.explanation).toMatch(/Build args without a default: TAR_FILE/);
  });

  it('layout 2: a ready rootfs/ folder', async () => {
    const dir = folder({ 'config.json': CONFIG, 'rootfs/x': 'x' });
    const p = await detectProject(dir);
    expect(p.layout).toBe('rootfs');
    expect(p.rootfsDir).toBe(join(dir, 'rootfs'));
  });

  it('layout 3: a tarball told by its bytes — a plain tar named .tar.gz, and real gzip', async () => {
    const plain = await detectProject(folder({ 'config.json': CONFIG, 'v2plugin-1.0.tar.gz': tinyTar() }));
    expect(plain.layout).toBe('tarball');
    expect(plain.tarball?.compressed).toBe(false);
    expect(plain.warnings.join(' ')).toMatch(/named like gzip but is a plain tar/);
    const gz = await detectProject(folder({ 'config.json': CONFIG, 'rootfs.bin': gzipSync(tinyTar()) }));
    expect(gz.tarball?.compressed).toBe(true);
    expect(gz.explanation).toMatch(/gzip-compressed, told by its bytes/);
  });

  it('layout 4: an image named by the caller', async () => {
    const p = await detectProject(folder({ 'config.json': CONFIG }), { image: 'my/rootfs:1' });
    expect(p.layout).toBe('image');
  });

  it("Contiv's install/v2plugin: config.template with the placeholder, and the name setting found", async () => {
    const dir = folder({ Dockerfile: 'FROM scratch\n' });
    copyFileSync(new URL('./testing/contiv-v2plugin/config.template', import.meta.url), join(dir, 'config.template'));
    const p = await detectProject(dir);
    expect(p.template).toBe(true);
    expect(p.configPath).toBe(join(dir, 'config.template'));
    expect(p.pluginNameSetting).toEqual({ key: 'plugin_name', value: '__CONTIV_V2PLUGIN_NAME__' });
    const p2019 = await detectProject(folder({ 'config.json': readFileSync(new URL('./testing/contiv-2019.config.template', import.meta.url), 'utf8'), 'rootfs/x': '' }));
    expect(p2019.pluginNameSetting).toEqual({ key: 'CONTIV_NETMASTER_PLUGIN_NAME', value: 'netplugin' });
  });

  it('says what is missing: no config, or nothing to make a rootfs from', async () => {
    expect((await detectProject(folder({ Dockerfile: 'FROM scratch\n' }))).layout).toBe('unknown');
    const none = await detectProject(folder({ 'config.json': CONFIG }));
    expect(none.layout).toBe('unknown');
    expect(none.explanation).toMatch(/No Dockerfile, rootfs\/ folder or rootfs tarball/);
    await expect(detectProject('/nonexistent/plugsmith')).rejects.toThrow(/is not a folder/);
  });
});
