import { describe, expect, it } from 'vitest';
import type { JobEvent } from '../../electron/ipc/types';
import type { PlugsmithApi } from '../../electron/ipc/contract';
import { EventHub } from '../../electron/services/events/hub';
import { createJobFollower, EARLIER_LINES_NOT_KEPT } from './job-follower';
import { createTestApi } from './test-double';

const log = (line: string): JobEvent => ({ type: 'log', line, stream: 'stdout', at: '' });

describe('createJobFollower', () => {
  it('replays a job from its first event, then follows it live', () => {
    const t = createTestApi();
    t.emit('job', log('before'), 'job-a');
    const seen: string[] = [];
    const f = createJobFollower(t.api);
    expect(f.follow('job-a', (e) => e.type === 'log' && seen.push(e.line))).toBe(true);
    t.emit('job', log('after'), 'job-a');
    expect(seen).toEqual(['before', 'after']);
    expect(f.follow('job-a', () => undefined)).toBe(false);
  });

  it('following another job drops the first subscription; unfollow drops the last', () => {
    const t = createTestApi();
    const f = createJobFollower(t.api);
    f.follow('job-a', () => undefined);
    f.follow('job-b', () => undefined);
    expect([t.listeners('job:job-a'), t.listeners('job:job-b'), f.jobId()]).toEqual([0, 1, 'job-b']);
    f.unfollow();
    expect([t.listeners('job:job-b'), f.jobId()]).toEqual([0, null]);
  });

  it('a switch made while the first replay is still delivering disposes the first subscription', () => {
    const t = createTestApi();
    t.emit('job', log('a1'), 'job-a');
    t.emit('job', log('a2'), 'job-a');
    const f = createJobFollower(t.api);
    const seen: string[] = [];
    f.follow('job-a', (e) => {
      if (e.type === 'log') seen.push(e.line);
      if (e.type === 'log' && e.line === 'a1') f.follow('job-b', () => undefined);
    });
    expect(seen).toEqual(['a1']);
    expect(t.listeners('job:job-a')).toBe(0);
  });

  it('says so first when the service no longer holds the start of the log, and only then', () => {
    // The service's own hub with a small budget, behind the one api method the follower uses.
    const hub = new EventHub(3);
    const api = {
      subscribe: (_t: string, p: { id: string }, from: number, cb: (e: unknown) => void) => hub.subscribe('job', p.id, from, cb),
    } as unknown as PlugsmithApi;
    for (const l of ['1', '2', '3', '4', '5']) hub.publish('job', 'long', log(l));
    for (const l of ['1', '2']) hub.publish('job', 'short', log(l));
    const seen: string[] = [];
    const f = createJobFollower(api);
    f.follow('long', (e) => e.type === 'log' && seen.push(e.line));
    expect(seen).toEqual([EARLIER_LINES_NOT_KEPT, '3', '4', '5']);
    seen.length = 0;
    f.follow('short', (e) => e.type === 'log' && seen.push(e.line));
    hub.publish('job', 'short', log('live'));
    expect(seen).toEqual(['1', '2', 'live']);
  });
});
