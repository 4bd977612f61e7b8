/**
 * The netmaster browser's service: resolves *which* netmaster (and says where that came from),
 * then hands the call to NetmasterClient, adding the `netctl` twin of every create and delete.
 *
 * Where the URL comes from, first match wins — the usual flag > environment > config order,
 * so a one-off `--netmaster` or `PLUGSMITH_NETMASTER` never has to fight a saved value:
 *   1. the call's own `url` (the screen's URL field, the CLI's --netmaster);
 *   2. env `PLUGSMITH_NETMASTER`;
 *   3. the `netmasterUrl` setting, when the settings carry one;
 *   4. an installed Contiv plugin's env (`CONTIV_NETMASTER_EXTERNAL_ADDRESS` / `listen_url`),
 *      enabled plugins first — the address the plugin itself runs netmaster on.
 * The resolver is exported on its own so the topology and the doctor ask the same question the
 * same way.
 */
import type { NetmasterStatus, NetmasterUrlSource, PluginSummary } from '../../ipc/types';
import { PlugsmithError } from '../errors';
import { NetmasterClient } from './client';
import { createTwin, deleteTwin } from './twins';
import { type ClusterInfo, type Inspect, type ObjectInput, type ObjectMap, type ObjectType, type VersionInfo } from './types';
import { netmasterUrlFromConfig, normalizeNetmasterUrl } from './url';

export interface ResolvedNetmasterUrl {
  url: string;
  source: NetmasterUrlSource;
}

export interface NetmasterServiceDeps {
  env?: NodeJS.ProcessEnv;
  /** The saved `netmasterUrl` setting, when the settings have one. */
  settingsUrl?: () => string | null | undefined;
  /** The engine's plugins (their env settings name netmaster's address). Failures are ignored: no engine, no plugin URL. */
  plugins?: () => Promise<PluginSummary[]>;
  timeoutMs?: number;
}

export const ENV_NETMASTER = 'PLUGSMITH_NETMASTER';

export async function resolveNetmasterUrl(explicit: string | undefined, deps: NetmasterServiceDeps): Promise<ResolvedNetmasterUrl | null> {
  if (explicit?.trim()) return { url: normalizeNetmasterUrl(explicit), source: { kind: 'request' } };
  const fromEnv = deps.env?.[ENV_NETMASTER];
  if (fromEnv?.trim()) return { url: normalizeNetmasterUrl(fromEnv), source: { kind: 'env', name: ENV_NETMASTER } };
  const saved = deps.settingsUrl?.();
  if (saved?.trim()) return { url: normalizeNetmasterUrl(saved), source: { kind: 'settings' } };
  if (deps.plugins) {
    let list: PluginSummary[] = [];
    try {
      list = await deps.plugins();
    } catch {
      // No engine: the plugin is simply not a source right now; the caller says "no URL".
    }
    // Enabled first: a disabled copy's address is a plan, the enabled one's is where netmaster runs.
    const ordered = [...list.filter((p) => p.enabled), ...list.filter((p) => !p.enabled)];
    for (const p of ordered) {
      const env: Record<string, string | null> = {};
      for (const s of p.settings) if (s.kind === 'env') env[s.name] = s.value;
      try {
        const url = netmasterUrlFromConfig(env);
        if (url) return { url, source: { kind: 'plugin', name: p.name } };
      } catch {
        // A malformed address in one plugin must not hide a good one in the next.
      }
    }
  }
  return null;
}

/** The fields netmaster builds the key from: without them the key would read `undefined:…`. */
const NAME_FIELDS: Record<ObjectType, string[]> = {
  tenants: ['tenantName'],
  networks: ['tenantName', 'networkName'],
  endpointGroups: ['tenantName', 'groupName'],
  policys: ['tenantName', 'policyName'],
  rules: ['tenantName', 'policyName', 'ruleId'],
  appProfiles: ['tenantName', 'appProfileName'],
  netprofiles: ['tenantName', 'profileName'],
  serviceLBs: ['tenantName', 'serviceName'],
  extContractsGroups: ['tenantName', 'contractsGroupName'],
  aciGws: ['name'],
  Bgps: ['hostname'],
  globals: ['name'],
  volumes: ['tenantName', 'volumeName'],
  volumeProfiles: ['tenantName', 'volumeProfileName'],
};

export { createTwin, deleteTwin };

export class NetmasterService {
  constructor(private readonly deps: NetmasterServiceDeps = {}) {}

  resolve(url?: string): Promise<ResolvedNetmasterUrl | null> {
    return resolveNetmasterUrl(url, this.deps);
  }

  /** Which netmaster, and what it says about itself. Never throws for an unreachable netmaster: that is a status. */
  async status(url?: string): Promise<NetmasterStatus> {
    let resolved: ResolvedNetmasterUrl | null;
    try {
      resolved = await this.resolve(url);
    } catch (err) {
      const e = err as PlugsmithError;
      return { url: url ?? null, source: url ? { kind: 'request' } : null, version: null, info: null, error: { code: e.code ?? 'netmaster/bad-url', message: e.message } };
    }
    if (!resolved) return { url: null, source: null, version: null, info: null, error: noUrl().toEnvelope() };
    const client = this.clientFor(resolved.url);
    try {
      const version = await client.version();
      // /info depends on the cluster store; a netmaster can answer /version and fail /info.
      let info: ClusterInfo | null = null;
      let error: NetmasterStatus['error'];
      try {
        info = await client.info();
      } catch (err) {
        error = envelope(err);
      }
      return { url: resolved.url, source: resolved.source, version, info, ...(error ? { error } : {}) };
    } catch (err) {
      return { url: resolved.url, source: resolved.source, version: null, info: null, error: envelope(err) };
    }
  }

  async list<T extends ObjectType>(type: T, url?: string): Promise<ObjectMap[T][]> {
    return (await this.client(url)).list(type);
  }

  async inspect<T extends ObjectType>(type: T, key: string, url?: string): Promise<Inspect<T>> {
    return (await this.client(url)).inspect(type, key);
  }

  async create<T extends ObjectType>(type: T, object: Record<string, unknown>, url?: string): Promise<{ object: ObjectMap[T]; netctl: string | null }> {
    const missing = NAME_FIELDS[type].filter((f) => typeof object[f] !== 'string' || (object[f] as string).trim() === '');
    if (missing.length) throw new PlugsmithError('netmaster/bad-object', `a ${type} object needs ${missing.join(', ')}`);
    const client = await this.client(url);
    const input = object as ObjectInput<T>;
    const stored = await client.create(type, input);
    return { object: stored, netctl: createTwin(type, object) };
  }

  async delete(type: ObjectType, key: string, url?: string): Promise<{ key: string; netctl: string | null }> {
    const client = await this.client(url);
    const deleted = await client.delete(type, key);
    return { key: deleted || key, netctl: deleteTwin(type, key) };
  }

  private async client(url?: string): Promise<NetmasterClient> {
    const resolved = await this.resolve(url);
    if (!resolved) throw noUrl();
    return this.clientFor(resolved.url);
  }

  private clientFor(url: string): NetmasterClient {
    return new NetmasterClient({ url, timeoutMs: this.deps.timeoutMs });
  }
}

function noUrl(): PlugsmithError {
  return new PlugsmithError(
    'netmaster/no-url',
    `no netmaster URL: enter one, set ${ENV_NETMASTER}, or install a Contiv plugin with CONTIV_NETMASTER_EXTERNAL_ADDRESS / listen_url`,
  );
}

function envelope(err: unknown): { code: string; message: string; detail?: string } {
  if (err instanceof PlugsmithError) return err.toEnvelope();
  return { code: 'internal', message: err instanceof Error ? err.message : String(err) };
}
