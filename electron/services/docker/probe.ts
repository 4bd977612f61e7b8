/**
 * "Enabled" checked, not assumed: call the plugin on its own socket with a
 * harmless protocol request. The engine calls a plugin enabled even when it
 * listens and never answers (ENGINE-NOTES), and never sends managed plugins
 * Plugin.Activate, so any HTTP answer at all proves the plugin is serving.
 */
import { request } from 'node:http';
import { access, constants } from 'node:fs/promises';
import { join } from 'node:path';
import type { PluginHealth, PluginKind } from '../../ipc/types';

/** Fixed on Linux (socket path length limit): --exec-root does not move it. */
export const PLUGIN_SOCKET_ROOT = '/run/docker/plugins';

const HARMLESS_CALL: Partial<Record<PluginKind, string>> = {
  network: '/NetworkDriver.GetCapabilities',
  ipam: '/IpamDriver.GetCapabilities',
  volume: '/VolumeDriver.Capabilities',
  log: '/LogDriver.Capabilities',
};

export function probeCallFor(kinds: PluginKind[]): string {
  for (const k of kinds) if (HARMLESS_CALL[k]) return HARMLESS_CALL[k]!;
  // authz, metrics, CSI and unknown types have no read-only call; plugin helpers answer Activate.
  return '/Plugin.Activate';
}

export interface ProbeInput {
  id: string;
  socket: string;
  kinds: PluginKind[];
  timeoutMs?: number;
  root?: string;
}

export async function probePlugin(input: ProbeInput): Promise<PluginHealth> {
  const checkedAt = new Date().toISOString();
  const root = input.root ?? PLUGIN_SOCKET_ROOT;
  if (!input.socket) {
    return { state: 'skipped', detail: 'skipped: the plugin declares no interface socket', checkedAt };
  }
  const dir = join(root, input.id);
  const sock = join(dir, input.socket);
  try {
    await access(dir, constants.X_OK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM') {
      return { state: 'skipped', detail: `skipped: needs root (${root} is readable by root only)`, checkedAt };
    }
    return { state: 'not-answering', detail: `the plugin's socket folder ${dir} does not exist`, checkedAt };
  }
  const path = probeCallFor(input.kinds);
  const timeoutMs = input.timeoutMs ?? 3_000;
  return new Promise<PluginHealth>((settle) => {
    let done = false;
    const resolve = (h: PluginHealth) => {
      if (!done) {
        done = true;
        clearTimeout(timer);
        settle(h);
      }
    };
    const started = Date.now();
    const req = request(
      {
        socketPath: sock,
        path,
        method: 'POST',
        headers: { Accept: 'application/vnd.docker.plugins.v1.2+json', 'Content-Type': 'application/vnd.docker.plugins.v1.2+json', 'Content-Length': 2 },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          if (body.length < 2048) body += c;
        });
        res.on('end', () => {
          resolve({
            state: 'answering',
            detail: `POST ${path} on ${sock} → HTTP ${res.statusCode} in ${Date.now() - started} ms: ${body.trim().slice(0, 300)}`,
            checkedAt,
          });
        });
      },
    );
    const timer = setTimeout(() => {
      req.destroy();
      resolve({ state: 'not-answering', detail: `POST ${path} on ${sock}: no answer within ${timeoutMs} ms (the plugin accepts connections but never replies)`, checkedAt });
    }, timeoutMs);
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EACCES') {
        resolve({ state: 'skipped', detail: `skipped: needs root to connect to ${sock}`, checkedAt });
      } else if (err.code === 'ENOENT') {
        resolve({ state: 'not-answering', detail: `dial unix ${sock}: no such file (the plugin never opened its socket)`, checkedAt });
      } else {
        resolve({ state: 'not-answering', detail: `POST ${path} on ${sock}: ${err.message}`, checkedAt });
      }
    });
    req.end('{}');
  });
}
