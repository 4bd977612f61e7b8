// Types for dockerd.mjs (plain ESM so the runner and Playwright use it without a TypeScript step).
export interface StartedDockerd {
  /** `unix:///tmp/psd-…/docker.sock`: what DOCKER_HOST / PLUGSMITH_TEST_DOCKER_HOST take. */
  host: string;
  socket: string;
  pid: number;
  dataRoot: string;
  execRoot: string;
  dir: string;
  log: string;
  binary: string;
  stop(): Promise<StopResult>;
}
export interface StopResult {
  pid: number;
  /** Plugins removed (with force) before the engine was stopped. */
  removedPlugins: string[];
  how: 'SIGTERM' | 'SIGKILL' | 'already-exited';
  /** Processes of this engine's containerd left after it died (only after a SIGKILL), killed by pid. */
  sweptPids: number[];
  /** After an unclean exit: /run/docker/plugins/<id> folders of this engine's plugins, removed. */
  pluginDirs: string[];
  /** After an unclean exit: mounts left inside the engine's folder, unmounted. */
  unmounted: string[];
}
export declare function findDockerd(env?: NodeJS.ProcessEnv): string;
export declare function pathsFor(dir: string): { dir: string; socket: string; dataRoot: string; execRoot: string; pidfile: string; log: string };
export declare function engineCall(
  socket: string,
  method: string,
  path: string,
  opts?: { body?: unknown; timeoutMs?: number },
): Promise<{ status: number; text: string; json: any }>;
export declare function startDockerd(opts?: { dir?: string; timeoutMs?: number; binary?: string; extraArgs?: string[] }): Promise<StartedDockerd>;
export declare function removeAllPlugins(socket: string): Promise<string[]>;
export declare function stopDockerd(opts: { dir: string }): Promise<StopResult>;
/** Mount points at or under dir (a live engine bind-mounts its data root onto itself). */
export declare function mountsUnder(dir: string): string[];
/** rm -rf of a stopped engine's folder; throws while anything is still mounted inside it. */
export declare function removeEngineDir(dir: string): void;
