/**
 * Replace keeps the old plugin's settings: what `docker plugin set` had changed on it is applied
 * to the new one where the new config still has that setting and it is settable, and differs
 * from the new default. The build's own --set values come last and win. Every change is listed.
 */
import { envValues, type EnginePlugin } from '../docker/plugin-model';

export interface SettingChange {
  key: string;
  from: string | null;
  to: string;
  source: 'replaced-plugin' | 'request';
}

const settable = (s: string[] | null | undefined, field: string) => (s ?? []).some((x) => x.toLowerCase() === field);

export function diffSettings(old: EnginePlugin | null, fresh: EnginePlugin, requested: { key: string; value: string }[]): SettingChange[] {
  const out = new Map<string, SettingChange>();
  const freshEnv = envValues(fresh.Settings?.Env);
  if (old) {
    const oldEnv = envValues(old.Settings?.Env);
    for (const e of fresh.Config?.Env ?? []) {
      if (!settable(e.Settable, 'value') || !oldEnv.has(e.Name)) continue;
      const was = oldEnv.get(e.Name)!;
      const now = freshEnv.get(e.Name) ?? null;
      if (was !== now) out.set(e.Name, { key: e.Name, from: now, to: was, source: 'replaced-plugin' });
    }
    for (const m of fresh.Config?.Mounts ?? []) {
      if (!m.Name || !settable(m.Settable, 'source')) continue;
      const was = old.Settings?.Mounts?.find((x) => x.Name === m.Name)?.Source;
      const now = fresh.Settings?.Mounts?.find((x) => x.Name === m.Name)?.Source ?? null;
      if (was != null && was !== now) out.set(m.Name, { key: m.Name, from: now, to: was, source: 'replaced-plugin' });
    }
    for (const d of fresh.Config?.Linux?.Devices ?? []) {
      if (!d.Name || !settable(d.Settable, 'path')) continue;
      const was = old.Settings?.Devices?.find((x) => x.Name === d.Name)?.Path;
      const now = fresh.Settings?.Devices?.find((x) => x.Name === d.Name)?.Path ?? null;
      if (was != null && was !== now) out.set(d.Name, { key: d.Name, from: now, to: was, source: 'replaced-plugin' });
    }
  }
  for (const r of requested) {
    const base = r.key.split('.')[0];
    const from = freshEnv.get(base) ?? fresh.Settings?.Mounts?.find((x) => x.Name === base)?.Source ?? fresh.Settings?.Devices?.find((x) => x.Name === base)?.Path ?? null;
    out.set(r.key, { key: r.key, from, to: r.value, source: 'request' });
  }
  return [...out.values()];
}
