/** A report as Markdown (for the bundle and bug reports) and as terminal text (the CLI). Pure. */
import type { DoctorCheckResult, DoctorReport } from '../../ipc/types';
import { sortForDisplay } from './runner';
import type { DoctorAction } from '../../ipc/types';

/** What the screen's button does, in words for the text and Markdown reports. */
export function actionLabel(a: DoctorAction): string {
  switch (a.kind) {
    case 'enable-plugin':
      return `enable ${a.plugin}`;
    case 'set-setting':
      return `set ${a.key}=${a.value} on ${a.plugin}`;
    case 'open-editor':
      return `fill ${a.field} of ${a.plugin}`;
    case 'open-settings':
      return `set ${a.field} in Settings`;
    case 'clear-leftover':
      return `remove the leftover of ${a.plugin} from containerd, then enable it`;
  }
}

const ICON = { pass: '✔', warn: '!', fail: '✘', skip: '–', unknown: '?' } as const;

export function summaryLine(r: DoctorReport): string {
  const n = (s: string) => r.checks.filter((c) => c.status === s).length;
  return `${n('fail')} failed, ${n('warn')} warnings, ${n('unknown')} can't tell, ${n('pass')} passed, ${n('skip')} skipped in ${r.ms} ms`;
}

const VERDICT_WORDS = { healthy: 'healthy', failing: 'failing', unknown: "can't tell" } as const;

/**
 * The verdict in lines, ahead of every check: the cause to fix first, what follows from it, the
 * other independent causes, and for "can't tell" what Plugsmith needs. `md`: Markdown.
 */
export function verdictLines(r: DoctorReport, md = false): string[] {
  const v = r.verdict;
  const title = (id: string) => r.checks.find((c) => c.id === id)?.title ?? id;
  const code = (s: string) => (md ? `\`${s}\`` : `[${s}]`);
  const out: string[] = [md ? `## Verdict: ${VERDICT_WORDS[v.status]}` : `Verdict: ${VERDICT_WORDS[v.status]}`];
  if (!v.causes.length && v.status === 'healthy') out.push('Nothing failed.');
  v.causes.forEach((c, i) => {
    const lead = i === 0 ? 'Fix first' : 'Also';
    const head = `${lead}: ${ICON[c.status]} ${c.status} — ${title(c.check)} ${code(c.check)}`;
    out.push(md ? `${i + 1}. **${head}**` : `  ${i + 1}. ${head}`);
    const pad = md ? '   ' : '       ';
    if (c.why) out.push(`${pad}${md ? '- ' : ''}why this first: ${c.why}`);
    if (c.consequences.length) out.push(`${pad}${md ? '- ' : ''}fails because of it: ${c.consequences.map((x) => `${title(x)} ${code(x)}`).join(', ')}`);
    const fixOf = r.checks.find((x) => x.id === c.check)?.fix;
    if (fixOf) out.push(`${pad}${md ? '- ' : ''}fix: ${fixOf}`);
  });
  if (v.needs?.length) {
    out.push('', "To tell, Plugsmith needs:");
    for (const n of v.needs) out.push(md ? `- ${n}` : `  · ${n}`);
  }
  if (md) out.push('');
  return out;
}

/** Causes first (in the verdict's order), then the rest as before. */
function inVerdictOrder(r: DoctorReport): DoctorCheckResult[] {
  const first = r.verdict.causes.flatMap((c) => [c.check, ...c.consequences]);
  const rank = (c: DoctorCheckResult) => (first.includes(c.id) ? first.indexOf(c.id) : first.length);
  return sortForDisplay(r.checks).sort((a, b) => rank(a) - rank(b));
}

export function toMarkdown(r: DoctorReport): string {
  const out = [`# Plugsmith doctor`, '', `- engine: \`${r.host}\``, `- plugin: ${r.plugin ? `\`${r.plugin}\`` : 'none'}`, `- started: ${r.startedAt}`, `- ${summaryLine(r)}`, '', ...verdictLines(r, true)];
  for (const c of inVerdictOrder(r)) {
    out.push(`## ${ICON[c.status]} ${c.status.toUpperCase()} — ${c.title} (\`${c.id}\`, ${c.ms} ms)`, '');
    for (const e of c.evidence) out.push(`- ${e.replace(/\n/g, ' ')}`);
    out.push('', `**Why:** ${c.why}`, '', `**Fix:** ${c.fix}`);
    if (c.command) out.push('', '```sh', c.command, '```');
    if (c.action && c.action.command !== c.command) out.push('', `**One-click fix (${actionLabel(c.action)}):**`, '', '```sh', c.action.command, '```');
    out.push('');
  }
  return out.join('\n');
}

export function toText(r: DoctorReport, verbose = false): string {
  const out: string[] = [`Plugsmith doctor — engine ${r.host}${r.plugin ? `, plugin ${r.plugin}` : ''}`, ...verdictLines(r), '', 'Checks:'];
  const cause = new Map(r.verdict.causes.flatMap((c) => c.consequences.map((x) => [x, c.check] as const)));
  for (const c of inVerdictOrder(r)) {
    out.push(`${ICON[c.status]} ${c.status.padEnd(4)} ${c.title} [${c.id}] ${c.ms} ms${cause.has(c.id) ? ` (because of ${cause.get(c.id)})` : ''}`);
    if (c.status === 'fail' || c.status === 'warn' || c.status === 'unknown' || verbose) {
      for (const e of c.evidence) out.push(`      · ${e}`);
      if (c.status !== 'pass' && c.status !== 'skip') {
        out.push(`      fix: ${c.fix}`);
        if (c.command) out.push(`      $ ${c.command}`);
        // The Doctor screen's one-click fix, as the command that does the same.
        if (c.action && c.action.command !== c.command) out.push(`      fix (${actionLabel(c.action)}): $ ${c.action.command}`);
      }
    } else if (c.status === 'skip') out.push(`      · ${c.evidence[0] ?? ''}`);
  }
  out.push(summaryLine(r));
  return out.join('\n');
}
