/**
 * The engine's judgement of a config.json text: errors exactly where `docker plugin create`
 * refuses it (syntax, types), warnings with their stage for what fails later, notes for what
 * the engine quietly does differently — each at the user's own text position and JSON pointer.
 * Pure and browser-safe: the renderer runs it per keystroke; the service adds host-aware checks.
 */
import type { ConfigProfile, ConfigReport, Diagnostic } from '../../ipc/types';
import { parseJson, LineIndex, type JsonNode, type Span } from './json';
import { decodeConfig, type DecodeResult, type Origin } from './decode';
import { engineChecks } from './checks';
import { computePrivileges } from './privileges';
import { suggestKey, KNOWN_IGNORED } from './suggest';
import { fillTemplate, isTemplate, type Filled } from './template';
import { ENGINE_OWNED } from './schema';
import type { CanonicalPath, DecodedConfig, ExtraCheck, Finding } from './types';

export interface LintOptions {
  /** The name:tag the plugin will be created as; fills name placeholders in templates. */
  pluginName?: string;
  /** More checks on the decoded config (the Contiv profile's). */
  extraChecks?: ExtraCheck[];
  /** Names the config's profile (e.g. Contiv's detector). */
  detectProfile?: (view: DecodedConfig) => ConfigProfile;
  /** 'auto' (default): `##` lines and placeholders make it a template; false: judge the text as is. */
  template?: 'auto' | false;
}

export interface LintResult extends ConfigReport {
  /** Where each canonical path got its value, in the original text (for the form view and hover). */
  locate(path: CanonicalPath): Located;
}

export interface Located {
  pointer: string;
  from: number;
  to: number;
  line: number;
  column: number;
}

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

export function lintConfig(text: string, opts: LintOptions = {}): LintResult {
  const original = new LineIndex(text);
  const template = opts.template !== false && isTemplate(text);
  const filled: Filled | null = template ? fillTemplate(text, opts.pluginName) : null;
  const judged = filled ? filled.text : text;
  const back = (o: number) => (filled ? filled.toOriginal(o) : o);
  const diagnostics: Diagnostic[] = [];

  const at = (span: Span, pointer: string, d: Omit<Diagnostic, 'from' | 'to' | 'line' | 'column' | 'pointer'>): Diagnostic => {
    const from = back(span.from);
    const to = Math.max(from, back(span.to));
    return { ...d, pointer, from, to, ...original.position(from) };
  };

  if (filled) diagnostics.push(templateNote(text, filled, at));

  const parsed = parseJson(judged);
  if (parsed.error || !parsed.root) {
    const e = parsed.error!;
    const span = { from: e.offset, to: Math.min(e.offset + 1, judged.length) };
    diagnostics.push(at(span, '', { severity: 'error', code: 'json/syntax', stage: 'create', message: `Docker refuses this config at create: failed to parse config: ${e.message}` }));
    return finish(diagnostics, null, [], null, template, () => nowhere(original));
  }

  const root = parsed.root;
  const decoded = decodeConfig(judged, root);
  decoded.origins.set('', { pointer: '', span: { from: root.from, to: Math.min(root.from + 1, root.to) } });
  for (const e of decoded.errors) diagnostics.push(at(e.span, e.pointer, { severity: 'error', code: e.code, stage: 'create', message: e.message }));
  diagnostics.push(...keyDiagnostics(decoded, at, (o) => original.position(back(o))));

  const locateCanon = (path: CanonicalPath): { pointer: string; span: Span } => {
    for (let n = path.length; n >= 0; n--) {
      const o: Origin | undefined = decoded.origins.get(path.slice(0, n).join('/'));
      if (!o) continue;
      const rest = path.slice(n).map((s) => `/${s}`).join('');
      const isContainer = n === path.length && o.keySpan && /^[[{]/.test(judged.charAt(o.span.from));
      return { pointer: o.pointer + rest, span: n < path.length ? o.keySpan ?? o.span : isContainer ? o.keySpan! : o.span };
    }
    return { pointer: '', span: { from: 0, to: 0 } };
  };
  const fromFinding = (f: Finding) => {
    const { pointer, span } = locateCanon(f.path);
    return at(span, pointer, { severity: f.severity, code: f.code, message: f.message, stage: f.stage, ...(f.suggestion !== undefined ? { suggestion: f.suggestion } : {}) });
  };

  const accepted = decoded.errors.length === 0;
  let profile: ConfigProfile = null;
  if (accepted) {
    const rawTypes = (decoded.config.Interface.Types ?? []).map((_, i) => {
      const o = decoded.origins.get(`Interface/Types/${i}`);
      return o && judged.charAt(o.span.from) === '"' ? judged.slice(o.span.from + 1, o.span.to - 1) : null;
    });
    for (const f of engineChecks({ config: decoded.config, rawTypes })) diagnostics.push(fromFinding(f));
    for (const check of opts.extraChecks ?? []) {
      try {
        for (const f of check(decoded.config)) diagnostics.push(fromFinding(f));
      } catch (err) {
        diagnostics.push(at({ from: 0, to: 0 }, '', { severity: 'info', code: 'lint/check-failed', stage: 'lint', message: `A check failed to run: ${(err as Error)?.message ?? String(err)}` }));
      }
    }
    try {
      profile = opts.detectProfile?.(decoded.config) ?? null;
    } catch {
      profile = null;
    }
  }
  const locate = (path: CanonicalPath): Located => {
    const { pointer, span } = locateCanon(path);
    const from = back(span.from);
    return { pointer, from, to: Math.max(from, back(span.to)), ...original.position(from) };
  };
  return finish(diagnostics, accepted ? decoded.config : null, accepted ? computePrivileges(decoded.config) : [], profile, template, locate);
}

function finish(diagnostics: Diagnostic[], decoded: DecodedConfig | null, privileges: ConfigReport['privileges'], profile: ConfigProfile, template: boolean, locate: (p: CanonicalPath) => Located): LintResult {
  diagnostics.sort((a, b) => a.from - b.from || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
  const report: LintResult = { decoded: decoded as Record<string, unknown> | null, diagnostics, privileges, profile, template, locate };
  // `locate` is for in-process callers; keep it out of JSON (IPC, CLI --json).
  Object.defineProperty(report, 'locate', { enumerable: false });
  return report;
}

function nowhere(idx: LineIndex): Located {
  return { pointer: '', from: 0, to: 0, ...idx.position(0) };
}

type At = (span: Span, pointer: string, d: Omit<Diagnostic, 'from' | 'to' | 'line' | 'column' | 'pointer'>) => Diagnostic;

function templateNote(text: string, filled: Filled, at: At): Diagnostic {
  const raw = parseJson(text);
  const idx = new LineIndex(text);
  const bits: string[] = [];
  if (filled.commentLines.length) bits.push(`${filled.commentLines.length} \`##\` comment line${filled.commentLines.length > 1 ? 's' : ''} blanked`);
  if (filled.placeholders.length) bits.push(`placeholder${filled.placeholders.length > 1 ? 's' : ''} ${[...new Set(filled.placeholders.map((p) => p.name))].join(', ')} filled in`);
  let verdict = 'As stored it is valid JSON too.';
  if (raw.error) {
    const p = idx.position(raw.error.offset);
    verdict = `As stored, Docker would refuse it (line ${p.line}, column ${p.column}: ${raw.error.message}): generate config.json from it first, as the project's build script does.`;
  }
  const first = Math.min(...filled.commentLines, ...filled.placeholders.map((p) => p.from));
  return at({ from: first, to: first }, '', { severity: 'info', code: 'template/filled', stage: 'lint', message: `A template, checked after filling in (${bits.join('; ')}). ${verdict}` });
}

function keyDiagnostics(d: DecodeResult, at: At, pos: (offset: number) => { line: number }): Diagnostic[] {
  const out: Diagnostic[] = [];
  // Same field of the same object written twice (any casing): keep track per struct instance.
  const seen = new Map<string, { key: string; keySpan: Span }>();
  for (const k of d.keys) {
    const parentPointer = k.pointer.slice(0, k.pointer.lastIndexOf('/'));
    if (!k.field) {
      const folded = k.key.toLowerCase();
      const known = k.parent.length === 0 ? KNOWN_IGNORED[folded] : undefined;
      const s = suggestKey(k.struct, k.key);
      const where = k.parent.length ? ` in ${k.parent.filter((p) => typeof p === 'string').join('.')}` : '';
      const message = known
        ? `Docker ignores \`${k.key}\`${where}: ${known}.`
        : s
          ? `Docker ignores \`${k.key}\`${where} — did you mean \`${s.text}\`?`
          : `Docker ignores \`${k.key}\`${where}: it is not a plugin config field.`;
      out.push(at(k.keySpan, k.pointer, { severity: 'warning', code: 'key/ignored', stage: 'ignored', message, ...(s && !known ? { suggestion: s.text } : {}) }));
      continue;
    }
    if (k.unicodeFold) out.push(at(k.keySpan, k.pointer, { severity: 'info', code: 'key/unicode-fold', stage: 'accepted', message: `\`${k.key}\` matches \`${k.field}\` only through Go's Unicode case folding (ſ = s, K = k): the engine accepts it, most other tools will not.`, suggestion: k.field }));
    if (k.parent.length === 0 && ENGINE_OWNED.has(k.field)) out.push(at(k.keySpan, k.pointer, { severity: 'warning', code: 'key/engine-owned', stage: 'ignored', message: `The engine overwrites \`${k.field}\` at create: this value is never used.` }));
    const slot = `${parentPointer}\u0000${k.field}`;
    const prev = seen.get(slot);
    if (prev) {
      const p = pos(prev.keySpan.from);
      out.push(
        at(k.keySpan, k.pointer, {
          severity: 'warning',
          code: 'key/duplicate',
          // Accepted; the earlier value is decoded over (ignored) or merged: what is used is said in the message.
          stage: 'accepted',
          message: `\`${k.key}\` sets \`${k.field}\` again (first as \`${prev.key}\` on line ${p.line}): the engine decodes both in order — objects merge, arrays are decoded over the earlier array's items, other values: the last wins.`,
        }),
      );
    }
    seen.set(slot, { key: k.key, keySpan: k.keySpan });
  }
  return out;
}

export type { JsonNode };
