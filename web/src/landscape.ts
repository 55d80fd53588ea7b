/**
 * "The landscape at a glance": totals and charts from the `landscape` view (the API's `stats`).
 * Totals are every number the view returns; charts are its distributions, each with a title and
 * chart kind chosen here (unknown distributions still render, as bars).
 */
import { fetchView, type Bucket, type LandscapeData, VIEWS } from './api.js';
import { chartFigure, type ChartKind, type Series } from './charts.js';
import { h, humanize, replace } from './dom.js';
import { createPanel } from './panel.js';

const LANDSCAPE_VIEW = VIEWS.landscape;

/** Totals: every number of `stats`; "entryCount" reads "entries". */
function totalLabel(key: string): string {
  const base = key.replace(/Count$/, '');
  const known: Record<string, string> = {
    entry: 'entries',
    product: 'products',
    concept: 'concepts',
    organization: 'organizations',
    category: 'categories',
    source: 'external sources',
    fact: 'curated facts',
    relationship: 'relationships',
  };
  return known[base] ?? humanize(base.replace(/([a-z])([A-Z])/g, '$1 $2'));
}

interface ChartSpec {
  title: string;
  kind: ChartKind;
  unit: string;
  wide?: boolean;
  /** Keep the view's order (years) instead of sorting by count. */
  keepOrder?: boolean;
  max?: number;
}

const CHARTS: Record<string, ChartSpec> = {
  entriesByYear: { title: 'Entries by year', kind: 'bar', unit: 'entries', wide: true, keepOrder: true },
  productsByStatus: { title: 'Products by status', kind: 'hbar', unit: 'products' },
  productsByType: { title: 'Products by type', kind: 'hbar', unit: 'products' },
  entriesByStability: { title: 'Entries by stability', kind: 'hbar', unit: 'entries' },
  entriesByContentLanguage: { title: 'Entries by content language', kind: 'hbar', unit: 'entries', max: 12 },
  entriesByTopCategory: { title: 'Entries by top-level category', kind: 'hbar', unit: 'entries' },
  entriesByLevel: { title: 'Entries by reader level', kind: 'doughnut', unit: 'entries' },
  mostReferencedProducts: { title: 'Most-referenced products', kind: 'hbar', unit: 'entry links', max: 10 },
  mostReferencedConcepts: { title: 'Most-referenced concepts', kind: 'hbar', unit: 'entry links', max: 10 },
};

function isBucketList(value: unknown): value is Bucket[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'object' && v !== null && 'count' in v);
}

function bucketLabel(item: Bucket): string {
  const named = item.product?.name ?? item.concept?.name ?? item.name;
  if (named) return named;
  const raw = item.year ?? item.value ?? item.key;
  if (raw === null || raw === undefined || raw === '') return 'not stated';
  return typeof raw === 'number' ? String(raw) : humanize(raw);
}

function toSeries(list: Bucket[], spec: ChartSpec): Series {
  const rows = list.map((item) => ({ label: bucketLabel(item), value: Number(item.count) || 0 }));
  if (!spec.keepOrder)
    rows.sort(
      (a, b) => b.value - a.value || Number(a.label === 'not stated') - Number(b.label === 'not stated') || a.label.localeCompare(b.label),
    );
  const shown = spec.max ? rows.slice(0, spec.max) : rows;
  return { labels: shown.map((r) => r.label), values: shown.map((r) => r.value) };
}

export function landscapePanel(options: { embedded: boolean }) {
  const panel = createPanel({
    view: LANDSCAPE_VIEW,
    title: 'The landscape at a glance',
    intro: 'What the graph holds: the reading list by year, stability, language and category, and the products by status and type.',
    embedded: options.embedded,
    className: 'panel-landscape',
  });

  async function load(): Promise<void> {
    panel.loading('Loading the landscape…');
    try {
      const data = await fetchView<LandscapeData>(LANDSCAPE_VIEW);
      render(data);
    } catch (error) {
      panel.error(error);
    }
  }

  function render(data: LandscapeData): void {
    const stats = data.stats ?? {};
    const totals = Object.entries(stats).filter(([, v]) => typeof v === 'number') as Array<[string, number]>;
    const tiles = h(
      'ul',
      { class: 'totals', 'aria-label': 'Totals' },
      totals.map(([key, value]) =>
        h(
          'li',
          { class: 'total', 'data-total': key },
          h('span', { class: 'total-value' }, value.toLocaleString('en')),
          h('span', { class: 'total-label' }, totalLabel(key)),
        ),
      ),
    );
    const known = Object.keys(CHARTS).filter((key) => isBucketList(stats[key]));
    const other = Object.keys(stats).filter((key) => !(key in CHARTS) && isBucketList(stats[key]));
    const figures = [...known, ...other].map((key) => {
      const spec = CHARTS[key] ?? { title: humanize(key), kind: 'hbar' as const, unit: 'items' };
      return chartFigure({ ...spec, series: toSeries(stats[key] as Bucket[], spec) }).figure;
    });
    replace(panel.body, tiles, h('div', { class: 'charts' }, figures));
    panel.section.removeAttribute('aria-busy');
    panel.section.dataset.ready = 'true';
  }

  return { panel, load };
}
