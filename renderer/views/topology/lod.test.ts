import { describe, expect, it } from 'vitest';
import { LOD_ZOOM, groupSummaries, hasNewGroup, lodFor } from './lod';

describe('topology level of detail', () => {
  it('summaries below the readable zoom, details from it', () => {
    expect(lodFor(0.1)).toBe('summary');
    expect(lodFor(LOD_ZOOM - 0.01)).toBe('summary');
    expect(lodFor(LOD_ZOOM)).toBe('detail');
    expect(lodFor(1.5)).toBe('detail');
  });

  it('counts each group’s nodes and what is not ok, with the worst status', () => {
    const s = groupSummaries([
      { group: 'host:a', status: 'ok' },
      { group: 'host:a', status: 'degraded' },
      { group: 'host:a', status: 'error' },
      { group: 'host:a', status: 'degraded' },
      { group: 'bridge:b', status: 'ok' },
    ]);
    expect(s.get('host:a')).toEqual({ total: 4, problems: { degraded: 2, error: 1 }, worst: 'error' });
    expect(s.get('bridge:b')).toEqual({ total: 1, problems: {}, worst: 'ok' });
  });

  it('a new group is news; the first draw, the same groups, or fewer are not', () => {
    expect(hasNewGroup(null, ['a'])).toBe(false);
    expect(hasNewGroup(new Set(['a', 'b']), ['a', 'b'])).toBe(false);
    expect(hasNewGroup(new Set(['a', 'b']), ['a'])).toBe(false);
    expect(hasNewGroup(new Set(['a']), ['a', 'c'])).toBe(true);
  });
});
