// Types for proc.mjs (plain ESM so the runner and Playwright use it without a TypeScript step).
export declare function isAlive(pid: number): boolean;
export declare function killAndWait(
  pid: number,
  opts?: { graceMs?: number; pollMs?: number; owned?: (pid: number) => boolean },
): Promise<'SIGTERM' | 'SIGKILL' | 'already-exited' | 'not-ours'>;
export declare function logTail(log: string, lines?: number): string;
export declare function isExecutable(path: string): boolean;
export declare function runIfMain(moduleUrl: string, main: (argv: string[]) => Promise<void>): void;
