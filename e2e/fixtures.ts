/**
 * The e2e test fixture: a page opened on the served app (token exchanged for the
 * session cookie), failing the test on any Content-Security-Policy violation, and
 * a `docker` helper that asks the real engine, the way a user checks by hand.
 */
import { test as base, expect, type Page } from '@playwright/test';
import { execFile } from 'node:child_process';
import { Engine } from '../electron/services/docker/engine';

/** The tests' engine (the private dockerd global setup started). */
function engineHost(): string {
  const host = process.env.DOCKER_HOST;
  if (!host) throw new Error('DOCKER_HOST is not set by global setup');
  return host;
}

/** The tests' engine through the app's own client, for a spec's setup and clean-up. */
export function testEngine(): Engine {
  return new Engine({ dockerHost: engineHost() });
}

export function docker(...args: string[]): Promise<string> {
  const host = engineHost();
  return new Promise((resolve, reject) => {
    execFile('docker', ['-H', host, ...args], { timeout: 90_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`docker ${args.join(' ')}: ${stderr || err.message}`));
      else resolve(stdout.trim());
    });
  });
}

export async function pluginEnabled(name: string): Promise<boolean> {
  return (await docker('plugin', 'inspect', '--format', '{{.Enabled}}', name)) === 'true';
}

/** Opens the served app: global setup's server, or `url` for a spec that serves its own. */
export async function openApp(page: Page, url = process.env.PLUGSMITH_E2E_URL): Promise<void> {
  if (!url) throw new Error('PLUGSMITH_E2E_URL is not set by global setup');
  await page.goto(url);
  // The token is traded for an HttpOnly cookie and the address loses it.
  await expect(page).not.toHaveURL(/token=/);
}

/** Collects every Content-Security-Policy violation the page reports (call before it navigates). */
export async function watchCsp(page: Page): Promise<string[]> {
  const violations: string[] = [];
  await page.exposeFunction('__plugsmithCsp', (v: string) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __plugsmithCsp: (v: string) => void }).__plugsmithCsp(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  return violations;
}

export const test = base.extend<{ cspViolations: string[] }>({
  cspViolations: [
    async ({ page }, use) => {
      const violations = await watchCsp(page);
      await use(violations);
      expect(violations, 'Content-Security-Policy violations').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
