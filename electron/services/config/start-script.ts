/**
 * Which environment variables a start script reads, and whether a config's env names meet
 * them. The seed's 2017 config under Contiv's 2019 `startcontiv.sh` exits silently: the script
 * greps for `CONTIV_` variables, finds none, and `set -e` ends it — no log anywhere. Catching
 * that needs only the two name lists. Pure (the service reads the file).
 */
import type { DecodedConfig, Finding } from './types';

export interface ScriptReads {
  /** Names read as $NAME / ${NAME} / ${NAME:-x} and not assigned by the script first. */
  names: Set<string>;
  /** Prefixes the script selects variables by (`env | grep CONTIV_`, `${!CONTIV_@}`). */
  prefixes: Set<string>;
}

/** Shell and process variables no plugin config provides. */
const AMBIENT = new Set(['PATH', 'HOME', 'PWD', 'OLDPWD', 'IFS', 'HOSTNAME', 'RANDOM', 'LINENO', 'SECONDS', 'SHELL', 'USER', 'UID', 'EUID', 'PPID', 'BASH_SOURCE', 'BASH', 'FUNCNAME', 'TERM', 'LANG', 'OPTARG', 'OPTIND', 'REPLY', 'PIPESTATUS', 'BASHPID', 'HOSTTYPE', 'OSTYPE']);

export function scriptReads(script: string): ScriptReads {
  const names = new Set<string>();
  const prefixes = new Set<string>();
  const assigned = new Set<string>();
  const lines = script.split('\n');
  for (const raw of lines) {
    const line = raw.replace(/(^|\s)#.*$/, '$1');
    // Loop and read variables are set before the body that uses them.
    for (const m of line.matchAll(/\b(?:for|read)\s+(?:-\w+\s+)*([A-Za-z_][A-Za-z0-9_]*)/g)) assigned.add(m[1]);
    // Other reads before assignments, so `X=${X:-default}` still counts as reading X from the environment.
    for (const m of line.matchAll(/\$\{[#!]?([A-Za-z_][A-Za-z0-9_]*)/g)) if (!assigned.has(m[1])) names.add(m[1]);
    for (const m of line.matchAll(/\$([A-Za-z_][A-Za-z0-9_]*)/g)) if (!assigned.has(m[1])) names.add(m[1]);
    for (const m of line.matchAll(/\bgrep\b[^|;]*?['"]?\^?([A-Z][A-Z0-9]*_)[A-Z0-9_]*['"]?/g)) prefixes.add(m[1]);
    for (const m of line.matchAll(/\$\{!([A-Za-z_][A-Za-z0-9_]*)[@*]\}/g)) prefixes.add(m[1]);
    for (const m of line.matchAll(/(?:^|[;&|]\s*|\b(?:export|local|readonly|declare)\s+)([A-Za-z_][A-Za-z0-9_]*)=/g)) assigned.add(m[1]);
  }
  for (const a of AMBIENT) names.delete(a);
  return { names, prefixes };
}

/** Findings when the config's env names and the script's reads do not meet. */
export function envAgainstScript(config: DecodedConfig, reads: ScriptReads, scriptName: string): Finding[] {
  const env = (config.Env ?? []).map((e, i) => ({ name: e.Name, i })).filter((e) => e.name);
  const readBy = (name: string) => reads.names.has(name) || [...reads.prefixes].some((p) => name.startsWith(p));
  const out: Finding[] = [];
  const met = env.filter((e) => readBy(e.name));
  if (env.length > 0 && met.length === 0 && (reads.names.size > 0 || reads.prefixes.size > 0)) {
    const wants = [...reads.prefixes].map((p) => `${p}*`).concat([...reads.names].slice(0, 6));
    out.push({
      severity: 'warning',
      code: 'start/env-unread',
      stage: 'start',
      path: ['Env'],
      message: `${scriptName} reads none of this config's env names (it reads ${wants.join(', ')}): the plugin starts without its settings and may exit with no log at all.`,
    });
    return out;
  }
  for (const p of reads.prefixes) {
    if (!env.some((e) => e.name.startsWith(p))) out.push({ severity: 'warning', code: 'start/env-unread', stage: 'start', path: ['Env'], message: `${scriptName} selects variables by the prefix ${p}, and this config declares none: the script finds nothing.` });
  }
  for (const e of env) {
    if (!readBy(e.name)) out.push({ severity: 'info', code: 'start/env-unread', stage: 'start', path: ['Env', e.i, 'Name'], message: `${scriptName} does not read "${e.name}" (a program it starts may still read it).` });
  }
  return out;
}
