/** The Doctor screen's store (one per app, see stores/screen-store.ts): a run and its report survive leaving the screen. */
import { useStore } from 'zustand';
import { createDoctorStore, type DoctorState, type DoctorStore } from '../../stores/doctor';
import { useScreenStore } from '../../stores/screen-store';

export const useDoctorStore = (): DoctorStore => useScreenStore(createDoctorStore);

/** Selectors must return stable values (a field, a primitive). */
export const useDoctor = <T,>(sel: (s: DoctorState) => T) => useStore(useDoctorStore(), sel);
