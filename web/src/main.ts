/**
 * The dashboard page. At /dashboard it shows every panel with the site's header; at
 * /embed/<view>?… (the same index.html) it shows that one panel alone, with the query string as
 * the view's variables, for <iframe> embedding.
 */
import './style.css';
import { VIEWS, VIEW_VARIABLES } from './api.js';
import { h, replace } from './dom.js';
import { DEFAULT_FOCUS, graphPanel } from './graph.js';
import { landscapePanel } from './landscape.js';
import { DEFAULT_LINEAGE_PRODUCT, lineagePanel } from './lineage.js';
import { errorBox } from './panel.js';

interface MeshgraphGlobal {
  /** Resolves when every panel on the page has loaded (or failed). */
  ready?: Promise<void>;
  mode?: 'dashboard' | 'embed';
  [key: string]: unknown;
}

declare global {
  interface Window {
    __meshgraph?: MeshgraphGlobal;
  }
}

const app = document.getElementById('app')!;
const params = new URLSearchParams(location.search);
const embedMatch = /^\/embed\/([^/]+)\/?$/.exec(location.pathname);

function settle(loads: Array<Promise<void>>): void {
  const ready = Promise.allSettled(loads).then(() => {
    app.removeAttribute('aria-busy');
    document.body.dataset.ready = 'true';
  });
  window.__meshgraph = { ...(window.__meshgraph ?? {}), ready };
}

function intParam(name: string): number | undefined {
  const value = Number(params.get(name));
  return Number.isInteger(value) && value > 0 ? value : undefined;
}

function renderEmbed(view: string): void {
  document.body.classList.add('embed');
  window.__meshgraph = { ...(window.__meshgraph ?? {}), mode: 'embed' };
  const main = h('main', { id: 'main', class: 'embed-main' });
  replace(app, main);
  const embedded = true;
  switch (view) {
    case VIEWS.landscape: {
      const panel = landscapePanel({ embedded });
      main.append(panel.panel.section);
      settle([panel.load()]);
      break;
    }
    case VIEWS.neighborhood: {
      const panel = graphPanel({
        embedded,
        initial: { around: params.get(VIEW_VARIABLES.neighborhood) ?? DEFAULT_FOCUS, depth: intParam('depth') ?? 1 },
      });
      main.append(panel.panel.section);
      settle([panel.load()]);
      break;
    }
    case VIEWS.lineage: {
      const panel = lineagePanel({ embedded, initial: { product: params.get(VIEW_VARIABLES.lineage) ?? DEFAULT_LINEAGE_PRODUCT } });
      main.append(panel.panel.section);
      settle([panel.load()]);
      break;
    }
    default:
      main.append(
        errorBox(
          new Error(
            `There is no panel called “${view}”. Embeddable panels: ${[VIEWS.landscape, VIEWS.neighborhood, VIEWS.lineage].join(', ')}.`,
          ),
        ),
      );
      settle([]);
  }
  document.title = `meshgraph — ${view}`;
}

function renderDashboard(): void {
  window.__meshgraph = { ...(window.__meshgraph ?? {}), mode: 'dashboard' };
  const state = {
    focus: params.get('focus') ?? DEFAULT_FOCUS,
    depth: intParam('depth') ?? 1,
    product: params.get('product') ?? DEFAULT_LINEAGE_PRODUCT,
  };
  const remember = () => {
    const query = new URLSearchParams({ focus: state.focus, depth: String(state.depth), product: state.product });
    history.replaceState(null, '', `${location.pathname}?${query.toString()}`);
  };

  const graph = graphPanel({
    embedded: false,
    initial: { around: state.focus, depth: state.depth },
    onStateChange: (s) => {
      state.focus = s.around;
      state.depth = s.depth;
      remember();
    },
  });
  const landscape = landscapePanel({ embedded: false });
  const lineage = lineagePanel({
    embedded: false,
    initial: { product: state.product },
    onStateChange: (product) => {
      state.product = product;
      remember();
    },
    onFocusGraph: (slug) => {
      void graph.focus(slug);
      graph.panel.section.scrollIntoView({ behavior: 'smooth', block: 'start' });
    },
  });

  const header = h(
    'header',
    { class: 'site-header' },
    h(
      'div',
      { class: 'site-title' },
      h('span', { class: 'logo', 'aria-hidden': 'true' }),
      h(
        'div',
        null,
        h('h1', null, 'meshgraph'),
        h(
          'p',
          { class: 'tagline' },
          'The service-mesh landscape: what exists, how it relates, what replaced what — every fact with its source.',
        ),
      ),
    ),
    h(
      'nav',
      { 'aria-label': 'Sections' },
      h('a', { href: '#landscape' }, 'Landscape'),
      h('a', { href: '#graph' }, 'Graph'),
      h('a', { href: '#lineage' }, 'Lineage'),
      h('a', { href: '/graphql' }, 'GraphQL API'),
    ),
  );
  landscape.panel.section.id = 'landscape';
  graph.panel.section.id = 'graph';
  lineage.panel.section.id = 'lineage';
  const main = h('main', { id: 'main', class: 'dashboard' }, landscape.panel.section, graph.panel.section, lineage.panel.section);
  const footer = h(
    'footer',
    { class: 'site-footer' },
    h(
      'p',
      null,
      'Data from the meshgraph knowledge graph; every panel is a saved view, also available as JSON under ',
      h('code', null, '/views/<name>'),
      '.',
    ),
  );
  replace(app, h('a', { class: 'skip-link', href: '#main' }, 'Skip to the content'), header, main, footer);
  settle([landscape.load(), graph.load(), lineage.load()]);
}

if (embedMatch) renderEmbed(decodeURIComponent(embedMatch[1]!));
else renderDashboard();
