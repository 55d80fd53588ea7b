/**
 * The questions of the peer benchmark (issue 12), each asked three ways: of meshgraph, of the Neo4j
 * GraphQL Library over the same graph (bench/peer-servers.ts, its type definitions), and as one
 * hand-written parameterised Cypher statement on a bare node:http handler (the floor).
 *
 * Each scenario also says how to reduce each server's answer to one canonical value, so the
 * benchmark can check that the three give the same data before it times anything. Lists whose
 * order the question does not fix (a product's `uses`) are sorted; lists whose order it does fix
 * (entries newest first) are kept in order.
 */
import { searchLuceneQuery, queryWords } from '../src/graph/stores/searchStore.js';
import type { LoadRequest } from './support.js';

export type ServerName = 'meshgraph' | 'peer' | 'raw';

export interface Scenario {
  name: string;
  /** What the table shows as the query. */
  summary: string;
  meshgraph: { query: string; variables?: Record<string, unknown> };
  peer: { query: string; variables?: Record<string, unknown> };
  /** One statement; its parameters are the POST body. */
  raw: { cypher: string; params: Record<string, unknown> };
  /** Each server's `data` (raw: its rows) → the canonical answer. */
  canonical: Record<ServerName, (data: any) => unknown>;
}

const names = (list: Array<{ name: string }> | null | undefined) => (list ?? []).map((x) => x.name).sort();
const sortedBy = <T>(list: T[], key: (x: T) => string) => [...list].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));

/** The Lucene query meshgraph builds for "mtls" over products; the peer and the floor send the same text. */
const SEARCH_TEXT = 'mtls';
const productLucene = searchLuceneQuery(queryWords(SEARCH_TEXT), 'Product')!;

// meshgraph's path: allShortestPaths over these types, undirected, at most 4 hops, the first
// path in a stable order (fewest entry hops, then relationship ids). The peer's @cypher field and
// the floor use the same statement text.
export const PATH_CYPHER_BODY = `
  OPTIONAL MATCH p = allShortestPaths((a)-[:SUPERSEDES|USES|IMPLEMENTS|DEVELOPED_BY|HOSTED_BY|PART_OF|BASED_ON|INTEGRATES_WITH|ALTERNATIVE_TO|RELATED_TO|SUCCEEDS|ABOUT|COMPARES*..4]-(b))
  WITH p, size([r IN relationships(p) WHERE type(r) IN ['ABOUT', 'COMPARES']]) AS entryHops,
       reduce(k = '', r IN relationships(p) | k + r.id + '|') AS hopKey
  ORDER BY entryHops ASC, hopKey ASC
  WITH collect(p)[0] AS p
  UNWIND CASE WHEN p IS NULL THEN [] ELSE relationships(p) END AS r
  RETURN coalesce(startNode(r).name, startNode(r).title) + ' ' + type(r) + ' ' + coalesce(endNode(r).name, endNode(r).title) AS hop`;

export const SCENARIOS: Scenario[] = [
  {
    name: 'lookup',
    summary: 'product(name:"Istio") { name uses { product { name } } }',
    meshgraph: {
      query: 'query Lookup($name: String!) { product(name: $name) { name uses { product { name } } } }',
      variables: { name: 'Istio' },
    },
    peer: {
      query: 'query Lookup($name: String!) { products(where: { name: { eq: $name } }) { name uses { name } } }',
      variables: { name: 'Istio' },
    },
    raw: {
      cypher: `MATCH (p:Product {nameLower: toLower($name)})
               RETURN p.name AS name, [(p)-[:USES]->(u:Product) | u.name] AS uses`,
      params: { name: 'Istio' },
    },
    canonical: {
      meshgraph: (d) => ({ name: d.product.name, uses: names(d.product.uses.map((u: any) => u.product)) }),
      peer: (d) => ({ name: d.products[0].name, uses: names(d.products[0].uses) }),
      raw: (rows) => ({ name: rows[0].name, uses: [...rows[0].uses].sort() }),
    },
  },
  {
    name: 'lineage',
    summary: 'product(name:"Maesh") { name successors { product { name } } }',
    meshgraph: {
      query: 'query Lineage($name: String!) { product(name: $name) { name successors { product { name } } } }',
      variables: { name: 'Maesh' },
    },
    peer: {
      query: 'query Lineage($name: String!) { products(where: { name: { eq: $name } }) { name successors { name } } }',
      variables: { name: 'Maesh' },
    },
    raw: {
      cypher: `MATCH (p:Product {nameLower: toLower($name)})
               RETURN p.name AS name,
                      COLLECT { MATCH (p)<-[:SUPERSEDES*1..10]-(s:Product) RETURN DISTINCT s.name } AS successors`,
      params: { name: 'Maesh' },
    },
    canonical: {
      // A product reached by two chains is one step per relationship in meshgraph; the question is
      // which products replaced it, so all three are compared as sets of names.
      meshgraph: (d) => ({
        name: d.product.name,
        successors: [...new Set<string>(d.product.successors.map((s: any) => s.product.name))].sort(),
      }),
      peer: (d) => ({ name: d.products[0].name, successors: [...new Set(names(d.products[0].successors))].sort() }),
      raw: (rows) => ({ name: rows[0].name, successors: [...rows[0].successors].sort() }),
    },
  },
  {
    name: 'dashboard list',
    summary: 'entries(first:50) with about and category',
    meshgraph: {
      query: `query Dashboard { entries(first: 50) { edges { node { slug title year about { name } category { name } } } } }`,
    },
    // Newest first with entries without a year last (meshgraph's order): the peer sorts nulls
    // first on DESC, so it asks for entries with a year, of which there are more than 50.
    peer: {
      query: `query Dashboard { entries(limit: 50, where: { year: { gte: 0 } }, sort: [{ year: DESC }, { id: DESC }]) { id title year about { ... on Product { name } ... on Concept { name } ... on Organization { name } } category { name } } }`,
    },
    raw: {
      cypher: `MATCH (n:Entry)
               WITH n ORDER BY coalesce(n.year, -1) DESC, n.id DESC LIMIT 50
               RETURN n.id AS id, n.title AS title, n.year AS year,
                      [(n)-[:ABOUT]->(t) | t.name] AS about,
                      COLLECT { MATCH (c:Category {id: n.categoryId}) RETURN c.name }[0] AS category`,
      params: {},
    },
    canonical: {
      meshgraph: (d) =>
        d.entries.edges.map(({ node }: any) => ({
          id: node.slug,
          title: node.title,
          year: node.year,
          about: names(node.about),
          category: node.category.name,
        })),
      peer: (d) =>
        d.entries.map((e: any) => ({ id: e.id, title: e.title, year: e.year, about: names(e.about), category: e.category.name })),
      raw: (rows) => rows.map((r: any) => ({ id: r.id, title: r.title, year: r.year, about: [...r.about].sort(), category: r.category })),
    },
  },
  {
    name: 'fan-in',
    summary: 'product(name:"Envoy") { usedBy { product { name implements { concept { name } } } } }',
    meshgraph: {
      query: 'query FanIn($name: String!) { product(name: $name) { usedBy { product { name implements { concept { name } } } } } }',
      variables: { name: 'Envoy' },
    },
    peer: {
      query: 'query FanIn($name: String!) { products(where: { name: { eq: $name } }) { usedBy { name implements { name } } } }',
      variables: { name: 'Envoy' },
    },
    raw: {
      cypher: `MATCH (p:Product {nameLower: toLower($name)})
               RETURN [(p)<-[:USES]-(u:Product) | {name: u.name, implements: [(u)-[:IMPLEMENTS]->(c:Concept) | c.name]}] AS usedBy`,
      params: { name: 'Envoy' },
    },
    canonical: {
      meshgraph: (d) =>
        sortedBy(
          d.product.usedBy.map((u: any) => ({ name: u.product.name, implements: names(u.product.implements.map((i: any) => i.concept)) })),
          (x: any) => x.name,
        ),
      peer: (d) =>
        sortedBy(
          d.products[0].usedBy.map((u: any) => ({ name: u.name, implements: names(u.implements) })),
          (x: any) => x.name,
        ),
      raw: (rows) =>
        sortedBy(
          rows[0].usedBy.map((u: any) => ({ name: u.name, implements: [...u.implements].sort() })),
          (x: any) => x.name,
        ),
    },
  },
  {
    name: 'concept reading',
    summary: 'concept(name:"mTLS") { name implementedBy { product { name } } entries { title year } }',
    meshgraph: {
      query: 'query Concept($name: String!) { concept(name: $name) { name implementedBy { product { name } } entries { title year } } }',
      variables: { name: 'mTLS' },
    },
    peer: {
      query:
        'query Concept($name: String!) { concepts(where: { name: { eq: $name } }) { name implementedBy { name } entries { title year } } }',
      variables: { name: 'mTLS' },
    },
    raw: {
      cypher: `MATCH (c:Concept {nameLower: toLower($name)})
               RETURN c.name AS name, [(c)<-[:IMPLEMENTS]-(p:Product) | p.name] AS implementedBy,
                      [(c)<-[:ABOUT]-(e:Entry) | {title: e.title, year: e.year}] AS entries`,
      params: { name: 'mTLS' },
    },
    canonical: {
      meshgraph: (d) => ({
        name: d.concept.name,
        implementedBy: names(d.concept.implementedBy.map((i: any) => i.product)),
        entries: sortedBy(d.concept.entries, (e: any) => `${e.title}|${e.year}`),
      }),
      peer: (d) => ({
        name: d.concepts[0].name,
        implementedBy: names(d.concepts[0].implementedBy),
        entries: sortedBy(d.concepts[0].entries, (e: any) => `${e.title}|${e.year}`),
      }),
      raw: (rows) => ({
        name: rows[0].name,
        implementedBy: [...rows[0].implementedBy].sort(),
        entries: sortedBy(rows[0].entries, (e: any) => `${e.title}|${e.year}`),
      }),
    },
  },
  {
    name: 'search',
    summary: `search(query:"${SEARCH_TEXT}", types:[PRODUCT]) { edges { node { ... on Product { name } } } }`,
    meshgraph: {
      query: 'query Search($q: String!) { search(query: $q, types: [PRODUCT], first: 50) { edges { node { ... on Product { name } } } } }',
      variables: { q: SEARCH_TEXT },
    },
    // The peer through its @fulltext index, given the Lucene query meshgraph builds from the words.
    peer: {
      query: 'query Search($phrase: String!) { productsSearch(phrase: $phrase, first: 50) { edges { node { name } } } }',
      variables: { phrase: productLucene },
    },
    raw: {
      cypher: `CALL db.index.fulltext.queryNodes('product_search', $lucene, {limit: 50}) YIELD node, score
               RETURN node.name AS name ORDER BY score DESC`,
      params: { lucene: productLucene },
    },
    canonical: {
      // Rankings differ (meshgraph adds bonuses for exact names); the hits are the same set.
      meshgraph: (d) => d.search.edges.map((e: any) => e.node.name).sort(),
      peer: (d) => d.productsSearch.edges.map((e: any) => e.node.name).sort(),
      raw: (rows) => rows.map((r: any) => r.name).sort(),
    },
  },
  {
    name: 'path',
    summary: 'path(from:"Kourier", to:"Istio") { hops { relationshipType from to } }',
    meshgraph: {
      query: `query Path($from: String!, $to: String!) { path(from: $from, to: $to) { found hops { relationshipType source { ...N } target { ...N } } } }
              fragment N on PathNode { ... on Product { name } ... on Concept { name } ... on Organization { name } ... on Entry { title } ... on Category { name } }`,
      variables: { from: 'Kourier', to: 'Istio' },
    },
    peer: {
      query: 'query Path($from: String!, $to: String!) { products(where: { name: { eq: $from } }) { pathTo(to: $to) } }',
      variables: { from: 'Kourier', to: 'Istio' },
    },
    raw: {
      cypher: `MATCH (a:Product {nameLower: toLower($from)}), (b:Product {nameLower: toLower($to)}) ${PATH_CYPHER_BODY}`,
      params: { from: 'Kourier', to: 'Istio' },
    },
    canonical: {
      meshgraph: (d) =>
        d.path.hops.map((h: any) => `${h.source.name ?? h.source.title} ${h.relationshipType} ${h.target.name ?? h.target.title}`),
      peer: (d) => d.products[0].pathTo,
      raw: (rows) => rows.map((r: any) => r.hop),
    },
  },
];

/** What the benchmarks' clients accept: GraphQL over HTTP's media type first, JSON after. */
export const ACCEPT = 'application/graphql-response+json, application/json';
const HEADERS = { 'content-type': 'application/json', accept: ACCEPT };

/**
 * The scenario's question as `server` is asked it: a GraphQL POST on /graphql (meshgraph's query,
 * or the peer's), or the floor's parameters as the JSON body of `POST /<scenario name>`.
 */
export function scenarioRequest(scenario: Scenario, server: ServerName): LoadRequest {
  if (server === 'raw')
    return { method: 'POST', path: scenarioPath(scenario), body: JSON.stringify(scenario.raw.params), headers: HEADERS };
  const { query, variables } = scenario[server];
  return { method: 'POST', path: '/graphql', body: JSON.stringify({ query, variables: variables ?? {} }), headers: HEADERS };
}

/** Where the floor and the bare handler answer a scenario: `/<its name, URL-encoded>`. */
export function scenarioPath(scenario: Scenario): string {
  return `/${encodeURIComponent(scenario.name)}`;
}

const slug = (name: string) => name.replace(/\s+/g, '-');

/** The scenarios `--only` names (spaces as dashes); all when it names none. Throws when it names no known one. */
export function scenariosNamed(only: readonly string[]): Scenario[] {
  const scenarios = only.length > 0 ? SCENARIOS.filter((s) => only.includes(slug(s.name))) : SCENARIOS;
  if (scenarios.length === 0) throw new Error(`--only matches no scenario (known: ${SCENARIOS.map((s) => slug(s.name)).join(', ')})`);
  return scenarios;
}
