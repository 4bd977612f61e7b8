/** The Docker CLI twins of install and upgrade, copyable. */
import { shellQuote } from '../docker/plugin-model';

export const installTwins = {
  install(reference: string, o: { alias?: string; enable?: boolean; grant?: boolean } = {}): string {
    const parts = ['docker plugin install'];
    if (o.grant !== false) parts.push('--grant-all-permissions');
    if (o.alias) parts.push('--alias', shellQuote(o.alias));
    // The CLI enables by default; Plugsmith only when asked.
    if (!o.enable) parts.push('--disable');
    parts.push(shellQuote(reference));
    return parts.join(' ');
  },
  upgrade(name: string, reference: string, o: { wasEnabled?: boolean } = {}): string {
    const up = `docker plugin upgrade --grant-all-permissions ${shellQuote(name)} ${shellQuote(reference)}`;
    return o.wasEnabled ? `docker plugin disable ${shellQuote(name)} && ${up} && docker plugin enable ${shellQuote(name)}` : up;
  },
};
