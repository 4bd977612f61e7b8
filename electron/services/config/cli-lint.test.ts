import { afterEach, describe, expect, it, vi } from 'vitest';
import { join } from 'node:path';
import { main } from '../../cli';
import { corpusDir } from './testing/paths';

const VALID = join(corpusDir(), 'vieux__docker-volume-sshfs__config.json');
const INVALID = join(corpusDir(), 'contiv__netplugin__install__v2plugin__config.template__at_38d2d9f1.json');

async function run(args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  try {
    return { code: await main(args), out };
  } finally {
    spy.mockRestore();
  }
}

describe('plugsmith config lint', () => {
  afterEach(() => vi.restoreAllMocks());

  it('exit 0 and warnings only for a config the engine accepts', async () => {
    const { code, out } = await run(['config', 'lint', VALID, '--json']);
    expect(code).toBe(0);
    const [r] = JSON.parse(out);
    expect(r.file).toBe(VALID);
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([{ severity: 'warning', code: 'set/mount-source-required', stage: 'enable', message: expect.stringContaining('sshkey'), line: 51, column: 17, pointer: '/mounts/1/source' }]);
  });

  it('exit 1 when any file has an error, with line, column and pointer', async () => {
    const { code, out } = await run(['config', 'lint', VALID, INVALID, '--json']);
    expect(code).toBe(1);
    const results = JSON.parse(out);
    expect(results).toHaveLength(2);
    expect(results[1].errors).toEqual([
      { severity: 'error', code: 'json/syntax', stage: 'create', message: expect.stringContaining("invalid character ']'"), line: 242, column: 5, pointer: '' },
    ]);
  });

  it('text output names file:line:col', async () => {
    const { code, out } = await run(['config', 'lint', INVALID]);
    expect(code).toBe(1);
    expect(out).toContain(`${INVALID}:242:5: error [json/syntax]`);
  });

  it('an unreadable file is an error; no file is a usage error', async () => {
    expect((await run(['config', 'lint', '/nonexistent/config.json', '--json'])).code).toBe(1);
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect((await run(['config', 'lint'])).code).toBe(2);
    err.mockRestore();
  });
});
