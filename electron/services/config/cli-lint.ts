/**
 * `plugsmith config lint FILE…`: the same diagnostics as the editor (ConfigService.lint, so the
 * start-script check runs too), one result per file, as JSON or as `file:line:col` lines.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Diagnostic } from '../../ipc/types';
import { configServiceWithHost } from './with-host';
import { PlugsmithError } from '../errors';

export interface LintedDiagnostic {
  severity: Diagnostic['severity'];
  code: string;
  message: string;
  line: number;
  column: number;
  pointer: string;
  stage: Diagnostic['stage'];
}

export interface FileLint {
  file: string;
  template: boolean;
  profile: string | null;
  errors: LintedDiagnostic[];
  warnings: LintedDiagnostic[];
  /** Informational notes (template filled, Unicode-folded keys, …). */
  notes: LintedDiagnostic[];
}

const slim = (d: Diagnostic): LintedDiagnostic => ({ severity: d.severity, code: d.code, message: d.message, line: d.line, column: d.column, pointer: d.pointer, stage: d.stage });

export async function lintFiles(files: string[], pluginName?: string): Promise<FileLint[]> {
  const service = configServiceWithHost(() => {
    throw new PlugsmithError('config/no-engine', 'config lint does not use the engine');
  });
  const out: FileLint[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      const e: LintedDiagnostic = { severity: 'error', code: 'file/unreadable', message: `cannot read ${file}: ${(err as Error).message}`, line: 0, column: 0, pointer: '', stage: 'lint' };
      out.push({ file, template: false, profile: null, errors: [e], warnings: [], notes: [] });
      continue;
    }
    const r = await service.lint({ text, path: resolve(file), pluginName });
    out.push({
      file,
      template: r.template,
      profile: r.profile,
      errors: r.diagnostics.filter((d) => d.severity === 'error').map(slim),
      warnings: r.diagnostics.filter((d) => d.severity === 'warning').map(slim),
      notes: r.diagnostics.filter((d) => d.severity === 'info').map(slim),
    });
  }
  return out;
}

export function formatLintText(results: FileLint[]): string {
  const lines: string[] = [];
  for (const r of results) {
    const all = [...r.errors, ...r.warnings, ...r.notes].sort((a, b) => a.line - b.line || a.column - b.column);
    for (const d of all) lines.push(`${r.file}:${d.line}:${d.column}: ${d.severity} [${d.code}] ${d.message}`);
    lines.push(`${r.file}: ${r.errors.length} error(s), ${r.warnings.length} warning(s)${r.template ? ' (template)' : ''}${r.profile ? ` [${r.profile}]` : ''}`);
  }
  return lines.join('\n') + '\n';
}
