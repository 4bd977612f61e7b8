/**
 * The test netmaster held to the real one: every captured exchange in
 * shared/contiv/netmaster-api (curl captures + the netctl session), replayed in order against a
 * fresh test netmaster, compared on status, content type and body (list order ignored, 500
 * texts by their first line). What the stand-in cannot reproduce is listed in NOT_REPRODUCED
 * with the reason; those are still sent (so state advances as it did) and must still differ —
 * an entry that starts to pass must leave the table.
 */
import { describe, expect, it } from 'vitest';
import { capturesAvailable, loadExchanges } from './captures';
import { compare, sendExchange } from './replay';
import { startTestNetmaster } from './test-netmaster';

/** Captures that need parts the stand-in does not have. Keep it small; never skip silently. */
export const NOT_REPRODUCED: Record<string, string> = {
  'info__with_netplugin.json': 'a real netplugin (np-host1) registered with netmaster: the stand-in has no netplugins, so netplugin-nodes stays []',
  'debug_ofnet__with_netplugin.json': 'ofnet agents of a running netplugin connected on 9002/9003: AgentDb is filled only by real ofnet agents',
  'api_v1_inspect_Bgps_bgp_demo_host__with_netplugin.json': "netmaster fetches BGP state from the host's netplugin REST API on :9090; with no netplugin the stand-in answers the no-netplugin error",
  'netplugin_9090_inspect_driver.json': "netplugin's own REST API (port 9090), not a netmaster route: OVS driver state",
  'netplugin_9090_inspect_bgp.json': "netplugin's own REST API (port 9090), not a netmaster route",
  'netplugin_9090_inspect_nameserver.json': "netplugin's own REST API (port 9090), not a netmaster route",
  'netplugin_9090_svcstats.json': "netplugin's own REST API (port 9090), not a netmaster route",
};

// The identity the captured netmaster reported: configuration, not behaviour.
const CAPTURED_IDENTITY = {
  version: { GitCommit: '96577306-unsupported', Version: '1.1.0-rc.1-470-g9657730-unsupported', BuildTime: '11-27-2026.17-24-48.UTC' },
  localIp: '192.0.2.2',
  leaderIp: '127.0.0.1:9999',
};

describe.runIf(capturesAvailable())('test netmaster vs the captured netmaster contract', () => {
  it('replays every captured exchange in order; all but NOT_REPRODUCED match exactly', async () => {
    const exchanges = loadExchanges();
    const nm = await startTestNetmaster(CAPTURED_IDENTITY);
    const mismatches: string[] = [];
    const stillDiffer: string[] = [];
    let exact = 0;
    try {
      for (const x of exchanges) {
        const r = compare(x, await sendExchange(nm.url, x));
        if (x.id in NOT_REPRODUCED) {
          if (r.ok) stillDiffer.push(x.id);
          continue;
        }
        if (r.ok) exact++;
        else mismatches.push(`${x.id} ${x.method} ${x.path}\n  ${r.problems.join('\n  ')}`);
      }
    } finally {
      await nm.close();
    }
    const curl = exchanges.filter((x) => !x.id.startsWith('netctl#'));
    const curlExact = curl.filter((x) => !(x.id in NOT_REPRODUCED)).length;
    console.info(`contract: ${exact}/${exchanges.length} exchanges exact (${curlExact}/${curl.length} curl captures, ${exchanges.length - curl.length} netctl calls); not reproduced: ${Object.keys(NOT_REPRODUCED).length}`);
    expect(mismatches, mismatches.join('\n')).toEqual([]);
    expect(stillDiffer, 'these now match: remove them from NOT_REPRODUCED').toEqual([]);
    // Every table entry names a real capture, and the table stays small (>= 85% exact).
    for (const id of Object.keys(NOT_REPRODUCED)) expect(curl.map((x) => x.id)).toContain(id);
    expect(curlExact / curl.length).toBeGreaterThanOrEqual(0.85);
    expect(exchanges.length).toBeGreaterThan(250);
  });

  it('answers lists in random order, as netmaster does', async () => {
    const nm = await startTestNetmaster();
    try {
      for (const t of ['a', 'b', 'c', 'd', 'e', 'f']) {
        const r = await fetch(`${nm.url}/api/v1/tenants/${t}/`, { method: 'POST', body: JSON.stringify({ tenantName: t }) });
        expect(r.status).toBe(200);
      }
      const orders = new Set<string>();
      for (let i = 0; i < 20; i++) {
        const list = (await (await fetch(`${nm.url}/api/v1/tenants/`)).json()) as { key: string }[];
        expect(list.map((x) => x.key).sort()).toEqual(['a', 'b', 'c', 'd', 'default', 'e', 'f']);
        orders.add(list.map((x) => x.key).join(','));
      }
      // 7! orders; 20 draws all equal has probability 1/5040^19.
      expect(orders.size).toBeGreaterThan(1);
    } finally {
      await nm.close();
    }
  });
});

// Without shared/ beside the clone this fails loudly rather than passing with nothing checked.
describe.runIf(!capturesAvailable())('test netmaster contract', () => {
  it('needs shared/contiv/netmaster-api beside the repository', () => {
    expect(capturesAvailable()).toBe(true);
  });
});
