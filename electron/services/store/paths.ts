/**
 * Where Plugsmith keeps the user's things: XDG config for settings, XDG state for
 * drafts, recent folders and backups — never browser storage (the serve port, and
 * with it the page's origin, changes between runs). PLUGSMITH_HOME overrides both
 * (tests, portable installs).
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface StorePaths {
  configDir: string;
  stateDir: string;
}

export function storePaths(env: NodeJS.ProcessEnv = process.env): StorePaths {
  if (env.PLUGSMITH_HOME) return { configDir: join(env.PLUGSMITH_HOME, 'config'), stateDir: join(env.PLUGSMITH_HOME, 'state') };
  const home = env.HOME || homedir();
  const config = env.XDG_CONFIG_HOME || join(home, '.config');
  const state = env.XDG_STATE_HOME || join(home, '.local', 'state');
  return { configDir: join(config, 'plugsmith'), stateDir: join(state, 'plugsmith') };
}
