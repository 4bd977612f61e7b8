/** Interface types in words; an unknown type is shown exactly as the plugin declares it. */
import type { PluginCapability, PluginKind } from '../../../electron/ipc/types';
import type { MessageKey } from '../../i18n';
import type { T } from '../../i18n/useT';

const KIND_KEY: Record<Exclude<PluginKind, 'unknown'>, MessageKey> = {
  network: 'kind.network',
  ipam: 'kind.ipam',
  volume: 'kind.volume',
  log: 'kind.log',
  authz: 'kind.authz',
  metrics: 'kind.metrics',
  csi: 'kind.csi',
};

export function capabilityWords(caps: PluginCapability[], t: T): string[] {
  const words = caps.map((c) => (c.kind === 'unknown' ? c.type : t(KIND_KEY[c.kind])));
  // CSI plugins declare two types (controller and node): say it once.
  return [...new Set(words)];
}
