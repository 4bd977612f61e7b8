/**
 * A field whose text follows a value that arrives from elsewhere (a saved setting loaded late, a
 * value another screen changed) until the user types: from then on the user's text wins until they
 * submit it. Without this, a value that loads after the first keystroke replaces what was typed.
 */
import { useCallback, useEffect, useState } from 'react';

export interface Draft {
  text: string;
  /** Typed since the last submit: an arriving value must not replace it. */
  edited: boolean;
}

export const draftOnArrival = (d: Draft, value: string): Draft => (d.edited ? d : { text: value, edited: false });
export const draftOnType = (text: string): Draft => ({ text, edited: true });
export const draftOnSubmit = (d: Draft): Draft => ({ ...d, edited: false });

/** [text, type, submitted]: call `submitted()` when the text was sent, so the next arriving value shows. */
export function useSyncedDraft(value: string): [string, (text: string) => void, () => void] {
  const [draft, setDraft] = useState<Draft>({ text: value, edited: false });
  useEffect(() => setDraft((d) => draftOnArrival(d, value)), [value]);
  const type = useCallback((text: string) => setDraft(draftOnType(text)), []);
  const submitted = useCallback(() => setDraft(draftOnSubmit), []);
  return [draft.text, type, submitted];
}
