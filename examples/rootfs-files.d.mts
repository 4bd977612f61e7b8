// Types for rootfs-files.mjs (plain ESM so scripts run it without a TypeScript step).
export declare const EXAMPLES_DIR: string;
export declare const NET_DRIVER_DIR: string;
export interface RootfsFile {
  /** Real file on the host (symlinks resolved). */
  src: string;
  /** Path inside the rootfs, without a leading slash. */
  dest: string;
  size: number;
  mode: number;
}
export declare function parseLdd(text: string): string[];
export declare function lddOf(binary: string): string[];
export declare function nodeRootfsFiles(opts?: { node?: string; driver?: string }): RootfsFile[];
