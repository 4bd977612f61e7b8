import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { PluginHealth } from '../../electron/ipc/types';
import { translate } from '../i18n';
import { capabilityWords } from '../views/plugins/capabilities';
import { ErrorNote } from './ErrorNote';
import { healthText } from './HealthBadge';
import { Toggle } from './Toggle';

const t = (key: Parameters<typeof translate>[1], vars?: Record<string, string | number>) => translate('en', key, vars);
const health = (state: PluginHealth['state'], detail = ''): PluginHealth => ({ state, detail, checkedAt: null });

describe('Toggle', () => {
  it('is a switch named after the plugin, busy and inert while a job runs', () => {
    const html = renderToStaticMarkup(<Toggle checked={false} busy label="Enable contiv/v2plugin:latest" onChange={() => {}} />);
    expect(html).toContain('role="switch"');
    expect(html).toContain('aria-checked="false"');
    expect(html).toContain('aria-busy="true"');
    expect(html).toContain('aria-disabled="true"');
    expect(html).toContain('aria-label="Enable contiv/v2plugin:latest"');
    expect(html).toContain('class="spinner"');
  });

  it('when idle it is checked as told and not disabled', () => {
    const html = renderToStaticMarkup(<Toggle checked label="Enable x" onChange={() => {}} />);
    expect(html).toContain('aria-checked="true"');
    expect(html).toContain('aria-busy="false"');
    expect(html).not.toContain('aria-disabled');
    expect(html).not.toContain('spinner');
  });
});

describe('health badge text', () => {
  it('says what the check found, not what the engine claims', () => {
    expect(healthText(true, health('answering'), t)).toEqual({ text: 'enabled', tone: 'ok' });
    expect(healthText(true, health('not-answering', 'no answer'), t)).toEqual({ text: 'enabled, not answering', tone: 'warn' });
    expect(healthText(true, health('skipped', 'skipped: needs root'), t).text).toBe('enabled (not checked: needs root)');
    expect(healthText(true, health('unchecked'), t).text).toBe('enabled (checking…)');
    expect(healthText(false, health('answering'), t)).toEqual({ text: 'disabled', tone: 'off' });
  });
});

describe('capability words', () => {
  it('names known kinds, shows unknown types as-is, says CSI once', () => {
    expect(
      capabilityWords(
        [
          { type: 'docker.networkdriver/1.0', kind: 'network' },
          { type: 'docker.ipamdriver/1.0', kind: 'ipam' },
          { type: 'docker.csicontroller/1.0', kind: 'csi' },
          { type: 'docker.csinode/1.0', kind: 'csi' },
          { type: 'docker.frobnicator/9', kind: 'unknown' },
        ],
        t,
      ),
    ).toEqual(['network driver', 'IPAM driver', 'CSI', 'docker.frobnicator/9']);
  });
});

describe('ErrorNote', () => {
  it('shows the engine’s words as an alert, the raw detail behind “Show details”', () => {
    const html = renderToStaticMarkup(<ErrorNote error={{ code: 'engine/http-500', message: 'dial unix /x: connect: no such file', detail: '{"raw":1}' }} testId="plugin-error" />);
    expect(html).toContain('role="alert"');
    expect(html).toContain('dial unix /x: connect: no such file');
    expect(html).toMatch(/<details[^>]*><summary>Show details<\/summary><pre>\{&quot;raw&quot;:1\}<\/pre><\/details>/);
    expect(renderToStaticMarkup(<ErrorNote error={{ code: 'c', message: 'm' }} />)).not.toContain('<details');
  });
});
