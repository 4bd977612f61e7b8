/**
 * Event channels with sequence numbers and a replay buffer. A channel is a topic
 * plus a key (e.g. `job` + its id). Subscribing with fromSeq replays every
 * buffered event after it, so a reload, a reconnect or coming back to a screen
 * shows the whole log; "sticky" channels keep only their latest value (the
 * plugin list, the engine state) and hand it to every new subscriber.
 */
export interface HubEvent<D> {
  topic: string;
  seq: number;
  data: D;
}

/**
 * How much of a channel's budget one event uses. Most events count 1; a job's log event can carry
 * a batch of lines (jobs.ts joins a flood into one event), and counting it as one would let a
 * build printing millions of lines keep 64× the memory the limit means.
 */
export type Weigh = (data: unknown) => number;

interface Channel {
  seq: number;
  /** Buffered events are buffer[head…]; the front is trimmed by moving head, compacted now and then. */
  buffer: HubEvent<unknown>[];
  weights: number[];
  head: number;
  /** Sum of the weights of the buffered events. */
  held: number;
  /** Events dropped from the front of the buffer (bounded memory). */
  dropped: number;
  listeners: Set<(e: HubEvent<unknown>) => void>;
  sticky: boolean;
  limit: number;
  weigh: Weigh | null;
  /**
   * Made only because someone subscribed (e.g. to a job id nobody ever started): forgotten when its
   * last listener leaves, unless it was defined or published to meanwhile. Without this, every
   * subscription to a made-up id kept a channel forever.
   */
  transient: boolean;
}

export class EventHub {
  private channels = new Map<string, Channel>();

  /** @param defaultLimit budget of a channel: events, or the sum of their weights (a channel's `weigh`; 1 each without one) */
  constructor(private readonly defaultLimit = 50_000) {}

  private channel(topic: string, key: string, opts?: { sticky?: boolean; limit?: number; weigh?: Weigh }): Channel {
    const id = `${topic}\u0000${key}`;
    let ch = this.channels.get(id);
    if (!ch) {
      ch = {
        seq: 0,
        buffer: [],
        weights: [],
        head: 0,
        held: 0,
        dropped: 0,
        listeners: new Set(),
        sticky: opts?.sticky ?? false,
        limit: opts?.sticky ? 1 : (opts?.limit ?? this.defaultLimit),
        weigh: opts?.sticky ? null : (opts?.weigh ?? null),
        transient: false,
      };
      this.channels.set(id, ch);
    }
    return ch;
  }

  /** Declares a channel's retention before first use. */
  define(topic: string, key: string, opts: { sticky?: boolean; limit?: number; weigh?: Weigh }): void {
    const ch = this.channels.get(`${topic}\u0000${key}`);
    if (ch?.transient) {
      // A subscriber came first (a page following a job id it was just handed): keep its listeners, take the retention.
      ch.transient = false;
      ch.sticky = opts.sticky ?? false;
      ch.limit = opts.sticky ? 1 : (opts.limit ?? this.defaultLimit);
      ch.weigh = opts.sticky ? null : (opts.weigh ?? null);
      return;
    }
    this.channel(topic, key, opts);
  }

  /** Channels held (tests and diagnostics: bounded memory). */
  get size(): number {
    return this.channels.size;
  }

  publish<D>(topic: string, key: string, data: D): number {
    const ch = this.channel(topic, key);
    ch.transient = false;
    const event: HubEvent<unknown> = { topic, seq: ++ch.seq, data };
    const w = ch.weigh ? Math.max(1, ch.weigh(data)) : 1;
    ch.buffer.push(event);
    ch.weights.push(w);
    ch.held += w;
    // Drop from the front until within budget, but always keep the newest event.
    while (ch.held > ch.limit && ch.buffer.length - ch.head > 1) {
      ch.held -= ch.weights[ch.head];
      ch.head++;
      ch.dropped++;
    }
    // Compact only once the dead front is as long as the live part: O(1) amortised per publish,
    // where a splice on every publish of a full channel costs O(limit) each time.
    if (ch.head > 1024 && ch.head * 2 >= ch.buffer.length) {
      ch.buffer = ch.buffer.slice(ch.head);
      ch.weights = ch.weights.slice(ch.head);
      ch.head = 0;
    }
    for (const l of [...ch.listeners]) {
      try {
        l(event);
      } catch {
        // A broken subscriber (closed socket, destroyed webContents) must not stop the others.
      }
    }
    return event.seq;
  }

  /** Sequence number of the oldest event still buffered (0 when none): a replay from before it has lost events. */
  firstSeq(topic: string, key: string): number {
    const ch = this.channels.get(`${topic}\u0000${key}`);
    return ch && ch.head < ch.buffer.length ? ch.buffer[ch.head].seq : 0;
  }

  lastSeq(topic: string, key: string): number {
    return this.channels.get(`${topic}\u0000${key}`)?.seq ?? 0;
  }

  /** Replays buffered events with seq > fromSeq, then delivers live ones. */
  subscribe<D>(topic: string, key: string, fromSeq: number, listener: (e: HubEvent<D>) => void): () => void {
    const id = `${topic}\u0000${key}`;
    const existed = this.channels.has(id);
    const ch = this.channel(topic, key);
    if (!existed) ch.transient = true;
    const l = listener as (e: HubEvent<unknown>) => void;
    for (let i = ch.head; i < ch.buffer.length; i++) {
      const e = ch.buffer[i];
      if (e.seq > fromSeq || ch.sticky) l(e);
    }
    ch.listeners.add(l);
    return () => {
      ch.listeners.delete(l);
      if (ch.transient && ch.listeners.size === 0 && this.channels.get(id) === ch) this.channels.delete(id);
    };
  }

  /** Forgets a channel (a finished job pruned from history). */
  drop(topic: string, key: string): void {
    this.channels.delete(`${topic}\u0000${key}`);
  }
}
