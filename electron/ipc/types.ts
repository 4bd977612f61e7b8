/**
 * Data shapes that cross the contract. Plain JSON only (structured-clone and
 * JSON safe): both transports carry them unchanged.
 */

export type EngineState = 'connecting' | 'connected' | 'unreachable' | 'too-old' | 'denied';

export interface EngineStatus {
  state: EngineState;
  /** What we connect to, as the user would write it: unix:///var/run/docker.sock, tcp://host:2376 */
  host: string;
  /** Where that address came from. */
  source: 'settings' | 'DOCKER_HOST' | 'default';
  version?: string;
  apiVersion?: string;
  minApiVersion: string;
  os?: string;
  /** Set when state is not connected: the engine's/system's words. */
  error?: { code: string; message: string; detail?: string };
  checkedAt: string;
}

/** What an interface type means, in words the renderer translates. */
export type PluginKind = 'network' | 'ipam' | 'volume' | 'log' | 'authz' | 'metrics' | 'csi' | 'unknown';

export interface PluginCapability {
  /** The raw type, e.g. docker.networkdriver/1.0 */
  type: string;
  kind: PluginKind;
}

export type SettingKind = 'env' | 'arg' | 'mount' | 'device';

/** One settable-or-not entry of a plugin's config, as `docker plugin set` sees it. */
export interface PluginSetting {
  kind: SettingKind;
  name: string;
  description: string;
  /** env/args: value; mount: source; device: path. null when unset. */
  value: string | null;
  /** Field names the config lists in Settable (raw). */
  settable: string[];
  /** The fields `docker plugin set` will really accept for this entry. */
  settableFields: string[];
  /** Why the entry cannot be changed right now (not settable, plugin enabled), or null. */
  locked: null | 'not-settable' | 'enabled';
  /** The key to pass to `docker plugin set` (NAME or NAME.field when several are settable). */
  setKey: string | null;
}

export type HealthState = 'unchecked' | 'answering' | 'not-answering' | 'skipped' | 'disabled';

export interface PluginHealth {
  state: HealthState;
  /** What was called and what came back, or why it was skipped (e.g. `skipped: needs root`). */
  detail: string;
  checkedAt: string | null;
}

export interface PluginSummary {
  id: string;
  /** Full reference as the engine reports it: contiv/v2plugin:latest */
  name: string;
  description: string;
  documentation: string;
  enabled: boolean;
  capabilities: PluginCapability[];
  socket: string;
  settings: PluginSetting[];
  health: PluginHealth;
  /** The engine's inspect JSON, untouched. */
  raw: unknown;
}

export interface PluginsSnapshot {
  plugins: PluginSummary[];
  /** Why this snapshot was taken: an engine event, an action, the safety re-read. */
  reason: string;
  at: string;
}

export interface Settings {
  dockerHost: string | null;
  tlsVerify: boolean;
  certPath: string | null;
  theme: 'system' | 'light' | 'dark';
  language: 'en' | 'zh-CN';
  enableTimeoutSeconds: number;
}

export type JobState = 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface JobInfo {
  id: string;
  kind: string;
  /** What the job acts on, e.g. a plugin name. */
  target: string;
  title: string;
  state: JobState;
  /** 0..1 when known, null for indeterminate. */
  progress: number | null;
  /** The current stage in words. */
  stage: string;
  /** The CLI twin of what this job does. */
  command: string;
  startedAt: string;
  endedAt: string | null;
  error: { code: string; message: string; detail?: string } | null;
  result: unknown;
  /** Sequence number of the last event: subscribe with fromSeq to replay. */
  lastSeq: number;
}

export type JobEvent =
  | { type: 'log'; line: string; stream: 'stdout' | 'stderr' | 'info'; at: string }
  | { type: 'progress'; progress: number | null; stage: string; at: string }
  | { type: 'state'; job: JobInfo; at: string };

export interface FileEntry {
  name: string;
  path: string;
  type: 'file' | 'dir' | 'other';
  size: number;
  mtimeMs: number;
}

export interface FileContent {
  path: string;
  text: string;
  size: number;
  mtimeMs: number;
  truncated: boolean;
}

// ---- config.json model (services/config) ----

/** When a problem bites: what the engine refuses at create, what fails at enable/start, what Contiv refuses. */
export type DiagnosticStage = 'create' | 'enable' | 'start' | 'contiv' | 'lint';

export interface Diagnostic {
  severity: 'error' | 'warning' | 'info';
  /** Stable code, e.g. json/syntax, type/mismatch, key/ignored, enable/no-entrypoint, contiv/role */
  code: string;
  message: string;
  stage: DiagnosticStage;
  /** JSON pointer of the value concerned ('' = the document). */
  pointer: string;
  /** 0-based offsets into the text [from, to), and 1-based line/column of `from`. */
  from: number;
  to: number;
  line: number;
  column: number;
  /** A suggested replacement key or value, when there is one ("did you mean `mounts`?"). */
  suggestion?: string;
}

export type PrivilegeName = 'network' | 'mount' | 'allow-all-devices' | 'device' | 'capabilities' | 'host ipc namespace' | 'host pid namespace';

export interface Privilege {
  name: PrivilegeName;
  description: string;
  value: string[];
}

export type ConfigProfile = 'contiv-2017' | 'contiv-2019' | null;

export interface ConfigReport {
  /** The config as the engine would decode it (PascalCase field names, unknown keys dropped), or null when it would refuse it. */
  decoded: Record<string, unknown> | null;
  diagnostics: Diagnostic[];
  privileges: Privilege[];
  profile: ConfigProfile;
  /** True when the text is a template (## lines, placeholders) and was checked after filling in. */
  template: boolean;
}

export interface HostFacts {
  hostname: string;
  addresses: { ifname: string; address: string; prefixlen: number; family: 'inet' | 'inet6' }[];
  interfaces: { ifname: string; up: boolean }[];
  /** Interfaces that carry a default route (using one as a VLAN uplink cuts the host off). */
  defaultRouteInterfaces: string[];
  /** How the facts were read, e.g. `ip -j addr`, or why a part is missing. */
  source: string;
}

export interface ConfigDiffEntry {
  pointer: string;
  kind: 'added' | 'removed' | 'changed' | 'casing-only' | 'ignored-key';
  installed?: unknown;
  draft?: unknown;
}

export interface ConfigDiff {
  name: string;
  entries: ConfigDiffEntry[];
  /** The installed plugin's current `docker plugin set` values, shown apart from its config. */
  settings: { env: string[]; args: string[]; mounts: { name?: string; source?: string | null }[]; devices: { name?: string; path?: string | null }[] };
}
