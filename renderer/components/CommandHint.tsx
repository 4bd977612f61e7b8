/** The CLI twin of an action, copyable: what Plugsmith does, as the user would type it. */
import { useEffect, useRef, useState } from 'react';
import { useT } from '../i18n/useT';
import { copyText } from './clipboard';

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
