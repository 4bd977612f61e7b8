/** The fixture plugins the e2e suite manages (see examples/net-driver: MODE picks the behaviour). */
export const E2E_PLUGINS = {
  ok: { name: 'plugsmith-e2e/netdriver:latest', mode: 'ok' },
  noSocket: { name: 'plugsmith-e2e/nosocket:latest', mode: 'no-socket' },
  silent: { name: 'plugsmith-e2e/silent:latest', mode: 'silent' },
  removable: { name: 'plugsmith-e2e/removable:latest', mode: 'ok' },
} as const;
