/**
 * OVSDB's wire framing (RFC 7047 §4): JSON-RPC messages are JSON values written back to
 * back on the stream with no delimiter and no length prefix. A message may arrive split
 * over many chunks, and several may arrive in one chunk; the only way to find the end of
 * one is to follow the JSON nesting — outside strings, because a string may hold `}` or
 * an escaped `\"`.
 *
 * The scanner works on bytes, not characters: the structural bytes ({ } [ ] " \) are
 * ASCII and never occur inside a multi-byte UTF-8 sequence, so a chunk boundary that cuts
 * a character in half cannot confuse it, and the text is decoded only once a whole
 * message is in hand.
 */

/** Chosen well above a large OVS schema or monitor snapshot (a few MB) but bounded, so a peer that never closes its brace cannot eat the process's memory. */
export const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

export class FramingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FramingError';
  }
}

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

function isWhitespace(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}

export class JsonStreamFramer {
  private parts: Buffer[] = [];
  private partBytes = 0;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private broken: FramingError | null = null;

  /**
   * Feeds one chunk; returns every message it completed, in order. After a framing error
   * the stream cannot be resynchronised (we no longer know where a value starts), so the
   * framer stays broken and every later push throws the same error.
   */
  push(chunk: Buffer): unknown[] {
    if (this.broken) throw this.broken;
    const out: unknown[] = [];
    let start = this.depth > 0 ? 0 : -1;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i];
      if (this.depth === 0) {
        if (isWhitespace(b)) continue;
        // RFC 7047 messages are objects; arrays are accepted so a peer's stray batch is
        // reported by the JSON-RPC layer with its content rather than as garbage here.
        if (b !== OPEN_BRACE && b !== OPEN_BRACKET) {
          return this.fail(`unexpected byte 0x${b.toString(16).padStart(2, '0')} (${JSON.stringify(String.fromCharCode(b))}) between messages`);
        }
        start = i;
        this.depth = 1;
        continue;
      }
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (b === BACKSLASH) this.escaped = true;
        else if (b === QUOTE) this.inString = false;
        continue;
      }
      if (b === QUOTE) this.inString = true;
      else if (b === OPEN_BRACE || b === OPEN_BRACKET) this.depth++;
      else if (b === CLOSE_BRACE || b === CLOSE_BRACKET) {
        this.depth--;
        if (this.depth === 0) {
          const piece = chunk.subarray(start, i + 1);
          const whole = this.parts.length ? Buffer.concat([...this.parts, piece]) : piece;
          this.parts = [];
          this.partBytes = 0;
          start = -1;
          let value: unknown;
          try {
            value = JSON.parse(whole.toString('utf8'));
          } catch (err) {
            // Balanced brackets but not JSON (e.g. `{a}`): the peer is not speaking OVSDB.
            return this.fail(`a message is not valid JSON: ${(err as Error).message}`);
          }
          out.push(value);
        }
      }
    }
    if (this.depth > 0 && start >= 0) {
      const rest = chunk.subarray(start);
      this.partBytes += rest.length;
      if (this.partBytes > MAX_MESSAGE_BYTES) return this.fail(`a message grew past ${MAX_MESSAGE_BYTES} bytes without ending`);
      // Copy: the socket may reuse the chunk's memory after this call returns.
      this.parts.push(Buffer.from(rest));
    }
    return out;
  }

  /** Bytes held for a message not yet complete (0 between messages). */
  get pending(): number {
    return this.partBytes;
  }

  private fail(message: string): never {
    this.broken = new FramingError(message);
    this.parts = [];
    this.partBytes = 0;
    throw this.broken;
  }
}
