/**
 * Asks the example driver (examples/net-driver) what it has been called with, on its
 * own socket: the engine keeps a plugin's stdout to its log, so this is how a test sees
 * that `POST /networks/create` really reached the driver. Needs root (the socket folder
 * is root-only). Test helper only, not shipped.
 */
import { request } from 'node:http';
import { join } from 'node:path';
import { PLUGIN_SOCKET_ROOT } from '../probe';

export interface DriverCalls {
  Calls: { call: string; networkId: string | null; endpointId: string | null; at: string }[];
  Networks: string[];
  Endpoints: string[];
  /** The env the driver process really got (so a test sees `docker plugin set` reach it). */
  Env: { MODE: string; DEBUG: string; SCOPE: string; LOG_DIR: string };
}

export function driverSocket(pluginId: string, socket = 'netdriver.sock'): string {
  return join(PLUGIN_SOCKET_ROOT, pluginId, socket);
}

export function driverCalls(pluginId: string, timeoutMs = 5_000): Promise<DriverCalls> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath: driverSocket(pluginId), method: 'POST', path: '/Plugsmith.Calls', timeout: timeoutMs }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => {
        try {
          resolve(JSON.parse(text) as DriverCalls);
        } catch (err) {
          reject(new Error(`driver answered HTTP ${res.statusCode} with non-JSON: ${text.slice(0, 200)} (${(err as Error).message})`));
        }
      });
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from ${driverSocket(pluginId)} within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end('{}');
  });
}
