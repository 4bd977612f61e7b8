/**
 * The netmaster screen's store, made once per app (per Stores object) and kept for the app's
 * lifetime: the tab, selection and last action survive leaving the screen.
 *
 * Made here rather than in stores/index.ts because that file is shared with screens being
 * written at the same time (as the Build screen does); moving it there is a two-line change.
 */
import { useStore } from 'zustand';
import { api } from '../../api';
import { createNetmasterStore, type NetmasterState, type NetmasterStore } from '../../stores/netmaster';
import { useStores } from '../../stores/context';

const byStores = new WeakMap<object, NetmasterStore>();

export function useNetmasterStore(): NetmasterStore {
  const stores = useStores();
  let s = byStores.get(stores);
  if (!s) {
    s = createNetmasterStore(api);
    byStores.set(stores, s);
  }
  return s;
}

/** Selectors must return stable values (a field, a primitive). */
export const useNetmaster = <T,>(sel: (s: NetmasterState) => T) => useStore(useNetmasterStore(), sel);
