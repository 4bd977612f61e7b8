/**
 * Every screen at 1440×900 in light and dark: a screenshot of each (kept under
 * test-results/screens for a person to look at), and the two things a person notices
 * first when a layout breaks, asserted: the page never scrolls sideways, and every
 * primary button is fully in view — inside the window and not cut off by a scrolling
 * or overflow:hidden box around it (a Start or Save below the fold fails here); a small
 * primary in a scrolling list (a doctor fix) must be wholly visible once scrolled to.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { translate } from '../renderer/i18n';
import { E2E_PLUGINS } from './plugins';
import { docker, expect, openApp, pluginEnabled, test } from './fixtures';

const W = 1440;
const H = 900;
const OUT = join('test-results', 'screens');
const t = (key: Parameters<typeof translate>[1]) => translate('en', key);

/** The screens (nav.tsx's ids) and what each shows once it has loaded. */
const SCREENS: { id: string; ready(page: Page): Promise<void> }[] = [
  { id: 'plugins', ready: (p) => expect(p.getByTestId(`plugin-row-${E2E_PLUGINS.ok.name}`)).toBeVisible() },
  { id: 'install', ready: (p) => expect(p.getByRole('heading', { level: 1 })).toBeVisible() },
  { id: 'editor', ready: (p) => expect(p.getByRole('heading', { level: 1 })).toBeVisible() },
  { id: 'build', ready: (p) => expect(p.getByRole('heading', { level: 1 })).toBeVisible() },
  { id: 'netmaster', ready: (p) => expect(p.getByTestId('netmaster-down')).toBeVisible() },
  { id: 'topology', ready: (p) => expect(p.locator('.react-flow__node').first()).toBeVisible() },
  { id: 'doctor', ready: (p) => expect(p.getByRole('heading', { level: 1 })).toBeVisible() },
  { id: 'settings', ready: (p) => expect(p.getByRole('heading', { level: 1 })).toBeVisible() },
];

interface Offence {
  what: string;
  box: { x: number; y: number; w: number; h: number };
  by: string;
}

/** Primary buttons not wholly visible: outside the window, or clipped by an ancestor that does not show overflow. */
function clippedPrimaries(page: Page): Promise<Offence[]> {
  return page.evaluate(
    ({ W, H }) => {
      const out: { what: string; box: { x: number; y: number; w: number; h: number }; by: string }[] = [];
      const name = (el: Element) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}.${[...el.classList].join('.')}`;
      // A screen's own primary action (Start, Save) must be in view as the screen opens. A small
      // primary inside a list that scrolls (a doctor card's fix) must be reachable: scrolled to, it
      // is wholly visible. Screen actions are measured first, before any scrolling moves them.
      const all = [...document.querySelectorAll('.button.primary')];
      const ordered = [...all.filter((el) => !el.classList.contains('small')), ...all.filter((el) => el.classList.contains('small'))];
      for (const el of ordered) {
        if (el.classList.contains('small')) el.scrollIntoView({ block: 'nearest', inline: 'nearest' });
        const r = el.getBoundingClientRect();
        if (r.width === 0 && r.height === 0) continue; // not rendered (display:none)
        const box = { x: Math.round(r.x), y: Math.round(r.y), w: Math.round(r.width), h: Math.round(r.height) };
        const what = `${name(el)} "${(el.textContent ?? '').trim()}"`;
        if (r.left < 0 || r.top < 0 || r.right > W || r.bottom > H) out.push({ what, box, by: 'the window' });
        for (let a = el.parentElement; a; a = a.parentElement) {
          const s = getComputedStyle(a);
          if (s.overflowX === 'visible' && s.overflowY === 'visible') continue;
          const c = a.getBoundingClientRect();
          // The ancestor's visible area is its padding box: borders excluded.
          const left = c.left + a.clientLeft;
          const top = c.top + a.clientTop;
          if (r.left < left - 0.5 || r.top < top - 0.5 || r.right > left + a.clientWidth + 0.5 || r.bottom > top + a.clientHeight + 0.5) {
            out.push({ what, box, by: name(a) });
            break;
          }
        }
      }
      return out;
    },
    { W, H },
  );
}

async function checkLayout(page: Page, shot: string): Promise<void> {
  // Web fonts and images settle before the picture and the measurements.
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  mkdirSync(OUT, { recursive: true });
  await page.screenshot({ path: join(OUT, `${shot}.png`) });
  const scroll = await page.evaluate(() => {
    const s = document.scrollingElement!;
    return { scrollWidth: s.scrollWidth, clientWidth: s.clientWidth };
  });
  expect(scroll.scrollWidth, `${shot}: the page scrolls sideways`).toBeLessThanOrEqual(scroll.clientWidth);
  // The screen scrolls inside <main>: sideways there is the same defect (pages outside the app have none).
  const main = await page.evaluate(() => {
    const m = document.getElementById('main');
    return m ? { scrollWidth: m.scrollWidth, clientWidth: m.clientWidth } : null;
  });
  if (main) expect(main.scrollWidth, `${shot}: the screen scrolls sideways`).toBeLessThanOrEqual(main.clientWidth);
  expect(await clippedPrimaries(page), `${shot}: primary buttons cut off`).toEqual([]);
}

for (const theme of ['light', 'dark'] as const) {
  test.describe(`every screen, ${theme}`, () => {
    test.use({ viewport: { width: W, height: H }, colorScheme: theme });

    for (const screen of SCREENS) {
      test(`${screen.id} fits 1440×900 (${theme})`, async ({ page }) => {
        await openApp(page);
        await page.evaluate((id) => (window.location.hash = `#/${id}`), screen.id);
        await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
        await screen.ready(page);
        await expect(page.getByText(t('common.loading'), { exact: true })).toHaveCount(0);
        await checkLayout(page, `${screen.id}-${theme}`);
      });
    }

    test(`build with a project open fits 1440×900, Start in view (${theme})`, async ({ page }) => {
      await openApp(page);
      await page.evaluate(() => (window.location.hash = '#/build'));
      await page.getByLabel('Project folder path').fill(resolve('examples', 'net-driver'));
      await page.getByRole('button', { name: 'Open', exact: true }).click();
      await expect(page.getByRole('button', { name: t('build.start'), exact: true })).toBeVisible();
      await checkLayout(page, `build-project-${theme}`);
    });

    test(`plugin details fit 1440×900 (${theme})`, async ({ page }) => {
      await openApp(page);
      const row = page.getByTestId(`plugin-row-${E2E_PLUGINS.ok.name}`);
      await row.getByRole('button', { name: E2E_PLUGINS.ok.name }).click();
      await expect(page.getByTestId('plugin-details')).toBeVisible();
      await checkLayout(page, `plugins-details-${theme}`);
      // Esc closes it and hands focus back to the plugin it was opened from.
      await page.keyboard.press('Escape');
      await expect(page.getByTestId('plugin-details')).toHaveCount(0);
      await expect(row.getByRole('button', { name: E2E_PLUGINS.ok.name })).toBeFocused();
    });
  });
}

test.describe('the page for a browser without a session', () => {
  test.use({ viewport: { width: W, height: H } });

  for (const theme of ['light', 'dark'] as const) {
    test(`is a styled page saying what to open (${theme})`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: theme });
      // The served origin without the token: what a bookmark or a restarted server's old tab opens.
      const origin = new URL(process.env.PLUGSMITH_E2E_URL!).origin;
      const res = await page.goto(`${origin}/`);
      expect(res?.status()).toBe(401);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Open the URL that plugsmith serve printed');
      await expect(page.getByText(`Open: ${origin}/?token=…`)).toBeVisible();
      // Styled (the inline <style> applied, no CSP violation: the fixture fails the test on one).
      const look = await page.evaluate(() => ({ font: getComputedStyle(document.body).fontFamily, card: getComputedStyle(document.querySelector('main')!).borderTopStyle }));
      expect(look.font).toContain('system-ui');
      expect(look.card).toBe('solid');
      await checkLayout(page, `unauthorized-${theme}`);
    });
  }
});

test.describe('the Install screen', () => {
  test.use({ viewport: { width: W, height: H } });

  test('is laid out like the other screens: same heading place, cards and fields', async ({ page }) => {
    await openApp(page);
    const STYLE = ['borderTopWidth', 'borderTopStyle', 'borderTopColor', 'borderRadius', 'backgroundColor', 'paddingLeft', 'paddingTop', 'fontFamily', 'fontSize', 'height'] as const;
    const look = (sel: string) =>
      page.locator(sel).first().evaluate((el, keys) => {
        const cs = getComputedStyle(el) as unknown as Record<string, string>;
        return Object.fromEntries(keys.map((k) => [k, cs[k]]));
      }, STYLE as unknown as string[]);
    const heading = async () => {
      const b = (await page.getByRole('heading', { level: 1 }).boundingBox())!;
      return { x: Math.round(b.x), y: Math.round(b.y) };
    };

    await page.evaluate(() => (window.location.hash = '#/build'));
    await expect(page.getByLabel('Project folder path')).toBeVisible();
    const build = { heading: await heading(), field: await look('.build-dir'), card: await look('.build-card') };

    await page.evaluate(() => (window.location.hash = '#/install'));
    const reference = page.getByLabel(t('install.reference'));
    await expect(reference).toBeVisible();
    expect(await heading(), 'the heading sits where every screen has it').toEqual(build.heading);
    // The reference field is a .input like the Build screen's path field (both mono).
    expect(await look('.install-form input[type="text"]')).toEqual(build.field);
    // The form is a card like the Build screen's.
    const card = await look('.install-form');
    expect({ ...card, height: '', paddingTop: '' }).toEqual({ ...build.card, height: '', paddingTop: '' });
    // The screen scrolls with <main> like the others, not in a box of its own.
    expect(await page.locator('.install-view').evaluate((el) => getComputedStyle(el).overflowY)).toBe('visible');
  });
});

/** WCAG contrast ratio of two computed `rgb(…)` colours. */
function contrast(a: string, b: string): number {
  const lum = (c: string) => {
    const [r, g, bl] = (c.match(/[\d.]+/g) ?? ['0', '0', '0']).slice(0, 3).map((v) => {
      const x = Number(v) / 255;
      return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

test.describe('the topology in dark mode', () => {
  test.use({ viewport: { width: W, height: H }, colorScheme: 'dark' });

  test('its zoom controls and minimap are dark, with icons that show', async ({ page }) => {
    await openApp(page);
    await page.evaluate(() => (window.location.hash = '#/topology'));
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await expect(page.locator('.react-flow__node').first()).toBeVisible();
    const buttons = page.locator('.react-flow__controls-button');
    await expect(buttons.first()).toBeVisible();
    const bodyBg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    for (const b of await buttons.all()) {
      const c = await b.evaluate((el) => ({ bg: getComputedStyle(el).backgroundColor, icon: getComputedStyle(el.querySelector('svg')!).fill }));
      expect(contrast(c.icon, c.bg), `icon ${c.icon} on ${c.bg}`).toBeGreaterThanOrEqual(4.5);
      // A dark control on a dark page, not a white square.
      expect(contrast(c.bg, bodyBg), `control ${c.bg} on page ${bodyBg}`).toBeLessThan(2);
    }
    const minimap = page.locator('.react-flow__minimap');
    await expect(minimap).toBeVisible();
    const mm = await minimap.evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(contrast(mm, bodyBg), `minimap ${mm} on page ${bodyBg}`).toBeLessThan(2);
  });

  test('Esc closes the details of the node the user clicked', async ({ page }) => {
    await openApp(page);
    await page.evaluate(() => (window.location.hash = '#/topology'));
    // The host node: every host has one (its interfaces hang off it).
    await page.locator('[data-testid="topo-node"][data-kind="host"]').first().click();
    await expect(page.getByTestId('topo-details')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('topo-details')).toHaveCount(0);
  });
});

test.describe('the file browser', () => {
  test.use({ viewport: { width: W, height: H } });

  test('draws its folder and file icons instead of emoji (which render as boxes without an emoji font)', async ({ page }) => {
    await openApp(page);
    await page.evaluate(() => (window.location.hash = '#/editor'));
    const list = page.getByRole('list', { name: t('editor.open.browse') });
    await expect(list.getByRole('button').first()).toBeVisible();
    // Whatever the entries, their text is only their names: no pictographs to fall back to a box.
    const text = await list.innerText();
    expect(text).not.toMatch(/\p{Extended_Pictographic}/u);
    const icons = await list.getByTestId('file-icon').evaluateAll((els) => els.map((e) => { const r = e.getBoundingClientRect(); return { w: r.width, h: r.height, cls: e.className }; }));
    expect(icons.length).toBeGreaterThan(0);
    for (const i of icons) {
      expect(i.w, i.cls).toBeGreaterThan(8);
      expect(i.h, i.cls).toBeGreaterThan(8);
    }
    expect(icons.some((i) => i.cls.includes('file-icon-dir'))).toBe(true);
    await list.screenshot({ path: join(OUT, 'file-browser.png') });
  });
});

test.describe('a plugin that does not answer', () => {
  test.use({ viewport: { width: W, height: H } });
  const silent = E2E_PLUGINS.silent.name;

  test.afterEach(async () => {
    if (await pluginEnabled(silent)) await docker('plugin', 'disable', '--force', silent);
  });

  test('its long socket path stays inside its card (light and dark)', async ({ page }) => {
    await openApp(page);
    const row = page.getByTestId(`plugin-row-${silent}`);
    await row.getByRole('switch').click();
    // The reason names the socket's full path: /…/plugins/<64 hex id>/<socket>, one unbreakable word.
    await expect(row.getByTestId('plugin-health-detail')).toContainText('.sock', { timeout: 100_000 });
    for (const theme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: theme });
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
      await checkLayout(page, `plugins-not-answering-${theme}`);
      const card = await row.evaluate((el) => ({ right: el.getBoundingClientRect().right, contentRight: Math.max(...[...el.querySelectorAll('*')].map((c) => c.getBoundingClientRect().right)) }));
      expect(card.contentRight, 'the card holds its text').toBeLessThanOrEqual(card.right);
    }
  });
});
