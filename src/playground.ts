/**
 * What GraphiQL shows on first open: example operations a newcomer can run one by one.
 */
export const playgroundQuery = /* GraphQL */ `# Welcome to meshgraph: a knowledge graph of the service-mesh field.
# Pick an operation with the ▶ button. Open the docs (book icon) to explore every type.

query Service {
  service {
    neo4jVersion
    neo4jEdition
  }
}
`;
