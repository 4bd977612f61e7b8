/**
 * The copyable CLI twin of every plugin action. Shown, never run: quoting only has to
 * make the text safe to paste into a POSIX shell. Same rule as the service's
 * plugin-model `shellQuote`, reimplemented because the renderer must not import
 * service code (it would drag Node modules into the bundle).
 */

/** Characters a POSIX shell never treats specially, so the word needs no quotes. */
const SAFE = /^[A-Za-z0-9_./:@%+=,-]+$/;

export function shellQuote(s: string): string {
  // Inside single quotes nothing is special except the quote itself: close, escape it, reopen.
  return SAFE.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

export const cliTwin = {
  enable: (name: string) => `docker plugin enable ${shellQuote(name)}`,
  disable: (name: string) => `docker plugin disable ${shellQuote(name)}`,
  set: (name: string, values: { key: string; value: string }[]) =>
    `docker plugin set ${shellQuote(name)} ${values.map((v) => shellQuote(`${v.key}=${v.value}`)).join(' ')}`,
  remove: (name: string, force = false) => `docker plugin rm${force ? ' --force' : ''} ${shellQuote(name)}`,
  inspect: (name: string) => `docker plugin inspect ${shellQuote(name)}`,
};
