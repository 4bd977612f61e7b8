/**
 * Which Contiv layout a config is, if any. Pure and browser-safe.
 *
 * 2019 configs name their env `CONTIV_*` (a prefix no other public plugin uses, so one is enough);
 * 2017 configs use the lower-case names of the old start script. Those names are generic
 * (`plugin_name`, `iflist`), so one alone is not proof: it takes two, or one plus Contiv's
 * entrypoint (`/startcontiv.sh`) or socket (`netplugin.sock`).
 */
import type { ConfigProfile } from '../../../ipc/types';
import { NAMES_2017 } from './settings';
import type { ContivConfigView } from './view';

const CONTIV_ENTRYPOINT = /(^|\/)startcontiv\.sh$/;
const CONTIV_SOCKET = 'netplugin.sock';

export interface ProfileEvidence {
  profile: ConfigProfile;
  names2019: string[];
  names2017: string[];
  /** Entrypoint or socket are Contiv's. */
  contivShape: boolean;
}

export function profileEvidence(view: ContivConfigView): ProfileEvidence {
  const names = (Array.isArray(view.Env) ? view.Env : [])
    .map((e) => (e && typeof e.Name === 'string' ? e.Name : ''))
    .filter((n) => n !== '');
  const names2019 = names.filter((n) => n.startsWith('CONTIV_'));
  const names2017 = names.filter((n) => NAMES_2017.has(n));
  const entry = Array.isArray(view.Entrypoint) ? view.Entrypoint : [];
  const contivShape =
    entry.some((a) => typeof a === 'string' && CONTIV_ENTRYPOINT.test(a)) || view.Interface?.Socket === CONTIV_SOCKET;

  let profile: ConfigProfile = null;
  if (names2019.length > 0 && names2019.length >= names2017.length) profile = 'contiv-2019';
  else if (names2017.length >= 2 || (names2017.length === 1 && contivShape)) profile = 'contiv-2017';
  // Contiv's entrypoint and socket but no settings yet: offer the current (2019) layout.
  else if (contivShape) profile = 'contiv-2019';
  return { profile, names2019, names2017, contivShape };
}

export function detectContivProfile(view: ContivConfigView): ConfigProfile {
  return profileEvidence(view).profile;
}
