/**
 * Check 16, for every plugin, Contiv or not: settable mount sources / device paths still empty,
 * mount sources missing on the host, an authorization plugin enabled but not in the engine's
 * authorization-plugins, network/IPAM types not /1.0 (the engine finds those only at exactly 1.0),
 * and "enabled, not answering".
 */
import { capabilityOf, cli, settingsOf, type EnginePlugin } from '../../docker/plugin-model';
import type { DoctorAction, PluginHealth } from '../../../ipc/types';
import { openEditor } from '../actions';
import { DESKTOP_SKIP, REMOTE_SKIP, pass, type CheckDef, type Outcome } from '../types';
import { mountFacts, type MountFact } from './plugin';

export interface GenericInput {
  plugins: EnginePlugin[];
  /** The engine's /info Plugins.Authorization (authz plugins in effect). */
  authorization: string[];
  mode: 'local' | 'remote' | 'desktop';
  health: Map<string, PluginHealth>;
  mounts: Map<string, MountFact[]>;
}

interface Finding {
  severity: 'fail' | 'warn';
  text: string;
  fix: string;
  command?: string;
  action?: DoctorAction;
}

export function pluginFindings(p: EnginePlugin, input: GenericInput): Finding[] {
  const out: Finding[] = [];
  for (const s of settingsOf(p)) {
    if ((s.kind === 'mount' || s.kind === 'device') && s.setKey && (s.value === null || s.value === '')) {
      out.push({
        severity: p.Enabled ? 'warn' : 'warn',
        text: `${p.Name}: settable ${s.kind} ${s.setKey} is empty — enable fails with "${s.kind === 'mount' ? 'mount source is not specified' : 'device path is not specified'}"`,
        fix: `Set it before enabling.`,
        command: cli.set(p.Name, [{ key: s.setKey, value: `<host ${s.kind === 'mount' ? 'path' : 'device'}>` }]),
        // Only the user knows which host path: open the field rather than guess a value.
        action: openEditor(p.Name, s.setKey, p.Enabled, `<host ${s.kind === 'mount' ? 'path' : 'device'}>`),
      });
    }
  }
  if (input.mode === 'local') {
    for (const m of input.mounts.get(p.Id) ?? []) {
      if (m.exists === false) out.push({ severity: 'fail', text: `${p.Name}: mount source ${m.source} (→ ${m.destination}) is missing on this host`, fix: `Create ${m.source} or set the mount elsewhere.`, command: `mkdir -p ${m.source}` });
    }
  }
  const types = p.Config?.Interface?.Types ?? [];
  for (const t of types) {
    const cap = capabilityOf(t);
    if ((cap.kind === 'network' || cap.kind === 'ipam' || cap.kind === 'metrics') && !t.endsWith('/1.0')) {
      out.push({ severity: 'fail', text: `${p.Name}: interface type ${t} — the engine finds ${cap.kind} plugins only at exactly /1.0`, fix: `Rebuild the plugin with "${t.replace(/\/.*$/, '/1.0')}" in config.json.` });
    }
    if (cap.kind === 'authz' && p.Enabled) {
      const inEffect = input.authorization.some((a) => a === p.Name || a === p.Name.replace(/:latest$/, ''));
      if (!inEffect) {
        out.push({
          severity: 'warn',
          text: `${p.Name}: authorization plugin enabled but not in the engine's authorization-plugins (${input.authorization.join(', ') || 'none'}): it authorizes nothing`,
          fix: `Add it to "authorization-plugins" in /etc/docker/daemon.json (or dockerd --authorization-plugin=${p.Name}) and reload the engine.`,
        });
      }
    }
  }
  const h = input.health.get(p.Id);
  if (p.Enabled && h && h.state === 'not-answering') {
    out.push({ severity: 'fail', text: `${p.Name}: enabled, not answering — ${h.detail}`, fix: 'Disable and enable it; read its engine log lines.', command: `${cli.disable(p.Name, true)} && ${cli.enable(p.Name, 30)}` });
  }
  return out;
}

export function evalGeneric(input: GenericInput): Outcome {
  if (input.plugins.length === 0) return pass(['no plugins installed']);
  const findings = input.plugins.flatMap((p) => pluginFindings(p, input));
  const ev = input.plugins.map((p) => {
    const h = input.health.get(p.Id);
    return `${p.Name}: ${p.Enabled ? 'enabled' : 'disabled'}${h ? `, ${h.state}` : ''}`;
  });
  if (input.mode !== 'local') ev.push(input.mode === 'remote' ? `socket and mount-source parts ${REMOTE_SKIP}` : `socket and mount-source parts ${DESKTOP_SKIP}`);
  if (findings.length === 0) return pass(ev);
  const status = findings.some((x) => x.severity === 'fail') ? 'fail' : 'warn';
  const action = findings.find((x) => x.action)?.action;
  return {
    status,
    evidence: [...findings.map((x) => `${x.severity.toUpperCase()}: ${x.text}`), ...ev],
    fix: [...new Set(findings.map((x) => x.fix))].join(' '),
    command: findings.find((x) => x.command)?.command,
    ...(action ? { action } : {}),
  };
}

export const genericChecks: CheckDef[] = [
  {
    id: 'plugin-generic',
    title: 'Every plugin: settings, mounts, authz, interface versions, answering',
    group: 'plugin',
    why: 'These fail only at enable or at first use, with engine messages that do not name the cause.',
    async run(f) {
      const [plugins, info, mode] = await Promise.all([f.plugins(), f.info().catch(() => null), f.hostMode()]);
      const authorization = ((info?.Plugins as { Authorization?: string[] | null } | undefined)?.Authorization ?? []) as string[];
      const health = new Map<string, PluginHealth>();
      const mounts = new Map<string, MountFact[]>();
      if (mode === 'local') {
        await Promise.all(
          plugins.map(async (p) => {
            mounts.set(p.Id, await mountFacts(p));
            if (p.Enabled) health.set(p.Id, await f.probe(p));
          }),
        );
      }
      return evalGeneric({ plugins, authorization, mode, health, mounts });
    },
  },
];
