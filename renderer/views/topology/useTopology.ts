/** The Topology screen's store (one per app, see stores/screen-store.ts): the search and filter survive leaving the screen; the live subscription does not. */
import { useStore } from 'zustand';
import { createTopologyStore, type TopologyState, type TopologyStore } from '../../stores/topology';
import { useScreenStore } from '../../stores/screen-store';

export const useTopologyStore = (): TopologyStore => useScreenStore(createTopologyStore);

export const useTopology = <T,>(sel: (s: TopologyState) => T) => useStore(useTopologyStore(), sel);
