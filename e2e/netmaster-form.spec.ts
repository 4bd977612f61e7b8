/**
 * The netmaster URL field in words: a URL the service would refuse is explained in the form
 * (never "Invalid arguments for netmaster:status"), and while a new attempt runs the screen
 * says "Connecting to …" instead of leaving the last error standing as if it were the answer.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { expect, openApp, test } from './fixtures';

/** A TCP server on loopback that accepts and never answers: the attempt stays under way until we end it. */
async function silentServer(): Promise<{ server: Server; port: number; accepted(): number; hangUp(): void }> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  let hungUp = false;
  const server = createServer((s) => {
    accepted += 1;
    // After hangUp every connection (a retry too) is closed at once: the attempt ends.
    if (hungUp) return void s.destroy();
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const hangUp = () => {
    hungUp = true;
    for (const s of sockets) s.destroy();
  };
  return { server, port: (server.address() as AddressInfo).port, accepted: () => accepted, hangUp };
}

async function connect(page: import('@playwright/test').Page, url: string): Promise<void> {
  await page.getByLabel('Netmaster URL').fill(url);
  await page.getByRole('button', { name: 'Connect' }).click();
}

test.afterEach(async ({ page }) => {
  // Leave the field empty again (the next spec finds no netmaster, as it expects).
  if (!(await page.getByLabel('Netmaster URL').count())) return;
  await connect(page, '');
  await expect(page.getByTestId('netmaster-down')).toHaveAttribute('data-code', 'netmaster/no-url');
});

test('a URL with a space is explained in the form, and nothing is sent', async ({ page }) => {
  await openApp(page);
  await page.evaluate(() => (window.location.hash = '#/netmaster'));
  await expect(page.getByTestId('netmaster-down')).toBeVisible();
  await connect(page, 'http://127.0.0.1 :9999');
  await expect(page.getByTestId('netmaster-url-problem')).toHaveText('A URL has no spaces: write it as host:port or http://host:port.');
  await expect(page.getByLabel('Netmaster URL')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText(/Invalid arguments/)).toHaveCount(0);
  // Typing again clears the remark.
  await page.getByLabel('Netmaster URL').fill('127.0.0.1:9999');
  await expect(page.getByTestId('netmaster-url-problem')).toHaveCount(0);
});

test('while connecting it says so, and the old error is not shown as the answer', async ({ page }) => {
  const silent = await silentServer();
  try {
    await openApp(page);
    await page.evaluate(() => (window.location.hash = '#/netmaster'));
    await expect(page.getByTestId('netmaster-down')).toHaveAttribute('data-code', 'netmaster/no-url');
    const url = `http://127.0.0.1:${silent.port}`;
    await connect(page, url);
    const connecting = page.getByTestId('netmaster-connecting');
    await expect(connecting).toContainText(`Connecting to ${url}…`);
    await expect(page.getByTestId('netmaster-down')).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Connecting…' })).toBeDisabled();
    // The netmaster hangs up: the attempt ends with its own error, naming the new URL.
    await expect.poll(() => silent.accepted()).toBeGreaterThan(0);
    silent.hangUp();
    await expect(page.getByTestId('netmaster-down')).toContainText(`Cannot reach netmaster at ${url}`);
    await expect(connecting).toHaveCount(0);
  } finally {
    silent.hangUp();
    await new Promise((r) => silent.server.close(r));
  }
});
