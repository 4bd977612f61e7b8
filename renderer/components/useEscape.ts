/**
 * Escape closes a panel. Listens on the document, so it works wherever focus is in the
 * screen, except where Escape already means something: in a field (it may be the field's
 * own undo or a half-typed value that closing would lose) and in a dialog (it stops the
 * event after cancelling itself, so it never gets here).
 */
import { useEffect, useRef } from 'react';

export function isOwnEscape(target: EventTarget | null): boolean {
  const el = target as (HTMLElement & { isContentEditable?: boolean }) | null;
  if (!el || typeof el.tagName !== 'string') return false;
  return el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || !!el.isContentEditable;
}

export function useEscape(onEscape: () => void, active = true): void {
  const ref = useRef(onEscape);
  ref.current = onEscape;
  useEffect(() => {
    if (!active) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented || isOwnEscape(e.target)) return;
      e.preventDefault();
      ref.current();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [active]);
}
