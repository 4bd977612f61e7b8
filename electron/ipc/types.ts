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
  /** Contiv's netmaster (host:port or http://host:port); null → PLUGSMITH_NETMASTER, else the Contiv plugin's own env. */
  netmasterUrl: string | null;
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

// ---- plugin projects and the build pipeline (services/build) ----

export type ProjectLayout = 'dockerfile' | 'rootfs' | 'tarball' | 'image' | 'unknown';

export interface ProjectInfo {
  dir: string;
  layout: ProjectLayout;
  /** The layout in words: what was found and what will be sent to the engine. */
  explanation: string;
  /** config.json, or the template it is made from (config.template with ## lines / placeholders). */
  configPath: string | null;
  template: boolean;
  dockerfile: string | null;
  buildArgs: { name: string; default: string | null }[];
  stages: string[];
  rootfsDir: string | null;
  tarball: { path: string; compressed: boolean } | null;
  /** The setting that names the plugin (plugin_name / CONTIV_NETMASTER_PLUGIN_NAME) and its current value. */
  pluginNameSetting: { key: string; value: string | null } | null;
  warnings: string[];
}

export type BuildStage = 'check' | 'build' | 'create' | 'set' | 'enable' | 'push';

export interface BuildStageResult {
  stage: BuildStage;
  state: 'pending' | 'running' | 'succeeded' | 'failed' | 'skipped';
  ms: number | null;
  /** The CLI twin of the stage. */
  command: string;
  message?: string;
}

export interface BuildResult {
  name: string;
  stages: BuildStageResult[];
  plugin: PluginSummary | null;
  /** What the build changed in config.json (template filled in, the plugin-name setting). */
  configChanges?: { what: string; from: string | null; to: string }[];
  /** Settings applied after create: kept from the replaced plugin, or given with the build. */
  settingsChanges?: { key: string; from: string | null; to: string; source: 'replaced-plugin' | 'request' }[];
  /** Bytes of rootfs streamed into the engine; Plugsmith wrote none of them to disk. */
  rootfsBytes?: number;
  /** The built image when it was kept (keepImage), else null. */
  image?: string | null;
}

// ---- doctor (services/doctor) ----------------------------------------------------------

export type DoctorStatus = 'pass' | 'warn' | 'fail' | 'skip';

export interface DoctorCheckResult {
  /** Stable id, e.g. `engine`, `plugin-socket`, `ovs-bridges`. */
  id: string;
  title: string;
  group: string;
  status: DoctorStatus;
  /** What the check saw, in words a user can verify by hand. */
  evidence: string[];
  /** Why it matters. */
  why: string;
  fix: string;
  /** The CLI twin of the fix, when there is one. */
  command?: string;
  ms: number;
}

export interface DoctorReport {
  checks: DoctorCheckResult[];
  /** The engine address the run looked at. */
  host: string;
  /** The plugin the Contiv/plugin checks looked at, if any. */
  plugin: string | null;
  startedAt: string;
  ms: number;
}

export interface DoctorBundleResult {
  path: string;
  bytes: number;
  /** How many secret values were replaced. */
  redactions: number;
}

// ---- netmaster browser (services/netmaster) ------------------------------------------------

/** Contiv's object types as netmaster spells them in its URLs (`policys`, `Bgps` sic). */
export type NetmasterObjectType = import('../services/netmaster/types').ObjectType;

/** Where the netmaster URL came from: the request (screen field, --netmaster), env, the setting, or a plugin's env. */
export type NetmasterUrlSource = { kind: 'request' } | { kind: 'env'; name: string } | { kind: 'settings' } | { kind: 'plugin'; name: string };

export interface NetmasterStatus {
  /** null when no source names a netmaster. */
  url: string | null;
  source: NetmasterUrlSource | null;
  version: import('../services/netmaster/types').VersionInfo | null;
  info: import('../services/netmaster/types').ClusterInfo | null;
  /** Unreachable, timed out, no URL, or /info failing while /version answers. */
  error?: { code: string; message: string; detail?: string };
}

/** One netmaster object as stored: its key plus the type's fields (netmaster omits empty ones). */
export type NetmasterObject = import('../services/netmaster/types').ObjectMap[NetmasterObjectType];

export interface NetmasterInspect {
  Config: NetmasterObject;
  /** Shape differs per type; null for some. */
  Oper: Record<string, unknown> | null;
}

export interface NetmasterCreateResult {
  object: NetmasterObject;
  /** The `netctl` command that does the same (tenant, network, group, policy, rule), else null. */
  netctl: string | null;
}

export interface NetmasterDeleteResult {
  key: string;
  netctl: string | null;
}

// ---- topology (services/topology) ------------------------------------------------------------
export type { TopologyModel, TopologyNode, TopologyEdge, SourceStatus as TopologySourceStatus, NodeKind as TopologyNodeKind, NodeStatus as TopologyNodeStatus, SourceName as TopologySourceName } from '../services/topology/model';
