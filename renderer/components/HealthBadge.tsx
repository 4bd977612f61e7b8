/**
 * What "enabled" really means for a plugin: the engine calls a silent plugin enabled,
 * so the badge reports the service's own check on the plugin's socket — in the words the
 * topology and the CLI use too (electron/ipc/health.ts).
 */
import { healthWord, skippedReason } from '../../electron/ipc/health';
import type { PluginHealth } from '../../electron/ipc/types';
import type { T } from '../i18n/useT';

export function healthText(enabled: boolean, health: PluginHealth, t: T): { text: string; tone: 'off' | 'ok' | 'warn' | 'info' } {
  const word = healthWord(enabled, health);
  const tone = ({ disabled: 'off', enabled: 'ok', notAnswering: 'warn', skipped: 'info', checking: 'info' } as const)[word];
  return { text: t(`health.${word}`, word === 'skipped' ? { reason: skippedReason(health) } : undefined), tone };
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
