/**
 * Rules for the 2019 layout (`CONTIV_*`), as netplugin and netmaster validate their options at
 * start-up (contiv/netplugin utils/configs.go, netmaster/main.go, netplugin/netd.go) and as the
 * start script checks the role. Every refusal there ends the binary with exit code 22 and a line
 * in its own log under CONTIV_LOG_DIR; the start script restarts it every 5 s, the socket never
 * opens and enable fails after ~12.6 s with the same dial error — so each message says which log
 * holds the real reason.
 */
import { contivSetting } from './settings';
import type { CheckContext } from './context';
import { parseEndpoints, parseEnvBool, parseLogLevel, parsePort, splitList } from './values';
import { valuePath, type EnvSlot } from './view';

type Bin = 'NETPLUGIN' | 'NETMASTER';
const binName = (b: Bin) => b.toLowerCase();

function checkRole(ctx: CheckContext): void {
  const role = ctx.get('CONTIV_ROLE');
  const value = role?.value ?? '';
  ctx.netmasterRuns = value === 'netmaster';
  if (!role || value === '' || value === 'netmaster' || value === 'netplugin') return;
  const suggestion = value === 'master' ? 'netmaster' : value === 'worker' ? 'netplugin' : undefined;
  ctx.push({
    severity: 'warning', code: 'contiv/role-invalid', path: valuePath(role),
    message: `CONTIV_ROLE "${value}" is refused: the start script prints "CRITICAL: ENV CONTIV_ROLE must be in [netmaster, netplugin]" and exits. That line goes only to the engine's log (tagged plugin=<id>) — no bootup log is written — and enable fails after ~12.6 s with "dial unix …/netplugin.sock: connect: no such file or directory".${value === 'master' ? ' (`master` was the 2017 plugin_role value; its 2019 name is `netmaster`.)' : ''}`,
    ...(suggestion ? { suggestion } : {}),
  });
}

function checkNetworkOptions(ctx: CheckContext, bin: Bin): void {
  const push = bin === 'NETMASTER' ? ctx.pushNetmaster.bind(ctx) : ctx.push.bind(ctx);
  const log = `${binName(bin)}.log`;
  const refuse = (slot: EnvSlot | undefined, code: string, said: string, suggestion?: string) =>
    push({
      severity: 'warning', code, path: slot ? valuePath(slot) : ['Env'],
      message: `${slot?.name ?? `CONTIV_${bin}_…`}: ${binName(bin)} refuses to start ("${said}", exit code 22, only in ${log}); it restarts every 5 s and enable fails with the dial error.`,
      ...(suggestion ? { suggestion } : {}),
    });

  const modeSlot = ctx.get(`CONTIV_${bin}_MODE`);
  const mode = (modeSlot?.value ?? '').toLowerCase();
  if (mode === '') refuse(modeSlot, 'contiv/mode-missing', `${binName(bin)} mode is not set`, 'docker');
  else if (!['docker', 'kubernetes', 'swarm-mode', 'test'].includes(mode)) refuse(modeSlot, 'contiv/mode-invalid', `unknown ${binName(bin)} mode: ${mode}`, 'docker');

  const netSlot = ctx.get(`CONTIV_${bin}_NET_MODE`);
  const net = (netSlot?.value ?? '').toLowerCase();
  if (net === '') refuse(netSlot, 'contiv/netmode-missing', `${binName(bin)} network mode is not set`);
  else if (net !== 'vlan' && net !== 'vxlan') refuse(netSlot, 'contiv/netmode-invalid', `unknown ${binName(bin)} network mode: ${net}`);

  // Contiv's own messages for the two forwarding-mode cases are swapped; quote them as they are.
  const fwdSlot = ctx.get(`CONTIV_${bin}_FORWARD_MODE`);
  const fwd = (fwdSlot?.value ?? '').toLowerCase();
  if (fwd === '') refuse(fwdSlot, 'contiv/fwdmode-missing', `unknown ${binName(bin)} forwarding mode: `, net === 'vxlan' ? 'routing' : undefined);
  else if (fwd !== 'bridge' && fwd !== 'routing') refuse(fwdSlot, 'contiv/fwdmode-invalid', `${binName(bin)} forwarding mode is not set`);
  else if (net === 'vxlan' && fwd === 'bridge') {
    refuse(fwdSlot, 'contiv/vxlan-needs-routing', `invalid ${binName(bin)} forwarding mode: "bridge" (network mode: "vxlan")`, 'routing');
  }

  if (bin === 'NETPLUGIN' && net === 'vlan') {
    const up = ctx.get('CONTIV_NETPLUGIN_VLAN_UPLINKS');
    if (!up || splitList(up.value).length === 0) refuse(up, 'contiv/uplinks-required', 'vlan-uplinks must be set when using VLAN mode');
  }
}

/** netplugin and netmaster must agree on the cluster's modes and store. */
function checkAgreement(ctx: CheckContext): void {
  if (!ctx.netmasterRuns) return;
  for (const [what, suffix] of [['network mode', 'NET_MODE'], ['forwarding mode', 'FORWARD_MODE']] as const) {
    const a = ctx.get(`CONTIV_NETPLUGIN_${suffix}`);
    const b = ctx.get(`CONTIV_NETMASTER_${suffix}`);
    if (a && b && a.value !== '' && b.value !== '' && a.value.toLowerCase() !== b.value.toLowerCase()) {
      ctx.push({
        severity: 'warning', code: 'contiv/mode-mismatch', path: valuePath(b),
        message: `netmaster's ${what} is "${b.value}" but netplugin's is "${a.value}" on the same host: netmaster records the cluster's ${what} and netplugin programs OVS for its own, so networks do not work as created.`,
        suggestion: a.value,
      });
    }
  }
}

function checkStore(ctx: CheckContext, bin: Bin): void {
  const push = bin === 'NETMASTER' ? ctx.pushNetmaster.bind(ctx) : ctx.push.bind(ctx);
  const etcd = ctx.get(`CONTIV_${bin}_ETCD_ENDPOINTS`);
  const consul = ctx.get(`CONTIV_${bin}_CONSUL_ENDPOINTS`);
  const e = etcd?.value ?? '';
  const c = consul?.value ?? '';
  if (e !== '' && c !== '') {
    push({
      severity: 'warning', code: 'contiv/store-ambiguous', path: valuePath(consul!),
      message: `Both CONTIV_${bin}_ETCD_ENDPOINTS and CONTIV_${bin}_CONSUL_ENDPOINTS are set: ${binName(bin)} refuses to start ("ambiguous ${binName(bin)} db endpoints, both etcd and consul specified", exit code 22, only in ${binName(bin)}.log). Empty one of them.`,
      suggestion: '',
    });
    return;
  }
  const slot = c !== '' ? consul! : etcd;
  if (e === '' && c === '') {
    if (etcd || consul) {
      push({
        severity: 'info', code: 'contiv/store-default', path: valuePath((etcd ?? consul)!),
        message: `No store endpoints for ${binName(bin)}: it uses etcd at http://127.0.0.1:2379 (the host's, since the plugin shares the host network).`,
      });
    }
    return;
  }
  const p = parseEndpoints(slot!.value);
  if (!p.ok) {
    push({
      severity: 'warning', code: 'contiv/store-url-invalid', path: valuePath(slot!),
      message: `${slot!.name}: ${p.reason}. ${binName(bin)} cannot reach its store ("Error connecting to state store" in ${binName(bin)}.log) and restarts every 5 s.`,
      ...(/^etcd:\/\//.test(slot!.value) ? { suggestion: slot!.value.replace(/^etcd:/, 'http:') } : {}),
    });
    return;
  }
  if (p.value.length > 1) {
    push({
      severity: 'info', code: 'contiv/store-first-only', path: valuePath(slot!),
      message: `${slot!.name} lists ${p.value.length} endpoints, but Contiv uses only the first (${splitList(slot!.value)[0]}): if that one is down, ${binName(bin)} does not try the others.`,
    });
  }
  ctx.checkStoreHost(slot!, p.value[0]!.host);
  if (slot === etcd && bin === 'NETPLUGIN') ctx.noteEtcdV2(slot!);
}

function checkStoresAgree(ctx: CheckContext): void {
  if (!ctx.netmasterRuns) return;
  const first = (n: string) => splitList(ctx.get(n)?.value ?? '')[0] ?? '';
  const pe = first('CONTIV_NETPLUGIN_ETCD_ENDPOINTS') || first('CONTIV_NETPLUGIN_CONSUL_ENDPOINTS') || 'http://127.0.0.1:2379';
  const me = first('CONTIV_NETMASTER_ETCD_ENDPOINTS') || first('CONTIV_NETMASTER_CONSUL_ENDPOINTS') || 'http://127.0.0.1:2379';
  const slot = ctx.get('CONTIV_NETMASTER_ETCD_ENDPOINTS') ?? ctx.get('CONTIV_NETMASTER_CONSUL_ENDPOINTS');
  if (slot && pe !== me) {
    ctx.push({
      severity: 'warning', code: 'contiv/store-mismatch', path: valuePath(slot),
      message: `netmaster keeps state in ${me} but netplugin reads ${pe}: networks netmaster creates never reach netplugin on this host.`,
      suggestion: pe,
    });
  }
}

function checkSmallValues(ctx: CheckContext): void {
  for (const bin of ['NETPLUGIN', 'NETMASTER'] as const) {
    const push = bin === 'NETMASTER' ? ctx.pushNetmaster.bind(ctx) : ctx.push.bind(ctx);
    const lvl = ctx.get(`CONTIV_${bin}_LOG_LEVEL`);
    if (lvl && lvl.value !== '') {
      const p = parseLogLevel(lvl.value);
      if (!p.ok) {
        push({
          severity: 'warning', code: 'contiv/log-level-invalid', path: valuePath(lvl),
          message: `${lvl.name}: ${binName(bin)} refuses to start ("${p.reason}", in ${binName(bin)}.log).`,
          suggestion: 'INFO',
        });
      }
    }
    for (const flag of ['USE_SYSLOG', 'USE_JSON_LOG']) {
      const s = ctx.get(`CONTIV_${bin}_${flag}`);
      if (!s) continue;
      const p = parseEnvBool(s.value);
      if (!p.ok) {
        push({
          severity: 'warning', code: 'contiv/bool-invalid', path: valuePath(s),
          message: `${s.name}: ${p.reason}; ${binName(bin)}'s flag parser refuses it before starting (in ${binName(bin)}.log).`,
          suggestion: 'false',
        });
      }
    }
    const syslogOn = parseEnvBool(ctx.get(`CONTIV_${bin}_USE_SYSLOG`)?.value ?? '');
    const url = ctx.get(`CONTIV_${bin}_SYSLOG_URL`);
    if (syslogOn.ok && syslogOn.value && url && !/^[a-z0-9]+:\/\/[^/]+$/.test(url.value)) {
      push({
        severity: 'warning', code: 'contiv/syslog-url-invalid', path: valuePath(url),
        message: `${url.name} "${url.value}" is not protocol://ip:port: with syslog on, ${binName(bin)} fails to connect to syslog and exits (in ${binName(bin)}.log).`,
        suggestion: 'udp://127.0.0.1:514',
      });
    }
  }
  const port = ctx.get('CONTIV_NETPLUGIN_VXLAN_PORT');
  if (port && port.value !== '') {
    const p = parsePort(port.value);
    if (!p.ok) {
      ctx.push({
        severity: 'warning', code: 'contiv/port-invalid', path: valuePath(port),
        message: `CONTIV_NETPLUGIN_VXLAN_PORT: ${p.reason}; netplugin's flag parser refuses it (in netplugin.log).`,
        suggestion: '4789',
      });
    }
  }
  const infra = ctx.get('CONTIV_NETMASTER_INFRA');
  if (infra && !['aci', 'default'].includes(infra.value.toLowerCase())) {
    ctx.pushNetmaster({
      severity: 'warning', code: 'contiv/infra-invalid', path: valuePath(infra),
      message: `CONTIV_NETMASTER_INFRA "${infra.value}": netmaster refuses to start ("Unknown netmaster infra type: ${infra.value.toLowerCase()}", in netmaster.log).`,
      suggestion: 'default',
    });
  }
}

/** The log folder is the one readable channel (ENGINE-NOTES): it should sit under a bind mount. */
export function checkLogDir(ctx: CheckContext, slot: EnvSlot | undefined, fallback: string): void {
  const dir = slot && slot.value !== '' ? slot.value : fallback;
  if (!dir.startsWith('/')) {
    if (slot) {
      ctx.push({
        severity: 'warning', code: 'contiv/log-dir-relative', path: valuePath(slot),
        message: `${slot.name} "${dir}" is not an absolute path: the logs land relative to the plugin's working folder, out of reach from the host.`,
        suggestion: fallback,
      });
    }
    return;
  }
  const mounts = Array.isArray(ctx.view.Mounts) ? ctx.view.Mounts : [];
  const covered = mounts.some((m) => {
    const raw = m?.Destination ?? '';
    const d = raw.replace(/\/+$/, '');
    if (d === '') return raw.startsWith('/'); // a mount of "/" covers everything
    return dir === d || dir.startsWith(`${d}/`);
  });
  if (!covered) {
    ctx.push({
      severity: 'info', code: 'contiv/log-dir-not-mounted', path: slot ? valuePath(slot) : ['Mounts'],
      message: `No bind mount covers the log folder ${dir}: plugin_bootup.log, netplugin.log and netmaster.log stay inside the plugin's rootfs, and a failed enable leaves you only the engine's dial error. Mount ${dir} (or a parent) from the host.`,
    });
  }
}

export function rules2019(ctx: CheckContext): void {
  checkRole(ctx);
  checkNetworkOptions(ctx, 'NETPLUGIN');
  if (ctx.netmasterRuns || ctx.get('CONTIV_NETMASTER_MODE')) checkNetworkOptions(ctx, 'NETMASTER');
  checkAgreement(ctx);
  checkStore(ctx, 'NETPLUGIN');
  checkStore(ctx, 'NETMASTER');
  checkStoresAgree(ctx);
  ctx.checkLocalIP(ctx.get('CONTIV_NETPLUGIN_VTEP_IP'), '', 'VTEP address');
  ctx.checkLocalIP(ctx.get('CONTIV_NETPLUGIN_CONTROL_IP'), '', 'control address');
  ctx.checkUplinks(ctx.get('CONTIV_NETPLUGIN_VLAN_UPLINKS'));
  const ext = ctx.get('CONTIV_NETMASTER_EXTERNAL_ADDRESS');
  // Absent means netmaster's own default, 0.0.0.0:9999; present-but-empty is refused.
  ctx.checkBindAddress(ext, { emptyOk: false });
  ctx.checkBindAddress(ctx.get('CONTIV_NETMASTER_INTERNAL_ADDRESS'), { emptyOk: true });
  const mode = (ctx.get('CONTIV_NETMASTER_MODE')?.value ?? '').toLowerCase();
  // netmaster ignores the plugin name outside docker and swarm-mode.
  if (mode !== 'kubernetes') ctx.checkPluginName(ctx.get('CONTIV_NETMASTER_PLUGIN_NAME'));
  checkSmallValues(ctx);
  checkLogDir(ctx, ctx.get('CONTIV_LOG_DIR'), contivSetting('contiv-2019', 'CONTIV_LOG_DIR')!.default);
}
