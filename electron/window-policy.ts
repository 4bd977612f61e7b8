/**
 * Where the Plugsmith window may go, as pure functions so they are tested
 * without Electron: it never leaves its own page, and outside links open in the
 * user's browser only for the https addresses on a short list (docs, source).
 */
import { pageUrl } from './ipc/electron';

/**
 * The outside pages the app may open in the user's browser, exactly. main.ts
 * opens each with a literal `shell.openExternal('…')` (window-policy.test.ts
 * checks the two lists agree), so no address the page makes up ever reaches the
 * OS's URL handler. Add a link here and there together.
 */
export const EXTERNAL_LINKS: readonly string[] = [
  'https://docs.docker.com/engine/extend/',
  'https://docs.docker.com/engine/extend/config/',
  'https://docs.docker.com/engine/extend/plugins_network/',
  'https://docs.docker.com/reference/cli/docker/plugin/',
  'https://github.com/contiv/netplugin',
];

/** Whether a link the page asked to open is on the list (https only, compared after URL normalisation). */
export function allowedExternal(url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== 'https:' || u.username || u.password) return null;
  return EXTERNAL_LINKS.find((l) => l === u.href) ?? null;
}

/** Navigation is allowed only to the app's own page (a reload, or a hash route). */
export function isSameAppPage(url: string, appUrl: string): boolean {
  const target = pageUrl(url);
  return target !== '' && target === pageUrl(appUrl);
}

/** The only permission the page may use: writing copied CLI commands to the clipboard. */
export function isAllowedPermission(permission: string, requestingUrl: string | undefined, appUrl: string): boolean {
  return permission === 'clipboard-sanitized-write' && !!requestingUrl && isSameAppPage(requestingUrl, appUrl);
}

export const ROOT_REFUSAL =
  'Plugsmith will not open its window as root (Chromium would have to run without its sandbox).\n' +
  'As root, run `sudo plugsmith serve` and open the printed URL in a browser; otherwise run as a user in the docker group.';
