/** Contiv knowledge in one place: the settings table, layout detection, value rules, reference names. Browser-safe. */
export { CONTIV_SETTINGS, contivSetting, settingsOf, translate2017To2019, NAMES_2017 } from './settings';
export type { ContivSetting, ContivLayout, ContivValueKind, ContivReader } from './settings';
export { detectContivProfile, profileEvidence } from './profile';
export { contivChecks } from './checks';
export type { ContivCheckOptions } from './checks';
export { normalizeReference, parseReference, sameReference } from '../../docker/reference';
export type { ParsedReference } from '../../docker/reference';
export type { ContivConfigView, ContivFinding, ContivCheck } from './view';
