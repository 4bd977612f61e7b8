import { describe, expect, it } from 'vitest';
import { pipelineTwin, stageTwin, type TwinInput } from './twins';

const input: TwinInput = {
  dir: '/src/my plugin',
  name: 'contiv/v2plugin:1.0',
  dockerfile: '/src/my plugin/Dockerfile',
  buildArgs: { TAR_FILE: 'v2plugin.tar' },
  target: 'final',
  settings: [{ key: 'CONTIV_NETMASTER_PLUGIN_NAME', value: 'contiv/v2plugin:1.0' }],
  keepImage: false,
};

describe('stage twins', () => {
  it('builds with the args, target and quoted folder', () => {
    expect(stageTwin('build', input)).toBe(
      "docker build -t contiv/v2plugin-rootfs -f '/src/my plugin/Dockerfile' --build-arg TAR_FILE=v2plugin.tar --target final '/src/my plugin'",
    );
  });

  it('sets, enables and checks the named plugin', () => {
    expect(stageTwin('set', input)).toBe('docker plugin set contiv/v2plugin:1.0 CONTIV_NETMASTER_PLUGIN_NAME=contiv/v2plugin:1.0');
    expect(stageTwin('enable', input)).toBe('docker plugin enable contiv/v2plugin:1.0');
    expect(stageTwin('check', { ...input, name: '' })).toBe('docker plugin inspect NAME:TAG');
  });

  it('the pipeline twin is the plugsmith build command line', () => {
    expect(pipelineTwin({ ...input, enable: true })).toBe(
      "plugsmith build '/src/my plugin' --name contiv/v2plugin:1.0 --set CONTIV_NETMASTER_PLUGIN_NAME=contiv/v2plugin:1.0 --enable",
    );
  });
});
