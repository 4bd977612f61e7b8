/**
 * Just enough of a Dockerfile to explain a project before building it: the build args it
 * declares (Contiv's `ARG TAR_FILE`), its stages (for a target), and its base images (to say
 * "FROM alpine is not in this engine and there is no registry" before the engine does). The
 * engine's own parser decides everything else; syntax errors are its to report.
 */
export interface DockerfileArg {
  name: string;
  /** The default after `=`, or null when the build must be given one. */
  default: string | null;
  /** Declared before the first FROM (usable in FROM lines). */
  global: boolean;
  line: number;
}

export interface DockerfileStage {
  index: number;
  name: string | null;
  from: string;
  line: number;
}

export interface DockerfileInfo {
  args: DockerfileArg[];
  stages: DockerfileStage[];
  /** `${VAR}` / `$VAR` names used anywhere (to tell which args matter). */
  uses: string[];
}

/** Logical lines: `\` continuations joined, comments and blank lines dropped (1-based start line kept). */
export function logicalLines(text: string): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  const raw = text.split(/\r?\n/);
  // A parser directive may change the escape character (Windows Dockerfiles use `).
  const esc = /^#\s*escape\s*=\s*(\S)/i.exec(raw[0] ?? '')?.[1] ?? '\\';
  let cur = '';
  let start = 0;
  raw.forEach((l, i) => {
    const t = l.trim();
    if (cur === '' && (t === '' || t.startsWith('#'))) return;
    if (cur !== '' && t.startsWith('#')) return; // comment lines inside a continuation are skipped
    if (cur === '') start = i + 1;
    if (t.endsWith(esc)) cur += `${t.slice(0, -1)} `;
    else {
      out.push({ text: (cur + t).trim(), line: start });
      cur = '';
    }
  });
  if (cur.trim()) out.push({ text: cur.trim(), line: start });
  return out;
}

export function parseDockerfile(text: string): DockerfileInfo {
  const args: DockerfileArg[] = [];
  const stages: DockerfileStage[] = [];
  const uses = new Set<string>();
  for (const { text: l, line } of logicalLines(text)) {
    const m = /^(\w+)\s*(.*)$/s.exec(l);
    if (!m) continue;
    const instr = m[1].toUpperCase();
    const rest = m[2];
    for (const u of rest.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)) uses.add(u[1]);
    if (instr === 'FROM') {
      const words = rest.split(/\s+/).filter((w) => !w.startsWith('--'));
      const asAt = words.findIndex((w) => w.toLowerCase() === 'as');
      stages.push({ index: stages.length, name: asAt >= 0 ? (words[asAt + 1] ?? null) : null, from: words[0] ?? '', line });
    } else if (instr === 'ARG') {
      for (const decl of rest.split(/\s+/).filter(Boolean)) {
        const eq = decl.indexOf('=');
        const name = eq < 0 ? decl : decl.slice(0, eq);
        const def = eq < 0 ? null : decl.slice(eq + 1).replace(/^"(.*)"$/, '$1');
        args.push({ name, default: def, global: stages.length === 0, line });
      }
    }
  }
  return { args, stages, uses: [...uses] };
}

/**
 * Base images the build will need from the engine: stage bases that are neither `scratch` nor an
 * earlier stage's name, with global args substituted (so `FROM ${BASE}` is resolved when it can be).
 */
export function baseImages(info: DockerfileInfo, buildArgs: Record<string, string>): string[] {
  const names = new Set<string>();
  const out: string[] = [];
  const subst = (s: string) =>
    s.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (_m, v: string) => buildArgs[v] ?? info.args.find((a) => a.global && a.name === v)?.default ?? '');
  for (const s of info.stages) {
    const from = subst(s.from);
    if (from && from.toLowerCase() !== 'scratch' && !names.has(from.toLowerCase())) out.push(from);
    if (s.name) names.add(s.name.toLowerCase());
  }
  return [...new Set(out)];
}
