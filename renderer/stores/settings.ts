/**
 * The user's settings, kept by the settings service under the XDG config folder
 * (never browser storage: the serve port, and so the origin, changes every run).
 */
import { createStore } from 'zustand/vanilla';
import type { PlugsmithApi } from '../../electron/ipc/contract';
import type { Settings } from '../../electron/ipc/types';
import { toErrorInfo, type ErrorInfo } from './errors';

export interface SettingsState {
  settings: Settings | null;
  loadError: ErrorInfo | null;
  saving: boolean;
  load(): Promise<void>;
  /** Saves the changed fields; resolves to the service's error (e.g. an invalid address) or null. */
  update(patch: Partial<Settings>): Promise<ErrorInfo | null>;
}

export function createSettingsStore(api: PlugsmithApi) {
  return createStore<SettingsState>()((set) => ({
    settings: null,
    loadError: null,
    saving: false,
    async load() {
      try {
        set({ settings: await api.call('settings:get', {}), loadError: null });
      } catch (err) {
        set({ loadError: toErrorInfo(err) });
      }
    },
    async update(patch) {
      set({ saving: true });
      try {
        set({ settings: await api.call('settings:update', patch) });
        return null;
      } catch (err) {
        return toErrorInfo(err);
      } finally {
        set({ saving: false });
      }
    },
  }));
}

export type SettingsStore = ReturnType<typeof createSettingsStore>;
