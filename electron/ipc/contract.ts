/**
 * THE contract between the renderer and the services: every request (args → result)
 * and every event stream, typed once. The Electron preload, the ipcMain binding and
 * the serve-mode WebSocket binding are all derived from this object; nothing else
 * lists channels. Argument schemas are checked at both transports' boundary.
 */
import { z } from 'zod';
import { OBJECT_TYPES } from '../services/netmaster/types';
import { CHECK_IDS } from '../services/doctor/check-ids';
import { PLUGIN_REF, PLUGIN_REF_MAX, SETTING_KEY, SETTING_KEY_MAX } from './refs';
import type {
  EngineStatus,
  PluginSummary,
  PluginHealth,
  Settings,
  JobInfo,
  JobEvent,
  FileEntry,
  FileContent,
  PluginsSnapshot,
  ConfigReport,
  HostFacts,
  ConfigDiff,
  ProjectInfo,
} from './types';
import type { DoctorBundleResult } from './types';
import type { DoctorBundlePreview, DoctorLogEvent } from './types';
import type { TopologyModel } from './types';
import type { InstallInspect } from './types';
import type { NetmasterStatus, NetmasterObject, NetmasterInspect, NetmasterCreateResult, NetmasterDeleteResult } from './types';

/** A request entry: the argument schema (runtime) and the result type (compile time only). */
interface RequestEntry<A extends z.ZodType, R> {
  args: A;
  result?: R;
}
const request =
  <R>() =>
  <A extends z.ZodType>(args: A): RequestEntry<A, R> => ({ args });

/** An event stream: the schema of its subscription parameters, and the event payload type. */
interface EventEntry<P extends z.ZodType, E> {
  params: P;
  event?: E;
}
const stream =
  <E>() =>
  <P extends z.ZodType>(params: P): EventEntry<P, E> => ({ params });

const none = z.object({}).strict();
/** A plugin reference as the engine accepts it: name[:tag] or a full/short id (the rules live in refs.ts, shared with the renderer). */
const pluginRef = z.string().min(1).max(PLUGIN_REF_MAX).regex(PLUGIN_REF, 'not a plugin name or id');
const settingKey = z.string().min(1).max(SETTING_KEY_MAX).regex(SETTING_KEY, 'a setting name has no spaces or "="');
const jobId = z.string().regex(/^job-[0-9a-z-]+$/);
/** What files:read hands out as FileContent.identity. */
const fileIdentity = z.string().max(200);
const hostPath = z.string().min(1).max(4096).refine((p) => p.startsWith('/') && !p.includes('\0'), 'an absolute path');
const stateKey = z.string().regex(/^[a-z][a-z0-9.-]{0,63}$/);
/** Registry credentials as typed in (never logged). */
const registryAuth = z.object({ username: z.string().max(256), password: z.string().max(4096), serveraddress: z.string().max(512).optional() }).strict();
/** One privilege as the consent screen lists it (services/config computePrivileges). */
const privilege = z
  .object({
    name: z.enum(['network', 'mount', 'allow-all-devices', 'device', 'capabilities', 'host ipc namespace', 'host pid namespace']),
    description: z.string().max(1024),
    value: z.array(z.string().max(4096)).max(256),
  })
  .strict();
/** A bundle preview's id (services/doctor/bundle-preview). */
const bundlePreviewId = z.string().regex(/^bp-[0-9a-f]{16}$/, 'not a bundle preview id');

// ---- netmaster browser: what a call may name -------------------------------------------------
/** One of netmaster's 14 object types, spelled as in its URLs. */
const nmType = z.enum(OBJECT_TYPES);
/** A netmaster key (`blue`, `blue:net1`, `blue:web-policy:1`): bounded, no control characters. */
const nmKey = z
  .string()
  .min(1)
  .max(512)
  .regex(/^[^\u0000-\u001f\u007f]+$/, 'a netmaster key has no control characters');
/** `host:port` or `http(s)://host:port`; optional — the service resolves one when absent. */
const nmUrl = z
  .string()
  .min(1)
  .max(1024)
  .regex(/^[^\s\u0000-\u001f\u007f]+$/, 'a URL has no spaces or control characters')
  .optional();
/** A netmaster object as sent: flat JSON (strings, numbers, booleans, string lists), bounded. */
const nmObject = z
  .record(
    z.string().min(1).max(64),
    z.union([z.string().max(4096), z.number().finite(), z.boolean(), z.null(), z.array(z.string().max(4096)).max(256)]),
  )
  .refine((o) => Object.keys(o).length <= 64, 'at most 64 fields');

export const requests = {
  'engine:status': request<EngineStatus>()(none),
  'engine:reconnect': request<EngineStatus>()(none),
  'settings:get': request<Settings>()(none),
  'settings:update': request<Settings>()(
    z
      .object({
        dockerHost: z.string().max(1024).nullable(),
        tlsVerify: z.boolean(),
        certPath: z.string().max(4096).nullable(),
        theme: z.enum(['system', 'light', 'dark']),
        language: z.enum(['en', 'zh-CN']),
        enableTimeoutSeconds: z.number().int().min(1).max(600),
        netmasterUrl: z
          .string()
          .max(1024)
          .regex(/^[^\s\u0000-\u001f\u007f]*$/, 'a URL has no spaces or control characters')
          .nullable(),
        // The doctor's engine log file and the OVSDB socket (unix path, unix:PATH or tcp:HOST:PORT).
        engineLogPath: z.string().max(4096).regex(/^[^\u0000-\u001f\u007f]*$/, 'a path has no control characters').nullable(),
        ovsdbSocket: z.string().max(4096).regex(/^[^\s\u0000-\u001f\u007f]*$/, 'an OVSDB address has no spaces or control characters').nullable(),
      })
      .partial()
      .strict(),
  ),
  'plugins:list': request<PluginSummary[]>()(none),
  'plugins:inspect': request<unknown>()(z.object({ name: pluginRef }).strict()),
  'plugins:enable': request<{ jobId: string }>()(
    z.object({ name: pluginRef, timeoutSeconds: z.number().int().min(1).max(600).optional() }).strict(),
  ),
  'plugins:disable': request<{ jobId: string }>()(z.object({ name: pluginRef, force: z.boolean().optional() }).strict()),
  'plugins:set': request<PluginSummary>()(
    z
      .object({
        name: pluginRef,
        values: z.array(z.object({ key: settingKey, value: z.string().max(65536) }).strict()).min(1).max(256),
      })
      .strict(),
  ),
  'plugins:remove': request<{ removed: string }>()(z.object({ name: pluginRef, force: z.boolean().optional() }).strict()),
  'plugins:check': request<PluginHealth>()(z.object({ name: pluginRef }).strict()),
  'jobs:list': request<JobInfo[]>()(none),
  'jobs:get': request<JobInfo>()(z.object({ id: jobId }).strict()),
  'jobs:cancel': request<JobInfo>()(z.object({ id: jobId }).strict()),
  'files:list': request<FileEntry[]>()(z.object({ path: hostPath }).strict()),
  'files:read': request<FileContent>()(z.object({ path: hostPath, maxBytes: z.number().int().min(1).max(16 * 1024 * 1024).optional() }).strict()),
  /**
   * The user opened this folder (a file in it, or a save there): files:read/write/check under it are
   * allowed this session (services/files/scope.ts). `again`: the user opened it anew by hand, so a
   * folder that is now another one (a link swapped) is taken as it is now instead of refused.
   */
  'files:allow': request<{ folder: string }>()(z.object({ folder: hostPath, again: z.boolean().optional() }).strict()),
  /** files:write's "changed on disk since it was read" check alone (a stat): files/changed-on-disk when it was. */
  'files:check': request<{ path: string; mtimeMs: number }>()(
    z.object({ path: hostPath, expectedMtimeMs: z.number(), expectedIdentity: fileIdentity.optional() }).strict(),
  ),
  'files:write': request<FileContent>()(
    z.object({ path: hostPath, text: z.string().max(16 * 1024 * 1024), expectedMtimeMs: z.number().optional(), expectedIdentity: fileIdentity.optional() }).strict(),
  ),
  /** The engine's judgement of a config.json text, plus host-aware checks (IPs, uplinks, start script) the renderer cannot make. */
  'config:lint': request<ConfigReport>()(
    z
      .object({
        text: z.string().max(16 * 1024 * 1024),
        /** Where the file lives: lets the model read the start script beside it. */
        path: hostPath.optional(),
        /** The name:tag it will be created as (plugin_name / CONTIV_NETMASTER_PLUGIN_NAME must match). */
        pluginName: pluginRef.optional(),
      })
      .strict(),
  ),
  'config:hostFacts': request<HostFacts>()(none),
  'config:diff': request<ConfigDiff>()(z.object({ text: z.string().max(16 * 1024 * 1024), name: pluginRef }).strict()),
  /** What kind of plugin project a folder is (services/build). */
  'build:detect': request<ProjectInfo>()(z.object({ dir: hostPath, image: z.string().min(1).max(512).optional() }).strict()),
  /** The one-click pipeline as a job: build → create (streamed, no temp files) → set → enable [→ push]. Job result: BuildResult. */
  'build:start': request<{ jobId: string }>()(
    z
      .object({
        dir: hostPath,
        name: pluginRef,
        buildArgs: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.string().max(4096)).optional(),
        target: z.string().max(128).optional(),
        settings: z.array(z.object({ key: settingKey, value: z.string().max(65536) }).strict()).max(256).optional(),
        enable: z.boolean().optional(),
        keepImage: z.boolean().optional(),
        replace: z.boolean().optional(),
        push: z.boolean().optional(),
        /** Layout 4: make the rootfs from this image, already in the engine, instead of building. */
        image: z.string().min(1).max(512).optional(),
        /** Registry credentials for push (never logged); default: ~/.docker/config.json. */
        auth: registryAuth.optional(),
        /** Replace: the networks (made with the old plugin, confirmed by the user) to remove so it can be disabled. */
        removeNetworks: z.array(z.string().min(1).max(256)).max(64).optional(),
      })
      .strict(),
  ),
  /** Push an installed plugin to its registry, as a job (the engine answers 200 even when it fails). */
  'build:push': request<{ jobId: string }>()(
    z
      .object({
        name: pluginRef,
        auth: registryAuth.optional(),
      })
      .strict(),
  ),
  // ---- install / upgrade from a registry (services/install) ----
  /** The plugin's config read from its registry, and the privileges installing it grants (computed from that config, not the engine's check). */
  'install:inspect': request<InstallInspect>()(
    z.object({ reference: pluginRef, alias: pluginRef.optional(), name: pluginRef.optional(), auth: registryAuth.optional() }).strict(),
  ),
  /** Install as a job (pull with the accepted privileges [→ enable]); refused unless `accepted` equals what the plugin asks for. Job result: InstallResult. */
  'install:start': request<{ jobId: string }>()(
    z.object({ reference: pluginRef, alias: pluginRef.optional(), accepted: z.array(privilege).max(256), enable: z.boolean().optional(), auth: registryAuth.optional() }).strict(),
  ),
  /** Upgrade an installed plugin as a job; `disableFirst` lets an enabled one be disabled → upgraded → enabled. Job result: InstallResult. */
  'install:upgrade': request<{ jobId: string }>()(
    z.object({ name: pluginRef, reference: pluginRef.optional(), accepted: z.array(privilege).max(256), disableFirst: z.boolean().optional(), auth: registryAuth.optional() }).strict(),
  ),
  'state:get': request<unknown>()(z.object({ key: stateKey }).strict()),
  'state:set': request<null>()(z.object({ key: stateKey, value: z.unknown() }).strict()),
  // ---- doctor (services/doctor) ----
  /** Runs every check; a job whose progress counts checks and whose result is a DoctorReport. */
  'doctor:run': request<{ jobId: string }>()(
    z
      .object({
        plugin: pluginRef.optional(),
        netmaster: nmUrl,
        /** Re-run only these checks (the facts they read are still gathered); absent: every check. */
        checks: z.array(z.enum(CHECK_IDS)).min(1).max(CHECK_IDS.length).optional(),
      })
      .strict(),
  ),
  /** The containerd-leftover check's fix, as a job: removes what a killed engine left of a disabled plugin in containerd (old task, container). Job result: LeftoverCleanupResult. */
  'doctor:clear-leftover': request<{ jobId: string }>()(z.object({ plugin: pluginRef }).strict()),
  /** Runs the doctor and writes the redacted diagnostic bundle (.tar.gz) to path. */
  'doctor:bundle': request<DoctorBundleResult>()(
    z
      .object({
        path: hostPath,
        plugin: pluginRef.optional(),
        /** Write exactly the entries of this preview (`doctor:bundle-preview`) instead of collecting anew. */
        previewId: bundlePreviewId.optional(),
      })
      .strict(),
  ),
  /** Runs the doctor and collects the bundle without writing it: every file, redacted, sized, cut for display. */
  'doctor:bundle-preview': request<DoctorBundlePreview>()(z.object({ plugin: pluginRef.optional() }).strict()),
  /** Which netmaster (URL and where it came from) and what it says: /version, /info; unreachable is a status, not an error. */
  'netmaster:status': request<NetmasterStatus>()(z.object({ url: nmUrl }).strict()),
  /** All objects of a type, sorted by key (netmaster sends them in random order). */
  'netmaster:list': request<NetmasterObject[]>()(z.object({ type: nmType, url: nmUrl }).strict()),
  /** Config + Oper (netmaster's operational state) of one object. */
  'netmaster:inspect': request<NetmasterInspect>()(z.object({ type: nmType, key: nmKey, url: nmUrl }).strict()),
  /** Create (or update: one handler in netmaster) with its netctl twin. */
  'netmaster:create': request<NetmasterCreateResult>()(z.object({ type: nmType, object: nmObject, url: nmUrl }).strict()),
  'netmaster:delete': request<NetmasterDeleteResult>()(z.object({ type: nmType, key: nmKey, url: nmUrl }).strict()),
  /** The merged topology (services/topology): the live one while the view follows it, else one read of every source. */
  'topology:get': request<TopologyModel>()(none),
} as const;

export const events = {
  /** The whole plugin list, re-read after every engine event and every action (the engine sends no event for some). */
  plugins: stream<PluginsSnapshot>()(none),
  /** Engine connection state: connected, unreachable, too old. */
  engine: stream<EngineStatus>()(none),
  /** Every job's state as it changes (for a jobs panel / busy switches). */
  jobs: stream<JobInfo>()(none),
  /** One job's log, progress and state, replayable from a sequence number. */
  job: stream<JobEvent>()(z.object({ id: jobId }).strict()),
  /** The merged topology, republished on every change of a source (sticky: a new subscriber gets the latest). Subscribing starts the sources; the last one leaving stops them. */
  topology: stream<TopologyModel>()(none),
  /** The plugin's log files and the engine's lines for it, tailed live; known error lines carry the check they explain. First event: a snapshot. Subscribing starts the tail; the last one leaving stops it. */
  'doctor-logs': stream<DoctorLogEvent>()(z.object({ plugin: pluginRef.optional() }).strict()),
} as const;

export type Requests = typeof requests;
export type RequestName = keyof Requests;
export type ArgsOf<K extends RequestName> = z.input<Requests[K]['args']>;
export type ResultOf<K extends RequestName> = Exclude<Requests[K]['result'], undefined>;

export type Events = typeof events;
export type EventName = keyof Events;
export type ParamsOf<T extends EventName> = z.input<Events[T]['params']>;
export type EventOf<T extends EventName> = Exclude<Events[T]['event'], undefined>;

/** What a subscriber receives: a payload with its position in the stream. */
export interface EventEnvelope<T extends EventName = EventName> {
  topic: T;
  seq: number;
  data: EventOf<T>;
}

export const requestNames = Object.keys(requests) as RequestName[];
export const eventNames = Object.keys(events) as EventName[];

/** The typed surface both transports give the renderer (renderer/api.ts). */
export interface PlugsmithApi {
  call<K extends RequestName>(method: K, args: ArgsOf<K>): Promise<ResultOf<K>>;
  subscribe<T extends EventName>(
    topic: T,
    params: ParamsOf<T>,
    fromSeq: number,
    onEvent: (e: EventEnvelope<T>) => void,
  ): () => void;
}

/** The service side: one handler per request. */
export type Handlers = { [K in RequestName]: (args: z.output<Requests[K]['args']>) => Promise<ResultOf<K>> };

/** The service side of events: subscribe returns a disposer. fromSeq = 0 replays all that is buffered. */
export interface EventSource {
  subscribe<T extends EventName>(
    topic: T,
    params: z.output<Events[T]['params']>,
    fromSeq: number,
    onEvent: (e: EventEnvelope<T>) => void,
  ): () => void;
}

/** Wire envelopes, identical on both transports. */
export type ResponseEnvelope<R = unknown> = { ok: true; result: R } | { ok: false; error: import('../services/errors').ErrorEnvelope };
