/**
 * The Topology screen's store, one per Stores object (kept for the app's life: the search and
 * filter survive leaving the screen; the live subscription does not).
 * Made here rather than in stores/index.ts because that file is shared with other screens being
 * written at the same time; moving it there is a two-line change.
 */
import { useStore } from 'zustand';
import { api } from '../../api';
import { createTopologyStore, type TopologyState, type TopologyStore } from '../../stores/topology';
import { useStores } from '../../stores/context';

const byStores = new WeakMap<object, TopologyStore>();

export function useTopologyStore(): TopologyStore {
  const stores = useStores();
  let s = byStores.get(stores);
  if (!s) {
    s = createTopologyStore(api);
    byStores.set(stores, s);
  }
  return s;
}

export const useTopology = <T,>(sel: (s: TopologyState) => T) => useStore(useTopologyStore(), sel);
