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

interface Channel {
  seq: number;
  buffer: HubEvent<unknown>[];
  /** Events dropped from the front of the buffer (bounded memory). */
  dropped: number;
  listeners: Set<(e: HubEvent<unknown>) => void>;
  sticky: boolean;
  limit: number;
}

export class EventHub {
  private channels = new Map<string, Channel>();

  constructor(private readonly defaultLimit = 50_000) {}

  private channel(topic: string, key: string, opts?: { sticky?: boolean; limit?: number }): Channel {
    const id = `${topic}\u0000${key}`;
    let ch = this.channels.get(id);
    if (!ch) {
      ch = {
        seq: 0,
        buffer: [],
        dropped: 0,
        listeners: new Set(),
        sticky: opts?.sticky ?? false,
        limit: opts?.sticky ? 1 : (opts?.limit ?? this.defaultLimit),
      };
      this.channels.set(id, ch);
    }
    return ch;
  }

  /** Declares a channel's retention before first use. */
  define(topic: string, key: string, opts: { sticky?: boolean; limit?: number }): void {
    this.channel(topic, key, opts);
  }

  publish<D>(topic: string, key: string, data: D): number {
    const ch = this.channel(topic, key);
    const event: HubEvent<unknown> = { topic, seq: ++ch.seq, data };
    ch.buffer.push(event);
    if (ch.buffer.length > ch.limit) {
      const excess = ch.buffer.length - ch.limit;
      ch.buffer.splice(0, excess);
      ch.dropped += excess;
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

  lastSeq(topic: string, key: string): number {
    return this.channels.get(`${topic}\u0000${key}`)?.seq ?? 0;
  }

  /** Replays buffered events with seq > fromSeq, then delivers live ones. */
  subscribe<D>(topic: string, key: string, fromSeq: number, listener: (e: HubEvent<D>) => void): () => void {
    const ch = this.channel(topic, key);
    const l = listener as (e: HubEvent<unknown>) => void;
    for (const e of ch.buffer) if (e.seq > fromSeq || ch.sticky) l(e);
    ch.listeners.add(l);
    return () => {
      ch.listeners.delete(l);
    };
  }

  /** Forgets a channel (a finished job pruned from history). */
  drop(topic: string, key: string): void {
    this.channels.delete(`${topic}\u0000${key}`);
  }
}
