/**
 * Writes the graph back out in the dataset format, so that import → export → import is lossless:
 * the second import finds nothing to change. Derived data (categories, IN_CATEGORY, lookup
 * properties) is not written: the importer derives it again from the entries.
 */
import { stringify } from 'yaml';
import { cypher, type Graph, type Row } from '../graph/graph.js';
import { curatedProperties, RELATIONSHIPS, STATED_TYPES, type Label } from '../model.js';
import { DatasetFileSchema, type DatasetFile } from './dataset.js';

/** A Cypher map projection of the properties dataset files state for `label` (from the graph model), plus `extra` items. */
const project = (label: Label, variable: string, ...extra: string[]): string =>
  `${variable} {${[...curatedProperties(label).map((p) => `.${p}`), ...extra].join(', ')}}`;

/** The properties curated relationship types carry besides id (from the graph model). */
const relationshipProperties = [
  ...new Set(STATED_TYPES.flatMap((t) => RELATIONSHIPS[t].properties)),
  'since',
  'until',
  'confidence',
  'note',
  'sources',
];

const exportEntries = cypher(
  'export:entries',
  `MATCH (e:Entry) WHERE NOT $curated OR coalesce(e.curated, true)
   RETURN ${project('Entry', 'e', '.notAbout', 'categories: COLLECT { MATCH (e)-[:IN_CATEGORY]->(c:Category) RETURN c {.id, .path} ORDER BY c.id <> e.categoryId, c.id }')} AS e
   ORDER BY e.id`,
);
const exportProducts = cypher(
  'export:products',
  `MATCH (p:Product)
   OPTIONAL MATCH (p)-[:HAS_STATUS_CLAIM]->(c:StatusClaim)
   WITH p, c ORDER BY c.id
   WITH p, collect(c {.status, .since, .note, .sources}) AS claims
   RETURN ${project('Product', 'p')} AS p, claims
   ORDER BY p.id`,
);
const exportConcepts = cypher('export:concepts', `MATCH (c:Concept) RETURN ${project('Concept', 'c')} AS c ORDER BY c.id`);
const exportOrganizations = cypher(
  'export:organizations',
  `MATCH (o:Organization) RETURN ${project('Organization', 'o')} AS o ORDER BY o.id`,
);
const exportSources = cypher('export:sources', `MATCH (s:Source) RETURN ${project('Source', 's')} AS s ORDER BY s.url`);
const exportRelationships = cypher(
  'export:relationships',
  `MATCH (a)-[r]->(b) WHERE type(r) IN $types
     AND (NOT $curated OR NOT type(r) IN ['ABOUT', 'COMPARES'] OR (r.confidence = 'high' AND coalesce(a.curated, true)))
   RETURN type(r) AS type, a.id AS from, b.id AS to, r {${relationshipProperties.map((p) => `.${p}`).join(', ')}} AS r
   ORDER BY type, from, to`,
);

function withoutNulls<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined)) as T;
}

/**
 * The whole graph as one dataset file (validated before it is returned). `curated`: only what
 * curated datasets state, without page entries, page categories, page descriptions or name matches.
 */
export async function exportDataset(graph: Graph, options: { curated?: boolean } = {}): Promise<DatasetFile> {
  const curatedOnly = options.curated ?? false;
  const [entries, products, concepts, organizations, sources, relationships] = await Promise.all([
    graph.read(exportEntries, { curated: curatedOnly }),
    graph.read(exportProducts),
    graph.read(exportConcepts),
    graph.read(exportOrganizations),
    graph.read(exportSources),
    graph.read(exportRelationships, { types: STATED_TYPES, curated: curatedOnly }),
  ]);
  const entryLinks = entries
    .map((r: Row) => r.e as { id: string; notAbout?: string[] | null })
    .filter((e) => e.notAbout && e.notAbout.length > 0)
    .map((e) => ({ entry: e.id, about: [], compares: [], notAbout: e.notAbout! }));
  const file = {
    meshgraph: 1,
    entries: entries.map((r) => {
      const {
        notAbout: _ignored,
        categories,
        curated,
        relatedUrls,
        ...rest
      } = r.e as Record<string, unknown> & { categories: unknown[]; relatedUrls: unknown[] | null };
      return withoutNulls({
        ...rest,
        ...(relatedUrls && relatedUrls.length > 0 ? { relatedUrls } : {}),
        // Curated entries in one category need no list; page entries always carry theirs, with ids.
        // The curated export keeps an entry's own category only: the others are what pages say.
        ...(!curatedOnly && (curated === false || categories.length > 1) ? { categories } : {}),
        ...(curated === false ? { curated: false } : {}),
      });
    }),
    products: products.map((r) => ({
      ...withoutNulls(r.p as Record<string, unknown>),
      statusClaims: (r.claims as Array<Record<string, unknown>>).map(withoutNulls),
    })),
    concepts: concepts.map((r) => withoutNulls(r.c as Record<string, unknown>)),
    organizations: organizations.map((r) => withoutNulls(r.o as Record<string, unknown>)),
    sources: sources.map((r) => withoutNulls(r.s as Record<string, unknown>)),
    relationships: relationships.map((r) => withoutNulls({ type: r.type, from: r.from, to: r.to, ...(r.r as Record<string, unknown>) })),
    entryLinks,
  };
  return DatasetFileSchema.parse(file);
}

export function datasetToYaml(file: DatasetFile): string {
  return `# meshgraph dataset (npm run export). Import it with: npm run import -- <this file>\n${stringify(file, { lineWidth: 0, aliasDuplicateObjects: false })}`;
}
