/**
 * Name rules checked at both ends: by the contract's argument schemas at the transport boundary,
 * and by the renderer before it sends, so a typo is said in the form instead of coming back as a
 * rejected request. Their own module, free of imports, because contract.ts imports zod and the
 * renderer must not bundle zod for a regular expression.
 */

/** A plugin reference as the engine accepts it: name[:tag] or a full/short id. */
export const PLUGIN_REF = /^[A-Za-z0-9][A-Za-z0-9._\-/:@]*$/;
export const PLUGIN_REF_MAX = 512;

export function isPluginRef(s: string): boolean {
  return s.length <= PLUGIN_REF_MAX && PLUGIN_REF.test(s);
}

/** A plugin setting's name (the KEY of KEY=VALUE): no whitespace, no "=". */
export const SETTING_KEY = /^[^=\s]+$/;
export const SETTING_KEY_MAX = 256;
