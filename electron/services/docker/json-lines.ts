/**
 * The engine's streamed answers (/events, plugin pull/upgrade/push, build) are one JSON object per
 * line. One reader for all of them: split on '\n', parse, hand each object on; a line that is not
 * JSON goes to `text` (some engines print plain lines in a stream).
 *
 * Resolves when the stream ends or the signal aborts (the caller knows whether it aborted and what
 * that means for it: a follower stopping, or a cancelled job). Rejects when the stream breaks or the
 * engine closes it before its end — in the engine's words, with what was being read.
 */
import type { IncomingMessage } from 'node:http';
import { PlugsmithError } from '../errors';

export interface JsonLineHandlers {
  object(o: Record<string, unknown>): void;
  text?(line: string): void;
}

export function readJsonLines(res: IncomingMessage, on: JsonLineHandlers, opts: { what: string; signal?: AbortSignal }): Promise<void> {
  const { signal, what } = opts;
  return new Promise<void>((resolve, reject) => {
    let buf = '';
    const handle = (line: string) => {
      let o: unknown;
      try {
        o = JSON.parse(line);
      } catch {
        on.text?.(line);
        return;
      }
      if (o && typeof o === 'object') on.object(o as Record<string, unknown>);
      else on.text?.(line);
    };
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      buf += chunk;
      let nl: number;
      try {
        while ((nl = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, nl).trim();
          buf = buf.slice(nl + 1);
          if (line) handle(line);
        }
      } catch (err) {
        // A handler that throws ends the read with its error, never as an uncaught throw in a stream event.
        reject(err); // first: destroying emits 'aborted', whose rejection must not win
        res.destroy();
      }
    });
    res.on('end', () => {
      try {
        if (buf.trim()) handle(buf.trim());
        resolve();
      } catch (err) {
        reject(err);
      }
    });
    res.on('error', (e) => (signal?.aborted ? resolve() : reject(new PlugsmithError('engine/unreachable', `The engine's stream of ${what} broke: ${e.message}`, e.stack ?? e.message))));
    res.on('aborted', () => (signal?.aborted ? resolve() : reject(new PlugsmithError('engine/unreachable', `The engine closed the stream of ${what} before it finished`))));
    if (signal?.aborted) {
      res.destroy();
      resolve();
    } else
      signal?.addEventListener(
        'abort',
        () => {
          res.destroy();
          resolve();
        },
        { once: true },
      );
  });
}
