/**
 * A synthetic graph shaped like meshgraph's, of any size, written through the Graph class in
 * batches (for bench/lineage-scale.ts).
 *
 * The graph is made of blocks of 100 nodes: 10 products, 1 concept, 2 organizations, 1 category
 * and 86 entries (roughly the mix of the real graph once pages are imported: mostly entries). The
 * relationships of a block reach only its own nodes and earlier blocks', so the graph of N blocks
 * is the first N blocks of any larger one: a graph is grown by writing more blocks.
 *
 * - Products form SUPERSEDES chains of five (p1→p0, p2→p1, p3→p2, p4→p3, and p4→p2: a merge, so
 *   one product is reached by two paths); each USES a hub (one of the first 50 products) and
 *   another product, IMPLEMENTS two concepts and is DEVELOPED_BY an organization.
 * - Categories form a tree (ten sub-headings under each); entries are IN_CATEGORY of one of them,
 *   ABOUT one product and every third one also ABOUT a concept.
 * - Every node carries every property the graph model (src/model.ts) requires, and the internal
 *   properties an import stores (lookup and folded names, entries' sort keys, pathKey), so the
 *   stores' row parsers accept them; curated relationships carry an id, a source (an entry of the
 *   block) and a confidence, like imported ones.
 *
 * Names are pseudo-words (consonant-vowel syllables, scattered by a bijective hash), distinct
 * across every kind, so a name lookup's full-text branch sees a realistic vocabulary rather than
 * one shared word.
 */
import { cypher, type Graph, type Row } from '../src/graph/graph.js';
import { entrySortKeys, foldedNames, foldedTitle } from '../src/ingest/plan.js';

export const NODES_PER_BLOCK = 100;
const PRODUCTS = 10;
const ORGANIZATIONS = 2;
const ENTRIES = 86;
const CHAIN = 5;

const CONSONANTS = 'bdfgklmnprstvz';
const VOWELS = 'aeiou';
const SYLLABLES = [...CONSONANTS].flatMap((c) => [...VOWELS].map((v) => c + v));
const WORDS = SYLLABLES.length ** 4;

/** A distinct pseudo-word for every n below WORDS (n ↦ n × odd prime mod WORDS is a bijection: the prime shares no factor with 70⁴). */
function word(n: number): string {
  let m = Number((BigInt(n) * 2654435761n) % BigInt(WORDS));
  let out = '';
  for (let i = 0; i < 4; i += 1) {
    out += SYLLABLES[m % SYLLABLES.length];
    m = Math.floor(m / SYLLABLES.length);
  }
  return out[0]!.toUpperCase() + out.slice(1);
}

/** Word spaces per kind, so no two nodes of any kind share a name. */
const productName = (k: number) => word(k);
const conceptName = (k: number) => word(5_000_000 + k);
const organizationName = (k: number) => word(6_000_000 + k);
const categoryName = (k: number) => `${word(7_000_000 + k)} section`;
const entryWord = (k: number) => word(8_000_000 + k);

/** A small deterministic hash, for spreading links over what exists. */
const spread = (n: number, salt: number) => (Math.imul(n ^ (salt * 0x5bd1e995), 0x9e3779b1) ^ (n * 7919)) >>> 0;

const productId = (k: number) => `bench-product-${k}`;
const conceptId = (k: number) => `bench-concept-${k}`;
const organizationId = (k: number) => `bench-org-${k}`;
const categoryId = (k: number) => `bench-category-${k}`;
const entryId = (k: number) => `bench-entry-${k}`;
/** Every seventh entry has no year, as most entries of imported pages have none; the others spread over 11 years. */
const entryYear = (k: number) => (k % 7 === 0 ? undefined : 2015 + (k % 11));

function categoryPath(k: number): string[] {
  const path = [categoryName(k)];
  for (let c = k; c > 0; ) {
    c = Math.floor((c - 1) / 10);
    path.unshift(categoryName(c));
  }
  return path;
}

interface Rel {
  from: string;
  to: string;
  props: Record<string, unknown>;
}

const curated = (type: string, from: string, to: string, source: string, extra: Record<string, unknown> = {}): Rel => ({
  from,
  to,
  props: { id: `${type}:${from}:${to}`, sources: [source], confidence: 'high', ...extra },
});
const link = (type: string, from: string, to: string): Rel => ({
  from,
  to,
  props: { id: `${type}:${from}:${to}`, sources: [], confidence: 'medium' },
});

interface Batch {
  products: Row[];
  concepts: Row[];
  organizations: Row[];
  categories: Row[];
  entries: Row[];
  supersedes: Rel[];
  uses: Rel[];
  implementsRels: Rel[];
  developedBy: Rel[];
  aboutProduct: Rel[];
  aboutConcept: Rel[];
  inCategory: Rel[];
  subcategoryOf: Rel[];
}

/** The nodes and relationships of blocks [from, to). */
function blocks(from: number, to: number): Batch {
  const batch: Batch = {
    products: [],
    concepts: [],
    organizations: [],
    categories: [],
    entries: [],
    supersedes: [],
    uses: [],
    implementsRels: [],
    developedBy: [],
    aboutProduct: [],
    aboutConcept: [],
    inCategory: [],
    subcategoryOf: [],
  };
  for (let b = from; b < to; b += 1) {
    const productsSoFar = PRODUCTS * (b + 1);
    const source = entryId(ENTRIES * b);
    batch.concepts.push(topic(conceptId(b), conceptName(b), { definition: `A synthetic idea of the field, number ${b}.` }));
    for (let o = ORGANIZATIONS * b; o < ORGANIZATIONS * (b + 1); o += 1)
      batch.organizations.push(
        topic(organizationId(o), organizationName(o), { orgType: o % 7 === 0 ? 'foundation' : 'company', homepage: null }),
      );
    const path = categoryPath(b);
    batch.categories.push({ id: categoryId(b), name: path.at(-1), path, pathKey: path.join(' / ').toLowerCase(), depth: path.length });
    if (b > 0) batch.subcategoryOf.push(link('SUBCATEGORY_OF', categoryId(b), categoryId(Math.floor((b - 1) / 10))));

    for (let k = PRODUCTS * b; k < productsSoFar; k += 1) {
      const name = productName(k);
      batch.products.push(
        topic(productId(k), name, {
          status: k % 9 === 0 ? 'archived' : 'active',
          productType: k % 3 === 0 ? 'proxy' : 'service-mesh',
          description: `A synthetic service mesh, number ${k}, for measuring lineage at scale.`,
          homepage: `https://${name.toLowerCase()}.example.org`,
          repository: null,
          urls: [],
          languages: k % 2 === 0 ? ['Go'] : ['Rust', 'C++'],
          license: 'Apache-2.0',
          firstRelease: String(2015 + (k % 10)),
          lastRelease: null,
        }),
      );
      const inChain = k % CHAIN;
      if (inChain > 0) batch.supersedes.push(curated('SUPERSEDES', productId(k), productId(k - 1), source, { kind: 'rewrite' }));
      if (inChain === CHAIN - 1) batch.supersedes.push(curated('SUPERSEDES', productId(k), productId(k - 2), source, { kind: 'merged' }));
      const hub = k % 50;
      const other = spread(k, 1) % productsSoFar;
      if (hub !== k && hub < productsSoFar) batch.uses.push(curated('USES', productId(k), productId(hub), source, { role: 'sidecar' }));
      if (other !== k && other !== hub) batch.uses.push(curated('USES', productId(k), productId(other), source, { role: 'control-plane' }));
      const c1 = k % Math.min(37, b + 1);
      const c2 = spread(k, 2) % (b + 1);
      batch.implementsRels.push(curated('IMPLEMENTS', productId(k), conceptId(c1), source));
      if (c2 !== c1) batch.implementsRels.push(curated('IMPLEMENTS', productId(k), conceptId(c2), source));
      batch.developedBy.push(
        curated('DEVELOPED_BY', productId(k), organizationId(spread(k, 3) % (ORGANIZATIONS * (b + 1))), source, { role: 'creator' }),
      );
    }

    for (let e = ENTRIES * b; e < ENTRIES * (b + 1); e += 1) {
      const about = spread(e, 4) % productsSoFar;
      const category = spread(e, 5) % (b + 1);
      const title = `${productName(about)} in practice: ${entryWord(e)} notes`;
      const year = entryYear(e);
      batch.entries.push({
        id: entryId(e),
        title,
        ...(year === undefined ? {} : { year }),
        titleFolded: foldedTitle(title),
        ...entrySortKeys(year, title),
        publisher: `bench${e % 97}.example.org`,
        url: `https://bench${e % 97}.example.org/${e}`,
        urlKey: `bench${e % 97}.example.org/${e}`,
        description: `A generated article about ${productName(about)}, number ${e}.`,
        curated: false,
        rating: e % 6,
        kinds: [],
        relatedUrls: [],
        categoryPath: categoryPath(category),
        categoryId: categoryId(category),
      });
      batch.aboutProduct.push(link('ABOUT', entryId(e), productId(about)));
      if (e % 3 === 0) batch.aboutConcept.push(link('ABOUT', entryId(e), conceptId(spread(e, 6) % (b + 1))));
      batch.inCategory.push(link('IN_CATEGORY', entryId(e), categoryId(category)));
    }
  }
  return batch;
}

/** A topic's node: its own properties and the lookup ones every topic carries. */
function topic(id: string, name: string, props: Record<string, unknown>): Row {
  const aliases = [`${name} Mesh`];
  return {
    id,
    name,
    aliases,
    ...props,
    nameLower: name.toLowerCase(),
    aliasesLower: aliases.map((a) => a.toLowerCase()),
    ...foldedNames(name, aliases),
    aliasText: aliases.join(' '),
  };
}

// Labels and relationship types are constants here, never input.
const createNodes = (label: string) => cypher(`bench:create${label}`, `UNWIND $rows AS row CREATE (n:${label} {id: row.id}) SET n += row`);
const createRels = (type: string, fromLabel: string, toLabel: string) =>
  cypher(
    `bench:create${type}:${toLabel}`,
    `UNWIND $rows AS row
     MATCH (a:${fromLabel} {id: row.from})
     MATCH (b:${toLabel} {id: row.to})
     CREATE (a)-[r:${type}]->(b) SET r = row.props
     RETURN count(r) AS created`,
  );

const NODE_WRITES = [
  ['Product', (b: Batch) => b.products],
  ['Concept', (b: Batch) => b.concepts],
  ['Organization', (b: Batch) => b.organizations],
  ['Category', (b: Batch) => b.categories],
  ['Entry', (b: Batch) => b.entries],
] as const;
const REL_WRITES = [
  [createRels('SUPERSEDES', 'Product', 'Product'), (b: Batch) => b.supersedes],
  [createRels('USES', 'Product', 'Product'), (b: Batch) => b.uses],
  [createRels('IMPLEMENTS', 'Product', 'Concept'), (b: Batch) => b.implementsRels],
  [createRels('DEVELOPED_BY', 'Product', 'Organization'), (b: Batch) => b.developedBy],
  [createRels('ABOUT', 'Entry', 'Product'), (b: Batch) => b.aboutProduct],
  [createRels('ABOUT', 'Entry', 'Concept'), (b: Batch) => b.aboutConcept],
  [createRels('IN_CATEGORY', 'Entry', 'Category'), (b: Batch) => b.inCategory],
  [createRels('SUBCATEGORY_OF', 'Category', 'Category'), (b: Batch) => b.subcategoryOf],
] as const;
const nodeStatements = NODE_WRITES.map(([label, pick]) => [createNodes(label), pick] as const);

export interface WriteReport {
  nodes: number;
  relationships: number;
  ms: number;
}

/**
 * Writes blocks [fromBlock, toBlock) of the synthetic graph, `blocksPerTransaction` blocks per
 * write transaction (100 blocks: 10,000 nodes and about 26,000 relationships).
 */
export async function writeSyntheticBlocks(
  graph: Graph,
  fromBlock: number,
  toBlock: number,
  blocksPerTransaction = 100,
  onProgress?: (done: number, total: number) => void,
): Promise<WriteReport> {
  const started = performance.now();
  let nodes = 0;
  let relationships = 0;
  for (let b = fromBlock; b < toBlock; b += blocksPerTransaction) {
    const batch = blocks(b, Math.min(toBlock, b + blocksPerTransaction));
    await graph.writeTransaction('bench:syntheticGraph', async (tx) => {
      for (const [statement, pick] of nodeStatements) {
        await tx.run(statement, { rows: pick(batch) });
        nodes += pick(batch).length;
      }
      for (const [statement, pick] of REL_WRITES) {
        const rows = pick(batch);
        if (rows.length === 0) continue;
        const created = Number((await tx.run(statement, { rows }))[0]?.created ?? 0);
        // Every end must exist already: a relationship left out would make the graph not the one described.
        if (created !== rows.length)
          throw new Error(`${statement.name}: created ${created} of ${rows.length} relationships (an end is missing)`);
        relationships += created;
      }
    });
    onProgress?.(Math.min(toBlock, b + blocksPerTransaction) - fromBlock, toBlock - fromBlock);
  }
  return { nodes, relationships, ms: performance.now() - started };
}

/** The product a lineage question asks about, and the names its answer must hold. */
export interface LineageProbe {
  name: string;
  successors: string[];
  predecessors: string[];
}

/**
 * `count` products spread evenly over the first `blocks` blocks, each the middle of its chain
 * (p2: succeeded by p3 and p4, preceded by p1 and p0), with the names their lineage must list.
 */
export function lineageProbes(blockCount: number, count: number): LineageProbe[] {
  const chains = (blockCount * PRODUCTS) / CHAIN;
  const probes: LineageProbe[] = [];
  for (let i = 0; i < count; i += 1) {
    const first = CHAIN * Math.floor((i * chains) / count);
    probes.push({
      name: productName(first + 2),
      successors: [productName(first + 3), productName(first + 4)].sort(),
      predecessors: [productName(first + 1), productName(first)].sort(),
    });
  }
  return probes;
}

/** Where an entry stands in the entries collection's default order (newest first): its sort key and id, for a cursor. */
export interface EntryPosition {
  key: number;
  id: string;
}

/** `count` entries spread evenly over a graph of `blockCount` blocks: cursors all over the collection. */
export function entryPositions(blockCount: number, count: number): EntryPosition[] {
  const entries = blockCount * ENTRIES;
  return Array.from({ length: count }, (_, i) => {
    const k = Math.floor((i * entries) / count);
    return { key: entryYear(k) ?? -1, id: entryId(k) };
  });
}
