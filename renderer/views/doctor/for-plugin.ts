/**
 * "Find the cause in the Doctor" from another screen (a failed enable on the Plugins screen):
 * `#/doctor?plugin=<name>&run=1` opens the Doctor on that plugin and runs it at once. The router
 * reads only `#/<screen>`, so the query rides along; the Doctor drops it once read (a reload does
 * not run again).
 */
export function doctorHref(plugin: string): string {
  return `#/doctor?${new URLSearchParams({ plugin, run: '1' }).toString()}`;
}

export function parseDoctorHash(hash: string): { plugin: string | null; run: boolean } {
  const m = /^#\/doctor\?(.*)$/.exec(hash);
  if (!m) return { plugin: null, run: false };
  const q = new URLSearchParams(m[1]);
  const plugin = q.get('plugin')?.trim() || null;
  return { plugin, run: !!plugin && q.get('run') === '1' };
}
