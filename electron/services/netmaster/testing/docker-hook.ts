/**
 * The test netmaster's docker side, as the real one does it in `--mode docker`: each contiv
 * network and endpoint group gets a Docker network (`<name>/<tenant>`, or `<name>` in tenant
 * default) made through the engine with netmaster's driver, and loses it on delete.
 * Real netmaster uses driver and IPAM driver `netplugin`; a test passes its own plugin (full
 * `name:latest` — the engine knows a managed driver only by that) and an IPAM it has.
 */
import type { Engine } from '../../docker/engine';
import { PlugsmithError } from '../../errors';
import type { DockerNetworkHook } from './state';

export interface DockerHookOptions {
  driver?: string;
  ipamDriver?: string;
  /**
   * Make the networks `Internal`. Not what netmaster does — a test that runs containers needs it:
   * on a non-internal network whose driver names no gateway (the example driver), the engine
   * attaches each container to `docker_gwbridge` too, a Linux bridge with a 172.x/16 address that
   * it creates in the host's own network namespace. Tests never make interfaces there.
   */
  internal?: boolean;
  /** Every call made, for a test to look at. */
  log?: { action: 'create' | 'delete'; name: string; tenant: string }[];
}

export function engineDockerNetworkHook(engine: Engine, opts: DockerHookOptions = {}): DockerNetworkHook {
  const driver = opts.driver ?? 'netplugin';
  const ipam = opts.ipamDriver ?? 'netplugin';
  return async (action, name, tenant) => {
    opts.log?.push({ action, name, tenant });
    try {
      if (action === 'create') {
        await engine.request({ method: 'POST', path: '/networks/create', body: { Name: name, Driver: driver, IPAM: { Driver: ipam }, CheckDuplicate: true, ...(opts.internal ? { Internal: true } : {}) }, timeoutMs: 15_000 });
      } else {
        await engine.request({ method: 'DELETE', path: `/networks/${encodeURIComponent(name)}`, timeoutMs: 15_000 });
      }
    } catch (err) {
      // A group re-created after a failed create finds its leftover network (see INDEX.md):
      // netmaster carries on, and so does this.
      if (action === 'create' && err instanceof PlugsmithError && /already exists/i.test(err.message)) return;
      if (action === 'delete' && err instanceof PlugsmithError && /not found|No such network/i.test(err.message)) return;
      throw err;
    }
  };
}
