import { describe, expect, it } from 'vitest';
import { en } from '../../renderer/i18n/en';
import { HEALTH_WORDS_EN, healthTextEn, healthWord, type HealthWord } from './health';

const h = (state: 'unchecked' | 'answering' | 'not-answering' | 'skipped' | 'disabled', detail = '') => ({ state, detail, checkedAt: null });

describe('one health, one set of words', () => {
  it('the CLI and topology words are the Plugins screen’s English words', () => {
    for (const [word, text] of Object.entries(HEALTH_WORDS_EN)) expect(en[`health.${word as HealthWord}`]).toBe(text);
  });

  it('words each state of the socket check', () => {
    expect(healthTextEn(true, h('answering'))).toBe('enabled');
    expect(healthTextEn(true, h('not-answering', 'no answer within 3000 ms'))).toBe('enabled, not answering');
    expect(healthTextEn(true, h('skipped', 'skipped: needs root (x)'))).toBe('enabled (not checked: needs root (x))');
    expect(healthTextEn(true, h('unchecked'))).toBe('enabled (checking…)');
    expect(healthTextEn(false, h('answering'))).toBe('disabled');
    // Enabled again from a terminal after a disable here: the old "disabled" check says nothing now.
    expect(healthWord(true, h('disabled'))).toBe('checking');
  });
});
