/**
 * The netmaster URL field, checked in the form before anything is sent: the same rules the
 * service applies (contract.ts's nmUrl, netmaster/url.ts's normalize), said in words. Without
 * it a space in the field came back as "Invalid arguments for netmaster:status: url: …".
 */
import type { MessageKey } from '../../i18n';

export interface UrlProblem {
  key: MessageKey;
  vars?: Record<string, string>;
}

/** null when the text is fine to send (empty is fine: the service finds a netmaster). */
export function netmasterUrlProblem(input: string): UrlProblem | null {
  const s = input.trim();
  if (!s) return null;
  if (s.length > 1024) return { key: 'netmaster.url.tooLong' };
  if (/[\s\u0000-\u001f\u007f]/.test(s)) return { key: 'netmaster.url.space' };
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(s)?.[1]?.toLowerCase();
  if (scheme && scheme !== 'http' && scheme !== 'https') return { key: 'netmaster.url.scheme', vars: { scheme } };
  let withScheme = s.startsWith(':') ? `127.0.0.1${s}` : s;
  if (!scheme) withScheme = `http://${withScheme}`;
  try {
    const u = new URL(withScheme);
    if (!u.hostname) return { key: 'netmaster.url.invalid' };
  } catch {
    return { key: 'netmaster.url.invalid' };
  }
  return null;
}
