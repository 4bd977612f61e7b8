import { describe, expect, it } from 'vitest';
import { lintConfig } from '../../../electron/services/config';
import { panelView } from './last-good';

const GOOD = '{"entrypoint":["/p"],"interface":{"socket":"p.sock","types":["docker.networkdriver/1.0"]},"network":{"type":"host"},"linux":{"capabilities":["CAP_NET_ADMIN"]}}';
const report = (text: string) => {
  const { locate: _l, ...r } = lintConfig(text);
  return r;
};

describe('the side panels while the text does not decode', () => {
  it('keep the last good privileges, marked stale, instead of "asks for no privileges"', () => {
    const first = panelView(null, GOOD, report(GOOD));
    expect(first.view?.stale).toBe(false);
    expect(first.view?.report.privileges.map((p) => p.name).sort()).toEqual(['capabilities', 'network']);
    const broken = GOOD.slice(0, -3);
    const r = report(broken);
    expect(r.decoded).toBeNull();
    const next = panelView(first.keep, broken, r);
    expect(next.view).toMatchObject({ stale: true, text: GOOD });
    expect(next.view?.report.privileges.map((p) => p.name).sort()).toEqual(['capabilities', 'network']);
    // Fixed again: the new text's own view.
    const fixed = GOOD.replace('"network":{"type":"host"},', '');
    const back = panelView(next.keep, fixed, report(fixed));
    expect(back.view).toMatchObject({ stale: false, text: fixed });
    expect(back.view?.report.privileges.map((p) => p.name)).toEqual(['capabilities']);
  });

  it('a wrong type (refused at create) is stale too; with nothing good before, there is no view (unknown, not "none")', () => {
    const wrong = '{"entrypoint":"/p"}';
    expect(panelView(null, wrong, report(wrong)).view).toBeNull();
    expect(panelView(null, '{', null).view).toBeNull();
  });
});
