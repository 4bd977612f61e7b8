/**
 * A registry that wants credentials (real docker-registry with htpasswd): reading the plugin's
 * config needs them (anonymous and wrong ones are refused in plain words); with credentials from
 * ~/.docker/config.json the engine pulls it too (X-Registry-Auth); the password is never logged.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SKIP_REASON, testEngineHost } from '../docker/testing/harness';
import { createFixturePlugin, removePluginQuietly } from '../docker/testing/fixtures';
import { pushPlugin } from '../build/push';
import { removeDir, tempDir } from '../build/testing/projects';
import { wireBuild, type BuildWired } from '../build/testing/wire';
import type { Registry } from '../build/testing/registry';
import { AUTH_PASSWORD, AUTH_USER, startAuthRegistry } from './testing/auth-registry';
import { InstallService } from './service';

const host = testEngineHost();
const d = host ? describe : describe.skip;
if (!host) console.warn(SKIP_REASON);

d('install from a registry that wants credentials (real engine, real registry)', () => {
  let reg: Registry;
  let w: BuildWired;
  let home: string;
  /** A home with no ~/.docker/config.json. */
  let bare: string;
  let reference: string;
  const alias = `plugsmith-it/authed-${randomUUID().slice(0, 6)}:1`;
  const service = (env: NodeJS.ProcessEnv) => new InstallService({ engine: () => w.engine, jobs: w.jobs, plugins: w.plugins, env });
  const auth = { username: AUTH_USER, password: AUTH_PASSWORD };

  beforeAll(async () => {
    reg = await startAuthRegistry();
    w = wireBuild(host!);
    home = tempDir('install-auth-home');
    bare = tempDir('install-auth-bare');
    mkdirSync(join(home, '.docker'));
    writeFileSync(join(home, '.docker', 'config.json'), JSON.stringify({ auths: { [reg.address]: { auth: Buffer.from(`${AUTH_USER}:${AUTH_PASSWORD}`).toString('base64') } } }));
    reference = `${reg.address}/acme/authed:1.0`;
    await createFixturePlugin(w.engine, { name: reference, mode: 'ok' });
    await pushPlugin(w.engine, reference, { ...auth, serveraddress: reg.address }, { log: () => undefined });
    expect(await removePluginQuietly(w.engine, reference)).toBe(true);
  }, 240_000);
  afterAll(async () => {
    await removePluginQuietly(w.engine, alias);
    await reg?.stop();
    for (const dir of [home, bare]) if (dir) removeDir(dir);
  });

  it('anonymous: refused, saying credentials are needed; wrong ones: refused as such', async () => {
    const noCreds = service({ HOME: bare });
    await expect(noCreds.inspect({ reference })).rejects.toMatchObject({ code: 'install/unauthorized', message: expect.stringMatching(/refused access to acme\/authed \(HTTP 401\): it needs credentials/) });
    const wrong = noCreds.inspect({ reference, auth: { username: AUTH_USER, password: 'not-it' } });
    await expect(wrong).rejects.toMatchObject({ code: 'install/unauthorized', message: expect.stringMatching(/with the credentials given/) });
  });

  it('typed credentials read the config; ~/.docker/config.json ones let the engine pull it; the password is never logged', async () => {
    const typed = await service({ HOME: bare }).inspect({ reference, auth });
    expect(typed.privileges.map((p) => p.name)).toEqual(['network', 'mount']);
    const s = service({ HOME: home });
    const info = await s.inspect({ reference, alias });
    // The engine's own check gets the same credentials (X-Registry-Auth) and agrees.
    expect(info.enginePrivileges).toEqual(info.privileges);
    const { job, log } = await w.run(s.install({ reference, alias, accepted: info.privileges }));
    expect(job.error).toBeNull();
    expect(log.join('\n')).toMatch(new RegExp(`credentials for ${reg.address.replace(/\./g, '\\.')} from .*config\\.json`));
    expect(log.join('\n')).toMatch(/from http:\/\/127\.0\.0\.1:\d+ \(basic\)/);
    expect(JSON.stringify({ job, log, info })).not.toContain(AUTH_PASSWORD);
    expect((await w.plugins.inspectRaw(alias)).Name).toBe(alias);
  }, 120_000);
});
