/**
 * `plugsmith build DIR --name NAME:TAG [--set KEY=VALUE]… [--build-arg K=V]… [--target STAGE]
 *  [--image IMAGE] [--enable] [--push] [--keep-image] [--replace [--remove-network NET]…] [--json]`
 * --remove-network names a network made with the plugin being replaced that blocks its disable; only
 * the networks named are removed (the pipeline refuses if another one blocks), and only with --replace.
 * The same BuildService as the app; the job log on stderr (ANSI kept when stderr is a terminal),
 * the result on stdout (JSON with --json), non-zero exit on failure.
 */
import { parseArgs, UsageError } from '../../cli-args';
import type { Services } from '../index';
import type { BuildResult } from '../../ipc/types';
import { followJob, type CliIo } from '../jobs/cli-follow';

/** Pulls out a repeatable flag with a plain value (e.g. --remove-network NET). */
export function takeRepeatedPlain(argv: string[], flag: string): { values: string[]; rest: string[] } {
  const values: string[] = [];
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === `--${flag}`) {
      const v = argv[++i];
      if (v === undefined || v === '') throw new UsageError(`--${flag} needs a value`);
      values.push(v);
    } else if (a.startsWith(`--${flag}=`) && a.length > flag.length + 3) values.push(a.slice(flag.length + 3));
    else if (a === `--${flag}=`) throw new UsageError(`--${flag} needs a value`);
    else rest.push(a);
  }
  return { values, rest };
}

/** Pulls out the repeatable KEY=VALUE flags (the shared parser keeps one value per flag). */
export function takeRepeated(argv: string[], flag: string): { values: { key: string; value: string }[]; rest: string[] } {
  const values: { key: string; value: string }[] = [];
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    let v: string | undefined;
    if (a === `--${flag}`) {
      v = argv[++i];
      if (v === undefined) throw new UsageError(`--${flag} needs KEY=VALUE`);
    } else if (a.startsWith(`--${flag}=`)) v = a.slice(flag.length + 3);
    else {
      rest.push(a);
      continue;
    }
    const eq = v.indexOf('=');
    if (eq <= 0) throw new UsageError(`--${flag} takes KEY=VALUE, not ${v}`);
    values.push({ key: v.slice(0, eq), value: v.slice(eq + 1) });
  }
  return { values, rest };
}

// eslint-disable-next-line no-control-regex
const stripAnsi = (s: string) => s.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');

export interface BuildCliIo extends CliIo {
  /** Keep ANSI colours (stderr is a terminal). */
  color: boolean;
}

export async function buildCli(services: Pick<Services, 'build' | 'hub' | 'jobs'>, argv: string[], io: BuildCliIo): Promise<number> {
  const sets = takeRepeated(argv, 'set');
  const args = takeRepeated(sets.rest, 'build-arg');
  const nets = takeRepeatedPlain(args.rest, 'remove-network');
  const { positionals, flags } = parseArgs(nets.rest, {
    name: 'string',
    target: 'string',
    image: 'string',
    enable: 'boolean',
    push: 'boolean',
    'keep-image': 'boolean',
    replace: 'boolean',
    json: 'boolean',
  });
  if (positionals.length !== 1) throw new UsageError('build takes exactly one project folder');
  if (!flags.name) throw new UsageError('build needs --name NAME:TAG');
  if (nets.values.length && !flags.replace) throw new UsageError('--remove-network only goes with --replace');
  const { resolve } = await import('node:path');
  const job = services.build.start({
    dir: resolve(positionals[0]),
    name: String(flags.name),
    settings: sets.values,
    buildArgs: Object.fromEntries(args.values.map((v) => [v.key, v.value])),
    target: flags.target as string | undefined,
    image: flags.image as string | undefined,
    enable: !!flags.enable,
    push: !!flags.push,
    keepImage: !!flags['keep-image'],
    replace: !!flags.replace,
    ...(nets.values.length ? { removeNetworks: nets.values } : {}),
  });
  return followJob<BuildResult>(services, job, io, {
    json: !!flags.json,
    echoCommand: true,
    logText: io.color ? undefined : stripAnsi,
    codeOnFailure: true,
    enableFailedCode: 'build/enable-failed',
    summary: (r) =>
      `${r.name}: ${r.plugin ? (r.plugin.enabled ? `enabled (health: ${r.plugin.health.state})` : 'created, disabled') : 'created'}\n` +
      r.stages.map((s) => `  ${s.stage.padEnd(7)} ${s.state}${s.ms !== null ? ` ${(s.ms / 1000).toFixed(1)} s` : ''}${s.message ? ` — ${s.message}` : ''}\n`).join(''),
  });
}
