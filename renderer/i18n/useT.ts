/** The `t(key, vars)` hook: UI strings in the language the settings say. */
import { useCallback } from 'react';
import { useStore } from 'zustand';
import { useOptionalStores } from '../stores/context';
import { createStore } from 'zustand/vanilla';
import { translate, type Language, type MessageKey, type Vars } from './index';

export type T = (key: MessageKey, vars?: Vars) => string;

// Outside the provider (the error boundary's last resort) there is no settings store: English.
const noSettings = createStore(() => ({ settings: null as { language: Language } | null }));

export function useLanguage(): Language {
  const stores = useOptionalStores();
  return useStore(stores?.settings ?? noSettings, (s) => s.settings?.language ?? 'en');
}

export function useT(): T {
  const lang = useLanguage();
  return useCallback((key, vars) => translate(lang, key, vars), [lang]);
}
