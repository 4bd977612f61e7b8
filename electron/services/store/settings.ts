/** User settings in $XDG_CONFIG_HOME/plugsmith/settings.json; unknown or invalid values fall back to defaults. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Settings } from '../../ipc/types';
import { writeFileAtomic } from './atomic';

export const DEFAULT_SETTINGS: Settings = {
  dockerHost: null,
  tlsVerify: false,
  certPath: null,
  theme: 'system',
  language: 'en',
  enableTimeoutSeconds: 30,
  netmasterUrl: null,
  engineLogPath: null,
  // null = the default socket, /var/run/openvswitch/db.sock (host/ovsdb/resolve.ts): only a
  // socket the user named counts as "explicit" (read even with a remote engine).
  ovsdbSocket: null,
};

export class SettingsStore {
  private current: Settings = { ...DEFAULT_SETTINGS };
  private readonly file: string;
  private listeners = new Set<(s: Settings, prev: Settings) => void>();

  constructor(configDir: string) {
    this.file = join(configDir, 'settings.json');
  }

  async load(): Promise<Settings> {
    try {
      const parsed = JSON.parse(await readFile(this.file, 'utf8')) as Partial<Settings>;
      this.current = sanitize({ ...DEFAULT_SETTINGS, ...parsed });
    } catch {
      this.current = { ...DEFAULT_SETTINGS };
    }
    return this.get();
  }

  get(): Settings {
    return { ...this.current };
  }

  async update(patch: Partial<Settings>): Promise<Settings> {
    const prev = this.current;
    this.current = sanitize({ ...this.current, ...patch });
    await writeFileAtomic(this.file, JSON.stringify(this.current, null, 2) + '\n', { mode: 0o600 });
    for (const l of this.listeners) l(this.get(), prev);
    return this.get();
  }

  onChange(l: (s: Settings, prev: Settings) => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
}

/** Trimmed text, or null for blank / not a string / containing control characters (a path or address never has them). */
function text(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  const t = v.trim();
  return t && !/[\u0000-\u001f\u007f]/.test(t) ? t : null;
}

/** What a saved file may hold, made into valid Settings: anything unknown or invalid falls back to the default. Exported for its tests. */
export function sanitize(s: Settings): Settings {
  const d = DEFAULT_SETTINGS;
  return {
    dockerHost: typeof s.dockerHost === 'string' && s.dockerHost.trim() ? s.dockerHost.trim() : null,
    tlsVerify: typeof s.tlsVerify === 'boolean' ? s.tlsVerify : d.tlsVerify,
    certPath: typeof s.certPath === 'string' && s.certPath.trim() ? s.certPath.trim() : null,
    theme: ['system', 'light', 'dark'].includes(s.theme) ? s.theme : d.theme,
    language: ['en', 'zh-CN'].includes(s.language) ? s.language : d.language,
    enableTimeoutSeconds:
      Number.isInteger(s.enableTimeoutSeconds) && s.enableTimeoutSeconds >= 1 && s.enableTimeoutSeconds <= 600 ? s.enableTimeoutSeconds : d.enableTimeoutSeconds,
    netmasterUrl: typeof s.netmasterUrl === 'string' && s.netmasterUrl.trim() ? s.netmasterUrl.trim() : null,
    engineLogPath: text(s.engineLogPath),
    // An OVSDB target has no spaces (unix:PATH, tcp:HOST:PORT or a socket path).
    ovsdbSocket: text(s.ovsdbSocket) && !/\s/.test(text(s.ovsdbSocket)!) ? text(s.ovsdbSocket) : null,
  };
}
