/**
 * The two contenders meshgraph is measured against, each run in its own process by bench/peer.ts
 * (so the CPU time of each server is its own):
 *
 *   tsx bench/peer-servers.ts peer   the Neo4j GraphQL Library 7 on graphql-yoga, with type
 *                                    definitions over meshgraph's graph model (labels and
 *                                    relationship types as docs/graph-model.md states them)
 *   tsx bench/peer-servers.ts raw    one hand-written parameterised Cypher statement per scenario
 *                                    on a bare node:http handler: the floor
 *   tsx bench/peer-servers.ts bare   a bare node:http handler returning fixed bytes: for
 *                                    `GET /<scenario>`, the body and content type of meshgraph's
 *                                    cached answer, read from the JSON file BARE_RESPONSES names
 *                                    (the ceiling a cached read is measured against)
 *
 * All read PORT (0: any free port) and print `listening <port>` when ready. The first two read
 * NEO4J_URI and use the same neo4j-driver as meshgraph, with TCP_NODELAY on its sockets like
 * meshgraph's graph layer, so the driver is not what differs; and, like meshgraph's compiled
 * build, without source-mapped stack traces.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Neo4jGraphQL } from '@neo4j/graphql';
import { createYoga } from 'graphql-yoga';
import neo4j from 'neo4j-driver';
import { useTcpNoDelayForBolt } from '../src/graph/no-delay.js';
import { PATH_CYPHER_BODY, SCENARIOS } from './peer-scenarios.js';

/** meshgraph's graph model in the Neo4j GraphQL Library's terms: only what the scenarios read. */
export const PEER_TYPE_DEFS = /* GraphQL */ `
  type Product
    @node
    @fulltext(indexes: [{ indexName: "product_search", queryName: "productsSearch", fields: ["name", "aliasText", "description"] }]) {
    id: ID!
    name: String!
    aliasText: String
    description: String
    uses: [Product!]! @relationship(type: "USES", direction: OUT)
    usedBy: [Product!]! @relationship(type: "USES", direction: IN)
    implements: [Concept!]! @relationship(type: "IMPLEMENTS", direction: OUT)
    successors: [Product!]!
      @cypher(statement: "MATCH (this)<-[:SUPERSEDES*1..10]-(s:Product) RETURN DISTINCT s", columnName: "s")
    pathTo(to: String!): [String!]!
      @cypher(
        statement: """
        MATCH (b:Product {nameLower: toLower($to)}) WITH this AS a, b
        ${PATH_CYPHER_BODY}
        """
        columnName: "hop"
      )
  }

  type Concept @node {
    id: ID!
    name: String!
    implementedBy: [Product!]! @relationship(type: "IMPLEMENTS", direction: IN)
    entries: [Entry!]! @relationship(type: "ABOUT", direction: IN)
  }

  type Organization @node {
    id: ID!
    name: String!
  }

  union Topic = Product | Concept | Organization

  type Category @node {
    id: ID!
    name: String!
  }

  type Entry @node {
    id: ID!
    title: String!
    year: Int
    about: [Topic!]! @relationship(type: "ABOUT", direction: OUT)
    category: Category @cypher(statement: "MATCH (c:Category {id: this.categoryId}) RETURN c", columnName: "c")
  }
`;

function driverFromEnv() {
  useTcpNoDelayForBolt();
  const uri = process.env.NEO4J_URI;
  if (!uri) throw new Error('NEO4J_URI is not set');
  return neo4j.driver(uri, neo4j.auth.basic(process.env.NEO4J_USER ?? 'neo4j', process.env.NEO4J_PASSWORD ?? ''), {
    disableLosslessIntegers: true,
  });
}

async function listen(server: ReturnType<typeof createServer>): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', resolve);
  });
  process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`);
}

async function servePeer(): Promise<void> {
  const driver = driverFromEnv();
  const neoSchema = new Neo4jGraphQL({ typeDefs: PEER_TYPE_DEFS, driver });
  const schema = await neoSchema.getSchema();
  // yoga's defaults, as a user of the library would start it (no logging per request).
  const yoga = createYoga({ schema, logging: false, graphiql: false });
  await listen(createServer(yoga));
}

/** POST /<scenario> with the statement's parameters as JSON → `{ "rows": [...] }`. */
async function serveRaw(): Promise<void> {
  const driver = driverFromEnv();
  const byPath = new Map(SCENARIOS.map((s) => [`/${encodeURIComponent(s.name)}`, s.raw.cypher]));
  const server = createServer((request, response) => {
    const cypher = byPath.get(request.url ?? '');
    if (!cypher || request.method !== 'POST') {
      response.writeHead(404).end();
      return;
    }
    const parts: Buffer[] = [];
    request.on('data', (chunk: Buffer) => parts.push(chunk));
    request.on('end', () => {
      const params = parts.length > 0 ? (JSON.parse(Buffer.concat(parts).toString('utf8')) as Record<string, unknown>) : {};
      driver
        .executeQuery(cypher, params, { database: process.env.NEO4J_DATABASE ?? 'neo4j', routing: neo4j.routing.READ })
        .then(({ records }) => {
          const body = JSON.stringify({ rows: records.map((r) => r.toObject()) });
          response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
        })
        .catch((error: unknown) => {
          const body = JSON.stringify({ error: String(error) });
          response.writeHead(500, { 'content-type': 'application/json' }).end(body);
        });
    });
  });
  await listen(server);
}

/** GET /<scenario> → the bytes BARE_RESPONSES holds for it, nothing else: no routing, parsing or caching. */
async function serveBare(): Promise<void> {
  const file = process.env.BARE_RESPONSES;
  if (!file) throw new Error('BARE_RESPONSES is not set');
  const entries = Object.entries(JSON.parse(readFileSync(file, 'utf8')) as Record<string, { contentType: string; body: string }>);
  const byPath = new Map(
    entries.map(([urlPath, { contentType, body }]) => {
      const bytes = Buffer.from(body, 'utf8');
      return [urlPath, { bytes, headers: { 'content-type': contentType, 'content-length': String(bytes.length) } }];
    }),
  );
  const server = createServer((request, response) => {
    const found = request.method === 'GET' ? byPath.get(request.url ?? '') : undefined;
    if (!found) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, found.headers).end(found.bytes);
  });
  await listen(server);
}

// tsx maps stack traces to the TypeScript sources, which makes every `error.stack` read costly, and
// the driver reads one per result. meshgraph runs compiled, without that: so do these.
process.setSourceMapsEnabled(false);

const role = process.argv[2];
if (role === 'peer') await servePeer();
else if (role === 'raw') await serveRaw();
else if (role === 'bare') await serveBare();
else {
  process.stderr.write(`usage: tsx bench/peer-servers.ts peer|raw|bare (got ${role})\n`);
  process.exit(2);
}
