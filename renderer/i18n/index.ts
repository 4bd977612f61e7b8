/**
 * UI strings in English and 简体中文. `translate` is pure (tests, the error boundary);
 * `useT` (./useT) binds it to the language in the settings store. Engine and system
 * messages are never translated: they are shown as the engine wrote them.
 */
import { en, type MessageKey } from './en';
import { zhCN } from './zh-CN';

export type Language = 'en' | 'zh-CN';
export type { MessageKey };
export type Vars = Record<string, string | number>;

export const messages: Record<Language, Record<MessageKey, string>> = { en, 'zh-CN': zhCN };

export function translate(lang: Language, key: MessageKey, vars?: Vars): string {
  const s = messages[lang]?.[key] ?? en[key] ?? key;
  if (!vars) return s;
  return s.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

/** Placeholders a message uses, e.g. {name}: both languages must use the same ones. */
export function placeholdersOf(s: string): string[] {
  return [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
}
