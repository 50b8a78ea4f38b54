import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { createTestApp, TestApp, TestAppOptions } from '../../support/test-app';

// One Chromium and one app per suite; one browser context (cookie jar) per person.

const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/**
 * Browser suites need Debian's chromium. Under CI a missing binary is a failure (the
 * suite runs and cannot launch); on a developer's machine the suites are skipped with a
 * notice, so the rest of `npm test` still runs.
 */
export const describeInBrowser: jest.Describe = fs.existsSync(CHROMIUM_PATH) || process.env.CI ? describe : describe.skip;
if (!fs.existsSync(CHROMIUM_PATH) && !process.env.CI) {
  console.warn(`Browser tests skipped: no Chromium at ${CHROMIUM_PATH} (apt-get install --no-install-recommends chromium)`);
}

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
export const SCREENSHOT_DIR = path.resolve(__dirname, '..', '..', '..', 'docs', 'screenshots');

export interface BrowserSuite {
  t: TestApp;
  browser: Browser;
  baseUrl: string;
  /** CSP violations and page errors seen by any page of the suite. */
  problems: string[];
  signIn(username: string, viewport?: { width: number; height: number }): Promise<{ context: BrowserContext; page: Page }>;
  close(): Promise<void>;
}

export async function startBrowserSuite(options: TestAppOptions = {}): Promise<BrowserSuite> {
  const t = await createTestApp({ database: 'sqlite', ...options });
  await t.app.listen(0, '127.0.0.1');
  const { port } = t.app.getHttpServer().address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const problems: string[] = [];
  const contexts: BrowserContext[] = [];
  return {
    t,
    browser,
    baseUrl,
    problems,
    async signIn(username, viewport = { width: 1366, height: 900 }) {
      const context = await browser.newContext({ baseURL: baseUrl, viewport });
      contexts.push(context);
      context.setDefaultTimeout(10_000);
      const page = await context.newPage();
      watch(page, problems);
      await page.goto('/login');
      await page.getByLabel('Username').fill(username);
      await page.getByLabel('Password').fill('demo');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(`${baseUrl}/`);
      return { context, page };
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser.close().catch(() => undefined);
      await t.close();
    },
  };
}

export function watch(page: Page, problems: string[]): void {
  page.on('console', (message) => {
    // A 4xx answer to a refused form is expected; scripts and CSP violations are not.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(`${page.url()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`${page.url()}: ${error.message}`));
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

/** Runs axe-core in the page (through the DevTools protocol, so the page's CSP still holds for the page itself). */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate<{ violations: AxeViolation[] }>("axe.run(document, { resultTypes: ['violations'] })");
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
}

export async function screenshot(page: Page, name: string, fullPage = true): Promise<void> {
  if (process.env.SCREENSHOTS !== '1') return;
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage });
}

/** A page on another origin that posts a form to the desk, as a cross-site attacker would. */
export async function startAttackerSite(html: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
