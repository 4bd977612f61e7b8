/** The install/upgrade/push store (one per app, see stores/screen-store.ts): a running install, upgrade or push is still shown after leaving the screen. */
import { useStore } from 'zustand';
import { createInstallStore, type InstallState, type InstallStore } from '../../stores/install';
import { useScreenStore } from '../../stores/screen-store';

export const useInstallStore = (): InstallStore => useScreenStore(createInstallStore);

/** Selectors must return stable values (a field, a primitive). */
export const useInstall = <T,>(sel: (s: InstallState) => T) => useStore(useInstallStore(), sel);
