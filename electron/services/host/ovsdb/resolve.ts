/**
 * Which OVSDB Plugsmith talks to, decided in one place for the topology and the doctor:
 *   1. env PLUGSMITH_OVSDB — an override, so tests (and a one-off run) can point at their own
 *      ovsdb-server without touching the user's settings; it wins over the setting;
 *   2. the `ovsdbSocket` setting;
 *   3. /var/run/openvswitch/db.sock.
 * `explicit` says whether someone named it (1 or 2): with a remote engine only a named OVSDB is
 * read, since the default socket is this machine's, not that engine's.
 */
import { DEFAULT_OVSDB_SOCKET } from './client';

export const ENV_OVSDB = 'PLUGSMITH_OVSDB';

export interface OvsdbChoice {
  target: string;
  explicit: boolean;
  from: 'env' | 'setting' | 'default';
}

export function resolveOvsdb(env: NodeJS.ProcessEnv | undefined, setting: string | null | undefined): OvsdbChoice {
  const fromEnv = env?.[ENV_OVSDB]?.trim();
  if (fromEnv) return { target: fromEnv, explicit: true, from: 'env' };
  const saved = setting?.trim();
  if (saved) return { target: saved, explicit: true, from: 'setting' };
  return { target: DEFAULT_OVSDB_SOCKET, explicit: false, from: 'default' };
}
