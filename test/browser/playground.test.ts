/**
 * The GraphiQL playground in a real browser under its Content-Security-Policy: it loads offline,
 * its editors come up, and it runs a query — with no console error, so no CSP violation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, startApp, type Browser, type RunningApp } from '../support/browser.js';

let app: RunningApp;
let browser: Browser;

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser(app.baseUrl);
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe('GET /graphql in a browser', () => {
  it('opens GraphiQL under its policy and runs a query, with no console error', async () => {
    const { page, problems } = await browser.newPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
    });
    const response = await page.goto(`${app.baseUrl}/graphql`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toMatch(/script-src 'self' 'sha256-/);
    await page.waitForSelector('.graphiql-container', { timeout: 30_000 });
    await page.waitForSelector('.graphiql-query-editor .monaco-editor, .graphiql-query-editor .CodeMirror', { timeout: 30_000 });

    // Run the query in a fresh tab of the editor: the response pane shows the answer.
    const answer = page.waitForResponse((r) => r.url().endsWith('/graphql') && r.request().method() === 'POST', { timeout: 30_000 });
    await page.click('.graphiql-execute-button');
    const menuItem = page.locator('[role="menuitem"]', { hasText: 'Service' });
    if (
      await menuItem
        .count()
        .then((n) => n > 0)
        .catch(() => false)
    )
      await menuItem.first().click();
    const result = await answer;
    expect(result.status()).toBe(200);
    await page.waitForFunction(
      () => /neo4jVersion|product/.test(document.querySelector('.graphiql-response')?.textContent ?? ''),
      undefined,
      { timeout: 30_000 },
    );
    await screenshot(page, 'playground');

    expect(violations, 'CSP violations').toEqual([]);
    expect(problems.pageErrors, 'uncaught exceptions').toEqual([]);
    expect(problems.consoleErrors, 'console errors').toEqual([]);
    expect(problems.externalRequests, 'requests leaving the app').toEqual([]);
    await page.close();
  });
});
