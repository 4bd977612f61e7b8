/**
 * One health for a plugin, in one set of words, wherever it shows: the Plugins screen, the
 * topology's plugin node, `plugsmith plugins ls` and `plugsmith topology`. The state comes from
 * the plugin service's call on the plugin's own socket (docker/probe.ts) — the engine's
 * `Enabled` alone calls a silent plugin enabled. Free of imports so the renderer can use it.
 *
 * The renderer translates the word (`health.<word>` in renderer/i18n); the CLI and the
 * service-made topology text use HEALTH_WORDS_EN, which a test holds equal to renderer/i18n/en.ts.
 */
import type { PluginHealth } from './types';

export type HealthWord = 'disabled' | 'enabled' | 'notAnswering' | 'skipped' | 'checking';

export function healthWord(enabled: boolean, health: Pick<PluginHealth, 'state'>): HealthWord {
  if (!enabled) return 'disabled';
  switch (health.state) {
    case 'not-answering':
      return 'notAnswering';
    case 'skipped':
      return 'skipped';
    case 'unchecked':
    // An enabled plugin whose last check was from before it was disabled: not known yet.
    case 'disabled':
      return 'checking';
    default:
      return 'enabled';
  }
}

/** Why a check was skipped, without its `skipped:` lead (the words say "not checked"). */
export function skippedReason(health: Pick<PluginHealth, 'detail'>): string {
  return health.detail.replace(/^skipped:\s*/i, '') || '—';
}

export const HEALTH_WORDS_EN: Record<HealthWord, string> = {
  disabled: 'disabled',
  enabled: 'enabled',
  notAnswering: 'enabled, not answering',
  skipped: 'enabled (not checked: {reason})',
  checking: 'enabled (checking…)',
};

export function healthTextEn(enabled: boolean, health: Pick<PluginHealth, 'state' | 'detail'>): string {
  return HEALTH_WORDS_EN[healthWord(enabled, health)].replace('{reason}', skippedReason(health));
}
