/**
 * Replace when networks made with the old plugin block its disable: with `removeNetworks` the
 * pipeline removes exactly the confirmed networks (real networks made with the example driver)
 * and replaces; a network the user did not confirm stops it before anything is removed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { SKIP_REASON, testEngineHost, uniqueName } from '../docker/testing/harness';
import { removePluginQuietly } from '../docker/testing/fixtures';
import { removeDir, tarballProject } from './testing/projects';
import { wireBuild, type BuildWired } from './testing/wire';

const host = testEngineHost();
const d = host ? describe : describe.skip;
if (!host) console.warn(SKIP_REASON);

d('replace blocked by networks (real engine)', () => {
  let w: BuildWired;
  let dir: string;
  const name = `${uniqueName('replace-nets')}:1`;
  const netsOf = async () => (await w.build.networksUsing(name)).sort();
  const makeNet = async (label: string) => {
    const n = `plugsmith-it-${label}-${randomUUID().slice(0, 6)}`;
    await w.engine.request({ method: 'POST', path: '/networks/create', body: { Name: n, Driver: name }, timeoutMs: 30_000 });
    return n;
  };

  beforeAll(async () => {
    w = wireBuild(host!);
    dir = await tarballProject(`replace nets ${randomUUID()}`);
    const { job } = await w.run(w.build.start({ dir, name, enable: true }));
    expect(job.error).toBeNull();
  }, 120_000);
  afterAll(async () => {
    await removePluginQuietly(w.engine, name);
    if (dir) removeDir(dir);
  });

  it('a network made since the user confirmed the list stops the replace; nothing is removed', async () => {
    const a = await makeNet('a');
    const b = await makeNet('b');
    const { job } = await w.run(w.build.start({ dir, name, replace: true, removeNetworks: [a] }));
    expect(job.error?.code).toBe('build/replace-blocked');
    expect(job.error?.message).toContain(`not confirmed for removal: ${b}`);
    expect(JSON.parse(job.error!.detail!.split('\n')[0]).networks.sort()).toEqual([a, b].sort());
    expect(await netsOf()).toEqual([a, b].sort());
    expect((await w.plugins.inspectRaw(name)).Enabled).toBe(true);
  }, 120_000);

  it('removes exactly the confirmed networks, then replaces (settings kept, enabled again)', async () => {
    const before = await netsOf();
    expect(before).toHaveLength(2);
    // A bridge network beside them: a network of another driver is never touched.
    const other = `plugsmith-it-other-${randomUUID().slice(0, 6)}`;
    await w.engine.request({ method: 'POST', path: '/networks/create', body: { Name: other, Driver: 'bridge', Internal: true }, timeoutMs: 30_000 });
    try {
      const oldId = (await w.plugins.inspectRaw(name)).Id;
      const { job, log } = await w.run(w.build.start({ dir, name, replace: true, enable: true, removeNetworks: before }));
      expect(job.error).toBeNull();
      expect(await netsOf()).toEqual([]);
      for (const n of before) expect(log).toContain(`$ docker network rm ${n}   (made with ${name}; it blocks disabling it)`);
      const now = await w.plugins.inspectRaw(name);
      expect(now.Id).not.toBe(oldId);
      expect(now.Enabled).toBe(true);
      const nets = await w.engine.request<{ Name: string }[]>({ method: 'GET', path: '/networks' });
      expect(nets.map((n) => n.Name)).toContain(other);
    } finally {
      await w.engine.request({ method: 'DELETE', path: `/networks/${other}` }).catch(() => null);
    }
  }, 180_000);

  it('a confirmed name that belongs to another driver is refused, and nothing is removed', async () => {
    const mine = await makeNet('c');
    try {
      // `none` is the engine's own network (driver null): confirming it must not remove it.
      const { job } = await w.run(w.build.start({ dir, name, replace: true, removeNetworks: [mine, 'none'] }));
      expect(job.error?.code).toBe('build/replace-network-not-ours');
      expect(job.error?.message).toMatch(/Network none was made with driver null/);
      expect(await netsOf()).toEqual([mine]);
      const nets = await w.engine.request<{ Name: string }[]>({ method: 'GET', path: '/networks' });
      expect(nets.map((n) => n.Name)).toContain('none');
    } finally {
      await w.engine.request({ method: 'DELETE', path: `/networks/${mine}` }).catch(() => null);
    }
  }, 120_000);
});
