/**
 * A project's declared prepare step: a command the build runs on this host, in the project folder,
 * before `docker build` — for what the image cannot get by itself (the example driver's FROM-scratch
 * rootfs takes this host's node and its libraries: no registry needed). Declared in the project's
 * `plugsmith.json`, shown before the build starts, its twin and output in the build log:
 *
 *   { "prepare": { "command": ["node", "../prepare-context.mjs", "--out", "context"],
 *                  "why": "fills context/ with this host's node, its libraries and driver.js" } }
 *
 * An argv array, never a shell string; relative paths are the command's business (cwd is the folder).
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { JobContext } from '../jobs/jobs';
import { shellQuote } from '../docker/plugin-model';
import { PlugsmithError } from '../errors';

export const PREPARE_FILE = 'plugsmith.json';

export interface PrepareStep {
  command: string[];
  why: string | null;
}

/** The folder's prepare step, null when it declares none; a malformed declaration is refused by name. */
export async function readPrepareStep(dir: string): Promise<PrepareStep | null> {
  let text: string;
  try {
    text = await readFile(join(dir, PREPARE_FILE), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new PlugsmithError('build/bad-prepare', `${PREPARE_FILE} cannot be read: ${(err as Error).message}`);
  }
  let decl: unknown;
  try {
    decl = JSON.parse(text);
  } catch (err) {
    throw new PlugsmithError('build/bad-prepare', `${PREPARE_FILE} is not JSON: ${(err as Error).message}`, text);
  }
  const prepare = (decl as { prepare?: unknown } | null)?.prepare;
  if (prepare === undefined) return null;
  const p = prepare as { command?: unknown; why?: unknown };
  if (!Array.isArray(p.command) || p.command.length === 0 || !p.command.every((a) => typeof a === 'string' && a.length > 0)) {
    throw new PlugsmithError('build/bad-prepare', `${PREPARE_FILE}: "prepare.command" must be a non-empty array of arguments, e.g. ["node", "prepare.mjs"]`, text);
  }
  return { command: p.command as string[], why: typeof p.why === 'string' ? p.why : null };
}

export const prepareTwin = (step: PrepareStep) => step.command.map((a) => shellQuote(a)).join(' ');

/** `node` is the Node running Plugsmith when it runs on plain Node (serve mode, the CLI); otherwise PATH's. */
function program(argv0: string): string {
  return argv0 === 'node' && !process.versions.electron ? process.execPath : argv0;
}

/** Runs the step in `dir`, each output line into the build log; a failure stops the build, saying how. */
export function runPrepareStep(step: PrepareStep, dir: string, ctx: Pick<JobContext, 'log' | 'signal'>): Promise<void> {
  const twin = prepareTwin(step);
  ctx.log(`$ ${twin}   (the prepare step in ${PREPARE_FILE}, run in ${dir})`);
  const tail: string[] = [];
  return new Promise<void>((resolve, reject) => {
    const child = spawn(program(step.command[0]), step.command.slice(1), { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], signal: ctx.signal });
    for (const [stream, name] of [[child.stdout, 'stdout'], [child.stderr, 'stderr']] as const) {
      let rest = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        const lines = (rest + chunk).split('\n');
        rest = lines.pop() ?? '';
        for (const l of lines) {
          ctx.log(l, name);
          tail.push(l);
          if (tail.length > 40) tail.shift();
        }
      });
      stream.on('end', () => rest && ctx.log(rest, name));
    }
    child.on('error', (err: NodeJS.ErrnoException) => {
      if (ctx.signal.aborted) return reject(new PlugsmithError('jobs/cancelled', 'Cancelled during the prepare step'));
      const what = err.code === 'ENOENT' ? `${step.command[0]} is not on this host's PATH` : err.message;
      reject(new PlugsmithError('build/prepare-failed', `The project's prepare step could not start (${what}): ${twin}. Nothing was built.`, err.stack));
    });
    child.on('close', (code, signal) => {
      if (ctx.signal.aborted) return reject(new PlugsmithError('jobs/cancelled', 'Cancelled during the prepare step'));
      if (code === 0) return resolve();
      reject(
        new PlugsmithError(
          'build/prepare-failed',
          `The project's prepare step failed (${signal ?? `exit code ${code}`}): ${twin} — its output is in the log above; run it in ${dir} to try it alone. Nothing was built.`,
          tail.join('\n'),
        ),
      );
    });
  });
}
