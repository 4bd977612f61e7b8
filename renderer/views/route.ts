/**
 * The current screen lives in the URL hash (#/plugins): it survives a reload, works
 * the same under file:// (Electron) and http:// (serve mode), and needs no storage.
 */
import { useSyncExternalStore } from 'react';

function current(): string {
  const m = /^#\/([a-z-]+)/.exec(window.location.hash);
  return m ? m[1] : '';
}

function subscribe(cb: () => void) {
  window.addEventListener('hashchange', cb);
  return () => window.removeEventListener('hashchange', cb);
}

export function useRoute(fallback: string, known: string[]): string {
  const id = useSyncExternalStore(subscribe, current);
  return known.includes(id) ? id : fallback;
}
