import { describe, expect, it } from 'vitest';
import { doctorHref, parseDoctorHash } from './for-plugin';

describe('the Doctor opened for one plugin', () => {
  it('round-trips any plugin reference (registry, tag, slashes)', () => {
    for (const name of ['contiv/v2plugin:latest', 'localhost:5000/a/b:1.0', 'x']) expect(parseDoctorHash(doctorHref(name))).toEqual({ plugin: name, run: true });
  });
  it('another screen, or no plugin: nothing to run', () => {
    expect(parseDoctorHash('#/doctor')).toEqual({ plugin: null, run: false });
    expect(parseDoctorHash('#/settings?plugin=x&run=1')).toEqual({ plugin: null, run: false });
    expect(parseDoctorHash('#/doctor?plugin=&run=1')).toEqual({ plugin: null, run: false });
  });
});
