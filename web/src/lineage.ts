/**
 * The lineage of one product as a chain, oldest left: every product it replaced and every product
 * that replaced it (the `lineage` view), each arrow with how and when, each card with its status;
 * below, the product's status claims with their sources — including those that disagree.
 */
import { fetchLineage, type LineageStep, type ProductDetails, type ProductRef, VIEWS, VIEW_VARIABLES } from './api.js';
import { statusBadge, statusClaims } from './details.js';
import { h, humanize, replace } from './dom.js';
import { createPanel } from './panel.js';
import { searchBox } from './searchbox.js';
import { sourceList } from './sources.js';

const LINEAGE_VIEW = VIEWS.lineage;
export const DEFAULT_LINEAGE_PRODUCT = 'traefik-mesh';

interface ChainCard {
  product: ProductRef;
  rank: number;
  /** The steps that arrive at this product from older ones. */
  incoming: LineageStep[];
}

/** Products of a lineage in columns, oldest first: a product sits right of everything it replaced. */
function chainColumns(product: ProductDetails): ChainCard[][] {
  const steps = [...product.predecessors, ...product.successors];
  const bySlug = new Map<string, ProductRef>([[product.slug, product]]);
  const unique = new Map<string, LineageStep>();
  for (const step of steps) {
    bySlug.set(step.newer.slug, bySlug.get(step.newer.slug) ?? step.newer);
    bySlug.set(step.older.slug, bySlug.get(step.older.slug) ?? step.older);
    unique.set(`${step.newer.slug}>${step.older.slug}`, step);
  }
  const rank = new Map<string, number>([...bySlug.keys()].map((slug) => [slug, 0]));
  // Longest path from the oldest; the chain has no cycles and at most a few dozen steps.
  for (let i = 0; i < bySlug.size; i += 1) {
    let changed = false;
    for (const step of unique.values()) {
      const wanted = (rank.get(step.older.slug) ?? 0) + 1;
      if ((rank.get(step.newer.slug) ?? 0) < wanted) {
        rank.set(step.newer.slug, wanted);
        changed = true;
      }
    }
    if (!changed) break;
  }
  const columns: ChainCard[][] = [];
  for (const [slug, ref] of bySlug) {
    const r = rank.get(slug) ?? 0;
    (columns[r] ??= []).push({ product: ref, rank: r, incoming: [...unique.values()].filter((s) => s.newer.slug === slug) });
  }
  return columns.filter(Boolean).map((column) => column.sort((a, b) => a.product.name.localeCompare(b.product.name)));
}

function releaseSpan(product: ProductRef): string | null {
  if (product.firstRelease && product.lastRelease) return `${product.firstRelease} – ${product.lastRelease}`;
  if (product.firstRelease) return `since ${product.firstRelease}`;
  if (product.lastRelease) return `last release ${product.lastRelease}`;
  return null;
}

export function lineagePanel(options: {
  embedded: boolean;
  initial: { product?: string };
  onStateChange?: (product: string) => void;
  onFocusGraph?: (slug: string) => void;
}) {
  let current = options.initial.product || DEFAULT_LINEAGE_PRODUCT;
  const panel = createPanel({
    view: LINEAGE_VIEW,
    title: 'What replaced what',
    intro:
      'The lineage of a product, oldest first: renames, rewrites, merges and recommended replacements, with dates and sources, and every claim about its status.',
    embedded: options.embedded,
    className: 'panel-lineage',
  });
  const chooser = searchBox({
    id: 'lineage-search',
    label: 'Product',
    placeholder: 'e.g. Traefik Mesh, Linkerd, OSM',
    types: ['Product'],
    onPick: (hit) => void show(hit.slug),
  });
  const content = h('div', { class: 'lineage-content', 'aria-live': 'polite' });
  let generation = 0;

  async function show(product: string): Promise<void> {
    const mine = ++generation;
    current = product;
    panel.setEmbedVariables({ [VIEW_VARIABLES.lineage]: product });
    options.onStateChange?.(product);
    if (!panel.body.contains(content)) replace(panel.body, h('div', { class: 'lineage-toolbar' }, chooser.root), content);
    panel.section.setAttribute('aria-busy', 'true');
    replace(content, h('p', { class: 'status-line', role: 'status' }, `Loading the lineage of ${product}…`));
    try {
      const details = await fetchLineage(product);
      if (mine !== generation) return;
      if (!details) throw new Error(`No product is named “${product}”.`);
      render(details);
    } catch (error) {
      if (mine !== generation) return;
      replace(content, h('div', { class: 'error-box', role: 'alert' }, error instanceof Error ? error.message : String(error)));
    } finally {
      if (mine === generation) panel.section.removeAttribute('aria-busy');
    }
  }

  function render(product: ProductDetails): void {
    chooser.setValue(product.name);
    const columns = chainColumns(product);
    const single = columns.length <= 1;
    const chain = h(
      'ol',
      { class: 'chain', 'aria-label': `Lineage of ${product.name}, oldest first`, 'data-length': String(columns.length) },
      columns.map((column, index) =>
        h(
          'li',
          { class: 'chain-column' },
          index > 0 ? h('span', { class: 'chain-arrow', 'aria-hidden': 'true' }, '→') : null,
          h(
            'ul',
            { class: 'chain-cards' },
            column.map((card) =>
              h(
                'li',
                { class: `chain-card${card.product.slug === product.slug ? ' chain-card-current' : ''}`, 'data-slug': card.product.slug },
                card.incoming.map((step) =>
                  h(
                    'p',
                    { class: 'chain-step' },
                    h('span', { class: 'chain-kind' }, step.kind ? humanize(step.kind) : 'replaced'),
                    step.since ? h('time', { datetime: step.since }, ` ${step.since}`) : null,
                    h('span', { class: 'visually-hidden' }, ` from ${step.older.name}`),
                  ),
                ),
                h(
                  'h3',
                  { class: 'chain-name' },
                  options.onFocusGraph
                    ? h(
                        'button',
                        {
                          type: 'button',
                          class: 'link-button',
                          title: 'Show in the graph',
                          onclick: () => options.onFocusGraph?.(card.product.slug),
                        },
                        card.product.name,
                      )
                    : card.product.name,
                ),
                h(
                  'p',
                  { class: 'chain-meta' },
                  statusBadge(card.product.status),
                  releaseSpan(card.product) ? h('span', null, ` ${releaseSpan(card.product)}`) : null,
                ),
              ),
            ),
          ),
        ),
      ),
    );
    const steps = [...product.predecessors, ...product.successors];
    const evidence = steps.length
      ? h(
          'details',
          { class: 'chain-evidence' },
          h('summary', null, `Sources of the ${steps.length} replacement${steps.length === 1 ? '' : 's'}`),
          h(
            'ul',
            { class: 'steps' },
            steps.map((step) =>
              h(
                'li',
                { class: 'lineage-step' },
                h('strong', null, `${step.older.name} → ${step.newer.name}`),
                h('span', { class: 'step-meta' }, ` ${[step.kind ? humanize(step.kind) : null, step.since].filter(Boolean).join(', ')}`),
                step.note ? h('p', { class: 'note' }, step.note) : null,
                sourceList(step.sources),
              ),
            ),
          ),
        )
      : null;
    replace(
      content,
      h('div', { class: 'lineage-chain-wrap' }, chain),
      single ? h('p', { class: 'status-line' }, `${product.name} neither replaced nor was replaced by anything the graph knows of.`) : null,
      h(
        'div',
        { class: 'lineage-grid' },
        h(
          'div',
          null,
          product.description
            ? h('p', { class: 'details-description' }, h('strong', null, `${product.name}: `), product.description)
            : null,
          evidence,
        ),
        statusClaims(product.statusClaims, product.status),
      ),
    );
    panel.section.dataset.ready = 'true';
    panel.section.dataset.product = product.slug;
  }

  return { panel, load: () => show(current), show };
}
