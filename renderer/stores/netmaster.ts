/**
 * The netmaster browser's state: which netmaster (the URL field, which *is* the `netmasterUrl`
 * setting — the one address the topology, the doctor and the CLI resolve too, in the README's
 * order: --netmaster, PLUGSMITH_NETMASTER, this setting, the Contiv plugin's own env — never in
 * localStorage; empty meaning "let the service find one"), its
 * status, one list per object type, the selected object's inspect, and the last create/delete
 * with its netctl twin or netmaster's error.
 *
 * Every answer is checked against a generation number before it is stored: a slow list for a
 * URL the user has since changed must not overwrite the new one.
 */
import { createStore } from 'zustand/vanilla';
import type { ArgsOf, PlugsmithApi } from '../../electron/ipc/contract';
import type { NetmasterInspect, NetmasterObject, NetmasterObjectType, NetmasterStatus } from '../../electron/ipc/types';
import { toErrorInfo as baseErrorInfo, type ErrorInfo } from './errors';

/** netmaster's 500 text is the detail; when it is only the message again (no Go stack), there is nothing more to unfold. */
function toErrorInfo(err: unknown): ErrorInfo {
  const e = baseErrorInfo(err);
  if (e.detail !== undefined && e.detail.trim() === e.message.trim()) delete e.detail;
  return e;
}

/** Where earlier versions kept the field, for this screen alone: moved into the setting once. */
export const LEGACY_URL_KEY = 'netmaster.url';

/** What a create form sends: flat JSON, as the contract bounds it. */
export type NetmasterInput = ArgsOf<'netmaster:create'>['object'];

/** The tabs, in the order a user builds things: tenant → network → group ← policy/rules. */
export const TABS: NetmasterObjectType[] = ['tenants', 'networks', 'endpointGroups', 'policys', 'rules', 'appProfiles', 'netprofiles', 'serviceLBs', 'globals'];

/** Lists the create forms pick from (tenant, network, policy, group selects). */
const REFERENCE: NetmasterObjectType[] = ['tenants', 'networks', 'policys', 'endpointGroups'];

export interface ListView {
  items: NetmasterObject[];
  loading: boolean;
  error: ErrorInfo | null;
}

export interface InspectView {
  type: NetmasterObjectType;
  key: string;
  data: NetmasterInspect | null;
  loading: boolean;
  error: ErrorInfo | null;
}

export interface ActionView {
  kind: 'create' | 'delete';
  type: NetmasterObjectType;
  key: string;
  busy: boolean;
  /** The service's twin once done (the form shows its own live one before). */
  netctl: string | null;
  error: ErrorInfo | null;
}

export interface NetmasterState {
  /** What the URL field holds and is saved as the netmasterUrl setting; '' lets the service resolve one. */
  url: string;
  urlLoaded: boolean;
  /** The setting could not be saved: the field's URL is then sent with each call, for this session only. */
  saveError: ErrorInfo | null;
  status: NetmasterStatus | null;
  statusLoading: boolean;
  tab: NetmasterObjectType;
  lists: Partial<Record<NetmasterObjectType, ListView>>;
  selected: string | null;
  inspect: InspectView | null;
  action: ActionView | null;

  /** Loads the saved URL, then the status and lists. */
  init(): Promise<void>;
  /** Saves the URL field and reconnects. */
  setUrl(url: string): Promise<void>;
  /** Status, then (when netmaster answers) the current tab and the forms' reference lists. */
  refresh(): Promise<void>;
  selectTab(tab: NetmasterObjectType): void;
  select(key: string | null): void;
  loadList(type: NetmasterObjectType): Promise<void>;
  create(type: NetmasterObjectType, object: NetmasterInput): Promise<boolean>;
  remove(type: NetmasterObjectType, key: string): Promise<boolean>;
  clearAction(): void;
}

export type NetmasterStore = ReturnType<typeof createNetmasterStore>;

export function createNetmasterStore(api: PlugsmithApi) {
  let gen = 0;
  const listGen = new Map<NetmasterObjectType, number>();
  let inspectGen = 0;

  return createStore<NetmasterState>()((set, get) => {
    // Saved: the service resolves the address exactly as every other screen does (an env override
    // shows as the status's source). Not saved: the field's URL goes along so Connect still connects.
    const urlArg = () => (get().saveError && get().url.trim() ? { url: get().url.trim() } : {});

    const loadInspect = async (type: NetmasterObjectType, key: string) => {
      const mine = ++inspectGen;
      set({ inspect: { type, key, data: null, loading: true, error: null } });
      try {
        const data = await api.call('netmaster:inspect', { type, key, ...urlArg() });
        if (mine === inspectGen) set({ inspect: { type, key, data, loading: false, error: null } });
      } catch (err) {
        if (mine === inspectGen) set({ inspect: { type, key, data: null, loading: false, error: toErrorInfo(err) } });
      }
    };

    /** A URL an earlier version kept for this screen only becomes the setting (when none is set), once. */
    const moveLegacyUrl = async (): Promise<string> => {
      const legacy = await api.call('state:get', { key: LEGACY_URL_KEY }).catch(() => null);
      if (typeof legacy !== 'string' || !legacy.trim()) return '';
      await api.call('settings:update', { netmasterUrl: legacy.trim() });
      await api.call('state:set', { key: LEGACY_URL_KEY, value: null }).catch(() => undefined);
      return legacy.trim();
    };

    return {
      url: '',
      urlLoaded: false,
      saveError: null,
      status: null,
      statusLoading: false,
      tab: 'tenants',
      lists: {},
      selected: null,
      inspect: null,
      action: null,

      async init() {
        if (!get().urlLoaded) {
          let url = '';
          try {
            url = (await api.call('settings:get', {})).netmasterUrl ?? '';
            if (!url) url = await moveLegacyUrl();
          } catch {
            // No saved URL is the same as an empty one: the service resolves it.
          }
          // A URL the user connected to while this was on its way wins over the saved one (which it replaced).
          if (!get().urlLoaded) set({ url, urlLoaded: true });
        }
        await get().refresh();
      },

      async setUrl(url) {
        const clean = url.trim();
        set({ url: clean, urlLoaded: true, saveError: null, lists: {}, selected: null, inspect: null, action: null });
        try {
          await api.call('settings:update', { netmasterUrl: clean || null });
        } catch (err) {
          // Not saved: the field still holds it for this session (urlArg), and the screen says why.
          set({ saveError: toErrorInfo(err) });
        }
        await get().refresh();
      },

      async refresh() {
        const mine = ++gen;
        set({ statusLoading: true });
        let status: NetmasterStatus;
        try {
          status = await api.call('netmaster:status', urlArg());
        } catch (err) {
          // The service reports netmaster's troubles as a status; a throw is the transport or a bad URL.
          const e = toErrorInfo(err);
          status = { url: get().url || null, source: null, version: null, info: null, error: e };
        }
        if (mine !== gen) return;
        set({ status, statusLoading: false });
        if (!status.version) return;
        const { tab, selected } = get();
        const types = [...new Set([tab, ...REFERENCE])];
        await Promise.all(types.map((t) => get().loadList(t)));
        if (selected && mine === gen) void loadInspect(tab, selected);
      },

      selectTab(tab) {
        if (tab === get().tab) return;
        inspectGen++;
        set({ tab, selected: null, inspect: null });
        if (get().status?.version) void get().loadList(tab);
      },

      select(key) {
        if (key === null) {
          inspectGen++;
          set({ selected: null, inspect: null });
          return;
        }
        set({ selected: key });
        void loadInspect(get().tab, key);
      },

      async loadList(type) {
        const mine = (listGen.get(type) ?? 0) + 1;
        listGen.set(type, mine);
        const g = gen;
        const prev = get().lists[type];
        set({ lists: { ...get().lists, [type]: { items: prev?.items ?? [], loading: true, error: null } } });
        let next: ListView;
        try {
          next = { items: await api.call('netmaster:list', { type, ...urlArg() }), loading: false, error: null };
        } catch (err) {
          next = { items: [], loading: false, error: toErrorInfo(err) };
        }
        if (listGen.get(type) !== mine || g !== gen) return;
        set({ lists: { ...get().lists, [type]: next } });
      },

      async create(type, object) {
        set({ action: { kind: 'create', type, key: '', busy: true, netctl: null, error: null } });
        try {
          const r = await api.call('netmaster:create', { type, object, ...urlArg() });
          set({ action: { kind: 'create', type, key: r.object.key, busy: false, netctl: r.netctl, error: null } });
          await Promise.all([...new Set([type, ...REFERENCE])].map((t) => get().loadList(t)));
          if (get().tab === type) get().select(r.object.key);
          return true;
        } catch (err) {
          set({ action: { kind: 'create', type, key: '', busy: false, netctl: null, error: toErrorInfo(err) } });
          return false;
        }
      },

      async remove(type, key) {
        set({ action: { kind: 'delete', type, key, busy: true, netctl: null, error: null } });
        try {
          const r = await api.call('netmaster:delete', { type, key, ...urlArg() });
          set({ action: { kind: 'delete', type, key: r.key, busy: false, netctl: r.netctl, error: null } });
          if (get().selected === key) get().select(null);
          await Promise.all([...new Set([type, ...REFERENCE])].map((t) => get().loadList(t)));
          return true;
        } catch (err) {
          set({ action: { kind: 'delete', type, key, busy: false, netctl: null, error: toErrorInfo(err) } });
          return false;
        }
      },

      clearAction() {
        set({ action: null });
      },
    };
  });
}
