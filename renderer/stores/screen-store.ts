/**
 * A screen's own store (Build, Doctor, Install, Netmaster, Topology, ...): made on first use from
 * the real api and kept once per app (per Stores object) for the app's lifetime, so a running job,
 * a form or a selection survives leaving the screen. One mechanism for every screen instead of a
 * WeakMap per view file; the factory itself is the key, so each screen gets exactly one store.
 */
import type { PlugsmithApi } from '../../electron/ipc/contract';
import { api } from '../api';
import { useStores } from './context';

const byStores = new WeakMap<object, Map<unknown, unknown>>();

export function useScreenStore<S>(create: (api: PlugsmithApi) => S): S {
  const stores = useStores();
  let made = byStores.get(stores);
  if (!made) byStores.set(stores, (made = new Map()));
  if (!made.has(create)) made.set(create, create(api));
  return made.get(create) as S;
}
