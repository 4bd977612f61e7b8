/**
 * The Electron transport: every contract entry bound to `ipcMain.handle(name)`,
 * plus `events:subscribe` / `events:unsubscribe` with events pushed on
 * `events:event`. Generic over the contract — nothing here names a request —
 * so its correctness follows from dispatch()'s. Every call first proves it comes
 * from our own window's top frame showing our own page; anything else (an
 * iframe, a page we navigated away to, another window) gets `ipc/forbidden`.
 */
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { requestNames, type ResponseEnvelope } from './contract';
import { dispatch, openSubscription } from './dispatch';
import type { WireServices } from './web';
import { PlugsmithError, toEnvelope } from '../services/errors';

import { SUBSCRIBE_CHANNEL, UNSUBSCRIBE_CHANNEL, EVENT_CHANNEL } from './channels';

export { SUBSCRIBE_CHANNEL, UNSUBSCRIBE_CHANNEL, EVENT_CHANNEL };

export type SenderCheck = (event: IpcMainInvokeEvent) => boolean;

/** A URL without query or fragment, for comparing "is this our page". */
export function pageUrl(url: string): string {
  try {
    const u = new URL(url);
    u.hash = '';
    u.search = '';
    return u.href;
  } catch {
    return '';
  }
}

/**
 * The sender check: the message comes from `getContents()`'s top frame, and that
 * frame shows exactly `appUrl` (the file:// URL of the built index.html).
 */
export function trustedSender(getContents: () => WebContents | null | undefined, appUrl: string): SenderCheck {
  const expected = pageUrl(appUrl);
  return (event) => {
    const contents = getContents();
    if (!contents || contents.isDestroyed() || event.sender !== contents) return false;
    const frame = event.senderFrame;
    if (!frame || frame.parent !== null) return false;
    const main = contents.mainFrame;
    if (frame.processId !== main.processId || frame.routingId !== main.routingId) return false;
    return pageUrl(frame.url) === expected;
  };
}

const forbidden = (): ResponseEnvelope => ({
  ok: false,
  error: new PlugsmithError('ipc/forbidden', 'This request did not come from the Plugsmith window.').toEnvelope(),
});

/** Subscriptions of one webContents; all of them go when its page goes. */
class ContentsSubscriptions {
  private subs = new Map<string, () => void>();
  constructor(readonly contents: WebContents, onDestroyed: () => void) {
    // One listener set per webContents for its whole life (not per page), so reloads do not pile up listeners.
    contents.once('destroyed', () => {
      this.disposeAll();
      onDestroyed();
    });
    contents.on('render-process-gone', () => this.disposeAll());
    // A reload or a navigation starts a new page, whose subscriptions are its own.
    contents.on('did-start-navigation', (details) => {
      if (details.isMainFrame && !details.isSameDocument) this.disposeAll();
    });
  }
  add(sub: string, dispose: () => void): void {
    this.remove(sub);
    this.subs.set(sub, dispose);
  }
  remove(sub: string): void {
    const d = this.subs.get(sub);
    this.subs.delete(sub);
    d?.();
  }
  disposeAll(): void {
    for (const sub of [...this.subs.keys()]) this.remove(sub);
  }
  get size(): number {
    return this.subs.size;
  }
}

export interface ElectronBinding {
  /** Live subscriptions per webContents id (for tests and diagnostics). */
  subscriptionCount(contentsId: number): number;
  dispose(): void;
}

export function bindIpc(ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>, services: WireServices, isTrusted: SenderCheck): ElectronBinding {
  const byContents = new Map<number, ContentsSubscriptions>();

  for (const name of requestNames) {
    ipcMain.handle(name, (event, args: unknown) => (isTrusted(event) ? dispatch(services.handlers, name, args) : forbidden()));
  }

  ipcMain.handle(SUBSCRIBE_CHANNEL, (event, req: unknown): ResponseEnvelope<string> => {
    if (!isTrusted(event)) return forbidden() as ResponseEnvelope<string>;
    try {
      const { sub, topic, params, fromSeq } = (req ?? {}) as Record<string, unknown>;
      if (typeof sub !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(sub)) throw new PlugsmithError('ipc/invalid-args', 'A subscription needs an id of 1-64 letters, digits, - or _.');
      const contents = event.sender;
      let subs = byContents.get(contents.id);
      if (!subs) {
        const id = contents.id;
        subs = new ContentsSubscriptions(contents, () => byContents.delete(id));
        byContents.set(id, subs);
      }
      const dispose = openSubscription(services.events, topic, params, fromSeq, (e) => {
        if (!contents.isDestroyed()) contents.send(EVENT_CHANNEL, sub, e);
      });
      subs.add(sub, dispose);
      return { ok: true, result: sub };
    } catch (err) {
      return { ok: false, error: toEnvelope(err) };
    }
  });

  ipcMain.handle(UNSUBSCRIBE_CHANNEL, (event, sub: unknown): ResponseEnvelope<null> => {
    if (!isTrusted(event)) return forbidden() as ResponseEnvelope<null>;
    if (typeof sub === 'string') byContents.get(event.sender.id)?.remove(sub);
    return { ok: true, result: null };
  });

  return {
    subscriptionCount: (id) => byContents.get(id)?.size ?? 0,
    dispose() {
      for (const name of [...requestNames, SUBSCRIBE_CHANNEL, UNSUBSCRIBE_CHANNEL]) ipcMain.removeHandler(name);
      for (const subs of byContents.values()) subs.disposeAll();
      byContents.clear();
    },
  };
}
