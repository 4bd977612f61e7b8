import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { NetmasterStatus } from '../../../electron/ipc/types';
import { normalizeNetmasterUrl } from '../../../electron/services/netmaster/url';
import { translate } from '../../i18n';
import { DownBanner } from './DownBanner';
import { netmasterUrlProblem } from './url-check';

const words = (input: string) => {
  const p = netmasterUrlProblem(input);
  return p ? translate('en', p.key, p.vars) : null;
};

describe('the netmaster URL field, checked before sending', () => {
  it('says in words what is wrong instead of sending what the contract refuses', () => {
    expect(words('http://127.0.0.1 :9999')).toBe('A URL has no spaces: write it as host:port or http://host:port.');
    expect(words('ftp://10.0.0.1:9999')).toBe('netmaster speaks http or https, not ftp: write http://host:port.');
    expect(words('http://[::1')).toMatch(/^This is not an address/);
    expect(words('x'.repeat(1025))).toMatch(/too long/);
  });

  it('lets through what the service accepts, and agrees with it', () => {
    for (const ok of ['', '  ', '127.0.0.1:9999', ':9999', 'http://netmaster:9999/', 'https://nm.example.internal', '0.0.0.0:9999']) {
      expect(netmasterUrlProblem(ok), ok).toBeNull();
      if (ok.trim()) expect(() => normalizeNetmasterUrl(ok)).not.toThrow();
    }
    for (const bad of ['ftp://10.0.0.1:9999', 'http://[::1', 'http://127.0.0.1:99999']) {
      expect(netmasterUrlProblem(bad), bad).not.toBeNull();
      expect(() => normalizeNetmasterUrl(bad)).toThrow();
    }
  });
});

describe('the netmaster banner while connecting', () => {
  const down: NetmasterStatus = { url: null, source: null, version: null, info: null, error: { code: 'netmaster/no-url', message: 'no netmaster URL: enter one' } };

  it('says "Connecting to …" and keeps the old reason only as what came before', () => {
    const html = renderToStaticMarkup(<DownBanner status={down} busy target="http://127.0.0.1:9999" onRetry={() => {}} />);
    expect(html).toContain('Connecting to http://127.0.0.1:9999…');
    expect(html).toContain('role="status"');
    expect(html).not.toContain('role="alert"');
    expect(html).not.toContain('No netmaster to talk to');
    expect(html).toMatch(/Before this attempt:.*no netmaster URL: enter one/);
  });

  it('shows the error as the answer once the attempt is over', () => {
    const html = renderToStaticMarkup(<DownBanner status={down} busy={false} target="" onRetry={() => {}} />);
    expect(html).toContain('role="alert"');
    expect(html).toContain('No netmaster to talk to');
  });
});
