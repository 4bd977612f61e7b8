/**
 * The log tail and bundle preview stores over the in-memory api: a snapshot replaces what is held
 * and bumps the generation, live lines reach an attached sink (known lines in bold red with their
 * check, a truncation as a note), matches are listed with their source's label, a name the
 * contract would refuse is not sent, and Save writes the preview by its id.
 */
import { describe, expect, it } from 'vitest';
import type { DoctorLogsState } from '../../electron/ipc/types';
import { createBundlePreviewStore, createDoctorLogsStore, renderLine } from './doctor-logs';
import { createTestApi } from './test-double';

const state: DoctorLogsState = {
  mode: 'local',
  plugin: 'contiv/v2plugin:latest',
  message: null,
  sources: [
    { key: '/h/plugin_bootup.log', label: '/var/log/contiv/plugin_bootup.log', kind: 'file', path: '/h/plugin_bootup.log', status: 'tailing' },
    { key: 'engine', label: 'engine log', kind: 'engine', path: '/var/log/dockerd.log', status: 'tailing', detail: 'setting' },
  ],
  looked: ['Contiv log folder /var/log/contiv in the plugin → /h on the host'],
};
const critical = { text: 'CRITICAL: Failed to load kernel module openvswitch', match: { id: 'contiv-kmod-critical', check: 'ovs-kernel-module', meaning: 'm', fix: 'f' } };

describe('doctor logs store', () => {
  it('snapshot, live lines into the attached sink, matches with their labels', () => {
    const t = createTestApi();
    const s = createDoctorLogsStore(t.api);
    s.getState().follow('contiv/v2plugin:latest');
    expect(t.listeners('doctor-logs')).toBe(1);
    t.emit('doctor-logs', { type: 'snapshot', state, lines: { '/h/plugin_bootup.log': [{ text: 'INFO: Starting' }], engine: [] } });
    expect(s.getState().active).toBe('/h/plugin_bootup.log');
    const g = s.getState().generation;

    const written: string[] = [];
    const detach = s.getState().attach('/h/plugin_bootup.log', { begin: () => undefined, line: (x) => written.push(x) }, { truncated: 'TRUNC', rotated: 'ROT', created: 'NEW' });
    expect(written).toEqual(['INFO: Starting']);
    t.emit('doctor-logs', { type: 'lines', source: '/h/plugin_bootup.log', lines: [critical], note: 'truncated' });
    expect(written[1]).toContain('TRUNC');
    expect(written[2]).toBe(renderLine(critical));
    expect(written[2]).toMatch(/^\x1b\[1;31mCRITICAL.*\x1b\[33m→ ovs-kernel-module/);
    expect(s.getState().matches).toMatchObject([{ check: 'ovs-kernel-module', sourceLabel: '/var/log/contiv/plugin_bootup.log', text: critical.text, count: 1 }]);
    // The same known line again (the engine restarts the plugin): one entry, counted, moved last.
    t.emit('doctor-logs', { type: 'lines', source: 'engine', lines: [{ text: 'engine said it', match: critical.match }] });
    t.emit('doctor-logs', { type: 'lines', source: '/h/plugin_bootup.log', lines: [{ ...critical, text: 'CRITICAL again' }] });
    expect(s.getState().matches.map((m) => [m.sourceLabel, m.count, m.text])).toEqual([
      ['engine log', 1, 'engine said it'],
      ['/var/log/contiv/plugin_bootup.log', 2, 'CRITICAL again'],
    ]);

    // A new snapshot (sources changed) starts over: fresh terminals, matches from its lines only.
    t.emit('doctor-logs', { type: 'snapshot', state, lines: { '/h/plugin_bootup.log': [], engine: [] } });
    expect(s.getState().generation).toBe(g + 1);
    expect(s.getState().matches).toEqual([]);
    detach();
    s.getState().stop();
    expect(t.listeners('doctor-logs')).toBe(0);
  });

  it('the plugin’s own engine-log lines come first: the engine tab leads and opens when it has lines', () => {
    const t = createTestApi();
    const s = createDoctorLogsStore(t.api);
    s.getState().follow('contiv/v2plugin:latest');
    t.emit('doctor-logs', { type: 'snapshot', state, lines: { '/h/plugin_bootup.log': [{ text: 'INFO: Starting' }], engine: [{ text: 'level=error msg="boom" plugin=ff' }] } });
    expect(s.getState().state?.sources.map((x) => x.key)).toEqual(['engine', '/h/plugin_bootup.log']);
    expect(s.getState().active).toBe('engine');
    s.getState().stop();
  });

  it('a log line cannot send escape sequences to the terminal', () => {
    expect(renderLine({ text: 'a\x1b[2Jb' })).toBe('a␛[2Jb');
  });

  it('a name the contract refuses is said, not subscribed', () => {
    const t = createTestApi();
    const s = createDoctorLogsStore(t.api);
    s.getState().follow('not a name');
    expect(s.getState().invalid).toBe('not a name');
    expect(t.listeners('doctor-logs')).toBe(0);
  });
});

describe('bundle preview store', () => {
  it('previews, then saves that preview by its id; errors say which step', async () => {
    const t = createTestApi({
      'doctor:bundle-preview': async () => ({ id: 'bp-0123456789abcdef', files: [{ name: 'plugsmith-doctor/meta.json', bytes: 3, text: '{}\n', truncated: false }], redactions: 1, totalBytes: 3, createdAt: '', expiresAt: '' }),
      'doctor:bundle': async ({ path }) => ({ path, bytes: 120, redactions: 1 }),
    });
    const s = createBundlePreviewStore(t.api);
    await s.getState().load(' contiv:latest ');
    expect(s.getState().selected).toBe('plugsmith-doctor/meta.json');
    await s.getState().save('/tmp/b.tar.gz');
    expect(t.calls.map((c) => [c.method, c.args])).toEqual([
      ['doctor:bundle-preview', { plugin: 'contiv:latest' }],
      ['doctor:bundle', { path: '/tmp/b.tar.gz', previewId: 'bp-0123456789abcdef' }],
    ]);
    expect(s.getState().saved).toEqual({ path: '/tmp/b.tar.gz', bytes: 120, redactions: 1 });

    t.handlers['doctor:bundle'] = async () => {
      throw { code: 'doctor/preview-expired', message: 'preview again' };
    };
    await s.getState().save('/tmp/b.tar.gz');
    expect(s.getState()).toMatchObject({ errorDuring: 'save', error: { code: 'doctor/preview-expired' } });
  });
});
