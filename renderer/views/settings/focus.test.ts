import { describe, expect, it } from 'vitest';
import { parseSettingsHash, settingsHref } from './focus';

describe('settings focus link', () => {
  it('round-trips a field and where the user came from', () => {
    expect(settingsHref('engineLogPath', 'doctor')).toBe('#/settings?field=engineLogPath&from=doctor');
    expect(parseSettingsHash(settingsHref('ovsdbSocket', 'doctor'))).toEqual({ field: 'ovsdbSocket', from: 'doctor' });
  });
  it('ignores unknown fields, other screens and odd return targets', () => {
    expect(parseSettingsHash('#/settings?field=dockerHostX')).toEqual({ field: null, from: null });
    expect(parseSettingsHash('#/doctor?field=netmasterUrl')).toEqual({ field: null, from: null });
    expect(parseSettingsHash('#/settings?field=netmasterUrl&from=javascript:alert(1)')).toEqual({ field: 'netmasterUrl', from: null });
    expect(parseSettingsHash('#/settings')).toEqual({ field: null, from: null });
  });
});
