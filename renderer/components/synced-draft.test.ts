import { describe, expect, it } from 'vitest';
import { draftOnArrival, draftOnSubmit, draftOnType, type Draft } from './synced-draft';

describe('a draft that follows a value until the user types', () => {
  const fresh: Draft = { text: '', edited: false };

  it('shows a value that arrives before the user typed', () => {
    expect(draftOnArrival(fresh, 'http://127.0.0.1:9999')).toEqual({ text: 'http://127.0.0.1:9999', edited: false });
  });

  it('keeps what the user typed when a saved value arrives late', () => {
    const typed = draftOnType('http://10.0.0.1:9999');
    expect(draftOnArrival(typed, '')).toEqual({ text: 'http://10.0.0.1:9999', edited: true });
    expect(draftOnArrival(typed, 'http://old:9999').text).toBe('http://10.0.0.1:9999');
  });

  it('follows the value again once the typed text was submitted', () => {
    const sent = draftOnSubmit(draftOnType(' http://10.0.0.1:9999 '));
    // The store keeps the trimmed URL: the field shows what is in use.
    expect(draftOnArrival(sent, 'http://10.0.0.1:9999')).toEqual({ text: 'http://10.0.0.1:9999', edited: false });
  });
});
