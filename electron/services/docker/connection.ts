/**
 * Where the engine is: settings first, then DOCKER_HOST (with DOCKER_TLS_VERIFY /
 * DOCKER_CERT_PATH, as the docker CLI reads them), then the default socket.
 * Returns dockerode's options plus the address in the words the user wrote.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type Dockerode from 'dockerode';
import { PlugsmithError } from '../errors';

export interface ConnectionInput {
  /** From settings; null/undefined → environment. */
  dockerHost?: string | null;
  tlsVerify?: boolean;
  certPath?: string | null;
  env?: NodeJS.ProcessEnv;
}

export interface ResolvedConnection {
  host: string;
  source: 'settings' | 'DOCKER_HOST' | 'default';
  /** The local unix socket, when the engine is local (plugin sockets are only reachable then). */
  socketPath: string | null;
  options: Dockerode.DockerOptions;
}

export const DEFAULT_SOCKET = '/var/run/docker.sock';

export function resolveConnection(input: ConnectionInput = {}): ResolvedConnection {
  const env = input.env ?? process.env;
  let host: string;
  let source: ResolvedConnection['source'];
  let tlsVerify: boolean;
  let certPath: string | null;
  if (input.dockerHost && input.dockerHost.trim()) {
    host = input.dockerHost.trim();
    source = 'settings';
    tlsVerify = input.tlsVerify ?? false;
    certPath = input.certPath ?? null;
  } else if (env.DOCKER_HOST && env.DOCKER_HOST.trim()) {
    host = env.DOCKER_HOST.trim();
    source = 'DOCKER_HOST';
    // The docker CLI treats any non-empty DOCKER_TLS_VERIFY as "on".
    tlsVerify = !!env.DOCKER_TLS_VERIFY && env.DOCKER_TLS_VERIFY !== '0';
    certPath = env.DOCKER_CERT_PATH || null;
  } else {
    host = `unix://${DEFAULT_SOCKET}`;
    source = 'default';
    tlsVerify = false;
    certPath = null;
  }
  return { host, source, ...toOptions(host, tlsVerify, certPath) };
}

function toOptions(host: string, tlsVerify: boolean, certPath: string | null): { socketPath: string | null; options: Dockerode.DockerOptions } {
  if (host.startsWith('/')) host = `unix://${host}`;
  let url: URL;
  try {
    url = new URL(host);
  } catch {
    throw new PlugsmithError('engine/bad-host', `Not an engine address: ${host} (expected unix:///path or tcp://host:port)`);
  }
  switch (url.protocol) {
    case 'unix:': {
      const socketPath = decodeURIComponent(url.pathname || DEFAULT_SOCKET);
      return { socketPath, options: { socketPath } };
    }
    case 'npipe:':
      return { socketPath: null, options: { socketPath: `//./pipe/${url.pathname.replace(/^\/+(\.\/pipe\/)?/, '')}` } };
    case 'tcp:':
    case 'http:':
    case 'https:': {
      const useTls = tlsVerify || url.protocol === 'https:' || (!!certPath && url.port === '2376');
      const port = url.port || (useTls ? '2376' : '2375');
      const options: Dockerode.DockerOptions = { host: url.hostname.replace(/^\[|\]$/g, ''), port, protocol: useTls ? 'https' : 'http' };
      if (useTls) {
        const dir = certPath || join(homedir(), '.docker');
        try {
          options.ca = readFileSync(join(dir, 'ca.pem'));
          options.cert = readFileSync(join(dir, 'cert.pem'));
          options.key = readFileSync(join(dir, 'key.pem'));
        } catch (err) {
          throw new PlugsmithError(
            'engine/tls-certs',
            `TLS is on for ${host} but the certificates in ${dir} cannot be read (ca.pem, cert.pem, key.pem)`,
            (err as Error).message,
          );
        }
      }
      return { socketPath: null, options };
    }
    case 'ssh:':
      return {
        socketPath: null,
        options: { protocol: 'ssh', host: url.hostname, port: url.port || '22', username: decodeURIComponent(url.username) || undefined } as Dockerode.DockerOptions,
      };
    default:
      throw new PlugsmithError('engine/bad-host', `Unsupported engine address scheme ${url.protocol} in ${host}`);
  }
}
