/** Each privilege in plain words (translated), with its values filled in. */
import type { Privilege } from '../../../electron/ipc/types';
import type { MessageKey } from '../../i18n';
import type { T } from '../../i18n/useT';

const KEY: Record<Privilege['name'], MessageKey> = {
  network: 'install.priv.network',
  mount: 'install.priv.mount',
  device: 'install.priv.device',
  'allow-all-devices': 'install.priv.allDevices',
  capabilities: 'install.priv.capabilities',
  'host ipc namespace': 'install.priv.ipc',
  'host pid namespace': 'install.priv.pid',
};

/** Capabilities that give the plugin the run of the host: said out loud. */
const STRONG_CAPS = /^(CAP_)?(SYS_ADMIN|NET_ADMIN|SYS_MODULE|SYS_PTRACE|DAC_OVERRIDE|DAC_READ_SEARCH|SYS_RAWIO|ALL)$/i;

export function privilegeWords(p: Privilege, t: T): { title: string; body: string; strong: boolean } {
  const value = p.value.join(', ');
  if (p.name === 'network') {
    return { title: t('install.priv.title.network'), body: t(p.value[0] === 'host' ? 'install.priv.networkHost' : KEY.network, { value }), strong: p.value[0] === 'host' };
  }
  const strong = p.name === 'allow-all-devices' || p.name === 'host pid namespace' || (p.name === 'capabilities' && p.value.some((c) => STRONG_CAPS.test(c)));
  const titles: Record<Privilege['name'], MessageKey> = {
    network: 'install.priv.title.network',
    mount: 'install.priv.title.mount',
    device: 'install.priv.title.device',
    'allow-all-devices': 'install.priv.title.allDevices',
    capabilities: 'install.priv.title.capabilities',
    'host ipc namespace': 'install.priv.title.ipc',
    'host pid namespace': 'install.priv.title.pid',
  };
  return { title: t(titles[p.name]), body: t(KEY[p.name], { value }), strong };
}
