/**
 * The install/upgrade/push store, made once per app (per Stores object) and kept for the app's
 * lifetime, so a running install, upgrade or push is still shown after leaving the screen.
 * Made here, like the Build store, because stores/index.ts is shared with other screens.
 */
import { useStore } from 'zustand';
import { api } from '../../api';
import { createInstallStore, type InstallState, type InstallStore } from '../../stores/install';
import { useStores } from '../../stores/context';

const byStores = new WeakMap<object, InstallStore>();

export function useInstallStore(): InstallStore {
  const stores = useStores();
  let s = byStores.get(stores);
  if (!s) {
    s = createInstallStore(api);
    byStores.set(stores, s);
  }
  return s;
}

/** Selectors must return stable values (a field, a primitive). */
export const useInstall = <T,>(sel: (s: InstallState) => T) => useStore(useInstallStore(), sel);
