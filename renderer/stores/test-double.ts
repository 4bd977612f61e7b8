/**
 * A tiny in-memory PlugsmithApi for store unit tests: requests answered by the
 * handlers a test gives, event channels that behave like the service hub (sequence
 * numbers, replay after fromSeq, sticky channels hand their last value to every new
 * subscriber). Only for tests; the e2e suite drives the real transports.
 */
import type { ArgsOf, EventEnvelope, EventName, PlugsmithApi, RequestName, ResultOf } from '../../electron/ipc/contract';
import type { JobInfo, PluginSummary } from '../../electron/ipc/types';

export type TestHandlers = { [K in RequestName]?: (args: ArgsOf<K>) => Promise<ResultOf<K>> | ResultOf<K> };

interface Channel {
  seq: number;
  buffer: EventEnvelope[];
  listeners: Set<(e: EventEnvelope) => void>;
}

const STICKY: EventName[] = ['plugins', 'engine'];

export function createTestApi(handlers: TestHandlers = {}) {
  const channels = new Map<string, Channel>();
  const calls: { method: RequestName; args: unknown }[] = [];
  const keyOf = (topic: EventName, params: unknown) => (topic === 'job' ? `job:${(params as { id: string }).id}` : topic);
  const channel = (key: string) => {
    let ch = channels.get(key);
    if (!ch) channels.set(key, (ch = { seq: 0, buffer: [], listeners: new Set() }));
    return ch;
  };

  const api: PlugsmithApi = {
    async call(method, args) {
      calls.push({ method, args });
      const h = handlers[method] as ((a: unknown) => unknown) | undefined;
      if (!h) throw { code: 'test/unhandled', message: `no test handler for ${method}` };
      return (await h(args)) as never;
    },
    subscribe(topic, params, fromSeq, onEvent) {
      const ch = channel(keyOf(topic, params));
      const sticky = STICKY.includes(topic);
      const l = onEvent as (e: EventEnvelope) => void;
      for (const e of ch.buffer) if (sticky || e.seq > fromSeq) l(e);
      ch.listeners.add(l);
      return () => ch.listeners.delete(l);
    },
  };

  return {
    api,
    calls,
    handlers,
    /** Publishes on a channel (`plugins`, `engine`, `jobs`, or `job:<id>`). */
    emit<T extends EventName>(topic: T, data: EventEnvelope<T>['data'], jobId?: string) {
      const ch = channel(topic === 'job' ? `job:${jobId}` : topic);
      const e = { topic, seq: ++ch.seq, data } as EventEnvelope;
      if (STICKY.includes(topic)) ch.buffer = [e];
      else ch.buffer.push(e);
      for (const l of [...ch.listeners]) l(e);
    },
    listeners(key: string): number {
      return channels.get(key)?.listeners.size ?? 0;
    },
  };
}

/** Lets pending promise callbacks run (store actions await the api). */
export const flush = () => new Promise<void>((r) => setTimeout(r, 0));

/** A job as the jobs service reports it (running, nothing done yet); each test overrides what its job is. */
export const testJob = (over: Partial<JobInfo> = {}): JobInfo => ({
  id: 'job-1',
  kind: 'build',
  target: '',
  title: '',
  state: 'running',
  progress: null,
  stage: '',
  command: '',
  startedAt: '2025-01-01T00:00:00.000Z',
  endedAt: null,
  error: null,
  result: null,
  lastSeq: 0,
  ...over,
});

/** A network-driver plugin as `plugins:list` returns it: answering when enabled. */
export function testPlugin(name: string, enabled: boolean, over: Partial<PluginSummary> = {}): PluginSummary {
  return {
    id: 'abc123',
    name,
    description: 'a tiny network driver',
    documentation: '',
    enabled,
    capabilities: [{ type: 'docker.networkdriver/1.0', kind: 'network' }],
    socket: 'net.sock',
    settings: [],
    health: enabled ? { state: 'answering', detail: '', checkedAt: 'now' } : { state: 'disabled', detail: '', checkedAt: null },
    raw: {},
    ...over,
  };
}
