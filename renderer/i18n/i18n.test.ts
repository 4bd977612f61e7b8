import { describe, expect, it } from 'vitest';
import { en } from './en';
import { zhCN } from './zh-CN';
import { messages, placeholdersOf, translate } from './index';

describe('i18n', () => {
  it('English and 简体中文 have exactly the same keys', () => {
    expect(Object.keys(zhCN).sort()).toEqual(Object.keys(en).sort());
  });

  it('no message is empty in any language', () => {
    for (const [lang, table] of Object.entries(messages)) {
      for (const [key, text] of Object.entries(table)) expect(text.trim(), `${lang} ${key}`).not.toBe('');
    }
  });

  it('both languages use the same placeholders in each message', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(placeholdersOf(zhCN[key]), key).toEqual(placeholdersOf(en[key]));
    }
  });

  it('translate fills placeholders and leaves unknown ones visible', () => {
    expect(translate('en', 'plugins.toggleLabel', { name: 'contiv/v2plugin:latest' })).toBe('Enable contiv/v2plugin:latest');
    expect(translate('zh-CN', 'plugins.toggleLabel', { name: 'a/b:latest' })).toBe('启用 a/b:latest');
    expect(translate('en', 'health.skipped', {})).toBe('enabled (not checked: {reason})');
  });
});
