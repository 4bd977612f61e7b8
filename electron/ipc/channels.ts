/** IPC channel names beyond the contract's own (one per request): the event plumbing. Shared by ipc/electron.ts and the preload. */
export const SUBSCRIBE_CHANNEL = 'events:subscribe';
export const UNSUBSCRIBE_CHANNEL = 'events:unsubscribe';
export const EVENT_CHANNEL = 'events:event';
