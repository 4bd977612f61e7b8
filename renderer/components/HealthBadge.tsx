/**
 * What "enabled" really means for a plugin: the engine calls a silent plugin enabled,
 * so the badge reports the service's own check on the plugin's socket.
 */
import type { PluginHealth } from '../../electron/ipc/types';
import type { T } from '../i18n/useT';

export function healthText(enabled: boolean, health: PluginHealth, t: T): { text: string; tone: 'off' | 'ok' | 'warn' | 'info' } {
  if (!enabled) return { text: t('health.disabled'), tone: 'off' };
  switch (health.state) {
    case 'not-answering':
      return { text: t('health.notAnswering'), tone: 'warn' };
    case 'skipped':
      return { text: t('health.skipped', { reason: health.detail.replace(/^skipped:\s*/i, '') || '—' }), tone: 'info' };
    case 'unchecked':
      return { text: t('health.checking'), tone: 'info' };
    default:
      return { text: t('health.enabled'), tone: 'ok' };
  }
}

export function HealthBadge({ enabled, health, t }: { enabled: boolean; health: PluginHealth; t: T }) {
  const { text, tone } = healthText(enabled, health, t);
  return (
    <span className="health">
      <span className={`badge badge-${tone}`} data-testid="plugin-health" data-state={enabled ? health.state : 'disabled'}>
        {text}
      </span>
      {/* What the check called and what came back: the reason behind "not answering". */}
      {enabled && health.state === 'not-answering' && health.detail ? (
        <span className="health-detail" data-testid="plugin-health-detail">
          {health.detail}
        </span>
      ) : null}
    </span>
  );
}
