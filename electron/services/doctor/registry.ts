/** Every check, in the order (1–16). The runner runs them all in parallel. */
import { clusterChecks } from './checks/cluster';
import { leftoverChecks } from './checks/containerd-leftover';
import { engineChecks } from './checks/engine';
import { genericChecks } from './checks/generic';
import { hostNetChecks } from './checks/host-net';
import { logChecks } from './checks/logs';
import { ovsChecks } from './checks/ovs';
import { pluginChecks } from './checks/plugin';
import type { CheckDef } from './types';
import { CHECK_IDS } from './check-ids';

const byId = new Map<string, CheckDef>([...engineChecks, ...pluginChecks, ...ovsChecks, ...hostNetChecks, ...clusterChecks, ...logChecks, ...genericChecks, ...leftoverChecks].map((c) => [c.id, c]));

/** The ids live in check-ids.ts (the contract validates against them without loading the checks). */
export const CHECK_ORDER = CHECK_IDS;

export const CHECKS: readonly CheckDef[] = CHECK_ORDER.map((id) => {
  const c = byId.get(id);
  if (!c) throw new Error(`doctor: check ${id} is not defined`);
  return c;
});
