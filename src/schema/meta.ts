/**
 * About the service itself: which Neo4j it talks to and how fresh the graph is.
 */
import { builder } from '../builder.js';

const ServiceInfo = builder.simpleObject('ServiceInfo', {
  description: 'The meshgraph service and the Neo4j server behind it.',
  fields: (t) => ({
    neo4jVersion: t.string({ description: 'Version of the Neo4j server the service is connected to, e.g. "5.26.30".' }),
    neo4jEdition: t.string({ description: 'Edition of that Neo4j server: "community" or "enterprise".' }),
  }),
});

builder.queryField('service', (t) =>
  t.field({
    type: ServiceInfo,
    description: 'Facts about this meshgraph service and the Neo4j server it reads from.',
    resolve: async (_root, _args, ctx) => {
      const info = await ctx.graph.serverInfo();
      return { neo4jVersion: info.version, neo4jEdition: info.edition };
    },
  }),
);
