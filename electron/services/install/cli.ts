/**
 * `plugsmith install REF [--alias NAME] [--grant-all-permissions] [--enable] [--json]`
 * `plugsmith upgrade NAME [REF] [--grant-all-permissions] [--disable-first] [--json]`
 * The privileges are printed first (computed from the registry's config). Like `docker plugin
 * install`, nothing is installed without --grant-all-permissions: there is no prompt to answer
 * in a script, so the CLI refuses (exit 1) and says which flag grants them.
 */
import { parseArgs, UsageError } from '../../cli-args';
import type { Services } from '../index';
import type { InstallResult, JobInfo, Privilege } from '../../ipc/types';
import { formatPrivileges } from './consent';
import { followJob, type CliIo } from '../jobs/cli-follow';

export interface InstallCliIo extends CliIo {
  /** The password for --password-stdin (never an argv flag: argv is visible to every user). */
  readStdin?: () => Promise<string>;
}

async function credentials(flags: Record<string, string | number | boolean>, io: InstallCliIo) {
  if (!flags.username) {
    if (flags['password-stdin']) throw new UsageError('--password-stdin needs --username');
    return undefined;
  }
  if (!flags['password-stdin'] || !io.readStdin) throw new UsageError('--username needs --password-stdin (a password is never taken from the command line)');
  const password = (await io.readStdin()).replace(/\r?\n$/, '');
  return { username: String(flags.username), password };
}

function follow(services: Services, job: JobInfo, json: boolean, io: InstallCliIo): Promise<number> {
  // No `$ …` line here: the job's own first log line is its CLI twin (`$ docker plugin install …`).
  return followJob<InstallResult>(services, job, io, {
    json,
    codeOnFailure: true,
    enableFailedCode: 'install/enable-failed',
    summary: (r) =>
      `${r.name}: ${r.plugin ? (r.plugin.enabled ? `enabled (health: ${r.plugin.health.state})` : 'installed, disabled') : 'installed'} from ${r.reference}\n` +
      r.settingsChanges.map((c) => `  set ${c.key}=${c.to} (new in this version)\n`).join('') +
      r.warnings.map((w) => `  note: ${w}\n`).join(''),
  });
}

/** Prints the privileges; true when they may be granted. */
function consent(reference: string, privileges: Privilege[], grant: boolean, io: InstallCliIo, verb: string): boolean {
  io.err(formatPrivileges(reference, privileges));
  if (grant || privileges.length === 0) return true;
  io.err(`plugsmith: not ${verb}: the privileges above were not granted. Review them and run again with --grant-all-permissions (there is no prompt to answer when not interactive).\n`);
  return false;
}

export async function installCli(services: Services, argv: string[], io: InstallCliIo): Promise<number> {
  const { positionals, flags } = parseArgs(argv, { alias: 'string', 'grant-all-permissions': 'boolean', enable: 'boolean', json: 'boolean', username: 'string', 'password-stdin': 'boolean' });
  if (positionals.length !== 1) throw new UsageError('install takes exactly one reference (e.g. localhost:5000/acme/plugin:1.0)');
  const auth = await credentials(flags, io);
  const alias = flags.alias as string | undefined;
  const info = await services.install.inspect({ reference: positionals[0], alias, auth });
  for (const w of info.warnings) io.err(`note: ${w}\n`);
  if (!consent(info.reference, info.privileges, !!flags['grant-all-permissions'], io, 'installed')) return 1;
  const job = services.install.install({ reference: info.reference, alias, accepted: info.privileges, enable: !!flags.enable, auth });
  return follow(services, job, !!flags.json, io);
}

export async function upgradeCli(services: Services, argv: string[], io: InstallCliIo): Promise<number> {
  const { positionals, flags } = parseArgs(argv, { 'grant-all-permissions': 'boolean', 'disable-first': 'boolean', json: 'boolean', username: 'string', 'password-stdin': 'boolean' });
  if (positionals.length < 1 || positionals.length > 2) throw new UsageError('upgrade takes a plugin NAME and optionally the REF to upgrade to');
  const auth = await credentials(flags, io);
  const [name, given] = positionals;
  const current = (await services.plugins.inspectRaw(name)) as { PluginReference?: string };
  const reference = given ?? current.PluginReference;
  if (!reference) throw new UsageError(`${name} was not installed from a registry: give the REF to upgrade it from`);
  const info = await services.install.inspect({ reference, name, auth });
  for (const w of info.warnings) io.err(`note: ${w}\n`);
  if (!consent(info.reference, info.privileges, !!flags['grant-all-permissions'], io, 'upgraded')) return 1;
  const job = services.install.upgrade({ name, reference: info.reference, accepted: info.privileges, disableFirst: !!flags['disable-first'], auth });
  return follow(services, job, !!flags.json, io);
}
