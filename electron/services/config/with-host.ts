/**
 * The ConfigService as the app and the CLI both use it: Contiv's profile detection, and
 * Contiv's value rules checked against this host's facts (IPs, uplinks, default route).
 * One wiring, so `plugsmith config lint` and the editor say the same things.
 */
import type { Engine } from '../docker/engine';
import { readHostFacts } from '../host/facts';
import { contivChecks } from './contiv/checks';
import { detectContivProfile } from './contiv/profile';
import { ConfigService } from './service';

export function configServiceWithHost(engine: () => Engine): ConfigService {
  return new ConfigService({
    engine,
    detectProfile: detectContivProfile,
    profileChecks: async (pluginName) => [contivChecks({ pluginName, facts: await readHostFacts().catch(() => null) })],
  });
}
