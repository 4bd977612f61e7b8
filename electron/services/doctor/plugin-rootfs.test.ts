/**
 * The start script read from a plugin rootfs laid out on disk as the engine keeps it
 * (<DockerRootDir>/plugins/<id>/rootfs), with the stand-in's real scripts: which names it reads,
 * whether the configured ones are among them, and what the Contiv check makes of it (no one-click
 * Enable where the failure is certain). The same on the real engine: doctor-causes.int.test.ts.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EnginePlugin } from '../docker/plugin-model';
import { readContiv } from './contiv-config';
import { evalContivPlugin } from './checks/plugin';
import { describeScript, judgeScript, readStartScript, resolveInRootfs, type StartScriptFact } from './plugin-rootfs';
import { standinScript } from './testing/contiv-standin';

const ID = 'c'.repeat(64);
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function plugin(env: Record<string, string>, entrypoint = ['/startcontiv.sh'], enabled = false): EnginePlugin {
  return {
    Id: ID,
    Name: 'contiv/v2plugin:latest',
    Enabled: enabled,
    Settings: { Env: Object.entries(env).map(([k, v]) => `${k}=${v}`), Mounts: [] },
    Config: {
      Entrypoint: entrypoint,
      Interface: { Types: ['docker.networkdriver/1.0'], Socket: 'netplugin.sock' },
      Env: Object.keys(env).map((k) => ({ Name: k, Settable: ['value'], Value: '' })),
      Mounts: [],
    } as EnginePlugin['Config'],
  };
}

/** A DockerRootDir holding one plugin rootfs with `files` (path → text, or a symlink target with '->'). */
function rootDir(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'psd-rootfs-'));
  dirs.push(root);
  const rootfs = join(root, 'plugins', ID, 'rootfs');
  for (const [path, body] of Object.entries(files)) {
    const at = join(rootfs, path);
    mkdirSync(join(at, '..'), { recursive: true });
    if (body.startsWith('->')) symlinkSync(body.slice(2), at);
    else writeFileSync(at, body, { mode: 0o755 });
  }
  return root;
}

const ENV_2019 = { CONTIV_ROLE: 'netplugin', CONTIV_LOG_DIR: '/var/log/contiv', CONTIV_NETPLUGIN_ETCD_ENDPOINTS: 'http://127.0.0.1:2379' };
const ENV_2017 = { plugin_role: 'master', log_dir: '/var/log/contiv', cluster_store: 'etcd://127.0.0.1:2379', plugin_name: 'contiv/v2plugin:latest' };
const local = (root: string, p: EnginePlugin) => readStartScript({ plugin: p, mode: 'local', dockerRootDir: root });
const read = (f: StartScriptFact) => {
  if (f.state !== 'read') throw new Error(`not read: ${JSON.stringify(f)}`);
  return f;
};

describe('the start script in the plugin rootfs', () => {
  it('2017 config under the 2019 script: reads CONTIV_* and none of the configured names — exits silently', async () => {
    const root = rootDir({ 'startcontiv.sh': standinScript({ script: '2019' }) });
    const f = read(await local(root, plugin(ENV_2017)));
    expect(f.script).toBe('/startcontiv.sh');
    expect(f.prefixes).toEqual(['CONTIV_']);
    expect(f.reads).toContain('CONTIV_ROLE');
    expect(f.met).toEqual([]);
    expect(f.silentExit).toBe(true);
    expect(f.findings.join('\n')).toMatch(/reads none of this config's env names/);
    expect(describeScript(f)).toMatch(/none of the configured env names \(plugin_role, log_dir, cluster_store, plugin_name\) is among them, so it starts without its settings and exits silently/);
  });

  it('the same config under the 2017 script, and the 2019 config under the 2019 script: read, no silent exit', async () => {
    expect(read(await local(rootDir({ 'startcontiv.sh': standinScript({ script: '2017' }) }), plugin(ENV_2017))).met).toEqual(['plugin_role', 'log_dir', 'cluster_store']);
    const f = read(await local(rootDir({ 'startcontiv.sh': standinScript({ script: '2019' }) }), plugin(ENV_2019)));
    expect(f.silentExit).toBe(false);
    expect(f.met).toEqual(Object.keys(ENV_2019));
    // What the verdict ranks by: it runs modprobe, and does not start OVS itself (OVS runs on the host here).
    expect([f.runsModprobe, f.startsOvs]).toEqual([true, false]);
    expect(read(await local(rootDir({ 'startcontiv.sh': standinScript({ script: '2019', checkModule: false }) }), plugin(ENV_2019))).runsModprobe).toBe(false);
  });

  it('the finding follows the script, not the config: the 2019 config under a script whose prefix is renamed exits silently', async () => {
    const f = read(await local(rootDir({ 'startcontiv.sh': standinScript({ script: '2019', scriptPrefix: 'PSDX_' }) }), plugin(ENV_2019)));
    expect(f.prefixes).toEqual(['PSDX_']);
    expect(f.silentExit).toBe(true);
  });

  it('`/bin/sh /startcontiv.sh` with /bin/sh an absolute link inside the rootfs: the script is the second word, read inside the rootfs', async () => {
    const root = rootDir({ 'bin/busybox': '\x7fELF binary', 'bin/sh': '->/bin/busybox', 'opt/s.sh': standinScript({ script: '2019' }), 'startcontiv.sh': '->/opt/s.sh' });
    const f = read(await local(root, plugin(ENV_2017, ['/bin/sh', '/startcontiv.sh'])));
    expect(f.script).toBe('/startcontiv.sh');
    expect(f.hostPath).toBe(join(root, 'plugins', ID, 'rootfs', 'opt', 's.sh'));
    // A link climbing out of the rootfs stays inside it.
    const up = rootDir({ 'x.sh': '->../../../../../../../etc/passwd' });
    await expect(resolveInRootfs(join(up, 'plugins', ID, 'rootfs'), '/x.sh')).rejects.toThrow(/ENOENT/);
  });

  it('a program entrypoint, a remote engine, no DockerRootDir: never a guess', async () => {
    const bin = await local(rootDir({ 'usr/bin/node': '\x7fELF', 'driver.js': 'x' }), plugin(ENV_2019, ['/usr/bin/node', '/driver.js']));
    expect(bin.state).toBe('binary');
    const remote = await readStartScript({ plugin: plugin(ENV_2019), mode: 'remote', dockerRootDir: '/var/lib/docker' });
    expect(remote).toMatchObject({ state: 'unknown', why: expect.stringMatching(/remote/) });
    expect(describeScript(remote)).toMatch(/^start script: can't tell, because/);
    expect((await readStartScript({ plugin: plugin(ENV_2019), mode: 'local', dockerRootDir: null })).state).toBe('unknown');
  });

  // Root reads through any mode bits, so only a non-root run can show the EACCES a real plugin folder gives.
  it.skipIf(process.getuid?.() === 0)('not root: the plugin folder is root-only — unknown, saying what it needs', async () => {
    const root = rootDir({ 'startcontiv.sh': standinScript({ script: '2019' }) });
    chmodSync(join(root, 'plugins'), 0o000);
    try {
      expect(await local(root, plugin(ENV_2017))).toMatchObject({ state: 'unknown', needs: expect.stringMatching(/^root/) });
    } finally {
      chmodSync(join(root, 'plugins'), 0o700);
    }
  });
});

describe('the Contiv check with the script it read', () => {
  const check = (p: EnginePlugin, f: StartScriptFact | null) => evalContivPlugin({ plugin: p, requested: null, contiv: true }, readContiv(p), [p.Name], undefined, f);

  it('silent exit for certain: fails saying so, and offers no one-click Enable', async () => {
    const p = plugin({ ...ENV_2017, plugin_name: 'contiv/v2plugin:latest' });
    const f = await local(rootDir({ 'startcontiv.sh': standinScript({ script: '2019' }) }), p);
    const o = check(p, f);
    expect(o.status).toBe('fail');
    expect(o.evidence.join('\n')).toMatch(/enable fails for certain: \/startcontiv\.sh reads CONTIV_\*/);
    expect(o.action).toBeUndefined();
    expect(o.fix).toMatch(/^Rebuild the plugin with the env names its start script reads/);
    // Without the script (not read), the same plugin would be offered Enable.
    expect(check(p, null).action?.kind).toBe('enable-plugin');
  });

  it('CONTIV_ROLE=master: fails for certain; the fix opens the field instead of enabling', async () => {
    const p = plugin({ ...ENV_2019, CONTIV_ROLE: 'master', CONTIV_NETMASTER_PLUGIN_NAME: 'contiv/v2plugin:latest' });
    const o = check(p, await local(rootDir({ 'startcontiv.sh': standinScript({ script: '2019' }) }), p));
    expect(o.status).toBe('fail');
    expect(o.evidence.join('\n')).toMatch(/CONTIV_ROLE is "master": the 2019 start script accepts only netmaster or netplugin/);
    expect(o.action).toMatchObject({ kind: 'open-editor', field: 'CONTIV_ROLE' });
  });
});
