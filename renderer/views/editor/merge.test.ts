import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../../electron/ipc/types';
import { applyChanges, setValue } from './jsonedit';
import { canonicalPath, helpers, lintLocal } from './model';
import { mergeDiagnostics } from './useConfigLint';

const d = (code: string, pointer: string, from: number, severity: Diagnostic['severity'] = 'warning'): Diagnostic => ({
  code, pointer, from, to: from + 1, severity, stage: 'enable', message: code, line: 1, column: from + 1,
});

describe('merging the local and the service diagnostics', () => {
  it('keeps one per code + pointer, local first, sorted by position', () => {
    const local = [d('a', '/env/0/Value', 10), d('json/syntax', '', 3, 'error')];
    const extra = [d('a', '/env/0/Value', 10), d('contiv/uplink-missing', '/env/1/Value', 20), d('json/syntax', '', 7, 'error')];
    expect(mergeDiagnostics(local, extra).map((x) => `${x.code}@${x.from}`)).toEqual(['json/syntax@3', 'json/syntax@7', 'a@10', 'contiv/uplink-missing@20']);
  });
});

describe('the editor against the config model', () => {
  const seed = readFileSync(join(process.cwd(), '..', 'shared', 'contiv', 'seed-config.json'), 'utf8');

  it('the seed is accepted and detected as Contiv 2017; a form edit keeps it accepted', () => {
    const report = lintLocal(seed, 'contiv/v2plugin:latest');
    expect(report.diagnostics.filter((x) => x.severity === 'error')).toEqual([]);
    expect(report.profile).toBe('contiv-2017');
    const change = setValue(seed, ['Linux', 'Capabilities'], ['CAP_NET_ADMIN']);
    const after = lintLocal(applyChanges(seed, [change!]));
    expect(after.diagnostics.filter((x) => x.severity === 'error')).toEqual([]);
    expect(after.privileges.find((p) => p.name === 'capabilities')?.value).toEqual(['CAP_NET_ADMIN']);
  });

  it('maps written keys to the engine’s fields and offers what fits the spot', () => {
    expect(canonicalPath(['linux', 'capabilities', 0])).toEqual(['Linux', 'Capabilities', 0]);
    expect(canonicalPath(['mount'])).toBeNull();
    expect(helpers.keysAt(['interface']).map((k) => k.label).sort()).toEqual(['ProtocolScheme', 'Socket', 'Types']);
    expect(helpers.valuesAt(['Linux', 'Capabilities', 2]).some((v) => v.label === 'CAP_SYS_MODULE')).toBe(true);
    expect(helpers.docFor(['env', 3, 'value'])?.name).toBe('Env[].Value');
  });
});
