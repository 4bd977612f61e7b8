/**
 * The `plugsmith` CLI over the same services as the app:
 *   plugsmith serve [--host 127.0.0.1] [--port N] [--no-open] [--allow-remote --tls-cert F --tls-key F]
 *   plugsmith plugins ls [--json]
 *   plugsmith plugins enable NAME [--timeout S] [--json]
 *   plugsmith plugins disable NAME [--force] [--json]
 *   plugsmith plugins rm NAME [--force] [--json]
 *   plugsmith config lint FILE… [--json] [--name NAME:TAG]
 *   plugsmith topology [--json] [--netmaster URL]
 *   plugsmith doctor [--json] [--plugin NAME] [--netmaster URL] [--check ID[,ID]] [--bundle FILE] [--verbose]
 *   plugsmith build DIR --name NAME:TAG [...] (see USAGE)
 *   plugsmith install REF [--alias NAME] [--grant-all-permissions] [--enable] [--json]
 *   plugsmith upgrade NAME [REF] [--grant-all-permissions] [--disable-first] [--json]
 * Data goes to stdout (JSON with --json), progress and errors to stderr; non-zero exit on failure.
 */
import { createServices, type Services } from './services/index';
import { PlugsmithError, toEnvelope } from './services/errors';
import { parseArgs, UsageError } from './cli-args';
import { checkProgressPrinter } from './cli-progress';
import { healthTextEn } from './ipc/health';
import type { JobInfo, PluginSummary } from './ipc/types';
import { cli as twin } from './services/docker/plugin-model';
import { EXIT_NOT_WORKING, followJob, processSignals } from './services/jobs/cli-follow';

const USAGE = `usage:
  plugsmith serve [--host 127.0.0.1] [--port N] [--no-open] [--allow-remote --tls-cert FILE --tls-key FILE]
  plugsmith plugins ls [--json]
  plugsmith plugins enable NAME [--timeout SECONDS] [--json]
  plugsmith plugins disable NAME [--force] [--json]
  plugsmith plugins rm NAME [--force] [--json]
  plugsmith config lint FILE... [--json] [--name NAME:TAG]
  plugsmith topology [--json] [--netmaster URL]
  plugsmith doctor [--json] [--plugin NAME] [--netmaster URL] [--check ID[,ID]] [--bundle FILE] [--verbose]
  plugsmith build DIR --name NAME:TAG [--set KEY=VALUE]... [--build-arg K=V]... [--target STAGE] [--image IMAGE] [--enable] [--push] [--keep-image] [--replace [--remove-network NET]...] [--json]
  plugsmith install REF [--alias NAME] [--grant-all-permissions] [--enable] [--username U --password-stdin] [--json]
  plugsmith upgrade NAME [REF] [--grant-all-permissions] [--disable-first] [--username U --password-stdin] [--json]`;

const KIND_WORDS: Record<string, string> = {
  network: 'network driver',
  ipam: 'IPAM driver',
  volume: 'volume driver',
  log: 'log driver',
  authz: 'authorization',
  metrics: 'metrics collector',
  csi: 'CSI',
};

export function formatPluginTable(plugins: PluginSummary[]): string {
  const rows = [['NAME', 'ENABLED', 'HEALTH', 'TYPES', 'DESCRIPTION']];
  for (const p of plugins) {
    rows.push([
      p.name,
      String(p.enabled),
      // The Plugins screen's words for the same check (electron/ipc/health.ts), not the raw state.
      healthTextEn(p.enabled, p.health),
      p.capabilities.map((c) => KIND_WORDS[c.kind] ?? c.type).join(', '),
      p.description,
    ]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ')).join('\n');
}

/** The commands that talk to the engine stop here, with the engine's own error, when it is not connected. */
async function requireEngine(services: Services): Promise<void> {
  const status = await services.engine().status();
  if (status.state !== 'connected') throw new PlugsmithError(status.error?.code ?? 'engine/unreachable', status.error?.message ?? `engine ${status.state}`, status.error?.detail);
}

/** enable / disable: each step as it starts; exit 3 when the plugin is enabled but its socket does not answer. */
function runJob(services: Services, job: JobInfo, json: boolean): Promise<number> {
  const io = { out: (t: string) => void process.stdout.write(t), err: (t: string) => void process.stderr.write(t), onInterrupt: processSignals };
  return followJob<PluginSummary | null>(services, job, io, {
    json,
    echoCommand: true,
    stages: true,
    summary: (r) => {
      if (!r) return '';
      const health = r.enabled ? ` (health: ${r.health.state}${r.health.detail ? ` — ${r.health.detail}` : ''})` : '';
      return `${r.name}: ${r.enabled ? 'enabled' : 'disabled'}${health}\n`;
    },
    successExit: (r) => (r?.enabled && r.health.state === 'not-answering' ? EXIT_NOT_WORKING : 0),
  });
}

async function plugins(argv: string[]): Promise<number> {
  const [verb, ...rest] = argv;
  const { positionals, flags } = parseArgs(rest, { json: 'boolean', force: 'boolean', timeout: 'number' });
  const json = !!flags.json;
  const services = await createServices();
  try {
    await requireEngine(services);
    switch (verb) {
      case 'ls': {
        if (positionals.length) throw new UsageError('plugins ls takes no names');
        // Checked on each plugin's socket now: a fresh process has checked nothing, and `unchecked`
        // for a silent plugin the Plugins screen calls "enabled, not answering" is one health too many.
        const list = await services.plugins.listChecked();
        process.stdout.write((json ? JSON.stringify(list, null, 2) : formatPluginTable(list)) + '\n');
        return 0;
      }
      case 'enable':
      case 'disable': {
        const name = one(positionals, verb);
        const job = verb === 'enable' ? services.plugins.enable(name, flags.timeout as number | undefined) : services.plugins.disable(name, !!flags.force);
        const code = await runJob(services, job, json);
        // A failed enable: the engine's error is nearly always the same dial error. Say what the
        // plugin itself wrote, how its process ended and the doctor's ranked cause, right here.
        if (verb === 'enable' && services.jobs.get(job.id).state === 'failed') await afterFailedEnable(services, name);
        return code;
      }
      case 'rm': {
        const name = one(positionals, verb);
        process.stderr.write(`$ ${twin.remove(name, !!flags.force)}\n`);
        const r = await services.plugins.remove(name, !!flags.force);
        process.stdout.write(json ? JSON.stringify(r) + '\n' : `removed ${r.removed}\n`);
        return 0;
      }
      default:
        throw new UsageError(`unknown plugins command: ${verb ?? '(none)'}`);
    }
  } finally {
    services.close();
  }
}

/** After a failed enable: the plugin's own output, its exit, and the ranked cause (stderr: the data channel keeps the job's JSON). */
async function afterFailedEnable(services: Services, name: string): Promise<void> {
  const { explainFailedEnable, formatFailedEnable } = await import('./services/doctor/after-enable');
  try {
    process.stderr.write(formatFailedEnable(await explainFailedEnable(services.doctor.options({ plugin: name }))));
  } catch (err) {
    const e = toEnvelope(err);
    process.stderr.write(`why ${name} did not start: the doctor could not run (${e.code}: ${e.message}); try plugsmith doctor --plugin ${name}\n`);
  }
}

/** `config lint`: the editor's own diagnostics, per file; exit 1 when any file has an error. No engine needed. */
async function configCommand(argv: string[]): Promise<number> {
  const [verb, ...rest] = argv;
  if (verb !== 'lint') throw new UsageError(`unknown config command: ${verb ?? '(none)'}`);
  const { positionals, flags } = parseArgs(rest, { json: 'boolean', name: 'string' });
  if (!positionals.length) throw new UsageError('config lint needs at least one FILE');
  const { lintFiles, formatLintText } = await import('./services/config/cli-lint');
  const results = await lintFiles(positionals, flags.name as string | undefined);
  process.stdout.write(flags.json ? JSON.stringify(results, null, 2) + '\n' : formatLintText(results));
  return results.some((r) => r.errors.length > 0) ? 1 : 0;
}

/**
 * `doctor`: the verdict first (the cause to fix first, its consequences folded under it), then every
 * check with its evidence and fix; exit 1 when a cause fails (a can't-tell alone does not).
 * `--bundle FILE` also writes the redacted diagnostic .tar.gz.
 */
async function doctorCommand(argv: string[]): Promise<number> {
  const { flags, positionals } = parseArgs(argv, { json: 'boolean', plugin: 'string', netmaster: 'string', bundle: 'string', verbose: 'boolean', check: 'string' });
  if (positionals.length) throw new UsageError(`doctor takes no positional arguments (got ${positionals.join(' ')})`);
  const services = await createServices({});
  try {
    const { runDoctor, selectChecks } = await import('./services/doctor/runner');
    const { toText } = await import('./services/doctor/format');
    // The app's doctor: the same defaults (engineLogPath / ovsdbSocket / netmasterUrl settings, env overrides).
    const doctor = services.doctor;
    const args = { plugin: flags.plugin as string | undefined, netmaster: flags.netmaster as string | undefined };
    // --check ID[,ID…]: only those checks (the twin of the Doctor screen's per-check Re-run).
    const only = typeof flags.check === 'string' ? flags.check.split(',').map((x) => x.trim()).filter(Boolean) : undefined;
    try {
      selectChecks(only);
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    const progress = checkProgressPrinter((t) => void process.stderr.write(t), !!process.stderr.isTTY);
    const report = await runDoctor(doctor.options(args), (p) => progress.onProgress(p), undefined, only);
    progress.end();
    process.stdout.write(flags.json ? `${JSON.stringify(report, null, 2)}\n` : `${toText(report, !!flags.verbose)}\n`);
    if (flags.bundle) {
      const { resolve } = await import('node:path');
      const b = await doctor.bundle(resolve(String(flags.bundle)), args, report);
      process.stderr.write(`bundle: ${b.path} (${b.bytes} bytes, ${b.redactions} secret value(s) redacted)\n`);
    }
    const { doctorExitCode } = await import('./services/doctor/verdict');
    return doctorExitCode(report);
  } finally {
    services.close();
  }
}

/**
 * `topology`: one read of every source (host, OVS, Docker, netmaster), merged; per-source status
 * first. Netmaster from --netmaster, else PLUGSMITH_NETMASTER, settings, the Contiv plugin's env.
 * Exit 1 only when no source could be read at all.
 */
async function topologyCommand(argv: string[]): Promise<number> {
  const { flags, positionals } = parseArgs(argv, { json: 'boolean', netmaster: 'string' });
  if (positionals.length) throw new UsageError(`topology takes no positional arguments (got ${positionals.join(' ')})`);
  const services = await createServices({});
  try {
    const { createTopologySources } = await import('./services/topology/wire');
    const { formatTopology } = await import('./services/topology/cli-format');
    const sources = createTopologySources({
      env: process.env,
      engine: services.engine,
      hub: services.hub,
      plugins: () => services.plugins.list(),
      // Plugin nodes carry the health `plugins ls` and the Plugins screen show (checked on the socket now).
      pluginHealth: (o) => services.plugins.healthById(o),
      settingsUrl: () => services.settings.get().netmasterUrl,
      // The same OVSDB socket the app and `plugsmith doctor` use: PLUGSMITH_OVSDB, else the setting.
      ovsdbSetting: () => services.settings.get().ovsdbSocket,
      netmaster: flags.netmaster as string | undefined,
    });
    const model = await sources.readOnce('plugsmith topology');
    process.stdout.write(flags.json ? `${JSON.stringify(model, null, 2)}\n` : formatTopology(model));
    return model.sources.some((s) => s.state === 'ok') ? 0 : 1;
  } finally {
    services.close();
  }
}

function one(positionals: string[], verb: string): string {
  if (positionals.length !== 1) throw new UsageError(`plugins ${verb} takes exactly one plugin name`);
  return positionals[0];
}

async function serve(argv: string[]): Promise<number> {
  const { flags, positionals } = parseArgs(argv, {
    host: 'string',
    port: 'number',
    'no-open': 'boolean',
    'allow-remote': 'boolean',
    'tls-cert': 'string',
    'tls-key': 'string',
  });
  if (positionals.length) throw new UsageError(`serve takes no arguments: ${positionals.join(' ')}`);
  const { startServe } = await import('./serve/server');
  const services = await createServices({ watch: true });
  const server = await startServe({
    services,
    host: (flags.host as string) ?? '127.0.0.1',
    port: (flags.port as number) ?? 0,
    allowRemote: !!flags['allow-remote'],
    tls: flags['tls-cert'] || flags['tls-key'] ? { cert: String(flags['tls-cert'] ?? ''), key: String(flags['tls-key'] ?? '') } : undefined,
  });
  // A stray rejection in a background source must not take the UI down with it: say it, keep serving.
  process.on('unhandledRejection', (reason) => {
    process.stderr.write(`plugsmith: unhandled rejection: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}\n`);
  });
  process.stdout.write(`Plugsmith is serving on ${server.origin}\nOpen: ${server.url}\n`);
  if (!flags['no-open']) await openBrowser(server.url);
  const stop = () => {
    services.close();
    void server.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return new Promise<number>(() => undefined);
}

async function openBrowser(url: string): Promise<void> {
  // Only when a desktop session exists; never as root (a browser as root needs --no-sandbox).
  if (process.getuid?.() === 0 || (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY && process.platform === 'linux')) return;
  const { execFile } = await import('node:child_process');
  const opener = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  execFile(opener, [url], () => undefined).unref();
}

/** `plugsmith build …`: the one-click pipeline from a terminal (services/build/cli.ts). */
async function build(argv: string[]): Promise<number> {
  const { buildCli } = await import('./services/build/cli');
  const services = await createServices();
  try {
    await requireEngine(services);
    return await buildCli(services, argv, {
      out: (t) => process.stdout.write(t),
      err: (t) => process.stderr.write(t),
      color: !!process.stderr.isTTY,
      onInterrupt: processSignals,
    });
  } finally {
    services.close();
  }
}

/** `plugsmith install` / `upgrade`: from a registry, privileges printed first, refused without --grant-all-permissions (services/install/cli.ts). */
async function installCommand(verb: 'install' | 'upgrade', argv: string[]): Promise<number> {
  const { installCli, upgradeCli } = await import('./services/install/cli');
  const services = await createServices();
  try {
    await requireEngine(services);
    const io = {
      out: (t: string) => process.stdout.write(t),
      err: (t: string) => process.stderr.write(t),
      onInterrupt: processSignals,
      readStdin: async () => {
        let text = '';
        for await (const chunk of process.stdin) text += String(chunk);
        return text;
      },
    };
    return await (verb === 'install' ? installCli : upgradeCli)(services, argv, io);
  } finally {
    services.close();
  }
}

export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    switch (cmd) {
      case 'serve':
        return await serve(rest);
      case 'plugins':
        return await plugins(rest);
      case 'build':
        return await build(rest);
      case 'install':
      case 'upgrade':
        return await installCommand(cmd, rest);
      case 'topology':
        return await topologyCommand(rest);
      case 'config':
        return await configCommand(rest);
      case 'doctor':
        return await doctorCommand(rest);
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        process.stdout.write(USAGE + '\n');
        return cmd ? 0 : 2;
      default:
        throw new UsageError(`unknown command: ${cmd}`);
    }
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`plugsmith: ${err.message}\n${USAGE}\n`);
      return 2;
    }
    const e = toEnvelope(err);
    process.stderr.write(`plugsmith: ${e.message}${e.code ? ` [${e.code}]` : ''}\n`);
    if (e.detail && process.env.PLUGSMITH_DEBUG) process.stderr.write(`${e.detail}\n`);
    return 1;
  }
}

// `node dist/cli.cjs …` runs it directly; bin/plugsmith.cjs requires it and calls main() itself.
declare const module: unknown;
if (typeof require !== 'undefined' && typeof module !== 'undefined' && require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
