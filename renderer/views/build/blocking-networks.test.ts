import { describe, expect, it } from 'vitest';
import { blockingNetworks } from './BuildOutcome';

describe('the networks a blocked replace offers to remove', () => {
  it('reads them from the first line of the pipeline error detail', () => {
    const detail = '{"networks":["net-a","net-b"]}\n--- stages ---\ncheck: succeeded';
    expect(blockingNetworks({ code: 'build/replace-blocked', detail })).toEqual(['net-a', 'net-b']);
  });
  it('offers nothing for other errors, no detail, or a detail that is not the list', () => {
    expect(blockingNetworks({ code: 'build/exists', detail: '{"networks":["x"]}' })).toEqual([]);
    expect(blockingNetworks({ code: 'build/replace-blocked' })).toEqual([]);
    expect(blockingNetworks({ code: 'build/replace-blocked', detail: 'plugin x is in use' })).toEqual([]);
    expect(blockingNetworks({ code: 'build/replace-blocked', detail: '{"networks":[1,"",null,"ok"]}' })).toEqual(['ok']);
    expect(blockingNetworks(null)).toEqual([]);
  });
});
