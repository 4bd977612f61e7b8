/**
 * Every real config in ../shared/corpus/plugin-configs against what SOURCES.tsv says the
 * engine does with it: accepted → no error (and the interface types it lists); refused →
 * the engine's own error, at the place in the file where the problem is.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lintConfig } from './index';
import { corpusDir } from './testing/paths';

interface Source {
  file: string;
  types: string[];
  notes: string;
}

function sources(): Source[] {
  const [header, ...rows] = readFileSync(join(corpusDir(), 'SOURCES.tsv'), 'utf8').trim().split('\n');
  const cols = header.split('\t');
  return rows.map((r) => {
    const v = r.split('\t');
    const get = (c: string) => v[cols.indexOf(c)] ?? '';
    return { file: get('file'), types: get('interface_types').split(','), notes: get('notes') };
  });
}

const all = sources();
const accepted = all.filter((s) => !/INVALID JSON/.test(s.notes));
const refused = all.filter((s) => /INVALID JSON/.test(s.notes));
const read = (f: string) => readFileSync(join(corpusDir(), f), 'utf8');
const posOf = (text: string, offset: number) => {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
};

describe('corpus: configs the engine accepts', () => {
  it('has the 18 files SOURCES.tsv describes', () => {
    expect(all).toHaveLength(18);
    expect(refused.length).toBeGreaterThan(0);
  });

  it.each(accepted.map((s) => [s.file, s] as const))('%s: no errors, the listed interface types', (_f, s) => {
    const r = lintConfig(read(s.file));
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect((r.decoded as { Interface: { Types: string[] } }).Interface.Types).toEqual(s.types);
    expect(r.template).toBe(false);
  });

  it('what the notes say the engine does, the model says too', () => {
    const lint = (f: string) => lintConfig(read(all.find((s) => s.file.startsWith(f))!.file));
    // vieux: "sshkey" has source "" and is settable → must be set before enable.
    expect(lint('vieux__').diagnostics.filter((d) => d.code === 'set/mount-source-required').map((d) => d.pointer)).toEqual(['/mounts/1/source']);
    // No network key → Type "" → no network privilege; bindfs asks for its mounts and /dev/fuse.
    const bindfs = lint('StudioEtrange__');
    expect(bindfs.privileges.map((p) => p.name)).not.toContain('network');
    expect(bindfs.privileges.filter((p) => p.name === 'device').map((p) => p.value[0])).toEqual(['/dev/fuse']);
    // ashald: AllowAllDevices true.
    expect(lint('ashald__').privileges.map((p) => p.name)).toContain('allow-all-devices');
    // The Contiv HEAD template: manifestVersion is ignored; net + IPAM, host network.
    const contiv = lint('contiv__netplugin__install__v2plugin__config.template.json');
    expect(contiv.diagnostics.filter((d) => d.code === 'key/ignored').map((d) => d.pointer)).toEqual(['/manifestVersion']);
    expect(contiv.privileges[0]).toMatchObject({ name: 'network', value: ['host'] });
    // kuryr: PascalCase and lowercase keys mixed, "Interface" : with a space — accepted.
    expect((lint('openstack__').decoded as { Network: { Type: string } }).Network.Type).toBe('host');
  });
});

describe('corpus: configs the engine refuses', () => {
  it('38d2d9f1: the trailing comma after the last env item, at the closing bracket', () => {
    const s = refused.find((x) => x.file.includes('38d2d9f1'))!;
    const text = read(s.file);
    const m = /,(\s*)\]/.exec(text)!;
    const where = posOf(text, m.index + 1 + m[1].length);
    const errors = lintConfig(text).diagnostics.filter((d) => d.severity === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'json/syntax', stage: 'create', ...where });
    expect(s.notes).toContain(errors[0].message.split('failed to parse config: ')[1]);
  });

  it('92cd1fef: as stored, the engine\'s error at the ## line; as a template, checked after filling in', () => {
    const s = refused.find((x) => x.file.includes('92cd1fef'))!;
    const text = read(s.file);
    const where = posOf(text, text.indexOf('##'));
    const raw = lintConfig(text, { template: false }).diagnostics.filter((d) => d.severity === 'error');
    expect(raw).toHaveLength(1);
    expect(raw[0]).toMatchObject({ code: 'json/syntax', ...where });
    expect(s.notes).toContain(raw[0].message.split('failed to parse config: ')[1]);
    const tpl = lintConfig(text);
    expect(tpl.template).toBe(true);
    expect(tpl.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(tpl.diagnostics.find((d) => d.code === 'template/filled')).toMatchObject({ line: where.line });
  });
});
