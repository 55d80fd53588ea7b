/**
 * Real-browser tests of the dashboard: Debian's Chromium (/usr/bin/chromium, installed by
 * scripts/install-browser.sh) driven by playwright-core, against the real app listening on a free
 * port and the test run's Neo4j.
 *
 * As a vitest global setup (the `browser` project's), the default export builds the dashboard
 * (web/ → web/dist) once when web/dist is missing or older than its sources.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type ConsoleMessage, type Locator, type Page } from 'playwright-core';
import { projectPath } from '../../src/paths.js';
import { ensureWebBuild } from '../../scripts/build-web.js';
import { createTestApp, listen, type TestApp } from './app.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = projectPath('artifacts');

/** Vitest global setup of the browser project. */
export default function setup(): void {
  ensureWebBuild();
}

/** The real app (routes, views, dashboard) listening on 127.0.0.1 on a free port. */
export interface RunningApp {
  baseUrl: string;
  testApp: TestApp;
  close(): Promise<void>;
}

export async function startApp(): Promise<RunningApp> {
  const testApp = await createTestApp();
  const server = await listen(testApp.app);
  return {
    baseUrl: server.baseUrl,
    testApp,
    async close() {
      await server.close();
      await testApp.close();
    },
  };
}

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Problems a page reported: console errors, uncaught exceptions, requests that left the app. */
export interface PageProblems {
  consoleErrors: string[];
  pageErrors: string[];
  /** Requests to anything but the app (the page must work offline: no CDN, no web fonts). */
  externalRequests: string[];
  failedRequests: string[];
}

export interface Browser {
  context: BrowserContext;
  /** A new page that records its problems; requests leaving `baseUrl` are blocked and recorded. */
  newPage(): Promise<{ page: Page; problems: PageProblems }>;
  close(): Promise<void>;
}

/** Chromium with a fresh profile (a new user-data-dir, removed on close). */
export async function launchBrowser(baseUrl: string, viewport = { width: 1366, height: 900 }): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`No Chromium at ${CHROMIUM}: run scripts/install-browser.sh (it installs Debian's chromium package).`);
  }
  const userDataDir = mkdtempSync(path.join(tmpdir(), 'meshgraph-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
    deviceScaleFactor: 1,
    locale: 'en-GB',
    timezoneId: 'UTC',
    reducedMotion: 'reduce',
  });
  return {
    context,
    async newPage() {
      const page = await context.newPage();
      const problems: PageProblems = { consoleErrors: [], pageErrors: [], externalRequests: [], failedRequests: [] };
      page.on('console', (message: ConsoleMessage) => {
        if (message.type() === 'error') problems.consoleErrors.push(`${message.text()} (${message.location().url})`);
      });
      page.on('pageerror', (error) => problems.pageErrors.push(error.stack ?? error.message));
      page.on('requestfailed', (request) => {
        if (request.url().startsWith(baseUrl))
          problems.failedRequests.push(`${request.url()}: ${request.failure()?.errorText ?? 'failed'}`);
      });
      await page.route('**/*', (route) => {
        const url = route.request().url();
        if (url.startsWith(baseUrl) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
        problems.externalRequests.push(url);
        return route.abort('blockedbyclient');
      });
      return { page, problems };
    },
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Waits until every panel of the page has loaded (window.__meshgraph.ready). */
export async function waitForPanels(page: Page): Promise<void> {
  await page.waitForFunction(() => document.body.dataset.ready === 'true', undefined, { timeout: 30_000 });
}

/** Saves a screenshot of the page (or of one element) under artifacts/ (gitignored); returns its path. */
export async function screenshot(target: Page | Locator, name: string, fullPage = true): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  if ('goto' in target) await target.screenshot({ path: file, fullPage });
  else await target.screenshot({ path: file });
  return file;
}
