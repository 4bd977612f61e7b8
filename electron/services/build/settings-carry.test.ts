import { describe, expect, it } from 'vitest';
import { diffSettings } from './settings-carry';
import type { EnginePlugin } from '../docker/plugin-model';

const fresh: EnginePlugin = {
  Id: 'new',
  Name: 'p:latest',
  Enabled: false,
  Settings: { Env: ['MODE=ok', 'DEBUG=0', 'SCOPE=local'], Mounts: [{ Name: 'logs', Source: '/var/log' }] },
  Config: {
    Env: [
      { Name: 'MODE', Settable: ['value'], Value: 'ok' },
      { Name: 'DEBUG', Settable: ['value'], Value: '0' },
      { Name: 'SCOPE', Settable: null, Value: 'local' },
    ],
    Mounts: [{ Name: 'logs', Settable: ['source'], Source: '/var/log', Destination: '/var/log/x' }],
  },
};

describe('settings carried over by replace', () => {
  it('re-applies what differs and is still settable; the request wins', () => {
    const old: EnginePlugin = { Id: 'old', Name: 'p:latest', Enabled: true, Settings: { Env: ['MODE=silent', 'DEBUG=0', 'SCOPE=global', 'GONE=1'], Mounts: [{ Name: 'logs', Source: '/srv/log' }] } };
    expect(diffSettings(old, fresh, [{ key: 'MODE', value: 'no-socket' }])).toEqual([
      { key: 'MODE', from: 'ok', to: 'no-socket', source: 'request' },
      { key: 'logs', from: '/var/log', to: '/srv/log', source: 'replaced-plugin' },
    ]);
  });

  it('without an old plugin only the request is applied', () => {
    expect(diffSettings(null, fresh, [{ key: 'DEBUG', value: '1' }])).toEqual([{ key: 'DEBUG', from: '0', to: '1', source: 'request' }]);
  });
});
