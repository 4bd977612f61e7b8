/** The netmaster screen's store (one per app, see stores/screen-store.ts): the tab, selection and last action survive leaving the screen. */
import { useStore } from 'zustand';
import { createNetmasterStore, type NetmasterState, type NetmasterStore } from '../../stores/netmaster';
import { useScreenStore } from '../../stores/screen-store';

export const useNetmasterStore = (): NetmasterStore => useScreenStore(createNetmasterStore);

/** Selectors must return stable values (a field, a primitive). */
export const useNetmaster = <T,>(sel: (s: NetmasterState) => T) => useStore(useNetmasterStore(), sel);
