// Types for ovs.mjs (plain ESM so the runner and Playwright use it without a TypeScript step).
/** Why OVS tests cannot run here (not root, binaries missing), or null when they can. */
export declare function ovsSkipReason(): string | null;

export type KillHow = 'SIGTERM' | 'SIGKILL' | 'already-exited' | 'not-ours';
export interface OvsStopResult {
  vswitchd: KillHow;
  server: KillHow;
  netns: string | null;
  netnsDeleted: boolean;
  removedDir: boolean;
}
export interface StartedOvs {
  dir: string;
  dbSock: string;
  /** `unix:<dbSock>` */
  db: string;
  /** ovs-vswitchd's OVS_RUNDIR, where `<bridge>.mgmt` lives (dumpFlows' rundir). */
  rundir: string;
  /** The namespace ovs-vswitchd (and so contivh0) lives in; null when started with netns: false. */
  netns: string | null;
  pids: { ovsdbServer: number; ovsVswitchd: number };
  logs: { ovsdbServer: string; ovsVswitchd: string };
  env: NodeJS.ProcessEnv;
  /** Start-up time in ms: createDb, ovsdbServer, ovsVswitchd, total. */
  ms: Record<string, number>;
  vsctl(args: string[], opts?: { timeoutMs?: number }): Promise<{ stdout: string; stderr: string }>;
  inNetns(argv: string[]): Promise<{ stdout: string; stderr: string }>;
  stopDb(): Promise<KillHow>;
  startDb(): Promise<number>;
  stopSwitch(): Promise<KillHow>;
  startSwitch(): Promise<number>;
  stop(opts?: { remove?: boolean }): Promise<OvsStopResult>;
}
export declare function startOvs(opts?: { dir?: string; netns?: boolean }): Promise<StartedOvs>;
export declare function stopOvs(opts: { dir: string; remove?: boolean }): Promise<OvsStopResult>;

export interface ContivShape {
  bridges: { name: string; datapathType: string; vsctlStderr: string }[];
  contivh0: { bridge: string; endpointId: string; address: string | null; netns: string | null };
  /** The bridge on the default datapath; logLine is vswitchd's "failed to create bridge …" (null if not seen within 3 s). */
  systemBridge: { name: string; vsctlStderr: string; logLine: string | null } | null;
  manager: string | null;
  /** The private subnet given a MASQUERADE rule inside the namespace, or false. */
  masquerade: string | false;
}
export declare function makeContivShape(
  dbSock: string,
  opts?: {
    netns?: string | null;
    endpointId?: string;
    address?: string;
    datapaths?: Partial<Record<'contivVxlanBridge' | 'contivVlanBridge', 'netdev' | 'system'>>;
    /** Name of the extra bridge on the system datapath; null for none. */
    systemBridge?: string | null;
    /** Only `ptcp:<port>:127.0.0.1`. */
    manager?: string | null;
    masquerade?: boolean;
    log?: string | null;
  },
): Promise<ContivShape>;
