/**
 * Contiv's value rules as a lint hook: `contivChecks(opts)` returns the `ExtraCheck` the config
 * model's lint calls with the decoded config. Nothing here is an error — the engine accepts every
 * one of these configs; they fail later, inside Contiv, where the only visible symptom is the
 * engine's dial error — so each finding is a warning or a note saying where the real reason is
 * written. Pure and browser-safe (host facts are passed in).
 */
import { CheckContext, type ContivCheckOptions } from './context';
import { profileEvidence } from './profile';
import { rules2017 } from './rules-2017';
import { rules2019 } from './rules-2019';
import { translate2017To2019 } from './settings';
import type { ContivCheck, ContivConfigView } from './view';

export type { ContivCheckOptions } from './context';

/** Names from the other layout: the start script of this layout never reads them. */
function checkLayoutMix(ctx: CheckContext, profile: 'contiv-2017' | 'contiv-2019', names2017: string[], names2019: string[]): void {
  if (profile === 'contiv-2019') {
    for (const name of names2017) {
      const slot = ctx.get(name)!;
      const to = translate2017To2019(name, slot.value);
      ctx.push({
        severity: 'warning', code: 'contiv/mixed-layout', path: ['Env', slot.index, 'Name'],
        message: `"${name}" is a 2017 setting: the 2019 start script and binaries read only CONTIV_* variables, so it is silently ignored.${to.length ? ` Its 2019 form is ${to.map((t) => `${t.name}=${t.value}`).join(' and ')}.` : ''}`,
        ...(to.length ? { suggestion: to[0]!.name } : {}),
      });
    }
    return;
  }
  for (const name of names2019) {
    const slot = ctx.get(name)!;
    ctx.push({
      severity: 'warning', code: 'contiv/mixed-layout', path: ['Env', slot.index, 'Name'],
      message: `"${name}" is a 2019 setting, but the rest of this config is the 2017 layout, whose start script reads only its lower-case names: it is ignored.`,
    });
  }
  if (names2019.length === 0) {
    ctx.push({
      severity: 'info', code: 'contiv/layout-2017', stage: 'start', path: ['Env'],
      message: `This is the 2017 layout (plugin_role, cluster_store, …). It works only with the 2017 start script. Under the 2019 script (current Contiv) it fails with no log at all: the script looks for CONTIV_* variables, finds none and exits silently, and enable fails after ~12.6 s with the dial error. Check that the rootfs carries the 2017 startcontiv.sh, or move to the CONTIV_* names.`,
    });
  }
}

export function contivChecks(opts: ContivCheckOptions = {}): ContivCheck {
  return (view: ContivConfigView) => {
    const ev = profileEvidence(view);
    if (!ev.profile) return [];
    const ctx = new CheckContext(view, opts);
    // A never-throwing hook: a rule bug must not take the whole lint down with it.
    try {
      if (ev.profile === 'contiv-2019') rules2019(ctx);
      else rules2017(ctx);
      checkLayoutMix(ctx, ev.profile, ev.names2017, ev.names2019);
    } catch (err) {
      ctx.push({
        severity: 'info', code: 'contiv/check-failed', stage: 'lint', path: [],
        message: `Plugsmith's Contiv checks stopped early: ${err instanceof Error ? err.message : String(err)}`,
      });
    }
    return ctx.findings;
  };
}
