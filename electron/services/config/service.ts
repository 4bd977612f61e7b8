/**
 * The Node side of the config model: what the renderer cannot do by itself — read the start
 * script beside the file, and compare a draft with the installed plugin through the engine.
 * Behind `config:lint` and `config:diff`, and the CLI's `config lint`.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { ConfigDiff, ConfigReport } from '../../ipc/types';
import { PlugsmithError } from '../errors';
import type { Engine } from '../docker/engine';
import { lintConfig, type LintOptions } from './lint';
import { scriptReads, envAgainstScript } from './start-script';
import { diffConfig } from './diff';
import type { DecodedConfig, ExtraCheck } from './types';

export interface ConfigServiceOptions {
  engine: () => Engine;
  /** Checks added to every lint (the Contiv profile's), and its profile detector. */
  extraChecks?: ExtraCheck[];
  detectProfile?: LintOptions['detectProfile'];
  /**
   * Checks that need the lint call's own inputs (the plugin name it will be created as)
   * and this host's facts — Contiv's value rules. Called once per lint when a profile was detected.
   */
  profileChecks?: (pluginName: string | undefined) => Promise<ExtraCheck[]>;
}

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'busybox']);
const MAX_SCRIPT_BYTES = 1024 * 1024;

/** Where the entrypoint's script may sit in a plugin project: beside config.json, in rootfs/, in scripts/. */
export function scriptCandidates(configPath: string, entrypoint: string[] | null): string[] {
  if (!entrypoint?.length) return [];
  let prog = entrypoint[0];
  if (SHELLS.has(basename(prog)) && entrypoint[1] && !entrypoint[1].startsWith('-')) prog = entrypoint[1];
  if (!prog) return [];
  const dir = dirname(configPath);
  const name = basename(prog);
  const rel = prog.replace(/^\/+/, '');
  return [...new Set([join(dir, name), join(dir, 'rootfs', rel), join(dir, 'scripts', name), join(dir, rel)])];
}

async function readScript(candidates: string[]): Promise<{ path: string; text: string } | null> {
  for (const p of candidates) {
    try {
      const s = await stat(p);
      if (!s.isFile() || s.size > MAX_SCRIPT_BYTES) continue;
      const buf = await readFile(p);
      // Only a text script can be read for variables; a binary entrypoint says nothing here.
      if (buf.subarray(0, 4096).includes(0)) return null;
      return { path: p, text: buf.toString('utf8') };
    } catch {
      // not there: try the next place
    }
  }
  return null;
}

export class ConfigService {
  constructor(private readonly opts: ConfigServiceOptions) {}

  async lint(args: { text: string; path?: string; pluginName?: string }): Promise<ConfigReport> {
    const base = { pluginName: args.pluginName, extraChecks: this.opts.extraChecks, detectProfile: this.opts.detectProfile };
    // The first pass decodes and names the profile (neither depends on the extra checks); the
    // checks that need those answers are gathered, then one more pass runs them all, so their
    // findings get positions like every other.
    const first = lintConfig(args.text, base);
    if (!first.decoded) return first;
    const more: ExtraCheck[] = [];
    if (first.profile && this.opts.profileChecks) more.push(...(await this.opts.profileChecks(args.pluginName)));
    if (args.path) {
      const config = first.decoded as unknown as DecodedConfig;
      const script = await readScript(scriptCandidates(args.path, config.Entrypoint));
      if (script) {
        const reads = scriptReads(script.text);
        more.push((c) => envAgainstScript(c, reads, basename(script.path)));
      }
    }
    if (!more.length) return first;
    return lintConfig(args.text, { ...base, extraChecks: [...(base.extraChecks ?? []), ...more] });
  }

  async diff(args: { text: string; name: string }): Promise<ConfigDiff> {
    const inspected = await this.opts
      .engine()
      .request<{ Name: string; Config: Record<string, unknown>; Settings?: { Env?: string[]; Args?: string[]; Mounts?: { Name?: string; Source?: string | null }[]; Devices?: { Name?: string; Path?: string | null }[] } }>({
        method: 'GET',
        path: `/plugins/${encodeURIComponent(args.name)}/json`,
      });
    const entries = diffConfig(args.text, inspected.Config, args.name);
    if (!entries) {
      const report = lintConfig(args.text, { pluginName: args.name });
      const e = report.diagnostics.find((d) => d.severity === 'error');
      throw new PlugsmithError('config/invalid', `The draft is not a config Docker accepts${e ? ` (line ${e.line}, column ${e.column}: ${e.message})` : ''}`);
    }
    const s = inspected.Settings ?? {};
    return {
      name: inspected.Name ?? args.name,
      entries,
      settings: {
        env: s.Env ?? [],
        args: s.Args ?? [],
        mounts: (s.Mounts ?? []).map((m) => ({ name: m.Name, source: m.Source ?? null })),
        devices: (s.Devices ?? []).map((d) => ({ name: d.Name, path: d.Path ?? null })),
      },
    };
  }
}
