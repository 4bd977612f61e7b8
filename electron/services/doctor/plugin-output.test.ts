/**
 * A plugin's own story in the engine's log, over lines as dockerd 20.10 writes them (captured on the
 * test dockerd from a failed enable of the example driver that never opens its socket), and what the
 * socket check makes of it: no one-click Enable after a failed enable, its own lines shown.
 */
import { describe, expect, it } from 'vitest';
import type { EnginePlugin } from '../docker/plugin-model';
import { evalSocket } from './checks/plugin';
import { evalLogs } from './checks/logs';
import { pluginOutputOf } from './plugin-output';

const ID = '18cb0c3a6fa2090b0b0b0698cf7f0dc8dc71df911743a14a49839db016110b61';
const OTHER = '3cbd648ce0ef349530f22990eda23a0d30adb3497220c6a6f6b38b49485ae092';
const NAME = 'plugsmith-it/never-listens-3ef066:latest';
const LOG = [
  `time="2026-12-08T04:15:59.939612292Z" level=info msg="starting signal loop" namespace=plugins.moby path=/run/containerd/io.containerd.runtime.v2.task/plugins.moby/${ID} pid=1844 runtime=io.containerd.runc.v2`,
  `time="2026-12-08T04:16:00Z" level=info msg="netdriver: starting: mode=no-socket scope=local socket=/run/docker/plugins/netdriver.sock pid=1" plugin=${ID}`,
  `time="2026-12-08T04:16:00Z" level=info msg="CRITICAL: ENV CONTIV_ROLE must be in [netmaster, netplugin]" plugin=${OTHER}`,
  `time="2026-12-08T04:16:12.279512431Z" level=error msg="Handler for POST /v1.41/plugins/plugsmith-it/never-listens-3ef066:latest/enable returned error: dial unix /run/docker/plugins/${ID}/netdriver.sock: connect: no such file or directory"`,
  `time="2026-12-08T04:16:12.5Z" level=info msg="netdriver: SIGTERM: shutting down" plugin=${ID}`,
  `time="2026-12-08T04:16:13.188461738Z" level=info msg="shim disconnected" id=${ID}`,
  `time="2026-12-08T04:16:13.188527145Z" level=warning msg="cleaning up after shim disconnected" id=${ID} namespace=plugins.moby`,
].join('\n');

const plugin: EnginePlugin = {
  Id: ID,
  Name: NAME,
  Enabled: false,
  Settings: { Env: ['MODE=no-socket'], Mounts: [] },
  Config: { Interface: { Types: ['docker.networkdriver/1.0'], Socket: 'netdriver.sock' }, Env: [{ Name: 'MODE', Value: 'no-socket' }], Mounts: [] },
};

describe('the plugin\'s own output in the engine log', () => {
  it('its lines (not another plugin\'s), the engine\'s error on its enable, its process started and ended', () => {
    const o = pluginOutputOf(LOG, plugin);
    expect(o.lines).toEqual(['netdriver: starting: mode=no-socket scope=local socket=/run/docker/plugins/netdriver.sock pid=1', 'netdriver: SIGTERM: shutting down']);
    expect(o.enableError).toBe(`dial unix /run/docker/plugins/${ID}/netdriver.sock: connect: no such file or directory`);
    expect(o.neverListened).toBe(true);
    expect([o.starts, o.exits]).toEqual([1, 1]);
    expect(o.exit).toBe('its process ended after each of 1 start(s) (the engine logs no exit code)');
    expect(pluginOutputOf(LOG, { Id: 'f'.repeat(64), Name: 'x:latest' })).toMatchObject({ lines: [], enableError: null, starts: 0, exit: 'the engine log shows no start of its process' });
  });

  it('the socket check after that failed enable: fails with its own lines, and no one-click Enable', () => {
    const o = evalSocket(plugin, 'local', null, false, pluginOutputOf(LOG, plugin));
    expect(o.status).toBe('fail');
    expect(o.action).toBeUndefined();
    expect(o.evidence.join('\n')).toMatch(/its entrypoint never listened on netdriver\.sock; its process ended/);
    expect(o.evidence.join('\n')).toMatch(/netdriver: starting: mode=no-socket/);
    // Never enabled (no failure in the log): still the plain warning with Enable.
    expect(evalSocket(plugin, 'local', null, false, pluginOutputOf('', plugin)).action?.kind).toBe('enable-plugin');
  });

  it('the logs check: its own lines whatever the level, and the dial error as a known line explaining plugin-socket', () => {
    const o = evalLogs({ plugin, engineLog: { ok: true, source: { via: 'setting', where: '/var/log/docker.log', text: LOG } }, folder: null });
    const ev = o.evidence.join('\n');
    expect(ev).toMatch(/engine: .*starting: mode=no-socket/);
    expect(ev).toMatch(/\[explains plugin-socket\] engine log: dial unix .*netdriver\.sock/);
    expect(ev).not.toMatch(/CONTIV_ROLE/);
    expect(o.status).toBe('fail');
  });
});
