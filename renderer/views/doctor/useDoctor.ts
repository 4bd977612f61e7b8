/**
 * The Doctor screen's store, made once per app (per Stores object) from the real api and
 * kept for the app's lifetime: a run and its report survive leaving the screen.
 * Made here rather than in stores/index.ts (shared with other screens being written now).
 */
import { useStore } from 'zustand';
import { api } from '../../api';
import { createDoctorStore, type DoctorState, type DoctorStore } from '../../stores/doctor';
import { useStores } from '../../stores/context';

const byStores = new WeakMap<object, DoctorStore>();

export function useDoctorStore(): DoctorStore {
  const stores = useStores();
  let s = byStores.get(stores);
  if (!s) {
    s = createDoctorStore(api);
    byStores.set(stores, s);
  }
  return s;
}

/** Selectors must return stable values (a field, a primitive). */
export const useDoctor = <T,>(sel: (s: DoctorState) => T) => useStore(useDoctorStore(), sel);
