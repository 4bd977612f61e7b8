/**
 * THE rule for "is this plugin Contiv's", written once so the doctor, the topology and the editor
 * agree: its interface socket is `netplugin.sock`, or its env names are those of either Contiv
 * layout (CONTIV_* of 2019, or the 2017 lower-case names — two of them, or one plus Contiv's socket
 * or entrypoint). It is detectContivProfile's evidence read as a yes/no. Pure and browser-safe.
 */
import { profileEvidence } from './profile';
import type { ContivConfigView } from './view';

export function isContivConfig(config: ContivConfigView | null | undefined): boolean {
  if (!config) return false;
  return profileEvidence(config).profile !== null;
}
