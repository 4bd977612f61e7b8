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
  /** The engine's log file (where plugins' stdout/stderr land); null → env PLUGSMITH_ENGINE_LOG, dockerd's stderr, journald. */
  engineLogPath: string | null;
  /** OVSDB's socket (or unix:/tcp: target); null → /var/run/openvswitch/db.sock. Env PLUGSMITH_OVSDB overrides it. */
  ovsdbSocket: string | null;
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
  /** `line` may hold several lines joined by \n: a flood of output is sent in batches (jobs.ts). */
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
  /** Which file this is (device + inode of it and its folder): files:write and files:check take it back, so a link swapped in between is caught. */
  identity: string;
}

// ---- config.json model (services/config) ----

/**
 * What the engine really does with it (ENGINE-NOTES): refuses the config at create (only bad JSON
 * and wrong types — create validates nothing else), ignores it (unknown keys, values it overwrites
 * or never uses), accepts it as written (a note), fails later at enable, fails when the plugin
 * starts, `docker plugin set` refuses it, or Contiv refuses to start. `lint`: Plugsmith's own note
 * (a check that could not run, a template filled in), nothing the engine does.
 */
export type DiagnosticStage = 'create' | 'ignored' | 'accepted' | 'enable' | 'start' | 'set' | 'contiv' | 'lint';

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
  /**
   * `up`: the administrative UP flag. `operstate` (UP, DOWN, UNKNOWN, …) and `carrier` say whether
   * the link really works: a tap left UP after its process died is `<NO-CARRIER,…,UP> state DOWN`.
   * Absent where the source cannot tell (os.networkInterfaces()).
   */
  interfaces: { ifname: string; up: boolean; operstate?: string; carrier?: boolean }[];
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

/** `unknown`: the check could not verify what its title promises ("can't tell, because …"): never a pass. */
export type DoctorStatus = 'pass' | 'warn' | 'fail' | 'skip' | 'unknown';

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
  /** A one-click fix, only where it is safe (see DoctorAction). */
  action?: DoctorAction;
  /** For `unknown`: what could not be verified, each reason as data (the screen shows it as "can't tell, because …"). */
  cantTell?: string[];
  ms: number;
}

/** The Settings fields a doctor fix can point at. */
export type DoctorSettingsField = 'netmasterUrl' | 'engineLogPath' | 'ovsdbSocket';

/**
 * A fix the Doctor screen can perform (after the user confirms), each with its CLI twin in
 * `command`. Only where the right outcome is known: enable a plugin; set a setting whose value
 * is known (e.g. plugin_name to the installed name:tag); otherwise open the place to type it.
 */
export type DoctorAction =
  | { kind: 'enable-plugin'; plugin: string; command: string }
  /** `docker plugin set` refuses an enabled plugin: disableFirst says the fix disables, sets, and enables again. */
  | { kind: 'set-setting'; plugin: string; key: string; value: string; disableFirst: boolean; command: string }
  /** A plugin setting only the user can fill (e.g. an empty mount source such as sshfs's sshkey.source). */
  | { kind: 'open-editor'; plugin: string; field: string; command: string }
  | { kind: 'open-settings'; field: DoctorSettingsField; command: string }
  /** Remove what a killed engine left of the plugin in containerd (its old task and container: `doctor:clear-leftover`), then enable it. */
  | { kind: 'clear-leftover'; plugin: string; command: string };

/** One cause of the verdict: fix it first; the checks that fail only because of it are folded under it. */
export interface DoctorCause {
  /** The check id that is the cause. */
  check: string;
  status: 'fail' | 'warn' | 'unknown';
  /** Ids of checks that fail/warn only because of this cause. */
  consequences: string[];
  /** One line: why this is the cause (the evidence that ranks it). */
  why?: string;
}

/** The doctor's answer in one: what to fix first (causes[0]); independent roots are separate causes. */
export interface DoctorVerdict {
  status: 'healthy' | 'failing' | 'unknown';
  /** Ranked: causes[0] is what to fix first. */
  causes: DoctorCause[];
  /** For 'unknown': exactly what Plugsmith lacks to tell (root, a socket, a log) and how to get it. */
  needs?: string[];
}

export interface DoctorReport {
  checks: DoctorCheckResult[];
  /** Ranked causes with their consequences folded (services/doctor/verdict.ts). */
  verdict: DoctorVerdict;
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

// ---- doctor: bundle preview and live log tail (services/doctor/bundle*, log-tail*) --------

export interface DoctorBundlePreviewFile {
  /** The path inside the archive (`plugsmith-doctor/logs/netplugin.log`). */
  name: string;
  /** The whole file's size as written. */
  bytes: number;
  /** Its redacted content, cut for display when `truncated`. */
  text: string;
  truncated: boolean;
}

export interface DoctorBundlePreview {
  /** Names this exact set of entries: `doctor:bundle` with it writes them, byte for byte. */
  id: string;
  files: DoctorBundlePreviewFile[];
  redactions: number;
  /** Sum of the files' sizes (before tar and gzip). */
  totalBytes: number;
  createdAt: string;
  /** When the service forgets it (then preview again). */
  expiresAt: string;
}

/** A known error line found in a log, and the doctor check it explains. */
export interface DoctorLogMatch {
  id: string;
  check: string;
  meaning: string;
  fix: string;
}

export interface DoctorLogLine {
  text: string;
  match?: DoctorLogMatch;
}

export interface DoctorLogSource {
  /** Stable within one plugin (a host path, or `engine`). */
  key: string;
  /** As the user knows it: the path inside the plugin, or "engine log". */
  label: string;
  kind: 'file' | 'engine';
  /** The host file (or command) read; null when there is none. */
  path: string | null;
  status: 'tailing' | 'absent' | 'unreadable' | 'unavailable';
  detail?: string;
}

export interface DoctorLogsState {
  /** local: tailing on this host; remote / desktop: the logs are on another machine; no-plugin / engine-error: nothing to tail yet (retried). */
  mode: 'starting' | 'local' | 'remote' | 'desktop' | 'no-plugin' | 'engine-error';
  /** The plugin followed (name:tag), once found. */
  plugin: string | null;
  /** Why nothing is tailed, in words (mode other than local). */
  message: string | null;
  sources: DoctorLogSource[];
  /** Every place looked at, so "no logs" says where. */
  looked: string[];
}

export type DoctorLogEvent =
  /** Everything at once (first event of a subscription, and after the sources changed): replaces what the view holds. */
  | { type: 'snapshot'; state: DoctorLogsState; lines: Record<string, DoctorLogLine[]> }
  | { type: 'state'; state: DoctorLogsState }
  /** New lines of one source; `note` says the file was truncated, rotated or (re)created just before them. */
  | { type: 'lines'; source: string; lines: DoctorLogLine[]; note?: 'truncated' | 'rotated' | 'created' };

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

// ---- install / upgrade from a registry (services/install) ------------------------------
/** What a registry's plugin config asks for, in the shape the consent screen shows. */
export interface InstallConfigSummary {
  description: string;
  documentation: string;
  entrypoint: string[];
  interfaceTypes: string[];
  socket: string;
  networkType: string;
  propagatedMount: string;
  env: { name: string; value: string | null; settable: string[] }[];
  mounts: { name: string; source: string | null; destination: string; settable: string[] }[];
  devices: { name: string; path: string | null }[];
  capabilities: string[];
  allowAllDevices: boolean;
  ipcHost: boolean;
  pidHost: boolean;
}

/** `install:inspect`: the plugin as its registry holds it, and what installing it would grant. */
export interface InstallInspect {
  /** The reference normalised as Docker does (`localhost:5000/acme/plugin:1.0`). */
  reference: string;
  /** The name it is (or will be) installed under: the alias, else the reference. */
  name: string;
  /** Where it was read from, e.g. http://127.0.0.1:5000 (http only for loopback registries). */
  registry: string;
  digest: string;
  layersBytes: number;
  config: InstallConfigSummary;
  /** Computed from the config as the engine does: the consent screen's list. */
  privileges: Privilege[];
  /** What the engine's own GET /plugins/privileges said (null when it could not be asked). */
  enginePrivileges: Privilege[] | null;
  warnings: string[];
  /** A plugin already installed under `name` (the one an upgrade replaces). */
  existing: { name: string; enabled: boolean; reference: string | null; privileges: Privilege[] } | null;
  /** The CLI twin. */
  command: string;
}

/** The result of an `install:start` or `install:upgrade` job. */
export interface InstallResult {
  name: string;
  reference: string;
  digest: string | null;
  privileges: Privilege[];
  plugin: PluginSummary | null;
  warnings: string[];
  /** Upgrade: the reference it came from. */
  previousReference?: string | null;
  /** Settings Plugsmith applied after an upgrade (new env entries the engine left out of the settings). */
  settingsChanges: { key: string; from: string | null; to: string }[];
}
