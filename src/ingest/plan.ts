/**
 * From a validated Dataset to the exact rows the graph should hold: node properties per label and
 * relationships per type, each with its stable id. Pure: no database, so every rule here is
 * unit-testable. The importer (importer.ts) compares these rows with the graph and writes the
 * difference.
 */
import { LABELS, RELATIONSHIP_TYPES, RELATIONSHIPS, WRITE_ORDER, type Label, type RelationshipType } from '../model.js';
import type { DatasetConcept, DatasetOrganization, DatasetProduct } from './dataset.js';
import { foldName } from './fold.js';
import { linkEntries, type LinkLabel, type LinkOverride, type VocabularyItem } from './linker.js';
import { curatedIndex, emptyScope, planEntries, type Scope } from './entries.js';
import type { Dataset, DatasetIssue } from './load.js';

export type NodeLabel = Label;
export type RelType = RelationshipType;

/** Node labels in the order they are written, with the key property of each (from the graph model). */
export const NODE_LABELS: ReadonlyArray<{ label: NodeLabel; key: string }> = WRITE_ORDER.map((label) => ({
  label,
  key: LABELS[label].key,
}));

export const REL_TYPES: readonly RelType[] = RELATIONSHIP_TYPES;

export type Props = Record<string, string | number | boolean | string[] | number[]>;

interface NodeRow {
  key: string;
  props: Props;
}

export interface RelRow {
  id: string;
  type: RelType;
  from: string;
  fromLabel: NodeLabel;
  to: string;
  toLabel: NodeLabel;
  props: Props;
}

export interface ImportPlan {
  nodes: Map<NodeLabel, NodeRow[]>;
  relationships: RelRow[];
  /** Relationships in the graph that the import removes (listings gone, categories left, stale derived links), by type. */
  removed: Map<RelType, string[]>;
  /** Page entries no document lists any more: retired (kept as :RetiredEntry). */
  retired: string[];
  /** The page documents the import restates in full. */
  documents: string[];
}

/**
 * What the graph already holds that an input may refer to: an import of a Nubenetes page links
 * its entries to the products already there; a partial dataset file may name existing nodes.
 */
export interface KnownNodes {
  /** Products, concepts and organizations by id. */
  vocabulary: VocabularyItem[];
  entryIds: Set<string>;
  /** Curated entries already in the graph: their ids, and their ids by canonical URL. */
  curatedEntryIds: Set<string>;
  curatedEntryIdsByUrl: Map<string, string>;
  /**
   * The curated links of entries already in the graph (high-confidence ABOUT/COMPARES and
   * notAbout). An input that re-imports an entry without restating its entryLinks, such as a
   * Nubenetes page, keeps them instead of falling back to name matching alone.
   */
  entryLinks: Map<string, LinkOverride>;
}

const nothingKnown = (): KnownNodes => ({
  vocabulary: [],
  entryIds: new Set(),
  curatedEntryIds: new Set(),
  curatedEntryIdsByUrl: new Map(),
  entryLinks: new Map(),
});

export class PlanError extends Error {
  constructor(readonly issues: DatasetIssue[]) {
    super(issues.map((i) => `${i.file}:${i.line}: ${i.message}`).join('\n'));
    this.name = 'PlanError';
  }
}

/** Drops undefined and null so that "absent" has one representation. */
function clean(props: Record<string, unknown>): Props {
  const out: Props = {};
  for (const [k, v] of Object.entries(props)) if (v !== undefined && v !== null) out[k] = v as Props[string];
  return out;
}

function relationshipId(type: string, from: string, to: string): string {
  return `${type}:${from}:${to}`;
}

/** A topic's folded names (LOOKUP in src/model.ts): what search's ranking compares. */
export function foldedNames(name: string, aliases: readonly string[]) {
  return { nameFolded: foldName(name), aliasesFolded: aliases.map((a) => foldName(a)) };
}

/** An entry's folded title (`titleFolded` in src/model.ts): what search's ranking compares. */
export function foldedTitle(title: string): string {
  return foldName(title);
}

/**
 * An entry's sort keys (`sortYearAsc`, `sortYearDesc`, `sortTitle` in src/model.ts): what the
 * entries collection's orderings read from their indexes (src/graph/stores/entryStore.ts). An
 * entry without a year comes last in either direction.
 */
export function entrySortKeys(year: number | null | undefined, title: string) {
  return {
    sortYearAsc: year ?? 10000,
    sortYearDesc: year ?? -1,
    sortTitle: title.toLowerCase(),
  };
}

/** A topic's lookup properties (LOOKUP in src/model.ts). */
function lookupProps(name: string, aliases: string[]) {
  return {
    nameLower: name.toLowerCase(),
    aliasesLower: aliases.map((a) => a.toLowerCase()),
    ...foldedNames(name, aliases),
    aliasText: aliases.join(' | '),
  };
}

/**
 * Builds the plan. `known` lists nodes already in the graph that the input may refer to (an
 * import of a Nubenetes page links its entries to the products already there).
 */
/**
 * What the linker knows of curated products, concepts and organizations: names, aliases, the
 * addresses that are theirs (a product's homepage, repository and `urls`; an organization's
 * homepage) and a product's kind.
 */
export function vocabularyOf(dataset: {
  products: DatasetProduct[];
  concepts: DatasetConcept[];
  organizations: DatasetOrganization[];
}): VocabularyItem[] {
  return [
    ...dataset.products.map(
      (v): VocabularyItem => ({
        id: v.id,
        label: 'Product',
        name: v.name,
        aliases: v.aliases,
        productType: v.productType,
        urls: [v.homepage, v.repository, ...v.urls].filter((u): u is string => u !== undefined),
      }),
    ),
    ...dataset.concepts.map((v): VocabularyItem => ({ id: v.id, label: 'Concept', name: v.name, aliases: v.aliases })),
    ...dataset.organizations.map(
      (v): VocabularyItem => ({ id: v.id, label: 'Organization', name: v.name, aliases: v.aliases, urls: v.homepage ? [v.homepage] : [] }),
    ),
  ];
}

export function planImport(dataset: Dataset, known: KnownNodes = nothingKnown(), scope: Scope = emptyScope()): ImportPlan {
  const issues: DatasetIssue[] = [];
  const nodes = new Map<NodeLabel, NodeRow[]>(NODE_LABELS.map(({ label }) => [label, []]));
  const relationships: RelRow[] = [];
  const push = (label: NodeLabel, key: string, props: Record<string, unknown>) => nodes.get(label)!.push({ key, props: clean(props) });

  // Every product, concept and organization the input may name: the graph's, overridden by the input's own.
  const vocabularyById = new Map<string, VocabularyItem>(known.vocabulary.map((v) => [v.id, v]));
  for (const item of vocabularyOf({
    products: dataset.products.map((p) => p.value),
    concepts: dataset.concepts.map((c) => c.value),
    organizations: dataset.organizations.map((o) => o.value),
  }))
    vocabularyById.set(item.id, item);
  const labels = new Map<string, LinkLabel>([...vocabularyById].map(([id, v]) => [id, v.label]));
  const entryIds = new Set([...known.entryIds, ...dataset.entries.map((e) => e.value.id)]);

  // Sources: the records given, plus any URL cited without one (titled by its address).
  const sourceTitles = new Map(dataset.sources.map((s) => [s.value.url, s.value]));
  const cited = new Set<string>();
  const checkSources = (sources: string[], origin: { file: string; line: number }, what: string) => {
    for (const s of sources) {
      if (/^https?:\/\//.test(s)) cited.add(s);
      else if (!entryIds.has(s)) issues.push({ ...origin, message: `${what} cites "${s}", which is neither a URL nor a known entry id` });
    }
  };

  for (const { value: p, origin } of dataset.products) {
    push('Product', p.id, {
      id: p.id,
      name: p.name,
      aliases: p.aliases,
      status: p.status,
      productType: p.productType,
      description: p.description,
      homepage: p.homepage,
      repository: p.repository,
      urls: p.urls,
      languages: p.languages,
      license: p.license,
      firstRelease: p.firstRelease,
      lastRelease: p.lastRelease,
      ...lookupProps(p.name, p.aliases),
    });
    if (p.statusClaims.length > 0 && !p.statusClaims.some((c) => c.status === p.status)) {
      issues.push({ ...origin, message: `product "${p.id}" has status "${p.status}" but none of its statusClaims claims it` });
    }
    for (const claim of p.statusClaims) {
      const id = `${p.id}:${claim.status}:${claim.since ?? 'undated'}`;
      checkSources(claim.sources, origin, `status claim ${id}`);
      push('StatusClaim', id, { id, status: claim.status, since: claim.since, note: claim.note, sources: claim.sources });
      relationships.push({
        id: relationshipId('HAS_STATUS_CLAIM', p.id, id),
        type: 'HAS_STATUS_CLAIM',
        from: p.id,
        fromLabel: 'Product',
        to: id,
        toLabel: 'StatusClaim',
        props: { id: relationshipId('HAS_STATUS_CLAIM', p.id, id) },
      });
    }
  }
  for (const { value: c } of dataset.concepts) {
    push('Concept', c.id, { id: c.id, name: c.name, aliases: c.aliases, definition: c.definition, ...lookupProps(c.name, c.aliases) });
  }
  for (const { value: o } of dataset.organizations) {
    push('Organization', o.id, {
      id: o.id,
      name: o.name,
      aliases: o.aliases,
      orgType: o.orgType,
      homepage: o.homepage,
      ...lookupProps(o.name, o.aliases),
    });
  }

  // Entries: curated ones and page listings, one per resource; the documents that list them.
  const entryPlan = planEntries(dataset, curatedIndex(dataset, known, issues), scope, issues);
  const entries = entryPlan.entries;
  for (const e of entries) entryIds.add(e.id);
  for (const d of dataset.documents) {
    if (d.format !== 'markdown' && d.format !== 'text') continue;
    const edition = /^(v\d+)\//.exec(d.path)?.[1];
    push('Document', d.path, { path: d.path, edition, format: d.format, title: d.title });
  }

  // Categories: every category an entry is in, and its ancestors (ids are hierarchical), linked child → parent.
  const categories = new Map<string, string[]>();
  for (const entry of entries) {
    for (const { id, path } of entry.categories) {
      const segments = id.split('/');
      for (let depth = 1; depth <= segments.length; depth += 1) {
        const prefix = segments.slice(0, depth).join('/');
        if (!categories.has(prefix)) categories.set(prefix, path.slice(0, depth));
      }
    }
  }
  for (const [id, path] of [...categories].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    push('Category', id, { id, name: path[path.length - 1], path, pathKey: id, depth: path.length });
    if (path.length > 1) {
      const parent = id.split('/').slice(0, -1).join('/');
      const rid = relationshipId('SUBCATEGORY_OF', id, parent);
      relationships.push({
        id: rid,
        type: 'SUBCATEGORY_OF',
        from: id,
        fromLabel: 'Category',
        to: parent,
        toLabel: 'Category',
        props: { id: rid },
      });
    }
  }

  /** Relationship ids the plan wants, of the kinds a page import may remove. */
  const wanted = new Set<string>();

  // Curated links: the input's own entryLinks, else those the graph already holds for the entry.
  const overrides = new Map<string, LinkOverride>(known.entryLinks);
  for (const { value: l } of dataset.entryLinks) overrides.set(l.entry, { about: l.about, compares: l.compares, notAbout: l.notAbout });
  for (const entry of entries) {
    if (entry.props) {
      const excluded = overrides.get(entry.id)?.notAbout ?? [];
      push('Entry', entry.id, {
        ...entry.props,
        titleFolded: foldedTitle(String(entry.props.title)),
        ...entrySortKeys(entry.props.year as number | undefined, String(entry.props.title)),
        notAbout: excluded.length > 0 ? excluded : undefined,
      });
    }
    for (const category of entry.categories) {
      const rid = relationshipId('IN_CATEGORY', entry.id, category.id);
      wanted.add(rid);
      relationships.push({
        id: rid,
        type: 'IN_CATEGORY',
        from: entry.id,
        fromLabel: 'Entry',
        to: category.id,
        toLabel: 'Category',
        props: { id: rid },
      });
    }
    for (const { id, facts } of entry.listings) {
      // Stored lean (an import of a whole site holds ~26,000 of these in one transaction): the
      // category's path and the entry's URL live on those nodes; defaults are left out.
      const { categoryPath: _path, url: _url, rating, kinds, relatedUrls, ...stored } = facts;
      const props = clean({
        id,
        ...stored,
        rating: rating > 0 ? rating : undefined,
        kinds: kinds.length > 0 ? kinds : undefined,
        relatedUrls: relatedUrls.length > 0 ? relatedUrls : undefined,
      });
      relationships.push({ id, type: 'LISTED_IN', from: entry.id, fromLabel: 'Entry', to: facts.document, toLabel: 'Document', props });
    }
  }

  // Curated relationships, checked against the endpoint labels their type allows.
  const explicit = new Set<string>();
  for (const { value: r, origin } of dataset.relationships) {
    const allowed = RELATIONSHIPS[r.type];
    const fromLabel = r.type === 'ABOUT' || r.type === 'COMPARES' ? (entryIds.has(r.from) ? 'Entry' : undefined) : labels.get(r.from);
    const toLabel = labels.get(r.to);
    if (!fromLabel) issues.push({ ...origin, message: `${r.type}: unknown ${allowed.from.join(' or ')} "${r.from}"` });
    else if (!(allowed.from as readonly string[]).includes(fromLabel))
      issues.push({ ...origin, message: `${r.type} must start at a ${allowed.from.join(' or ')}, but "${r.from}" is a ${fromLabel}` });
    if (!toLabel) issues.push({ ...origin, message: `${r.type}: unknown ${allowed.to.join(' or ')} "${r.to}"` });
    else if (!(allowed.to as readonly string[]).includes(toLabel))
      issues.push({ ...origin, message: `${r.type} must end at a ${allowed.to.join(' or ')}, but "${r.to}" is a ${toLabel}` });
    checkSources(r.sources, origin, `${r.type} ${r.from} → ${r.to}`);
    if (!fromLabel || !toLabel) continue;
    const id = relationshipId(r.type, r.from, r.to);
    explicit.add(id);
    relationships.push({
      id,
      type: r.type,
      from: r.from,
      fromLabel,
      to: r.to,
      toLabel,
      props: clean({
        id,
        kind: r.kind,
        role: r.role,
        maturity: r.maturity,
        since: r.since,
        until: r.until,
        confidence: r.confidence,
        note: r.note,
        sources: r.sources,
      }),
    });
  }

  // Entry links: curated entryLinks, then name matching over titles and summaries.
  const vocabulary = [...vocabularyById.values()];
  for (const { value: l, origin } of dataset.entryLinks) {
    if (!entryIds.has(l.entry)) issues.push({ ...origin, message: `entryLinks names unknown entry "${l.entry}"` });
    for (const id of [...l.about, ...l.compares, ...l.notAbout]) {
      if (!labels.has(id))
        issues.push({ ...origin, message: `entryLinks for "${l.entry}" names unknown product, concept or organization "${id}"` });
    }
  }
  const linkable = entries.flatMap((e) => (e.linkable ? [{ id: e.id, ...e.linkable }] : []));
  for (const link of linkEntries(linkable, vocabulary, overrides)) {
    const id = relationshipId(link.type, link.entryId, link.targetId);
    wanted.add(id);
    if (explicit.has(id)) continue;
    relationships.push({
      id,
      type: link.type,
      from: link.entryId,
      fromLabel: 'Entry',
      to: link.targetId,
      toLabel: link.targetLabel,
      props: { id, confidence: link.confidence, sources: [link.entryId] },
    });
  }

  for (const url of [...cited].sort()) {
    const record = sourceTitles.get(url);
    push('Source', url, {
      url,
      title: record?.title ?? url.replace(/^https?:\/\//, ''),
      publisher: record?.publisher ?? new URL(url).hostname.replace(/^www\./, ''),
    });
  }
  for (const [url, record] of sourceTitles) {
    if (!cited.has(url))
      push('Source', url, { url, title: record.title, publisher: record.publisher ?? new URL(url).hostname.replace(/^www\./, '') });
  }

  // What the graph holds in scope that the import no longer wants: listings of restated documents
  // that are gone, categories no listing gives any more, name matches the current text no longer makes.
  const relinked = new Set(entries.filter((e) => e.linkable !== null).map((e) => e.id));
  const retired = new Set(entryPlan.retired);
  const plannedIds = new Set(entries.map((e) => e.id));
  const removed = new Map<RelType, string[]>([
    ['LISTED_IN', entryPlan.removed.LISTED_IN],
    ['IN_CATEGORY', []],
    ['ABOUT', []],
    ['COMPARES', []],
  ]);
  for (const [entryId, held] of scope.entries) {
    if (!plannedIds.has(entryId) && !retired.has(entryId)) continue;
    for (const rid of held.inCategory) if (!wanted.has(rid)) removed.get('IN_CATEGORY')!.push(rid);
    if (relinked.has(entryId) || retired.has(entryId)) {
      for (const link of held.derivedLinks) if (!wanted.has(link.id)) removed.get(link.type)!.push(link.id);
    }
  }

  if (issues.length > 0) throw new PlanError(issues);
  return { nodes, relationships, removed, retired: entryPlan.retired, documents: entryPlan.documents };
}
