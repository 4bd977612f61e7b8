/**
 * The CLI twin of an action, copyable: what Plugsmith does, as the user would type it.
 * navigator.clipboard needs a secure context and a permission (headless browsers and
 * some WebViews refuse), so it falls back to a selected textarea + execCommand('copy'),
 * and last to selecting the text so Ctrl+C works.
 */
import { useEffect, useRef, useState } from 'react';
import { useT } from '../i18n/useT';

async function copyText(text: string, node: HTMLElement | null): Promise<boolean> {
  try {
    if (navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // fall through to the older path
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.className = 'offscreen';
  document.body.appendChild(area);
  area.select();
  let ok = false;
  try {
    ok = document.execCommand('copy');
  } catch {
    ok = false;
  }
  area.remove();
  if (!ok && node) {
    const range = document.createRange();
    range.selectNodeContents(node);
    const sel = window.getSelection();
    sel?.removeAllRanges();
    sel?.addRange(range);
  }
  return ok;
}

export function CommandHint({ command, label }: { command: string; label?: string }) {
  const t = useT();
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const codeRef = useRef<HTMLElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  const onCopy = async () => {
    const ok = await copyText(command, codeRef.current);
    setState(ok ? 'copied' : 'failed');
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setState('idle'), 2500);
  };

  return (
    <div className="command-hint" data-testid="command-hint">
      <span className="command-hint-label">{label ?? t('cli.twin')}</span>
      <code ref={codeRef} className="command-hint-text">
        {command}
      </code>
      <button type="button" className="button small" onClick={onCopy}>
        {t('cli.copy')}
      </button>
      <span className="command-hint-status" aria-live="polite">
        {state === 'copied' ? t('cli.copied') : state === 'failed' ? t('cli.copyFailed') : ''}
      </span>
    </div>
  );
}
