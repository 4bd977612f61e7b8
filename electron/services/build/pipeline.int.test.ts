/**
 * The pipeline against a real dockerd: the example plugin built from its project and enabled;
 * the Contiv-shaped fixture built FROM scratch with its template filled in; a rootfs tarball
 * (named .tar.gz, really a plain tar); replace keeping settings. After each: nothing temporary left.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { SKIP_REASON, testEngineHost, uniqueName } from '../docker/testing/harness';
import { removePluginQuietly } from '../docker/testing/fixtures';
import { contivProject, engineFacts, exampleProject, newSince, removeDir, tarballProject, type EngineFacts } from './testing/projects';
import { wireBuild, type BuildWired } from './testing/wire';
import type { BuildResult } from '../../ipc/types';

const host = testEngineHost();
const d = host ? describe : describe.skip;
if (!host) console.warn(SKIP_REASON);

d('build pipeline (real engine)', () => {
  let w: BuildWired;
  const dirs: string[] = [];
  const names: string[] = [];
  let before: EngineFacts;

  beforeAll(async () => {
    w = wireBuild(host!);
    before = await engineFacts(w.engine);
  });
  afterAll(async () => {
    for (const n of names) await removePluginQuietly(w.engine, n);
    for (const dir of dirs) removeDir(dir);
  });

  const noLeftovers = async (keepPlugins: string[]) => {
    const extra = newSince(before, await engineFacts(w.engine));
    expect(extra.containers).toEqual([]);
    expect(extra.images).toEqual([]);
    const keep = keepPlugins.map((p) => (p.includes(':') ? p : `${p}:latest`));
    expect(extra.plugins.filter((p) => !keep.includes(p))).toEqual([]);
  };

  it('builds the example plugin from its project, streams it into the engine and enables it', async () => {
    const dir = exampleProject(`pipeline example ${randomUUID()}`);
    dirs.push(dir);
    const name = `${uniqueName('example')}:v1`;
    names.push(name);
    const detected = await w.build.detect(dir);
    expect(detected.layout).toBe('dockerfile');
    const { job, log } = await w.run(w.build.start({ dir, name, enable: true, settings: [{ key: 'DEBUG', value: '1' }] }));
    expect(job.error).toBeNull();
    expect(job.state).toBe('succeeded');
    const r = job.result as BuildResult;
    expect(r.stages.map((s) => `${s.stage}:${s.state}`)).toEqual(['check:succeeded', 'build:succeeded', 'create:succeeded', 'set:succeeded', 'enable:succeeded', 'push:skipped']);
    expect(r.plugin?.enabled).toBe(true);
    expect(r.plugin?.health.state).toBe('answering');
    expect(r.rootfsBytes).toBeGreaterThan(50e6);
    expect(log.some((l) => /^Step 1\/\d+ : FROM scratch/.test(l))).toBe(true);
    const raw = (await w.plugins.inspectRaw(name)) as { Settings?: { Env?: string[] } };
    expect(raw.Settings?.Env).toContain('DEBUG=1');
    await noLeftovers([name]);
  });

  it('replace of a plugin a network uses stops before removing anything, naming the network', async () => {
    const name = names[0];
    const net = `plugsmith-it-net-${randomUUID().slice(0, 6)}`;
    await w.engine.request({ method: 'POST', path: '/networks/create', body: { Name: net, Driver: name }, timeoutMs: 30_000 });
    try {
      const { job } = await w.run(w.build.start({ dir: dirs[0], name, replace: true }));
      expect(job.state).toBe('failed');
      expect(job.error?.code).toBe('build/replace-blocked');
      expect(job.error?.message).toContain(net);
      expect(job.error?.message).toMatch(/the old plugin is still enabled/);
      expect((await w.plugins.inspectRaw(name)).Enabled).toBe(true);
    } finally {
      await w.engine.request({ method: 'DELETE', path: `/networks/${net}`, timeoutMs: 30_000 });
    }
    await noLeftovers([name]);
  });

  it('refuses an existing name without replace, and with replace keeps the old settings', async () => {
    const name = names[0];
    const dir = dirs[0];
    const refused = await w.run(w.build.start({ dir, name }));
    expect(refused.job.state).toBe('failed');
    expect(refused.job.error?.code).toBe('build/exists');
    expect(refused.job.error?.message).toMatch(/already exists \(enabled\).*replace/);
    // Same rootfs content would be refused by the engine under any name; the replace removes the old one first.
    const { job, log } = await w.run(w.build.start({ dir, name, replace: true }));
    expect(job.error).toBeNull();
    const r = job.result as BuildResult;
    expect(r.settingsChanges).toEqual([{ key: 'DEBUG', from: '0', to: '1', source: 'replaced-plugin' }]);
    expect(log.join('\n')).toMatch(/cannot be brought back/);
    const raw = (await w.plugins.inspectRaw(name)) as { Settings?: { Env?: string[] }; Enabled: boolean };
    expect(raw.Settings?.Env).toContain('DEBUG=1');
    expect(raw.Enabled).toBe(false);
    await noLeftovers([name]);
  });

  it('a plugin created but failing to enable stays, disabled, and the job says why', async () => {
    const dir = exampleProject(`pipeline no-socket ${randomUUID()}`);
    dirs.push(dir);
    const name = uniqueName('nosocket');
    names.push(name);
    const { job } = await w.run(w.build.start({ dir, name, enable: true, settings: [{ key: 'MODE', value: 'no-socket' }] }));
    expect(job.state).toBe('failed');
    expect(job.error?.code).toBe('build/enable-failed');
    expect(job.error?.message).toMatch(/was created but failed to enable: .*no such file or directory.*stays installed, disabled/);
    expect(job.error?.detail).toMatch(/create: succeeded[\s\S]*enable: failed/);
    const p = await w.plugins.inspectRaw(name);
    expect(p.Enabled).toBe(false);
    await noLeftovers(names);
  });

  it('builds the Contiv-shaped project FROM scratch: template filled, ARG TAR_FILE found, plugin named', async () => {
    const dir = await contivProject(`contiv ${randomUUID()}`);
    dirs.push(dir);
    const name = uniqueName('contiv');
    names.push(name);
    const info = await w.build.detect(dir);
    expect(info.layout).toBe('dockerfile');
    expect(info.template).toBe(true);
    expect(info.buildArgs).toEqual([{ name: 'TAR_FILE', default: null }]);
    expect(info.pluginNameSetting).toEqual({ key: 'plugin_name', value: '__CONTIV_V2PLUGIN_NAME__' });
    const { job, log } = await w.run(w.build.start({ dir, name }));
    expect(job.error).toBeNull();
    const r = job.result as BuildResult;
    expect(log.join('\n')).toMatch(/TAR_FILE not given: using netplugin-bin\.tar/);
    expect(r.configChanges?.some((c) => /__CONTIV_V2PLUGIN_NAME__/.test(c.what) && c.to === `${name}:latest`)).toBe(true);
    const raw = (await w.plugins.inspectRaw(name)) as unknown as { Settings?: { Env?: string[] }; Config: { Entrypoint: string[] } };
    expect(raw.Settings?.Env).toContain(`plugin_name=${name}:latest`);
    expect(raw.Config.Entrypoint).toEqual(['/startcontiv.sh']);
    await noLeftovers(names);
  });

  it('creates from a rootfs tarball told by its bytes (a plain tar named .tar.gz) and from gzip', async () => {
    for (const gzip of [false, true]) {
      const dir = await tarballProject(`tarball ${gzip} ${randomUUID()}`, gzip);
      dirs.push(dir);
      const info = await w.build.detect(dir);
      expect(info.layout).toBe('tarball');
      expect(info.tarball?.compressed).toBe(gzip);
      const name = uniqueName(gzip ? 'tgz' : 'tar');
      names.push(name);
      const { job } = await w.run(w.build.start({ dir, name, enable: true }));
      expect(job.error).toBeNull();
      expect((job.result as BuildResult).plugin?.health.state).toBe('answering');
    }
    await noLeftovers(names);
  });

  it('explains the engine refusing a second plugin with an identical rootfs (same tarball, new tag)', async () => {
    const dir = dirs.at(-2)!; // the plain-tar project: its bytes, and so its layer, are the same again
    const name = `${uniqueName('same')}:v2`;
    const { job } = await w.run(w.build.start({ dir, name }));
    expect(job.state).toBe('failed');
    expect(job.error?.code).toBe('build/same-rootfs');
    expect(job.error?.message).toMatch(/already has exactly this rootfs/);
    await noLeftovers(names);
  });
});
