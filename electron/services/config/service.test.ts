import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigService, scriptCandidates } from './service';
import { scriptReads } from './start-script';
import { diffConfig } from './diff';
import { sharedDir } from './testing/paths';

// Modelled on Contiv's 2019 install/v2plugin/startcontiv.sh: it selects CONTIV_ variables by prefix.
const SCRIPT_2019 = `#!/bin/bash
set -euo pipefail
echo "INFO: Starting contiv" >> $CONTIV_LOG_DIR/plugin_bootup.log
for var in $(env | grep "^CONTIV_" | cut -d= -f1); do echo "$var"; done
if [ "\${CONTIV_ROLE:-netplugin}" = "netmaster" ]; then exec /contiv/bin/netmaster; fi
LOG=/var/log/x
echo $LOG
`;

describe('scriptReads', () => {
  it('finds $X, ${X}, ${X:-d}, grep prefixes, and skips what the script assigns', () => {
    const r = scriptReads(SCRIPT_2019);
    expect([...r.names].sort()).toEqual(['CONTIV_LOG_DIR', 'CONTIV_ROLE']);
    expect([...r.prefixes]).toEqual(['CONTIV_']);
  });
});

describe('ConfigService.lint with the start script beside config.json', () => {
  let dir: string;
  const service = new ConfigService({ engine: () => { throw new Error('no engine in this test'); } });
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'psc-'));
    writeFileSync(join(dir, 'startcontiv.sh'), SCRIPT_2019);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('the seed\'s 2017 config under the 2019 script: the names never meet', async () => {
    const text = readFileSync(join(sharedDir(), 'contiv', 'seed-config.json'), 'utf8');
    const r = await service.lint({ text, path: join(dir, 'config.json') });
    const w = r.diagnostics.filter((d) => d.code === 'start/env-unread' && d.severity === 'warning');
    expect(w).toHaveLength(1);
    expect(w[0]).toMatchObject({ stage: 'start', pointer: '/env' });
    expect(w[0].message).toContain('CONTIV_*');
  });

  it('the 2019 config under the 2019 script: no start/env-unread warning', async () => {
    const text = readFileSync(join(sharedDir(), 'contiv', 'config.template.json'), 'utf8');
    const r = await service.lint({ text, path: join(dir, 'config.json') });
    expect(r.diagnostics.filter((d) => d.code === 'start/env-unread' && d.severity === 'warning')).toEqual([]);
  });

  it('without a path, or with the script elsewhere, the check is silent', async () => {
    const text = readFileSync(join(sharedDir(), 'contiv', 'seed-config.json'), 'utf8');
    expect((await service.lint({ text })).diagnostics.some((d) => d.code === 'start/env-unread')).toBe(false);
    const other = mkdtempSync(join(tmpdir(), 'psc-'));
    mkdirSync(join(other, 'rootfs'));
    writeFileSync(join(other, 'rootfs', 'startcontiv.sh'), SCRIPT_2019);
    expect((await service.lint({ text, path: join(other, 'config.json') })).diagnostics.some((d) => d.code === 'start/env-unread')).toBe(true);
    rmSync(other, { recursive: true, force: true });
  });

  it('looks beside the file, in rootfs/ and scripts/, and through a shell wrapper', () => {
    expect(scriptCandidates('/p/config.json', ['/bin/sh', '/startcontiv.sh'])).toEqual(['/p/startcontiv.sh', '/p/rootfs/startcontiv.sh', '/p/scripts/startcontiv.sh']);
    expect(scriptCandidates('/p/config.json', null)).toEqual([]);
  });
});

describe('diffConfig', () => {
  const installed = {
    Args: { Description: '', Name: '', Settable: null, Value: null },
    Description: 'old',
    DockerVersion: '20.10.24',
    Documentation: '',
    Entrypoint: ['/p'],
    Env: [{ Description: '', Name: 'A', Settable: ['value'], Value: '1' }],
    Interface: { Socket: 'p.sock', Types: ['docker.volumedriver/1.0'] },
    IpcHost: false,
    Linux: { AllowAllDevices: false, Capabilities: null, Devices: null },
    Mounts: null,
    Network: { Type: '' },
    PidHost: false,
    PropagatedMount: '',
    User: {},
    WorkDir: '',
    rootfs: { type: 'layers', diff_ids: ['sha256:x'] },
  };

  it('labels real changes, casing-only keys and ignored keys apart', () => {
    const draft = '{"description":"new","Entrypoint":["/p"],"env":[{"Name":"A","Settable":["value"],"Value":"2"}],"interface":{"socket":"p.sock","types":["docker.volumedriver/1.0"]},"mount":[]}';
    const entries = diffConfig(draft, installed)!;
    expect(entries.filter((e) => e.kind === 'changed')).toEqual([
      { pointer: '/Description', kind: 'changed', installed: 'old', draft: 'new' },
      { pointer: '/Env/0/Value', kind: 'changed', installed: '1', draft: '2' },
    ]);
    expect(entries.filter((e) => e.kind === 'ignored-key')).toEqual([{ pointer: '/mount', kind: 'ignored-key', draft: [] }]);
    expect(entries.filter((e) => e.kind === 'casing-only').map((e) => e.pointer)).toContain('/interface/socket');
    expect(entries.some((e) => e.pointer.startsWith('/rootfs') || e.pointer === '/DockerVersion')).toBe(false);
  });

  it('compares env by name: an entry inserted first is one "added", the others unchanged; a removed one is one "removed"', () => {
    const env = (list: [string, string][]) => list.map(([n, v]) => ({ Description: '', Name: n, Settable: ['value'], Value: v }));
    const base = { ...installed, Env: env([['A', '1'], ['B', '2'], ['C', '3']]) };
    const draftOf = (list: [string, string][]) => JSON.stringify({ description: 'old', entrypoint: ['/p'], interface: { socket: 'p.sock', types: ['docker.volumedriver/1.0'] }, env: env(list) });
    const envEntries = (d: string) => diffConfig(d, base)!.filter((e) => e.pointer.startsWith('/Env'));
    expect(envEntries(draftOf([['Z', '0'], ['A', '1'], ['B', '2'], ['C', '3']]))).toEqual([{ pointer: '/Env/0', kind: 'added', draft: env([['Z', '0']])[0] }]);
    expect(envEntries(draftOf([['A', '1'], ['C', '9']]))).toEqual([
      { pointer: '/Env/1', kind: 'removed', installed: env([['B', '2']])[0] },
      { pointer: '/Env/1/Value', kind: 'changed', installed: '3', draft: '9' },
    ]);
    // Reordered only: nothing to show.
    expect(envEntries(draftOf([['C', '3'], ['A', '1'], ['B', '2']]))).toEqual([]);
  });

  it('is null for a draft the engine would refuse', () => {
    expect(diffConfig('{"description":1}', installed)).toBeNull();
  });
});
