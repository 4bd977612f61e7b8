/**
 * The netctl twins checked against the real netctl session: for every create netctl made in
 * shared/contiv/netmaster-api/netctl/requests.jsonl, the twin built from the body netctl sent
 * must be the same command (same flags and values, netctl's defaults aside).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { capturesAvailable, capturesDir } from './testing/captures';
import * as twin from './netctl';

/** netctl's default flag values: a captured `-e vxlan` and an omitted one are the same command. */
const DEFAULTS: Record<string, Record<string, string>> = {
  'network create': { '-e': 'vxlan', '-n': 'data', '-p': '0' },
  'policy rule-add': { '-p': '1' },
};

function parse(cmd: string, defaultsFor: string): { words: string[]; flags: Record<string, string[]> } {
  const tokens = cmd.match(/'[^']*'|\S+/g)!.map((t) => t.replace(/^'|'$/g, ''));
  const words: string[] = [];
  const flags: Record<string, string[]> = {};
  for (let i = 1; i < tokens.length; i++) {
    const t = tokens[i];
    if (t === '--netmaster') {
      i++;
      continue;
    }
    if (t.startsWith('--') && t.includes('=')) {
      const [k, v] = t.split('=');
      (flags[k] ??= []).push(v);
    } else if (t.startsWith('-')) (flags[t] ??= []).push(tokens[++i]);
    else words.push(t);
  }
  for (const [k, v] of Object.entries(DEFAULTS[defaultsFor] ?? {})) if (flags[k]?.[0] === v) delete flags[k];
  return { words, flags };
}

describe('netctl twins', () => {
  it('quotes for the shell only when needed', () => {
    expect(twin.shellQuote('blue:net1')).toBe('blue:net1');
    expect(twin.shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(twin.shellQuote('')).toBe("''");
    expect(twin.networkCreate({ tenantName: 'blue', networkName: 'net1', subnet: '10.1.1.0/24', gateway: '10.1.1.254', encap: 'vxlan', nwType: 'data' })).toBe(
      'netctl network create -t blue -s 10.1.1.0/24 -g 10.1.1.254 net1',
    );
    expect(twin.groupCreate({ tenantName: 'blue', groupName: 'web app', networkName: 'net1' })).toBe("netctl group create -t blue net1 'web app'");
  });

  it('builds the delete commands netctl takes', () => {
    expect(twin.networkDelete('blue', 'net1')).toBe('netctl network rm -t blue net1');
    expect(twin.groupDelete('blue', 'web')).toBe('netctl group rm -t blue web');
    expect(twin.policyDelete('blue', 'web-policy')).toBe('netctl policy rm -t blue web-policy');
    expect(twin.ruleDelete('blue', 'web-policy', '1')).toBe('netctl policy rule-rm -t blue web-policy 1');
    expect(twin.tenantDelete('blue')).toBe('netctl tenant rm blue');
  });

  it.runIf(capturesAvailable())('matches every create command of the captured netctl session', () => {
    const lines = readFileSync(join(capturesDir(), 'netctl', 'requests.jsonl'), 'utf8').split('\n').filter(Boolean);
    const builders: Record<string, (b: never) => string> = {
      'tenant create': twin.tenantCreate,
      'network create': twin.networkCreate,
      'group create': twin.groupCreate,
      'policy create': twin.policyCreate,
      'policy rule-add': twin.ruleCreate,
    };
    let checked = 0;
    for (const l of lines) {
      const x = JSON.parse(l) as { netctl: string; method: string; request_body: Record<string, unknown> };
      const verb = x.netctl.split(' ').slice(3, 5).join(' ');
      const build = builders[verb];
      if (x.method !== 'POST' || !build) continue;
      const body = { ...x.request_body };
      // netmaster fills the address of a network named in a rule; netctl sends just the network.
      const mine = build(body as never);
      expect(parse(mine, verb), `${x.netctl}\n${mine}`).toEqual(parse(x.netctl, verb));
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(20);
  });
});
