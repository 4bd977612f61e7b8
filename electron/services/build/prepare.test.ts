/** A project's declared prepare step: read strictly, run in the folder as argv, every line logged, a failure said with its exit. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readPrepareStep, runPrepareStep } from './prepare';
import { detectProject, toProjectInfo } from './project';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function folder(decl?: string): string {
  const d = mkdtempSync(join(tmpdir(), 'plugsmith-prepare-'));
  dirs.push(d);
  if (decl !== undefined) writeFileSync(join(d, 'plugsmith.json'), decl);
  return d;
}
function ctx() {
  const lines: [string, string | undefined][] = [];
  return { lines, log: (l: string, s?: 'stdout' | 'stderr' | 'info') => void lines.push([l, s]), signal: new AbortController().signal };
}

describe('readPrepareStep', () => {
  it('none without plugsmith.json or without "prepare"', async () => {
    expect(await readPrepareStep(folder())).toBeNull();
    expect(await readPrepareStep(folder('{}'))).toBeNull();
  });
  it('the example declares one', async () => {
    const example = join(import.meta.dirname, '..', '..', '..', 'examples', 'net-driver');
    expect(await readPrepareStep(example)).toMatchObject({ command: ['node', '../prepare-context.mjs', '--out', 'context'] });
    // Said before the build starts (the Build screen shows the explanation); not part of the contract.
    const plan = await detectProject(example);
    expect(plan.explanation).toContain('Before building, its prepare step runs on this host, in this folder: node ../prepare-context.mjs --out context (declared in plugsmith.json)');
    expect(toProjectInfo(plan)).not.toHaveProperty('prepare');
  });
  it('refuses a shell string, an empty argv and bad JSON, naming the file', async () => {
    await expect(readPrepareStep(folder('{"prepare":{"command":"node x.mjs"}}'))).rejects.toMatchObject({ code: 'build/bad-prepare', message: expect.stringContaining('"prepare.command" must be a non-empty array') });
    await expect(readPrepareStep(folder('{"prepare":{"command":[]}}'))).rejects.toMatchObject({ code: 'build/bad-prepare' });
    await expect(readPrepareStep(folder('{"prepare":'))).rejects.toMatchObject({ code: 'build/bad-prepare', message: expect.stringContaining('plugsmith.json is not JSON') });
  });
});

describe('runPrepareStep', () => {
  it('runs in the folder (argv, no shell), logging its twin and each output line', async () => {
    const d = folder();
    const c = ctx();
    await runPrepareStep({ command: ['node', '-e', 'require("fs").writeFileSync("made", "yes"); console.log("one"); console.error("two $HOME")'], why: null }, d, c);
    expect(readFileSync(join(d, 'made'), 'utf8')).toBe('yes');
    expect(c.lines[0][0]).toMatch(/^\$ node -e '.*'   \(the prepare step in plugsmith\.json, run in /);
    expect(c.lines).toContainEqual(['one', 'stdout']);
    expect(c.lines).toContainEqual(['two $HOME', 'stderr']);
  });
  it('a failing step stops the build with its exit code and output', async () => {
    const c = ctx();
    const err = await runPrepareStep({ command: ['node', '-e', 'console.error("no ldd here"); process.exit(3)'], why: null }, folder(), c).catch((e) => e);
    expect(err).toMatchObject({ code: 'build/prepare-failed', detail: 'no ldd here' });
    expect(err.message).toMatch(/^The project's prepare step failed \(exit code 3\): node -e .* Nothing was built\.$/);
  });
  it('a program that is not there is said so', async () => {
    const err = await runPrepareStep({ command: ['plugsmith-no-such-program'], why: null }, folder(), ctx()).catch((e) => e);
    expect(err).toMatchObject({ code: 'build/prepare-failed', message: expect.stringContaining('plugsmith-no-such-program is not on this host\'s PATH') });
  });
});
