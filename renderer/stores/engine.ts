/**
 * The Docker engine connection as the services see it (the sticky `engine` stream:
 * connecting / connected / unreachable / denied / too-old) and the renderer's own
 * link to the services (connectionState: the WebSocket or IPC transport). Two
 * different failures, shown differently: the first is the engine, the second is us.
 */
import { createStore } from 'zustand/vanilla';
import type { PlugsmithApi } from '../../electron/ipc/contract';
import type { EngineStatus } from '../../electron/ipc/types';
import { toErrorInfo, type ErrorInfo } from './errors';

export type TransportState = 'connected' | 'reconnecting';

/** What renderer/api.ts exports as `connectionState`. */
export interface ConnectionState {
  get(): TransportState;
  subscribe(cb: (state?: TransportState) => void): (() => void) | void;
}

export interface EngineStoreState {
  status: EngineStatus | null;
  transport: TransportState;
  retrying: boolean;
  retryError: ErrorInfo | null;
  start(): () => void;
  retry(): Promise<void>;
}

/** Keeps the newer of two statuses (a request answer can race the stream). */
function newer(a: EngineStatus | null, b: EngineStatus): EngineStatus {
  if (!a) return b;
  return Date.parse(b.checkedAt) >= Date.parse(a.checkedAt) || Number.isNaN(Date.parse(a.checkedAt)) ? b : a;
}

export function createEngineStore(api: PlugsmithApi, connection?: ConnectionState, onReconnected?: () => void) {
  return createStore<EngineStoreState>()((set, get) => ({
    status: null,
    transport: connection?.get() ?? 'connected',
    retrying: false,
    retryError: null,

    start() {
      const offStream = api.subscribe('engine', {}, 0, (e) => set({ status: newer(get().status, e.data) }));
      api.call('engine:status', {}).then(
        (s) => set({ status: newer(get().status, s) }),
        () => undefined, // the stream or the transport state tells the story
      );
      const offConn = connection?.subscribe(() => {
        const next = connection.get();
        const prev = get().transport;
        set({ transport: next });
        // Events may have been missed while the transport was down: let the stores re-read.
        if (prev === 'reconnecting' && next === 'connected') onReconnected?.();
      });
      return () => {
        offStream();
        if (typeof offConn === 'function') offConn();
      };
    },

    async retry() {
      set({ retrying: true, retryError: null });
      try {
        const s = await api.call('engine:reconnect', {});
        set({ status: newer(get().status, s) });
      } catch (err) {
        set({ retryError: toErrorInfo(err) });
      } finally {
        set({ retrying: false });
      }
    },
  }));
}

export type EngineStore = ReturnType<typeof createEngineStore>;
