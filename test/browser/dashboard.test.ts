/**
 * The dashboard in a real browser (headless Chromium from Debian) against the real app on a real
 * port and the test Neo4j: the page loads cleanly and offline, the graph draws what the saved view
 * says, search focuses a product and shows its lineage, the lineage panel shows a conflicting
 * status, and an embed renders its panel alone. Screenshots go to artifacts/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  launchBrowser,
  screenshot,
  startApp,
  waitForPanels,
  type Browser,
  type PageProblems,
  type RunningApp,
} from '../support/browser.js';

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

function expectClean(problems: PageProblems): void {
  expect(problems.pageErrors, 'uncaught exceptions').toEqual([]);
  expect(problems.consoleErrors, 'console errors').toEqual([]);
  expect(problems.failedRequests, 'failed requests').toEqual([]);
  expect(problems.externalRequests, 'requests leaving the app (the page must work offline)').toEqual([]);
}

interface SubgraphView {
  data: { subgraph: { nodes: Array<{ id: string; name: string }>; edges: Array<{ id: string }> } };
}

async function getJson<T>(path: string): Promise<T> {
  const response = await fetch(`${app.baseUrl}${path}`);
  expect(response.status, path).toBe(200);
  return (await response.json()) as T;
}

describe('GET /dashboard', () => {
  it('loads every panel with no console error and no request leaving the app', async () => {
    const { page, problems } = await browser.newPage();
    const response = await page.goto(`${app.baseUrl}/dashboard`);
    expect(response?.status()).toBe(200);
    await waitForPanels(page);

    await expect(page.locator('header.site-header h1').textContent()).resolves.toBe('meshgraph');
    expect(await page.locator('section.panel').count()).toBe(3);
    expect(await page.locator('section.panel[data-ready="true"]').count()).toBe(3);
    expect(await page.locator('[role="alert"]').count()).toBe(0);

    // Landscape: totals and one chart per distribution, each drawn on a canvas.
    const entries = await page.locator('[data-total="entryCount"] .total-value').textContent();
    expect(Number(entries?.replace(/\D/g, ''))).toBeGreaterThan(50);
    expect(await page.locator('.panel-landscape figure.chart canvas').count()).toBeGreaterThanOrEqual(8);
    for (const title of [
      'Entries by year',
      'Products by status',
      'Products by type',
      'Entries by stability',
      'Entries by content language',
      'Entries by top-level category',
      'Most-referenced products',
      'Most-referenced concepts',
    ]) {
      await expect(page.locator(`figure[data-chart="${title}"] canvas`).count(), title).resolves.toBe(1);
    }

    await page.waitForTimeout(200); // let charts finish their first paint for the screenshot
    await screenshot(page, 'dashboard');
    expectClean(problems);
    await page.close();
  });

  it('draws the nodes of the neighbourhood view in the graph', async () => {
    const { page, problems } = await browser.newPage();
    await page.goto(`${app.baseUrl}/dashboard?focus=istio&depth=1`);
    await waitForPanels(page);

    const expected = await getJson<SubgraphView>('/views/neighbourhood?name=istio&depth=1');
    const names = expected.data.subgraph.nodes.map((n) => n.name);
    expect(names).toContain('Istio');
    expect(names).toContain('Envoy');

    const canvas = page.locator('#graph-canvas');
    await expect(canvas.getAttribute('data-node-count')).resolves.toBe(String(expected.data.subgraph.nodes.length));
    await expect(canvas.getAttribute('data-focus')).resolves.toBe('istio');
    const drawn = await page.evaluate(() => {
      const cy = (window as unknown as { __meshgraph: { cy: { nodes(): Array<{ data(key: string): string }> } } }).__meshgraph.cy;
      return cy.nodes().map((n) => n.data('name'));
    });
    expect([...drawn].sort()).toEqual([...names].sort());
    // The focused node's details are shown at once.
    await expect(page.locator('#graph-details .details-title').textContent()).resolves.toBe('Istio');

    await screenshot(page.locator('section.panel-graph'), 'dashboard-graph');

    // Any node can be selected from the list under the graph (keyboard users): a concept shows its definition.
    await page.locator('.node-list-box summary').click();
    await page.locator('.node-list button', { hasText: /^mTLS$/ }).click();
    const details = page.locator('#graph-details');
    await expect(details.locator('.details-title').textContent()).resolves.toBe('mTLS');
    await details.locator('.details-description').waitFor();
    expect((await details.locator('.details-description').textContent())?.length).toBeGreaterThan(20);
    await expect(details.locator('.relation[data-type="IMPLEMENTS"] .relation-type').first().textContent()).resolves.toBe('implemented by');
    await expect(
      page.evaluate(() => {
        const cy = (window as unknown as { __meshgraph: { cy: { $(selector: string): { data(key: string): string } } } }).__meshgraph.cy;
        return cy.$('node:selected').data('name');
      }),
    ).resolves.toBe('mTLS');
    expectClean(problems);
    await page.close();
  });

  it('focuses Maesh from the search box and shows Traefik Mesh as its successor, with sources', async () => {
    const { page, problems } = await browser.newPage();
    await page.goto(`${app.baseUrl}/dashboard`);
    await waitForPanels(page);

    const search = page.getByRole('combobox', { name: 'Focus a product or concept' });
    await search.focus();
    await search.fill('');
    await search.pressSequentially('maes', { delay: 20 });
    // Typeahead: the suggestions list offers Maesh.
    const option = page.locator('#graph-search-list [role="option"][data-slug="maesh"]');
    await option.waitFor({ state: 'visible' });
    await expect(search.getAttribute('aria-expanded')).resolves.toBe('true');
    await search.press('Enter');

    const canvas = page.locator('#graph-canvas');
    await page.waitForFunction(() => document.querySelector('#graph-canvas')?.getAttribute('data-focus') === 'maesh');
    await page.waitForFunction(() => document.querySelector('#graph-canvas')?.getAttribute('data-state') === 'ready');
    expect(Number(await canvas.getAttribute('data-node-count'))).toBeGreaterThan(1);
    expect(page.url()).toContain('focus=maesh');

    const details = page.locator('#graph-details');
    await expect(details.locator('.details-title').textContent()).resolves.toBe('Maesh');
    const successors = details.locator('[data-section="successors"]');
    await successors.waitFor();
    const successor = successors.locator('.lineage-step[data-slug="traefik-mesh"]');
    await expect(successor.locator('button').textContent()).resolves.toBe('Traefik Mesh');
    await expect(successor.textContent()).resolves.toMatch(/renamed.*since 2020-09-16/);
    // Every fact names its sources: external pages as links.
    expect(await successor.locator('.sources a[href^="https://github.com/traefik/mesh/commit/"]').count()).toBeGreaterThan(0);
    // Maesh replaced i3o.
    await expect(details.locator('[data-section="predecessors"] .lineage-step[data-slug="i3o"]').count()).resolves.toBe(1);
    // The facts drawn around it cite their sources by title, as the API resolves them (citations).
    const relations = details.locator('[data-section="relations"]');
    const renamed = relations
      .locator('.relation[data-type="SUPERSEDES"] .sources a[href^="https://github.com/traefik/mesh/commit/"]')
      .first();
    await renamed.waitFor();
    await expect(renamed.textContent()).resolves.not.toMatch(/github\.com/);

    await screenshot(page, 'dashboard-maesh', false);

    // Enter right after typing, before any suggestion arrived, focuses the best hit.
    await search.fill('envoy proxy');
    await search.press('Enter');
    await page.waitForFunction(() => document.querySelector('#graph-canvas')?.getAttribute('data-focus') === 'envoy');
    await expect(details.locator('.details-title').textContent()).resolves.toBe('Envoy');
    expectClean(problems);
    await page.close();
  });

  it('shows the lineage i3o → Maesh → Traefik Mesh, with Traefik Mesh dormant and its conflicting claims', async () => {
    const { page, problems } = await browser.newPage();
    await page.goto(`${app.baseUrl}/dashboard?product=traefik-mesh`);
    await waitForPanels(page);

    const lineage = page.locator('section.panel-lineage');
    const cards = await lineage.locator('.chain-card').evaluateAll((els) => els.map((el) => el.getAttribute('data-slug')));
    expect(cards).toEqual(['i3o', 'maesh', 'traefik-mesh']);
    await expect(lineage.locator('.chain-card[data-slug="maesh"] .chain-step').textContent()).resolves.toMatch(/renamed.*2019-07-31/);
    await expect(lineage.locator('.chain-card[data-slug="traefik-mesh"] .chain-step').textContent()).resolves.toMatch(
      /renamed.*2020-09-16/,
    );
    await expect(lineage.locator('.chain-card[data-slug="traefik-mesh"] .status').textContent()).resolves.toBe('dormant');

    const claims = lineage.locator('[data-section="status-claims"]');
    await expect(claims.locator('.conflict').textContent()).resolves.toMatch(/dormant.*retired|retired.*dormant/);
    await expect(claims.locator('.claim').count()).resolves.toBe(2);
    expect(
      await claims.locator('.claim[data-status="dormant"] .sources a[href="https://github.com/traefik/mesh/issues/870"]').count(),
    ).toBe(1);
    // The "retired" claim rests on an entry of the graph, shown by its title.
    expect(await claims.locator('.claim[data-status="retired"] .source-entry').count()).toBeGreaterThan(0);
    expectClean(problems);
    await page.close();
  });

  it('chooses a lineage with the keyboard alone, branches included', async () => {
    const { page, problems } = await browser.newPage();
    await page.goto(`${app.baseUrl}/dashboard`);
    await waitForPanels(page);

    // The first Tab reaches the skip link.
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Skip to the content');

    const chooser = page.getByRole('combobox', { name: 'Product', exact: true });
    await chooser.focus();
    await chooser.fill('');
    await chooser.pressSequentially('linkerd', { delay: 20 });
    await page.locator('#lineage-search-list [role="option"]').first().waitFor();
    await page.keyboard.press('ArrowDown');
    await expect(chooser.getAttribute('aria-activedescendant')).resolves.toBe('lineage-search-option-0');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('section.panel-lineage')?.getAttribute('data-product') === 'linkerd');

    // Linkerd replaced both Conduit (merged) and Linkerd 1.x (rewrite): two cards before it.
    const lineage = page.locator('section.panel-lineage');
    const columns = lineage.locator('.chain-column');
    expect(await columns.count()).toBe(2);
    const older = await columns
      .nth(0)
      .locator('.chain-card')
      .evaluateAll((els) => els.map((el) => el.getAttribute('data-slug')).sort());
    expect(older).toEqual(['conduit', 'linkerd-1']);
    await expect(columns.nth(1).locator('.chain-card').getAttribute('data-slug')).resolves.toBe('linkerd');
    expect(page.url()).toContain('product=linkerd');
    expectClean(problems);
    await page.close();
  });

  it('fits a phone-sized screen without sideways scrolling', async () => {
    const { page, problems } = await browser.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${app.baseUrl}/dashboard?focus=maesh`);
    await waitForPanels(page);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'dashboard-phone', false);
    await screenshot(page.locator('section.panel-graph'), 'dashboard-phone-graph');
    await screenshot(page.locator('section.panel-lineage'), 'dashboard-phone-lineage');
    expectClean(problems);
    await page.close();
  });

  it('offers an embed snippet for each panel', async () => {
    const { page, problems } = await browser.newPage();
    await page.goto(`${app.baseUrl}/dashboard?focus=maesh&product=traefik-mesh`);
    await waitForPanels(page);
    expect(await page.locator('button.embed-button').count()).toBe(3);

    await page.locator('section.panel-graph button.embed-button').click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    const snippet = await dialog.locator('textarea').inputValue();
    expect(snippet).toMatch(
      new RegExp(`^<iframe src="${app.baseUrl}/embed/neighbourhood\\?name=maesh&amp;depth=1" title="meshgraph: [^"]+"`),
    );
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });

    await page.locator('section.panel-lineage button.embed-button').click();
    expect(await page.getByRole('dialog').locator('textarea').inputValue()).toContain(
      `${app.baseUrl}/embed/product-lineage?name=traefik-mesh"`,
    );
    expectClean(problems);
    await page.close();
  });
});

describe('GET /embed/<view>', () => {
  it('renders the lineage panel alone, without the dashboard chrome', async () => {
    const { page, problems } = await browser.newPage();
    await page.setViewportSize({ width: 900, height: 640 });
    const response = await page.goto(`${app.baseUrl}/embed/product-lineage?name=Traefik%20Mesh`);
    expect(response?.status()).toBe(200);
    await waitForPanels(page);

    expect(await page.locator('section.panel').count()).toBe(1);
    expect(await page.locator('section.panel').getAttribute('data-view')).toBe('product-lineage');
    expect(await page.locator('header.site-header, footer.site-footer, nav, button.embed-button').count()).toBe(0);
    expect(await page.locator('.chain-card').count()).toBe(3);
    await screenshot(page, 'embed-lineage');
    expectClean(problems);
    await page.close();
  });

  it('renders the graph panel alone around the given node', async () => {
    const { page, problems } = await browser.newPage();
    await page.setViewportSize({ width: 900, height: 700 });
    await page.goto(`${app.baseUrl}/embed/neighbourhood?name=maesh`);
    await waitForPanels(page);
    expect(await page.locator('section.panel').count()).toBe(1);
    expect(await page.locator('header.site-header').count()).toBe(0);
    await expect(page.locator('#graph-canvas').getAttribute('data-focus')).resolves.toBe('maesh');
    const expected = await getJson<SubgraphView>('/views/neighbourhood?name=maesh');
    await expect(page.locator('#graph-canvas').getAttribute('data-node-count')).resolves.toBe(String(expected.data.subgraph.nodes.length));
    await screenshot(page, 'embed-graph', false);
    expectClean(problems);
    await page.close();
  });

  it('renders the landscape panel alone', async () => {
    const { page, problems } = await browser.newPage();
    await page.setViewportSize({ width: 1000, height: 700 });
    await page.goto(`${app.baseUrl}/embed/landscape-stats`);
    await waitForPanels(page);
    expect(await page.locator('section.panel').count()).toBe(1);
    expect(await page.locator('header.site-header, button.embed-button').count()).toBe(0);
    expect(await page.locator('figure.chart canvas').count()).toBeGreaterThanOrEqual(8);
    expectClean(problems);
    await page.close();
  });

  it('says so when the view is not an embeddable panel', async () => {
    const { page } = await browser.newPage();
    await page.goto(`${app.baseUrl}/embed/no-such-panel`);
    await waitForPanels(page);
    await expect(page.locator('[role="alert"]').textContent()).resolves.toMatch(/no panel called “no-such-panel”/);
    await page.close();
  });
});
