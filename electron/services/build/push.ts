/**
 * `docker plugin push` through the engine: `POST /plugins/{name}/push` with the registry's
 * credentials in X-Registry-Auth — typed in, or read from ~/.docker/config.json (never logged).
 * The engine answers HTTP 200 even when the push fails: the failure is an `error` line in the
 * stream, so the stream is read to the end and judged here.
 */
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { IncomingMessage } from 'node:http';
import type { Engine } from '../docker/engine';
import { PlugsmithError } from '../errors';
import { parseReference } from '../docker/reference';
import { readJsonLines } from '../docker/json-lines';

export interface RegistryAuth {
  username?: string;
  password?: string;
  serveraddress?: string;
  identitytoken?: string;
}

export interface PushLog {
  log(line: string, stream?: 'stdout' | 'stderr' | 'info'): void;
  progress?(p: number | null, stage: string): void;
  signal?: AbortSignal;
}

/** The registry a plugin name points at, as ~/.docker/config.json keys it. */
export function registryKey(name: string): string {
  const { domain } = parseReference(name);
  return domain === 'docker.io' ? 'https://index.docker.io/v1/' : domain;
}

/**
 * Credentials for `name`'s registry from the Docker CLI's config file, if any. A credential
 * helper (credsStore/credHelpers) is not run: we say so and push without credentials.
 */
async function authFromDockerConfig(name: string, env: NodeJS.ProcessEnv = process.env): Promise<{ auth: RegistryAuth | null; note: string }> {
  const file = join(env.DOCKER_CONFIG ?? join(env.HOME ?? homedir(), '.docker'), 'config.json');
  let cfg: { auths?: Record<string, { auth?: string; identitytoken?: string }>; credsStore?: string; credHelpers?: Record<string, string> };
  try {
    cfg = JSON.parse(await readFile(file, 'utf8'));
  } catch {
    return { auth: null, note: `no credentials: ${file} is missing or unreadable` };
  }
  const key = registryKey(name);
  const bare = key.replace(/^https?:\/\//, '').replace(/\/.*$/, '');
  const entry = cfg.auths?.[key] ?? cfg.auths?.[bare] ?? cfg.auths?.[`https://${bare}`] ?? cfg.auths?.[`http://${bare}`];
  if (entry?.auth) {
    const dec = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = dec.indexOf(':');
    return { auth: { username: dec.slice(0, colon), password: dec.slice(colon + 1), serveraddress: key }, note: `credentials for ${key} from ${file}` };
  }
  if (entry?.identitytoken) return { auth: { identitytoken: entry.identitytoken, serveraddress: key }, note: `identity token for ${key} from ${file}` };
  if (cfg.credHelpers?.[bare] || cfg.credsStore) return { auth: null, note: `credentials for ${key} are kept by a credential helper, which Plugsmith does not run: type them in` };
  return { auth: null, note: `no credentials for ${key} in ${file}` };
}

/** The credentials to send: the ones typed in, else the Docker CLI config's; which it was goes to `log`, never the secret. */
export async function chooseAuth(name: string, given: RegistryAuth | undefined, env?: NodeJS.ProcessEnv, log?: (line: string) => void): Promise<RegistryAuth | null> {
  if (given) {
    log?.('registry credentials: as typed in (not shown)');
    return given;
  }
  const found = await authFromDockerConfig(name, env);
  log?.(`registry credentials: ${found.note}`);
  return found.auth;
}

export async function pushPlugin(engine: Engine, name: string, auth: RegistryAuth | null, out: PushLog): Promise<{ digest: string | null }> {
  const path = `/plugins/${encodeURIComponent(name)}/push`;
  const res = await engine.request<IncomingMessage>({ method: 'POST', path, auth, stream: true, signal: out.signal });
  let error: string | null = null;
  let digest: string | null = null;
  await readJsonLines(
    res,
    {
      text: (line) => out.log(line),
      object: (o) => {
        const m = o as { status?: string; id?: string; progress?: string; error?: string; errorDetail?: { message?: string }; aux?: { Digest?: string } };
        if (m.error || m.errorDetail) {
          error = m.errorDetail?.message ?? m.error ?? 'push failed';
          out.log(error, 'stderr');
        } else if (m.status) {
          out.log(`${m.id ? `${m.id}: ` : ''}${m.status}${m.progress ? ` ${m.progress}` : ''}`, 'stdout');
          const d = /digest: (sha256:[0-9a-f]{64})/.exec(m.status);
          if (d) digest = d[1];
        }
        if (m.aux?.Digest) digest = m.aux.Digest;
      },
    },
    { what: `the push of ${name}`, signal: out.signal },
  );
  if (out.signal?.aborted) throw new PlugsmithError('jobs/cancelled', 'Cancelled', `POST ${path}`);
  if (error) {
    throw new PlugsmithError('build/push-failed', `The push of ${name} failed (the engine answered 200, the stream says): ${error}`, error);
  }
  return { digest };
}
