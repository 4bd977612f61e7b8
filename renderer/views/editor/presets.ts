/**
 * "New from preset": starting points embedded in the renderer (nothing is fetched
 * at run time). The Contiv 2019 preset follows the layout of Contiv's own
 * config.template.json (../shared/contiv/config.template.json) with the values it
 * ships, trimmed to the settings a first run needs; the rest can be added later
 * from the Contiv panel's table of settings.
 */
import type { MessageKey } from '../../i18n';

export interface Preset {
  id: string;
  label: MessageKey;
  text: string;
}

const env = (Name: string, Description: string, Value: string) => ({ Description, Name, Settable: ['value'], Value });

const pretty = (v: unknown) => JSON.stringify(v, null, 4) + '\n';

export const PRESETS: Preset[] = [
  {
    id: 'network',
    label: 'editor.preset.network',
    text: pretty({
      description: 'A network driver',
      documentation: '',
      entrypoint: ['/plugin'],
      interface: { types: ['docker.networkdriver/1.0'], socket: 'plugin.sock' },
      network: { type: 'host' },
      linux: { capabilities: ['CAP_NET_ADMIN'] },
      env: [],
    }),
  },
  {
    id: 'volume',
    label: 'editor.preset.volume',
    text: pretty({
      description: 'A volume driver',
      documentation: '',
      entrypoint: ['/plugin'],
      interface: { types: ['docker.volumedriver/1.0'], socket: 'plugin.sock' },
      network: { type: 'host' },
      propagatedMount: '/mnt/volumes',
      linux: { capabilities: ['CAP_SYS_ADMIN'] },
      mounts: [],
      env: [],
    }),
  },
  {
    id: 'contiv-2019',
    label: 'editor.preset.contiv2019',
    text: pretty({
      manifestVersion: 'v0',
      description: 'Contiv network plugin for Docker',
      documentation: 'https://contiv.github.io',
      entrypoint: ['/startcontiv.sh'],
      network: { type: 'host' },
      env: [
        env('CONTIV_ROLE', 'contiv net service net, options: [netmaster, netplugin]', 'netplugin'),
        env('CONTIV_LOG_DIR', 'contiv log file directory', '/var/log/contiv'),
        env('CONTIV_NETPLUGIN_ETCD_ENDPOINTS', 'a comma-delimited list of netplugin etcd endpoints', 'http://127.0.0.1:2379'),
        env('CONTIV_NETPLUGIN_VLAN_UPLINKS', 'a comma-delimited list of netplugin VLAN uplink interfaces used by OVS', ''),
        env('CONTIV_NETPLUGIN_VTEP_IP', 'netplugin vtep ip for vxlan communication', ''),
        env('CONTIV_NETPLUGIN_CONTROL_IP', 'netplugin control ip for control plane communication', ''),
        env('CONTIV_NETPLUGIN_FORWARD_MODE', 'netplugin forwarding network mode, options: [bridge, routing]', ''),
        env('CONTIV_NETPLUGIN_MODE', 'netplugin mode, options: [docker, kubernetes, swarm-mode]', ''),
        env('CONTIV_NETPLUGIN_NET_MODE', 'netplugin network mode, options: [vlan, vxlan]', ''),
        env('CONTIV_NETMASTER_ETCD_ENDPOINTS', 'a comma-delimited list of netmaster etcd endpoints', 'http://127.0.0.1:2379'),
        env('CONTIV_NETMASTER_FORWARD_MODE', 'netmaster forwarding network mode, options: [bridge, routing]', ''),
        env('CONTIV_NETMASTER_EXTERNAL_ADDRESS', 'netmaster external address to listen on, used for general API service', '0.0.0.0:9999'),
        env('CONTIV_NETMASTER_MODE', 'netmaster mode, options: [docker, kubernetes, swarm-mode]', ''),
        env('CONTIV_NETMASTER_PLUGIN_NAME', 'netmaster plugin name for docker v2 plugin', 'netplugin'),
        env('CONTIV_NETMASTER_NET_MODE', 'netmaster network mode, options: [vlan, vxlan]', ''),
      ],
      mounts: [
        { type: 'bind', options: ['rbind'], source: '/etc/openvswitch', destination: '/etc/openvswitch' },
        { type: 'bind', options: ['rbind'], source: '/var/log', destination: '/var/log' },
        { type: 'bind', options: ['rbind'], source: '/var/run', destination: '/var/run' },
        { type: 'bind', options: ['rbind'], source: '/lib/modules', destination: '/lib/modules' },
      ],
      interface: { types: ['docker.networkdriver/1.0', 'docker.ipamdriver/1.0'], socket: 'netplugin.sock' },
      Linux: { Capabilities: ['CAP_SYS_ADMIN', 'CAP_NET_ADMIN', 'CAP_SYS_MODULE'] },
    }),
  },
];
