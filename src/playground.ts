/**
 * What GraphiQL shows on first open: example operations a newcomer can run one by one.
 * test/api/playground.test.ts runs every one of them against the bundled dataset.
 */
export const playgroundQuery = /* GraphQL */ `# Welcome to meshgraph: a knowledge graph of the service-mesh field.
# Pick an operation with the ▶ button. Open the docs (book icon) to explore every type.
# Every fact comes with its sources: entries of the graph or external pages with their URL.

# What replaced Maesh? (and what is the status of its successor, on whose word?)
query WhatReplacedMaesh {
  product(name: "Maesh") {
    name
    status
    supersededBy {
      product { name status }
      kind
      since
      note
      sources { __typename title url }
    }
    successors { depth kind since product { name } }
    statusClaims {
      status
      since
      note
      sources { __typename title url }
    }
  }
}

# Names are forgiving: any case, an id or an alias ("osm", "Consul Connect", "mutual TLS").
query WhatIsOsmBuiltOn {
  product(name: "osm") {
    name
    status
    uses { role product { name } sources { title url } }
    developedBy { role organization { name } }
    hostedBy { maturity since organization { name } }
    supersededBy { kind product { name } }
  }
}

# Which meshes use Envoy, and as what? Each fact with its sources.
query WhoUsesEnvoy {
  product(name: "Envoy") {
    usedBy { role since product { name status } sources { __typename title url } }
  }
}

# Which entries compare Istio and Linkerd, and how do the two differ?
query IstioVersusLinkerd {
  compare(products: ["Istio", "Linkerd"]) {
    entries { compares entry { title year publisher url } }
    products { name status languages license dataPlanes { name } }
    shared { name }
    differences { aspect }
  }
}

# Read about mTLS: what it is, who implements it, and the entries about it.
query ReadAboutMtls {
  concept(name: "mutual TLS") {
    name
    definition
    implementedBy { product { name productType } sources { title url } }
    entries { title year publisher url summary }
  }
}

# Entries about Linkerd from 2021 on, best rated first, a page at a time.
query ReadingAboutLinkerd($after: String) {
  entries(first: 10, after: $after, filter: { about: "Linkerd", yearFrom: 2021 }, orderBy: { field: RATING }) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      node {
        title
        year
        rating
        url
        categories { path }
        about { name }
      }
    }
  }
}

# One entry by the address of what it lists, as any page writes it, with every category that lists it.
query EntryByUrl {
  entry(url: "https://layer5.io/service-mesh-landscape/") {
    title
    summary
    curated
    categories { path }
    about { name }
  }
}

# Archived and dormant meshes.
query RetiredMeshes {
  archived: products(filter: { status: "archived" }) { edges { node { name supersededBy { product { name } kind } } } }
  dormant: products(filter: { status: "dormant" }) { edges { node { name statusClaims { status since note } } } }
}

# What each relationship type means, and from which kind of node to which.
query RelationshipTypes {
  relationshipTypes { type from to properties meaning }
}

query Service {
  service {
    neo4jVersion
    neo4jEdition
  }
}
`;
