/**
 * The sandboxed preload: the page gets `window.plugsmith` with one method per
 * contract entry and a subscribe/unsubscribe pair — never ipcRenderer, never a
 * generic "send anything" function, never an IPC event object (its `sender` is
 * ipcRenderer). Answers are the contract's envelopes, passed through unchanged:
 * Error objects lose their `code` crossing contextBridge, envelopes do not.
 *
 * Bundled into one CommonJS file whose only require is 'electron' (the sandbox
 * offers nothing else); electron/preload.test.ts checks that on the bundle.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { requestNames, type RequestName, type ResponseEnvelope, type EventEnvelope } from './ipc/contract';
import { SUBSCRIBE_CHANNEL, UNSUBSCRIBE_CHANNEL, EVENT_CHANNEL } from './ipc/channels';

export type PlugsmithBridge = { readonly [K in RequestName]: (args: unknown) => Promise<ResponseEnvelope> } & {
  /** Resolves with the subscription id (or the error envelope); events then arrive on onEvent. */
  subscribe(topic: string, params: unknown, fromSeq: number, onEvent: (e: EventEnvelope) => void): Promise<ResponseEnvelope<string>>;
  unsubscribe(sub: string): Promise<void>;
};

const listeners = new Map<string, (e: EventEnvelope) => void>();
let nextSub = 0;

// Registered before any subscribe: the main process replays buffered events
// before it answers the subscribe call, so they must find their listener already.
ipcRenderer.on(EVENT_CHANNEL, (_event, sub: unknown, envelope: EventEnvelope) => {
  if (typeof sub === 'string') listeners.get(sub)?.(envelope);
});

const bridge: Record<string, unknown> = {};
for (const name of requestNames) {
  bridge[name] = (args: unknown) => ipcRenderer.invoke(name, args) as Promise<ResponseEnvelope>;
}
bridge.subscribe = async (topic: string, params: unknown, fromSeq: number, onEvent: (e: EventEnvelope) => void) => {
  const sub = `s${++nextSub}`;
  listeners.set(sub, onEvent);
  const answer = (await ipcRenderer.invoke(SUBSCRIBE_CHANNEL, { sub, topic, params, fromSeq })) as ResponseEnvelope<string>;
  if (!answer.ok) listeners.delete(sub);
  return answer;
};
bridge.unsubscribe = async (sub: string) => {
  listeners.delete(sub);
  await ipcRenderer.invoke(UNSUBSCRIBE_CHANNEL, sub);
};

contextBridge.exposeInMainWorld('plugsmith', Object.freeze(bridge) as PlugsmithBridge);
