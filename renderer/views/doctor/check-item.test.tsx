/**
 * A check the doctor could not verify says why in the open, from the check's `cantTell` reasons —
 * never by reading its English evidence back (a reworded evidence line changes nothing here).
 */
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { DoctorCheckResult } from '../../../electron/ipc/types';
import { StoresProvider } from '../../stores/context';
import { createStores } from '../../stores/index';
import { createTestApi } from '../../stores/test-double';
import { CheckItem } from './CheckItem';

const check = (over: Partial<DoctorCheckResult>): DoctorCheckResult => ({
  id: 'contivh0', title: 'contivh0 is up, in OVS, with its MASQUERADE rule', group: 'host network', status: 'unknown',
  evidence: ['contivh0: up, 172.19.255.254/16', 'the NAT table was not read'], why: 'w', fix: 'f', ms: 1, ...over,
});

const render = (c: DoctorCheckResult) =>
  renderToStaticMarkup(
    <StoresProvider stores={createStores(createTestApi().api)}>
      <CheckItem check={c} locked={false} />
    </StoresProvider>,
  );

describe('a check that cannot tell', () => {
  it('shows each reason it carries as data, whatever its evidence says', () => {
    const html = render(check({ cantTell: ['the MASQUERADE rule (iptables needs CAP_NET_ADMIN)'] }));
    expect(html).toContain('data-testid="doctor-cant-tell-contivh0"');
    expect(html).toContain('Can&#x27;t tell, because the MASQUERADE rule (iptables needs CAP_NET_ADMIN)');
  });

  it('an evidence line that merely starts with "can\'t tell" is evidence, not a reason', () => {
    const html = render(check({ evidence: ["can't tell: worded by a service"] }));
    expect(html).not.toContain('doctor-cant-tell-contivh0');
  });
});
