import { describe, expect, it } from 'vitest';
import { baseImages, parseDockerfile } from './dockerfile';
import { archiveKindOf } from './magic';

describe('Dockerfile facts', () => {
  const df = [
    '# syntax comment',
    'ARG BASE=alpine:3.6',
    'FROM ${BASE} AS tools',
    'RUN apk add \\',
    '    openvswitch',
    'FROM scratch',
    'ARG TAR_FILE',
    'ADD ${TAR_FILE} /contiv/bin/',
    'COPY --from=tools /usr/bin/ovs-vsctl /usr/bin/',
    'ENTRYPOINT ["/startcontiv.sh"]',
  ].join('\n');

  it('lists args (with defaults, global or not), stages and used variables', () => {
    const info = parseDockerfile(df);
    expect(info.args).toEqual([
      { name: 'BASE', default: 'alpine:3.6', global: true, line: 2 },
      { name: 'TAR_FILE', default: null, global: false, line: 7 },
    ]);
    expect(info.stages.map((s) => [s.name, s.from, s.line])).toEqual([
      ['tools', '${BASE}', 3],
      [null, 'scratch', 6],
    ]);
    expect(info.uses).toContain('TAR_FILE');
  });

  it('resolves base images through global args; scratch and stage names are not images', () => {
    const info = parseDockerfile(df);
    expect(baseImages(info, {})).toEqual(['alpine:3.6']);
    expect(baseImages(info, { BASE: 'debian:12' })).toEqual(['debian:12']);
    expect(baseImages(parseDockerfile('FROM scratch AS a\nFROM a\n'), {})).toEqual([]);
  });
});

describe('archive kind by magic bytes', () => {
  it('tells gzip from tar whatever the name says', () => {
    expect(archiveKindOf(Buffer.from([0x1f, 0x8b, 8, 0]))).toBe('gzip');
    const tarHead = Buffer.alloc(512);
    tarHead.write('ustar', 257, 'latin1');
    expect(archiveKindOf(tarHead)).toBe('tar');
    expect(archiveKindOf(Buffer.from('{"a":1}'))).toBe('other');
  });
});
