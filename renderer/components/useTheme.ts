/**
 * Applies the theme and language to <html>: data-theme drives the CSS custom
 * properties; `system` follows prefers-color-scheme live. lang lets the browser pick
 * fonts and screen readers pick a voice for 简体中文.
 */
import { useEffect } from 'react';
import { useLanguage } from '../i18n/useT';
import { useSettings } from '../stores/context';

export function useTheme(): void {
  const theme = useSettings((s) => s.settings?.theme ?? 'system');
  const lang = useLanguage();

  useEffect(() => {
    const root = document.documentElement;
    root.dataset.themeSetting = theme;
    if (theme !== 'system') {
      root.dataset.theme = theme;
      return;
    }
    const mq = window.matchMedia('(prefers-color-scheme: dark)');
    const apply = () => (root.dataset.theme = mq.matches ? 'dark' : 'light');
    apply();
    mq.addEventListener('change', apply);
    return () => mq.removeEventListener('change', apply);
  }, [theme]);

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
}
