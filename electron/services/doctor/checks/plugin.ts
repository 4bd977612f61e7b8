/** Checks 2 (Contiv plugin installed, enabled, named as its config expects), 3 (socket answers), 4 (bind-mount sources). */
import { stat } from 'node:fs/promises';
import { cli, type EnginePlugin } from '../../docker/plugin-model';
import { sameReference } from '../../docker/reference';
import type { PluginHealth } from '../../../ipc/types';
import type { ContivView } from '../contiv-config';
import type { DoctorFacts, TargetPlugin } from '../facts';
import { logMatchesOf } from './logs';
import { DESKTOP_SKIP, REMOTE_SKIP, SUDO_FIX, pass, skip, unknown, type CheckDef, type Outcome } from '../types';
import { enablePlugin, openEditor, setSetting } from '../actions';
import { describeScript, type StartScriptFact } from '../plugin-rootfs';
import { pluginOutputOf, type PluginOutput } from '../plugin-output';

/**
 * What the doctor knows about enabling the plugin again: reasons it is certain to fail (then no
 * one-click Enable is offered: it would only repeat the failure), and what the engine said at the
 * failed enable when the evidence shows it (a missing mount source: the OCI mount error, not the dial error).
 */
export interface EnableOutlook {
  certain: string[];
  engineSaid: string | null;
}

/** The 2019 start script's own test: `CONTIV_ROLE must be in [netmaster, netplugin]`. */
export const CONTIV_ROLES = ['netmaster', 'netplugin'] as const;

export function badRole(contiv: ContivView | null): string | null {
  const r = contiv?.role;
  if (!r || r.setting !== 'CONTIV_ROLE' || (CONTIV_ROLES as readonly string[]).includes(r.value)) return null;
  return `CONTIV_ROLE is "${r.value}": the 2019 start script accepts only netmaster or netplugin and exits at once ("CRITICAL: ENV CONTIV_ROLE must be in [netmaster, netplugin]")`;
}

/** The outlook from what the run saw: missing mount sources, a refused role, a start that stopped at modprobe with the module still missing. */
export function enableOutlook(input: { missingMounts: string[]; contiv: ContivView | null; stoppedAtModprobe: string | null }): EnableOutlook {
  const certain: string[] = [];
  if (input.missingMounts.length) certain.push(`bind-mount source ${input.missingMounts.join(', ')} is missing on this host: the engine cannot start the plugin`);
  const role = badRole(input.contiv);
  if (role) certain.push(role);
  if (input.stoppedAtModprobe) certain.push(input.stoppedAtModprobe);
  const m = input.missingMounts[0];
  return { certain, engineSaid: m ? `OCI runtime create failed: … error mounting "${m}" to rootfs … stat ${m}: no such file or directory` : null };
}

/**
 * `script`: the start script read from the plugin's rootfs (plugin-rootfs.ts). When it reads none of
 * the configured env names, the next start exits silently for certain: no one-click Enable then.
 */
export function evalContivPlugin(t: TargetPlugin, contiv: ContivView | null, installed: string[], outlook: EnableOutlook = { certain: [], engineSaid: null }, script: StartScriptFact | null = null): Outcome {
  if (!t.plugin) {
    if (t.requested) {
      return {
        status: 'fail',
        evidence: [`no plugin named ${t.requested}`, `installed: ${installed.join(', ') || 'none'}`],
        fix: `Install or create it, e.g. \`docker plugin install ${t.requested}\`, or pass the installed name with --plugin.`,
        command: cli.ls(),
      };
    }
    return skip('skipped: no Contiv plugin on this engine (none with netplugin.sock or Contiv env names)', [`installed: ${installed.join(', ') || 'none'}`]);
  }
  const p = t.plugin;
  if (!t.contiv || !contiv) return skip(`skipped: ${p.Name} is not a Contiv plugin (no netplugin.sock, no Contiv env names); the generic checks still apply`);
  const ev = [`${p.Name} (id ${p.Id.slice(0, 12)}): ${p.Enabled ? 'enabled' : 'disabled'}, layout ${contiv.layout ?? 'unknown'}`];
  const problems: Outcome[] = [];
  if (contiv.pluginName) {
    ev.push(`${contiv.pluginName.setting}=${contiv.pluginName.value}`);
    if (!sameReference(contiv.pluginName.value, p.Name)) {
      problems.push({
        status: 'fail',
        evidence: [`${contiv.pluginName.setting} is "${contiv.pluginName.value}" but the plugin is installed as "${p.Name}": netplugin asks the engine for a driver of that name ("legacy plugin: plugin not found")`],
        fix: `Disable the plugin and set the name it really has, then enable it.`,
        command: `${cli.disable(p.Name)} && ${cli.set(p.Name, [{ key: contiv.pluginName.setting, value: p.Name }])} && ${cli.enable(p.Name)}`,
      });
    }
  } else ev.push('no plugin_name / CONTIV_NETMASTER_PLUGIN_NAME setting: Contiv uses its built-in default');
  if (script) ev.push(describeScript(script));
  const read = script?.state === 'read' ? script : null;
  // A start script that reads none of the configured env names: it exits silently, for certain.
  const silent = read?.silentExit ? read : null;
  if (silent) {
    const wants = [...silent.prefixes.map((x) => `${x}*`), ...silent.reads].join(', ');
    problems.unshift({
      status: 'fail',
      evidence: [`${p.Enabled ? 'its next start' : 'enable'} fails for certain: ${silent.script} reads ${wants}, the config passes ${silent.configured.join(', ')}`],
      fix: `Rebuild the plugin with the env names its start script reads (${wants}) — env names are fixed at create, docker plugin set cannot rename them — or put the start script that reads these names in its rootfs. Enabling it as it is fails the same way.`,
      command: cli.inspect(p.Name),
    });
  }
  const role = silent ? null : badRole(contiv);
  if (role) problems.push({ status: 'fail', evidence: [role], fix: `Set ${contiv.role!.setting} to netplugin (or netmaster on the master node), then enable.`, command: cli.set(p.Name, [{ key: contiv.role!.setting, value: 'netplugin' }]) });
  if (!p.Enabled) {
    problems.push({
      status: 'fail',
      evidence: [
        outlook.engineSaid
          ? `the plugin is disabled: nothing serves the Contiv driver (at enable the engine says: ${outlook.engineSaid})`
          : 'the plugin is disabled: nothing serves the Contiv driver (after a failed enable the engine says only "dial unix …/netplugin.sock"; the logs check says why)',
        // REAL-FAILURES: the seed's 2017 config under the 2019 start script fails with no line anywhere.
        ...(contiv.layout === 'contiv-2017' && !read ? ['2017 layout (plugin_role, cluster_store, …): it works only with the 2017 start script; under the 2019 script the plugin exits silently and no log says why'] : []),
      ],
      fix: outlook.certain.length ? `Enabling now would fail again — first: ${outlook.certain.join('; ')}.` : 'Enable it once the other checks pass.',
      command: cli.enable(p.Name, 30),
    });
  }
  if (problems.length === 0) return pass(ev);
  // One click: the name first (the value is known: the installed name:tag), else a refused role
  // (only the user knows which role this node has), else enabling — never where the doctor knows
  // the enable will fail: the button would only repeat the failure.
  // Enabling with the wrong name would only bring up a driver netplugin cannot find.
  const nameWrong = contiv.pluginName && !sameReference(contiv.pluginName.value, p.Name);
  const action = nameWrong
    ? setSetting(p.Name, contiv.pluginName!.setting, p.Name, p.Enabled)
    : role
      ? openEditor(p.Name, contiv.role!.setting, p.Enabled, 'netplugin')
      : outlook.certain.length || silent
        ? undefined
        : enablePlugin(p.Name);
  const certain = outlook.certain.length && !p.Enabled ? [`enabling again is certain to fail: ${outlook.certain.join('; ')}`] : [];
  return { status: 'fail', evidence: [...ev, ...problems.flatMap((x) => x.evidence), ...certain], fix: problems.map((x) => x.fix).join(' '), command: problems[0].command, ...(action ? { action } : {}) };
}

/** `output`: the plugin's own story in the engine's log (plugin-output.ts), when the log was read. */
export function evalSocket(p: EnginePlugin | null, mode: 'local' | 'remote' | 'desktop', health: PluginHealth | null, contiv = false, output: PluginOutput | null = null): Outcome {
  if (!p) return skip('skipped: no plugin to examine');
  if (!p.Enabled) {
    // A Contiv plugin's disabled state is check 2's failure (with its fix); any other plugin the
    // user asked about has no other check that says so.
    if (contiv) return skip(`skipped: ${p.Name} is disabled, so nothing is expected to listen (the Contiv plugin check says why)`);
    if (output?.enableError) {
      // Its last enable failed: enabling again unchanged fails the same way, so no one-click Enable; its own output says why.
      const sock = p.Config?.Interface?.Socket ?? '';
      return {
        status: 'fail',
        evidence: [
          `${p.Name} is disabled: its last enable failed — ${output.enableError}`,
          output.neverListened ? `its entrypoint never listened on ${sock}; ${output.exit}` : output.exit,
          ...(output.lines.length ? [`its own last output (${output.total} line(s) tagged plugin=${p.Id.slice(0, 12)}…):`, ...output.lines.slice(-8).map((l) => `  ${l.slice(0, 300)}`)] : ['it wrote nothing to the engine log (no line tagged with its id)']),
        ],
        why: output.neverListened ? 'The engine waits for the socket the entrypoint should open; when it never comes, enable fails with only the dial error. Why it never listened is in the plugin\'s own output.' : undefined,
        fix: 'Enabling it again unchanged fails the same way: read its own output, fix what its entrypoint needs (its settings, mounts, the program), then enable.',
        command: cli.inspect(p.Name),
      };
    }
    return {
      status: 'warn',
      evidence: [`${p.Name} is disabled: nothing listens on its socket ${p.Config?.Interface?.Socket ?? ''}`],
      fix: 'Enable it; this check then asks its socket whether it answers.',
      command: cli.enable(p.Name),
      action: enablePlugin(p.Name),
    };
  }
  if (mode === 'remote') return skip(REMOTE_SKIP);
  if (mode === 'desktop') return skip(DESKTOP_SKIP);
  if (!health) return skip('skipped: not probed');
  const sock = `/run/docker/plugins/${p.Id}/${p.Config?.Interface?.Socket ?? ''}`;
  if (health.state === 'answering') return pass([health.detail]);
  if (health.state === 'skipped') return unknown(health.detail.replace(/^skipped: /, ''), [`${sock} could not be tried`], SUDO_FIX, 'sudo plugsmith doctor --check plugin-socket');
  return {
    status: 'fail',
    evidence: [health.detail, `the engine reports ${p.Name} enabled, yet ${sock} does not answer`],
    fix: 'Disable and enable the plugin; if it still does not answer, read the engine log lines for the plugin (logs check) — the process is up but its server is stuck or never started.',
    command: `${cli.disable(p.Name, true)} && ${cli.enable(p.Name, 30)}`,
  };
}

export interface MountFact {
  source: string;
  destination: string;
  exists: boolean | null;
  kind: string;
  /** The mount's name and whether `docker plugin set NAME.source=…` may move it (a mount with no name cannot be set). */
  name?: string;
  settable?: boolean;
}

export async function mountFacts(p: EnginePlugin): Promise<MountFact[]> {
  const mounts = (p.Settings?.Mounts?.length ? p.Settings.Mounts : p.Config?.Mounts) ?? [];
  return Promise.all(
    mounts
      .filter((m) => (m.Type ?? 'bind') === 'bind' && m.Source)
      .map(async (m) => {
        // Settings.Mounts carries no Name/Settable: the config's entry for the same destination does.
        const decl = (p.Config?.Mounts ?? []).find((c) => c.Destination === m.Destination) ?? m;
        const named = { ...(decl.Name ? { name: decl.Name } : {}), settable: !!decl.Name && !!decl.Settable?.includes('source') };
        try {
          const st = await stat(m.Source!);
          return { source: m.Source!, destination: m.Destination ?? '', exists: true, kind: st.isDirectory() ? 'directory' : st.isFile() ? 'file' : 'other', ...named };
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code;
          return { source: m.Source!, destination: m.Destination ?? '', exists: code === 'ENOENT' || code === 'ENOTDIR' ? false : null, kind: code ?? 'error', ...named };
        }
      }),
  );
}

/** Only what can work: creating the path always can; moving the mount only where it has a name and a settable source. */
export function mountFix(p: EnginePlugin, missing: MountFact[]): string {
  const create = `Create the missing host path${missing.length > 1 ? 's' : ''} (${missing.map((m) => m.source).join(', ')})`;
  const settable = missing.filter((m) => m.settable && m.name);
  const fixed = missing.filter((m) => !m.settable);
  const parts = [create];
  if (settable.length) parts.push(`or point ${settable.map((m) => `${m.name}.source`).join(', ')} elsewhere: \`${cli.set(p.Name, settable.map((m) => ({ key: `${m.name}.source`, value: '/other/path' })))}\``);
  const note = fixed.length ? ` ${fixed.map((m) => m.source).join(', ')}: the mount ${fixed.some((m) => !m.name) ? 'has no name' : 'is not settable'}, so \`docker plugin set\` cannot move it — the path must exist on the host.` : '';
  return `${parts.join(' — ')}.${note}`;
}

export function evalMounts(p: EnginePlugin | null, mode: 'local' | 'remote' | 'desktop', mounts: MountFact[]): Outcome {
  if (!p) return skip('skipped: no plugin to examine');
  if (mode === 'remote') return skip(REMOTE_SKIP);
  if (mode === 'desktop') return skip(DESKTOP_SKIP);
  if (mounts.length === 0) return pass([`${p.Name} has no bind mounts with a source`]);
  const ev = mounts.map((m) => `${m.source} → ${m.destination}: ${m.exists === true ? `exists (${m.kind})` : m.exists === false ? 'MISSING on this host' : `cannot tell (${m.kind})`}`);
  const missing = mounts.filter((m) => m.exists === false);
  if (missing.length === 0) return pass(ev);
  return {
    status: 'fail',
    evidence: [...ev, `enable fails at once: OCI runtime create failed: … error mounting "${missing[0].source}" … stat ${missing[0].source}: no such file or directory`],
    fix: mountFix(p, missing),
    command: `mkdir -p ${missing.map((m) => m.source).join(' ')}`,
  };
}

/** The kernel-module lines of the plugin's own start: modprobe failed and the script stopped. */
const MODPROBE_STOP = ['modprobe-not-found', 'contiv-kmod-critical', 'modprobe-exec-format'];

async function outlookOf(f: DoctorFacts, p: EnginePlugin, c: ContivView | null): Promise<EnableOutlook> {
  const [mounts, logs, kmod] = await Promise.all([mountFacts(p), logMatchesOf(f).catch(() => []), f.kernelModule()]);
  const stop = logs.find((m) => MODPROBE_STOP.includes(m.id));
  return enableOutlook({
    missingMounts: mounts.filter((m) => m.exists === false).map((m) => m.source),
    contiv: c,
    stoppedAtModprobe: stop && !kmod.loaded ? `its last start stopped at modprobe openvswitch (${stop.source}: ${stop.line.trim().slice(0, 160)}) and the module is still not loaded` : null,
  });
}

export const pluginChecks: CheckDef[] = [
  {
    id: 'contiv-plugin',
    title: 'Contiv plugin installed, enabled, named as its config expects',
    group: 'plugin',
    why: 'netplugin registers with the engine under plugin_name / CONTIV_NETMASTER_PLUGIN_NAME; if that is not the installed name:tag, Docker answers "legacy plugin: plugin not found".',
    async run(f) {
      const [t, c, all, mode] = await Promise.all([f.target(), f.contiv(), f.plugins(), f.hostMode()]);
      const outlook = t.plugin && !t.plugin.Enabled && mode === 'local' ? await outlookOf(f, t.plugin, c) : undefined;
      return evalContivPlugin(t, c, all.map((p) => p.Name), outlook, t.contiv ? await f.startScript() : null);
    },
  },
  {
    id: 'plugin-socket',
    title: "Plugin socket exists and answers",
    group: 'plugin',
    why: 'The engine calls a plugin enabled when it listens but never answers; when the socket never came it says only "dial unix …/netplugin.sock: connect: no such file or directory".',
    async run(f) {
      const t = await f.target();
      const mode = await f.hostMode();
      const health = t.plugin?.Enabled && mode === 'local' ? await f.probe(t.plugin) : null;
      const log = t.plugin && !t.plugin.Enabled && !t.contiv ? await f.engineLog() : null;
      return evalSocket(t.plugin, mode, health, t.contiv, log?.ok ? pluginOutputOf(log.source.text, t.plugin!) : null);
    },
  },
  {
    id: 'plugin-mounts',
    title: 'Bind-mount sources exist on the host',
    group: 'plugin',
    why: 'A missing bind-mount source (e.g. /lib/modules) makes the engine fail enable at once with an OCI runtime error that buries the cause.',
    async run(f) {
      const t = await f.target();
      const mode = await f.hostMode();
      return evalMounts(t.plugin, mode, t.plugin && mode === 'local' ? await mountFacts(t.plugin) : []);
    },
  },
];
