import { describe, it, expect } from 'vitest';
import { EventHub } from './hub';

describe('EventHub', () => {
  it('replays events after fromSeq, then delivers live ones in order', () => {
    const hub = new EventHub();
    hub.publish('job', 'a', 'one');
    hub.publish('job', 'a', 'two');
    hub.publish('job', 'b', 'other');
    const seen: [number, string][] = [];
    const off = hub.subscribe<string>('job', 'a', 1, (e) => seen.push([e.seq, e.data]));
    hub.publish('job', 'a', 'three');
    off();
    hub.publish('job', 'a', 'four');
    expect(seen).toEqual([
      [2, 'two'],
      [3, 'three'],
    ]);
    expect(hub.lastSeq('job', 'a')).toBe(4);
  });

  it('forgets a channel that only a subscription made, once its last listener leaves (issue 15: made-up job ids)', () => {
    const hub = new EventHub();
    const before = hub.size;
    const offs = Array.from({ length: 1000 }, (_, i) => hub.subscribe('job', `never-${i}`, 0, () => undefined));
    expect(hub.size).toBe(before + 1000);
    offs.forEach((off) => off());
    expect(hub.size).toBe(before);
    // Twice the same id: the channel lives until the second leaves.
    const a = hub.subscribe('job', 'x', 0, () => undefined);
    const b = hub.subscribe('job', 'x', 0, () => undefined);
    a();
    expect(hub.size).toBe(before + 1);
    b();
    expect(hub.size).toBe(before);
  });

  it('keeps a channel a subscriber made first once it is defined or published to', () => {
    const hub = new EventHub();
    const seen: unknown[] = [];
    const off = hub.subscribe('job', 'early', 0, (e) => seen.push(e.data));
    hub.define('job', 'early', { limit: 2 });
    hub.publish('job', 'early', 1);
    hub.publish('job', 'early', 2);
    hub.publish('job', 'early', 3);
    off();
    expect(seen).toEqual([1, 2, 3]);
    expect(hub.lastSeq('job', 'early')).toBe(3);
    const replay: unknown[] = [];
    hub.subscribe('job', 'early', 0, (e) => replay.push(e.data))();
    expect(replay).toEqual([2, 3]); // the definition's limit applies
    const off2 = hub.subscribe('other', 'k', 0, () => undefined);
    hub.publish('other', 'k', 'x');
    off2();
    expect(hub.lastSeq('other', 'k')).toBe(1);
  });

  it('sticky channels hand their latest value to every new subscriber', () => {
    const hub = new EventHub();
    hub.define('engine', '', { sticky: true });
    hub.publish('engine', '', { state: 'connecting' });
    hub.publish('engine', '', { state: 'connected' });
    const seen: unknown[] = [];
    // even a subscriber that claims to have seen everything gets the current value
    hub.subscribe('engine', '', 99, (e) => seen.push(e.data));
    expect(seen).toEqual([{ state: 'connected' }]);
  });

  it('bounds memory: old events drop off the front of a limited channel', () => {
    const hub = new EventHub(3);
    for (let i = 1; i <= 5; i++) hub.publish('job', 'x', i);
    const seen: number[] = [];
    hub.subscribe<number>('job', 'x', 0, (e) => seen.push(e.data));
    expect(seen).toEqual([3, 4, 5]);
  });

  it('bounds by weight when a channel weighs its events, and says where the replay now starts', () => {
    const hub = new EventHub(10);
    hub.define('job', 'x', { weigh: (d) => (d as string).split('\n').length });
    hub.publish('job', 'x', 'a1\na2\na3\na4'); // 4
    hub.publish('job', 'x', 'b1\nb2\nb3\nb4'); // 8
    hub.publish('job', 'x', 'c1\nc2\nc3'); // 11 > 10: the first batch goes
    const seen: string[] = [];
    hub.subscribe<string>('job', 'x', 0, (e) => seen.push(e.data));
    expect(seen).toEqual(['b1\nb2\nb3\nb4', 'c1\nc2\nc3']);
    expect(hub.firstSeq('job', 'x')).toBe(2);
    // One event heavier than the whole budget is still kept (never an empty replay of a live channel).
    hub.publish('job', 'x', Array.from({ length: 20 }, (_, i) => `d${i}`).join('\n'));
    const after: number[] = [];
    hub.subscribe('job', 'x', 0, (e) => after.push(e.seq));
    expect(after).toEqual([4]);
  });

  it('keeps order and the newest events across many compactions of a full channel', () => {
    const hub = new EventHub(100);
    for (let i = 1; i <= 10_000; i++) hub.publish('job', 'y', i);
    const seen: number[] = [];
    hub.subscribe<number>('job', 'y', 9_950, (e) => seen.push(e.data));
    expect(seen).toEqual(Array.from({ length: 50 }, (_, i) => 9_951 + i));
    expect(hub.firstSeq('job', 'y')).toBe(9_901);
  });

  it('a throwing subscriber does not stop the others', () => {
    const hub = new EventHub();
    const seen: number[] = [];
    hub.subscribe('t', '', 0, () => {
      throw new Error('closed socket');
    });
    hub.subscribe<number>('t', '', 0, (e) => seen.push(e.data));
    hub.publish('t', '', 7);
    expect(seen).toEqual([7]);
  });
});
