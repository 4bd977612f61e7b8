/**
 * The Build screen's store, made once per app (per Stores object) from the real api
 * and kept for the app's lifetime: the job id and the form survive leaving the screen.
 *
 * Made here rather than in stores/index.ts because that file is shared with other
 * screens being written at the same time; moving it there is a two-line change.
 */
import { useStore } from 'zustand';
import { api } from '../../api';
import { createBuildStore, type BuildState, type BuildStore } from '../../stores/build';
import { useStores } from '../../stores/context';

const byStores = new WeakMap<object, BuildStore>();

export function useBuildStore(): BuildStore {
  const stores = useStores();
  let s = byStores.get(stores);
  if (!s) {
    s = createBuildStore(api);
    byStores.set(stores, s);
  }
  return s;
}

/** Selectors must return stable values (a field, a primitive). */
export const useBuild = <T,>(sel: (s: BuildState) => T) => useStore(useBuildStore(), sel);
