/**
 * The config as the engine holds it after `docker plugin create`: moby's `types.PluginConfig`
 * (api/types/plugin.go, 20.10), field for field, in the engine's own re-encoded form — PascalCase
 * names, unknown keys gone, Go's nil slices as `null`, interface types as the strings the engine
 * re-encodes them to (`docker.networkdriver/1.0`), `omitempty` fields absent when empty.
 * This is exactly the `Config` that `GET /plugins/{name}/json` returns (minus `rootfs` and
 * `DockerVersion`, which the engine overwrites at create).
 *
 * Other modules (the Contiv profile, the renderer's form view) read this shape; canonical paths
 * such as ['Env', 3, 'Value'] name places in it.
 */
import type { DiagnosticStage } from '../../ipc/types';

export interface DecodedSetting {
  Description: string;
  Name: string;
  /** Which field `docker plugin set` may change; matched case-sensitively by the engine. */
  Settable: string[] | null;
}

export interface DecodedEnv extends DecodedSetting {
  /** Go *string: null means the variable is absent until `docker plugin set`. */
  Value: string | null;
}

export interface DecodedArgs extends DecodedSetting {
  Value: string[] | null;
}

export interface DecodedMount extends DecodedSetting {
  Destination: string;
  Options: string[] | null;
  /** Go *string: null fails enable with "mount source is not specified". */
  Source: string | null;
  Type: string;
}

export interface DecodedDevice extends DecodedSetting {
  Path: string | null;
}

export interface DecodedConfig {
  Args: DecodedArgs;
  Description: string;
  /** Overwritten by the engine at create (its own version). */
  DockerVersion?: string;
  Documentation: string;
  Entrypoint: string[] | null;
  Env: DecodedEnv[] | null;
  Interface: {
    ProtocolScheme?: string;
    Socket: string;
    /** As the engine re-encodes them: `${Prefix}.${Capability}/${Version}`. */
    Types: string[] | null;
  };
  IpcHost: boolean;
  Linux: { AllowAllDevices: boolean; Capabilities: string[] | null; Devices: DecodedDevice[] | null };
  Mounts: DecodedMount[] | null;
  Network: { Type: string };
  PidHost: boolean;
  PropagatedMount: string;
  User: { UID?: number; GID?: number };
  WorkDir: string;
  /** Overwritten by the engine at create (the layer it stored). */
  rootfs?: { diff_ids: string[] | null; type?: string };
}

/** A canonical path into DecodedConfig, e.g. ['Env', 3, 'Value'] or ['Linux', 'Capabilities', 0]. */
export type CanonicalPath = (string | number)[];

export type Severity = 'error' | 'warning' | 'info';

/** What a check reports before lint maps its canonical path to the user's text. */
export interface Finding {
  severity: Severity;
  code: string;
  message: string;
  stage: DiagnosticStage;
  path: CanonicalPath;
  suggestion?: string;
}

/** A check another module adds to the lint (the Contiv profile does). Must not throw; a throw is reported as an info diagnostic. */
export type ExtraCheck = (view: DecodedConfig) => Finding[];
