/**
 * The CLI twin of each pipeline stage, copyable, so a user can see what Plugsmith does in Docker's
 * own terms (and what it does differently: no export to disk, no sudo tar).
 */
import { relative } from 'node:path';
import { shellQuote } from '../docker/plugin-model';
import type { ProjectPlan } from './project';

export const twins = {
  build(plan: ProjectPlan, buildArgs: Record<string, string>, target?: string): string {
    const args = Object.entries(buildArgs).map(([k, v]) => ` --build-arg ${shellQuote(`${k}=${v}`)}`).join('');
    const df = plan.dockerfile && plan.contextDir && relative(plan.contextDir, plan.dockerfile) !== 'Dockerfile' ? ` -f ${shellQuote(plan.dockerfile)}` : '';
    return `docker build${args}${target ? ` --target ${shellQuote(target)}` : ''}${df} ${shellQuote(plan.contextDir ?? plan.dir)}`;
  },
  /** What the shell flow does with temp files; Plugsmith streams the same thing straight through. */
  create(name: string): string {
    return `docker create IMAGE && docker export CONTAINER | (re-tarred under rootfs/ with config.json, never on disk) → docker plugin create ${shellQuote(name)}`;
  },
  push(name: string): string {
    return `docker plugin push ${shellQuote(name)}`;
  },
  pipeline(dir: string, name: string, o: { buildArgs?: Record<string, string>; target?: string; settings?: { key: string; value: string }[]; enable?: boolean; push?: boolean; keepImage?: boolean; replace?: boolean; removeNetworks?: string[] }): string {
    const parts = ['plugsmith build', shellQuote(dir), '--name', shellQuote(name)];
    for (const [k, v] of Object.entries(o.buildArgs ?? {})) parts.push('--build-arg', shellQuote(`${k}=${v}`));
    if (o.target) parts.push('--target', shellQuote(o.target));
    for (const s of o.settings ?? []) parts.push('--set', shellQuote(`${s.key}=${s.value}`));
    if (o.enable) parts.push('--enable');
    if (o.push) parts.push('--push');
    if (o.keepImage) parts.push('--keep-image');
    if (o.replace) parts.push('--replace');
    if (o.replace) for (const n of o.removeNetworks ?? []) parts.push('--remove-network', shellQuote(n));
    return parts.join(' ');
  },
};
