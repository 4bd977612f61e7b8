/** The Build screen's store (one per app, see stores/screen-store.ts): the job id and the form survive leaving the screen. */
import { useStore } from 'zustand';
import { createBuildStore, type BuildState, type BuildStore } from '../../stores/build';
import { useScreenStore } from '../../stores/screen-store';

export const useBuildStore = (): BuildStore => useScreenStore(createBuildStore);

/** Selectors must return stable values (a field, a primitive). */
export const useBuild = <T,>(sel: (s: BuildState) => T) => useStore(useBuildStore(), sel);
