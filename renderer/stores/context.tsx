/** Hands the stores to the views (made once in main.tsx from the real api). */
import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { Stores } from './index';
import type { PluginsState } from './plugins';
import type { EngineStoreState } from './engine';
import type { JobsState } from './jobs';
import type { SettingsState } from './settings';

const StoresContext = createContext<Stores | null>(null);

export function StoresProvider({ stores, children }: { stores: Stores; children: ReactNode }) {
  return <StoresContext.Provider value={stores}>{children}</StoresContext.Provider>;
}

/** For code that may render outside the provider (the error boundary's fallback). */
export function useOptionalStores(): Stores | null {
  return useContext(StoresContext);
}

export function useStores(): Stores {
  const s = useContext(StoresContext);
  if (!s) throw new Error('StoresProvider is missing');
  return s;
}

/** Selectors must return stable values (a field, a primitive): zustand re-renders on any new reference. */
export const usePlugins = <T,>(sel: (s: PluginsState) => T) => useStore(useStores().plugins, sel);
export const useEngine = <T,>(sel: (s: EngineStoreState) => T) => useStore(useStores().engine, sel);
export const useJobs = <T,>(sel: (s: JobsState) => T) => useStore(useStores().jobs, sel);
export const useSettings = <T,>(sel: (s: SettingsState) => T) => useStore(useStores().settings, sel);
