/**
 * "Open Settings at this field": another screen (the Doctor's fixes) links to
 * `#/settings?field=<name>&from=<screen>`; the Settings screen focuses that field and offers the
 * way back. The router only reads `#/<screen>`, so the query rides along untouched.
 */
export const FIELD_INPUT_IDS = {
  netmasterUrl: 'set-netmaster-url',
  engineLogPath: 'set-engine-log-path',
  ovsdbSocket: 'set-ovsdb-socket',
} as const;

export type FocusableField = keyof typeof FIELD_INPUT_IDS;

export function settingsHref(field: FocusableField, from?: string): string {
  const q = new URLSearchParams({ field, ...(from ? { from } : {}) });
  return `#/settings?${q.toString()}`;
}

/** The field and the screen to go back to, from a hash like `#/settings?field=x&from=doctor`. */
export function parseSettingsHash(hash: string): { field: FocusableField | null; from: string | null } {
  const m = /^#\/settings\?(.*)$/.exec(hash);
  if (!m) return { field: null, from: null };
  const q = new URLSearchParams(m[1]);
  const f = q.get('field');
  const from = q.get('from');
  return { field: f && f in FIELD_INPUT_IDS ? (f as FocusableField) : null, from: from && /^[a-z-]+$/.test(from) ? from : null };
}
