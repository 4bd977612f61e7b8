/** A report as Markdown (for the bundle and bug reports) and as terminal text (the CLI). Pure. */
import type { DoctorReport } from '../../ipc/types';
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
  }
}

const ICON = { pass: '✔', warn: '!', fail: '✘', skip: '–' } as const;

export function summaryLine(r: DoctorReport): string {
  const n = (s: string) => r.checks.filter((c) => c.status === s).length;
  return `${n('fail')} failed, ${n('warn')} warnings, ${n('pass')} passed, ${n('skip')} skipped in ${r.ms} ms`;
}

export function toMarkdown(r: DoctorReport): string {
  const out = [`# Plugsmith doctor`, '', `- engine: \`${r.host}\``, `- plugin: ${r.plugin ? `\`${r.plugin}\`` : 'none'}`, `- started: ${r.startedAt}`, `- ${summaryLine(r)}`, ''];
  for (const c of sortForDisplay(r.checks)) {
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
  const out: string[] = [`Plugsmith doctor — engine ${r.host}${r.plugin ? `, plugin ${r.plugin}` : ''}`];
  for (const c of sortForDisplay(r.checks)) {
    out.push(`${ICON[c.status]} ${c.status.padEnd(4)} ${c.title} [${c.id}] ${c.ms} ms`);
    if (c.status === 'fail' || c.status === 'warn' || verbose) {
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
