/**
 * The doctor's check ids, in the issue's order (1–16). Dependency-free on purpose: the contract
 * validates `doctor:run {checks}` against this list, and the contract must not pull the checks'
 * Node code (fs, child_process) into anything that only wants the ids.
 */
export const CHECK_IDS = [
  'engine', 'contiv-plugin', 'plugin-socket', 'plugin-mounts', 'ovs-kernel-module', 'ovs-running', 'ovs-bridges', 'contivh0',
  'vlan-uplinks', 'host-ips', 'cluster-store', 'netmaster', 'networks-sync', 'plugin-logs', 'docker-desktop', 'plugin-generic',
  'containerd-leftover',
] as const;

export type CheckId = (typeof CHECK_IDS)[number];
