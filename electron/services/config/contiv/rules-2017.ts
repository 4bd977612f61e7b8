/**
 * Rules for the 2017 layout (the seed's config.json): lower-case env read by the old
 * `/startcontiv.sh`, which pastes the values unquoted into netplugin/netmaster command lines
 * (`-vlan-if $iflist -cluster-store $cluster_store …`) and restarts each binary every 5 s.
 * Read in contiv/netplugin install/v2plugin/startcontiv.sh as of 2017.
 */
import type { CheckContext } from './context';
import { checkLogDir } from './rules-2019';
import { parseClusterStore, parsePort } from './values';
import { valuePath } from './view';

export function rules2017(ctx: CheckContext): void {
  const role = ctx.get('plugin_role');
  const roleValue = role?.value ?? '';
  ctx.netmasterRuns = roleValue === 'master';
  if (role && roleValue !== 'master' && roleValue !== 'worker') {
    ctx.push({
      severity: 'info', code: 'contiv/role-unknown', path: valuePath(role),
      message: `plugin_role "${roleValue}": the 2017 start script runs netmaster only for "master"; every other value runs netplugin alone, as "worker" does.`,
    });
  }

  const dbg = ctx.get('dbg_flag');
  if (dbg && dbg.value !== '' && dbg.value !== '-debug') {
    ctx.push({
      severity: 'warning', code: 'contiv/dbg-flag-invalid', path: valuePath(dbg),
      message: `dbg_flag "${dbg.value}" is pasted into netplugin's command line as a flag: anything but "-debug" or empty is an unknown flag, netplugin exits at once and the start script restarts it every 5 s (netplugin.log: "flag provided but not defined").`,
      suggestion: '-debug',
    });
  }

  const store = ctx.get('cluster_store');
  if (store) {
    const p = parseClusterStore(store.value);
    if (!p.ok) {
      ctx.push({
        severity: 'warning', code: 'contiv/store-url-invalid', path: valuePath(store),
        message: `cluster_store: ${p.reason}. netplugin and netmaster cannot open the store and exit; the start script restarts them every 5 s (netplugin.log / netmaster.log).`,
        ...(/^https?:\/\//.test(store.value) ? { suggestion: store.value.replace(/^https?:/, 'etcd:') } : {}),
      });
    } else {
      ctx.checkStoreHost(store, p.value.host);
      if (p.value.driver === 'etcd') ctx.noteEtcdV2(store);
    }
  }

  // The script passes `-vlan-if $iflist` unquoted: an empty iflist makes `-vlan-if` swallow the
  // next flag name (`-cluster-store`) as its value, and the store URL then ends flag parsing.
  const iflist = ctx.get('iflist');
  if (iflist && iflist.value.trim() === '') {
    ctx.push({
      severity: 'warning', code: 'contiv/empty-iflist', path: valuePath(iflist),
      message: 'iflist is empty. The 2017 start script passes `-vlan-if $iflist -cluster-store $cluster_store` unquoted, so netplugin takes "-cluster-store" as the uplink name and stops reading flags at the store URL: cluster_store, ctrl_ip and vtep_ip are all ignored and netplugin falls back to its defaults. The bootup log shows the command line it ran.',
    });
  }
  ctx.checkUplinks(iflist);
  ctx.checkLocalIP(ctx.get('ctrl_ip'), 'none', 'control address');
  ctx.checkLocalIP(ctx.get('vtep_ip'), 'none', 'VTEP address');
  ctx.checkBindAddress(ctx.get('listen_url'), { emptyOk: false, defaultSentinel: ':9999' });
  ctx.checkBindAddress(ctx.get('control_url'), { emptyOk: true, defaultSentinel: ':9999' });
  ctx.checkPluginName(ctx.get('plugin_name'));

  const mode = ctx.get('plugin_mode');
  if (mode && !['docker', 'swarm-mode'].includes(mode.value)) {
    ctx.push({
      severity: 'warning', code: 'contiv/mode-invalid', path: valuePath(mode),
      message: `plugin_mode "${mode.value}" is not docker or swarm-mode: netplugin refuses an unknown plugin mode and exits (netplugin.log), restarted every 5 s.`,
      suggestion: 'docker',
    });
  }
  const fwd = ctx.get('fwd_mode');
  if (fwd && !['', 'bridge', 'routing'].includes(fwd.value)) {
    ctx.push({
      severity: 'warning', code: 'contiv/fwdmode-invalid', path: valuePath(fwd),
      message: `fwd_mode "${fwd.value}" is not bridge or routing: netplugin refuses it and exits (netplugin.log).`,
      suggestion: 'bridge',
    });
  }
  const port = ctx.get('vxlan_port');
  if (port) {
    const p = parsePort(port.value);
    if (!p.ok) {
      ctx.push({ severity: 'warning', code: 'contiv/port-invalid', path: valuePath(port), message: `vxlan_port: ${p.reason}; netplugin refuses it (netplugin.log).`, suggestion: '4789' });
    }
  }
  // The seed's start script logs to /var/run/contiv/log; later 2017 ones to $log_dir.
  const logDir = ctx.get('log_dir');
  checkLogDir(ctx, logDir, logDir ? '/var/log/contiv' : '/var/run/contiv/log');
}
