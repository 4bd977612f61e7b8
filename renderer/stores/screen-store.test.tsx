import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { PlugsmithApi } from '../../electron/ipc/contract';
import { StoresProvider } from './context';
import type { Stores } from './index';
import { useScreenStore } from './screen-store';

describe('useScreenStore', () => {
  it('makes one store per factory per app and hands the same one back on every render', () => {
    const made: object[] = [];
    const createA = (_api: PlugsmithApi) => (made.push({ a: made.length }), made[made.length - 1]);
    const createB = (_api: PlugsmithApi) => (made.push({ b: made.length }), made[made.length - 1]);
    const seen: object[] = [];
    function Screen() {
      seen.push(useScreenStore(createA), useScreenStore(createB));
      return null;
    }
    const app1 = {} as Stores;
    const app2 = {} as Stores;
    renderToStaticMarkup(<StoresProvider stores={app1}><Screen /><Screen /></StoresProvider>);
    renderToStaticMarkup(<StoresProvider stores={app2}><Screen /></StoresProvider>);
    // app1: A and B made once, reused by the second Screen; app2: its own A and B.
    expect(made).toHaveLength(4);
    expect(seen).toEqual([made[0], made[1], made[0], made[1], made[2], made[3]]);
    expect(seen[0]).toBe(seen[2]);
    expect(seen[0]).not.toBe(seen[4]);
    expect(seen[1]).not.toBe(seen[0]);
  });
});
