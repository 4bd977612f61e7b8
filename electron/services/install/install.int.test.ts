/**
 * Install and upgrade from a real registry (Debian docker-registry on 127.0.0.1) into the tests'
 * own dockerd: the example driver pushed with mounts, a device and capabilities in its config; its
 * privileges read from the registry equal what that config asks for; a refused consent installs
 * nothing (even a list the engine itself would wave through); install under an alias and enable;
 * upgrade to a second tag with another rootfs, keeping settings; a registry that is down; a
 * reference that does not exist.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { SKIP_REASON, testEngineHost } from '../docker/testing/harness';
import { createFixturePlugin, removePluginQuietly, type PluginConfig } from '../docker/testing/fixtures';
import { freePort, startRegistry, type Registry } from '../build/testing/registry';
import { removeDir, tempDir } from '../build/testing/projects';
import { wireBuild, type BuildWired } from '../build/testing/wire';
import { InstallService } from './service';
import type { InstallResult, Privilege } from '../../ipc/types';
import type { Services } from '../index';
import { installCli } from './cli';

const host = testEngineHost();
const d = host ? describe : describe.skip;
if (!host) console.warn(SKIP_REASON);

/** What the example's config asks for with these additions, written out by hand (not computed). */
const EXPECTED: Privilege[] = [
  { name: 'network', description: 'permissions to access a network', value: ['host'] },
  { name: 'mount', description: 'host path to mount', value: ['/var/log'] },
  { name: 'device', description: 'host device to access', value: ['/dev/null'] },
  { name: 'capabilities', description: 'list of additional capabilities required', value: ['CAP_NET_ADMIN', 'CAP_SYS_MODULE'] },
];

const withPrivileges = (c: PluginConfig) => {
  c.linux = { capabilities: ['CAP_NET_ADMIN', 'CAP_SYS_MODULE'], devices: [{ path: '/dev/null' }] };
};

d('install / upgrade from a registry (real engine, real registry)', () => {
  let reg: Registry;
  let w: BuildWired;
  let install: InstallService;
  let home: string;
  let repo: string;
  const names: string[] = [];

  beforeAll(async () => {
    reg = await startRegistry();
    home = tempDir('install-home');
    mkdirSync(join(home, '.docker'));
    w = wireBuild(host!, { env: { HOME: home } });
    install = new InstallService({ engine: () => w.engine, jobs: w.jobs, plugins: w.plugins, env: { HOME: home } });
    repo = `${reg.address}/acme/netdriver-${randomUUID().slice(0, 6)}`;
    // Two versions in the registry, each with a rootfs of its own (a marker file); the second adds an env entry.
    for (const [tag, configure] of [
      ['1.0', withPrivileges],
      ['2.0', (c: PluginConfig) => {
        withPrivileges(c);
        c.env = [...(c.env ?? []), { name: 'GREETING', description: 'new in 2.0', settable: ['value'], value: 'hello' }];
      }],
    ] as const) {
      const name = `${repo}:${tag}`;
      await createFixturePlugin(w.engine, { name, mode: 'ok', configure });
      const { job } = await w.run(w.build.push(name));
      expect(job.error).toBeNull();
      // Gone from the engine: what is installed later comes from the registry.
      expect(await removePluginQuietly(w.engine, name)).toBe(true);
    }
  }, 300_000);

  afterAll(async () => {
    for (const n of names) await removePluginQuietly(w.engine, n);
    await reg?.stop();
    if (home) removeDir(home);
  });

  it('reads the privileges from the registry: exactly what the config asks for, and the engine agrees', async () => {
    const info = await install.inspect({ reference: `${repo}:1.0` });
    expect(info.reference).toBe(`${repo}:1.0`);
    expect(info.registry).toBe(`http://${reg.address}`);
    expect(info.privileges).toEqual(EXPECTED);
    expect(info.config.mounts.map((m) => m.source)).toEqual(['/var/log']);
    expect(info.config.capabilities).toEqual(['CAP_NET_ADMIN', 'CAP_SYS_MODULE']);
    expect(info.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(info.layersBytes).toBeGreaterThan(10e6);
    // The engine's own answer, asked only to compare: here its lookup works and it says the same.
    expect(info.enginePrivileges).toEqual(EXPECTED);
    expect(info.warnings).toEqual([]);
    expect(info.command).toBe(`docker plugin install --grant-all-permissions ${repo}:1.0`);
  });

  it('a refused consent installs nothing — also when only the entry the engine skips is wrong', async () => {
    const alias = `plugsmith-it/refused-${randomUUID().slice(0, 6)}:1`;
    names.push(alias);
    const none = await w.run(install.install({ reference: `${repo}:1.0`, alias, accepted: [] }));
    expect(none.job.state).toBe('failed');
    expect(none.job.error?.code).toBe('install/consent-required');
    expect(none.job.error?.message).toMatch(/capabilities \[CAP_NET_ADMIN CAP_SYS_MODULE\]/);
    // The engine sorts both lists and skips the first ("capabilities"): it would accept this one.
    const tampered = EXPECTED.map((p) => (p.name === 'capabilities' ? { ...p, value: ['CAP_NET_ADMIN'] } : p));
    const wrong = await w.run(install.install({ reference: `${repo}:1.0`, alias, accepted: tampered }));
    expect(wrong.job.error?.code).toBe('install/privileges-changed');
    expect(wrong.job.error?.message).toMatch(/not accepted: capabilities \[CAP_SYS_MODULE\]\. Inspect it again/);
    await expect(w.plugins.inspectRaw(alias)).rejects.toMatchObject({ code: 'plugins/not-found' });
  });

  it('the CLI prints the privileges and refuses without --grant-all-permissions, like docker', async () => {
    const alias = `plugsmith-it/cli-${randomUUID().slice(0, 6)}:1`;
    names.push(alias);
    const services = { install, plugins: w.plugins, hub: w.hub, jobs: w.jobs } as unknown as Services;
    let out = '';
    let err = '';
    const io = { out: (t: string) => void (out += t), err: (t: string) => void (err += t) };
    expect(await installCli(services, [`${repo}:1.0`, '--alias', alias], io)).toBe(1);
    expect(err).toContain(`Plugin "${repo}:1.0" is requesting the following privileges:\n - network: [host]`);
    expect(err).toContain(' - capabilities: [CAP_NET_ADMIN CAP_SYS_MODULE]');
    expect(err).toMatch(/not installed: the privileges above were not granted.*--grant-all-permissions/);
    expect(out).toBe('');
    await expect(w.plugins.inspectRaw(alias)).rejects.toMatchObject({ code: 'plugins/not-found' });
    // Granted: installed (disabled, no --enable), the twin first in the log.
    err = '';
    expect(await installCli(services, [`${repo}:1.0`, '--alias', alias, '--grant-all-permissions'], io)).toBe(0);
    expect(err).toContain(`$ docker plugin install --grant-all-permissions --alias ${alias} --disable ${repo}:1.0`);
    expect(out).toBe(`${alias}: installed, disabled from ${repo}:1.0\n`);
    expect(await removePluginQuietly(w.engine, alias)).toBe(true);
  }, 120_000);

  it('installs under an alias with the privileges accepted, and enables it', async () => {
    const alias = `plugsmith-it/alias-${randomUUID().slice(0, 6)}:1`;
    names.push(alias);
    const info = await install.inspect({ reference: `${repo}:1.0`, alias });
    expect(info.name).toBe(alias);
    expect(info.existing).toBeNull();
    const { job, log } = await w.run(install.install({ reference: `${repo}:1.0`, alias, accepted: info.privileges, enable: true }));
    expect(job.error).toBeNull();
    const r = job.result as InstallResult;
    expect(r.name).toBe(alias);
    expect(r.plugin?.enabled).toBe(true);
    expect(r.plugin?.health.state).toBe('answering');
    expect(log.join('\n')).toMatch(/privileges accepted: network \[host\], mount \[\/var\/log\]/);
    const raw = (await w.plugins.inspectRaw(alias)) as { PluginReference?: string; Config?: { Linux?: { Capabilities?: string[] } } };
    expect(raw.PluginReference).toBe(`${repo}:1.0`);
    expect(raw.Config?.Linux?.Capabilities).toEqual(['CAP_NET_ADMIN', 'CAP_SYS_MODULE']);
    // Installing the same name again is refused before anything is pulled.
    const again = await w.run(install.install({ reference: `${repo}:1.0`, alias, accepted: info.privileges }));
    expect(again.job.error?.code).toBe('install/exists');
  }, 120_000);

  it('upgrades to a second tag with another rootfs: refused while enabled, then disable → upgrade → enable keeping settings', async () => {
    const alias = names[names.length - 1];
    // A setting the user changed: it must survive the upgrade.
    expect((await w.run(w.plugins.disable(alias))).job.state).toBe('succeeded');
    await w.plugins.set(alias, [{ key: 'DEBUG', value: '1' }]);
    expect((await w.run(w.plugins.enable(alias))).job.state).toBe('succeeded');
    const before = (await w.plugins.inspectRaw(alias)) as { Config?: { rootfs?: { diff_ids?: string[] } } };

    const info = await install.inspect({ reference: `${repo}:2.0`, name: alias });
    expect(info.existing).toMatchObject({ name: alias, enabled: true, reference: `${repo}:1.0` });
    expect(info.existing?.privileges).toEqual(EXPECTED);
    expect(info.command).toBe(`docker plugin disable ${alias} && docker plugin upgrade --grant-all-permissions ${alias} ${repo}:2.0 && docker plugin enable ${alias}`);

    const refused = await w.run(install.upgrade({ name: alias, reference: `${repo}:2.0`, accepted: info.privileges }));
    expect(refused.job.error?.code).toBe('install/upgrade-enabled');
    expect((await w.plugins.inspectRaw(alias)).Enabled).toBe(true);

    const { job, log } = await w.run(install.upgrade({ name: alias, reference: `${repo}:2.0`, accepted: info.privileges, disableFirst: true }));
    expect(job.error).toBeNull();
    const r = job.result as InstallResult;
    expect(r.previousReference).toBe(`${repo}:1.0`);
    expect(r.plugin?.enabled).toBe(true);
    expect(r.plugin?.health.state).toBe('answering');
    // The engine keeps the old settings object: the new env entry is only there because it was set.
    expect(r.settingsChanges).toEqual([{ key: 'GREETING', from: null, to: 'hello' }]);
    expect(log.join('\n')).toMatch(/docker plugin set .* GREETING=hello/);
    const after = (await w.plugins.inspectRaw(alias)) as { PluginReference?: string; Settings?: { Env?: string[] }; Config?: { rootfs?: { diff_ids?: string[] } } };
    expect(after.PluginReference).toBe(`${repo}:2.0`);
    expect(after.Settings?.Env).toEqual(expect.arrayContaining(['DEBUG=1', 'GREETING=hello']));
    expect(after.Config?.rootfs?.diff_ids).not.toEqual(before.Config?.rootfs?.diff_ids);
  }, 180_000);

  it('a registry that is down: a clear error naming the address, nothing installed', async () => {
    // Not the discard port: Node's fetch refuses port 9 itself (a "bad port"), before any connection.
    const port = await freePort();
    const reference = `127.0.0.1:${port}/acme/nowhere:1`;
    await expect(install.inspect({ reference })).rejects.toMatchObject({
      code: 'install/registry-unreachable',
      message: expect.stringMatching(new RegExp(`Cannot reach the registry 127\\.0\\.0\\.1:${port} at http://127\\.0\\.0\\.1:${port} \\(ECONNREFUSED\\)`)),
    });
    const { job } = await w.run(install.install({ reference, accepted: [] }));
    expect(job.error?.code).toBe('install/registry-unreachable');
  });

  it('a reference that does not exist: says which part is missing (the engine says "HTTP response to HTTPS client")', async () => {
    await expect(install.inspect({ reference: `${repo}:9.9` })).rejects.toMatchObject({ code: 'install/not-found', message: expect.stringMatching(/no tag 9\.9 in acme\/netdriver-\w+ \(its tags: (1\.0, 2\.0|2\.0, 1\.0)\)/) });
    await expect(install.inspect({ reference: `${reg.address}/acme/never-pushed:1` })).rejects.toMatchObject({ code: 'install/not-found', message: expect.stringMatching(/no repository acme\/never-pushed/) });
    await expect(install.inspect({ reference: 'UPPER/Case' })).rejects.toMatchObject({ code: 'install/bad-reference' });
  });
});
