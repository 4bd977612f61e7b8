/**
 * Who said an error, so its heading names the right speaker: the engine's own words
 * (an HTTP answer of the engine API, a build or push stream's error) or Plugsmith's (its
 * own checks and refusals, a cancel, a lost connection, a timeout it measured).
 */
import type { T } from '../i18n/useT';

const ENGINE_WORDS = [/^engine\/http-\d+$/, /^build\/failed$/, /^build\/push-failed$/];

export function saidBy(code: string): 'engine' | 'plugsmith' {
  return ENGINE_WORDS.some((re) => re.test(code)) ? 'engine' : 'plugsmith';
}

/** The `{who}` of a heading such as "Enable failed — {who} said:". */
export function whoSaid(code: string, t: T): string {
  return t(saidBy(code) === 'engine' ? 'error.who.engine' : 'error.who.plugsmith');
}
