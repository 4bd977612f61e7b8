/**
 * Netmaster as a topology source: tenants, networks and endpoint groups, plus each network's
 * endpoints from its inspect (Oper.endpoints) — the ids netplugin writes into OVS as
 * `external_ids:endpoint-id`. Polled (netmaster has no watch API); sources.ts backs off while
 * it is down.
 */
import { NetmasterClient } from '../netmaster/client';
import type { EndpointGroup, EndpointOper, Network, Tenant } from '../netmaster/types';

export interface NetmasterSnapshot {
  url: string;
  tenants: Tenant[];
  networks: Network[];
  endpointGroups: EndpointGroup[];
  /** Per network key: its endpoints as inspect reports them (null when the inspect failed). */
  endpoints: Record<string, EndpointOper[] | null>;
  at: string;
}

export async function readNetmasterSnapshot(url: string, signal?: AbortSignal): Promise<NetmasterSnapshot> {
  const c = new NetmasterClient({ url });
  const o = { signal };
  const [tenants, networks, endpointGroups] = await Promise.all([c.list('tenants', o), c.list('networks', o), c.list('endpointGroups', o)]);
  const endpoints: Record<string, EndpointOper[] | null> = {};
  await Promise.all(
    networks.map(async (n) => {
      try {
        const r = await c.inspect('networks', n.key, o);
        endpoints[n.key] = Array.isArray(r.Oper?.endpoints) ? (r.Oper.endpoints as EndpointOper[]) : [];
      } catch {
        // Deleted between the list and the inspect, or one broken object: the others still show.
        endpoints[n.key] = null;
      }
    }),
  );
  return { url: c.baseUrl, tenants, networks, endpointGroups, endpoints, at: new Date().toISOString() };
}
