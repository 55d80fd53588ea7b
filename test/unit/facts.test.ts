import { readdirSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { RELATIONSHIPS, type StatedRelationshipType } from '../../src/model.js';
import { describe, expect, it } from 'vitest';
import {
  DatasetFileSchema,
  type DatasetConcept,
  type DatasetEntry,
  type DatasetEntryLink,
  type DatasetOrganization,
  type DatasetProduct,
  type DatasetRelationship,
  type DatasetSource,
} from '../../src/ingest/dataset.js';

/**
 * The curated dataset as a whole: every `data/*.yaml` parsed with the dataset schema and merged,
 * then checked for referential integrity and against the checked lineage facts (the research
 * notes the dataset was curated from, with their sources), one table row per fact.
 */
const dataDir = new URL('../../data/', import.meta.url);
const files = readdirSync(dataDir)
  .filter((f) => f.endsWith('.yaml'))
  .sort();

interface Merged {
  entries: DatasetEntry[];
  products: DatasetProduct[];
  concepts: DatasetConcept[];
  organizations: DatasetOrganization[];
  sources: DatasetSource[];
  relationships: DatasetRelationship[];
  entryLinks: DatasetEntryLink[];
}

function loadAll(): Merged {
  const merged: Merged = {
    entries: [],
    products: [],
    concepts: [],
    organizations: [],
    sources: [],
    relationships: [],
    entryLinks: [],
  };
  for (const file of files) {
    const result = DatasetFileSchema.safeParse(parse(readFileSync(new URL(file, dataDir), 'utf8')));
    if (!result.success) throw new Error(`${file}: ${result.error.message}`);
    const d = result.data;
    merged.entries.push(...d.entries);
    merged.products.push(...d.products);
    merged.concepts.push(...d.concepts);
    merged.organizations.push(...d.organizations);
    merged.sources.push(...d.sources);
    merged.relationships.push(...d.relationships);
    merged.entryLinks.push(...d.entryLinks);
  }
  return merged;
}

const data = loadAll();
const isUrl = (s: string) => /^https?:\/\//.test(s);

type Label = 'Product' | 'Concept' | 'Organization' | 'Entry';
const labelOf = new Map<string, Label>();
for (const p of data.products) labelOf.set(p.id, 'Product');
for (const c of data.concepts) labelOf.set(c.id, 'Concept');
for (const o of data.organizations) labelOf.set(o.id, 'Organization');
const entryIds = new Set(data.entries.map((e) => e.id));

/** Every provenance list in the dataset, with where it sits (for readable failures). */
function allSourceLists(): Array<{ where: string; sources: string[] }> {
  const out: Array<{ where: string; sources: string[] }> = [];
  for (const p of data.products)
    for (const [i, c] of p.statusClaims.entries()) out.push({ where: `${p.id}.statusClaims[${i}]`, sources: c.sources });
  for (const r of data.relationships) out.push({ where: `${r.type} ${r.from}->${r.to}`, sources: r.sources });
  return out;
}

const edgesOf = (type: string, from: string, to: string) =>
  data.relationships.filter((r) => r.type === type && r.from === from && r.to === to);

describe('curated dataset: integrity', () => {
  it('loads every data file with the dataset schema', () => {
    expect(files).toEqual(expect.arrayContaining(['entries.yaml', 'products.yaml', 'concepts.yaml', 'relationships.yaml']));
    expect(data.products.length).toBeGreaterThanOrEqual(40);
    expect(data.concepts.length).toBeGreaterThanOrEqual(18);
    expect(data.organizations.length).toBeGreaterThanOrEqual(12);
  });

  it('has ids unique across products, concepts and organizations', () => {
    const ids = [...data.products, ...data.concepts, ...data.organizations].map((n) => n.id);
    const dupes = ids.filter((id, i) => ids.indexOf(id) !== i);
    expect(dupes).toEqual([]);
    const entryDupes = data.entries.map((e) => e.id).filter((id, i, a) => a.indexOf(id) !== i);
    expect(entryDupes).toEqual([]);
  });

  it('gives every relationship existing ends with the labels its type allows', () => {
    const problems: string[] = [];
    for (const r of data.relationships) {
      const allowed = RELATIONSHIPS[r.type];
      const fromLabel = labelOf.get(r.from) ?? (entryIds.has(r.from) ? 'Entry' : undefined);
      const toLabel = labelOf.get(r.to);
      if (!fromLabel || !(allowed.from as readonly string[]).includes(fromLabel))
        problems.push(`${r.type} ${r.from}->${r.to}: from is ${fromLabel ?? 'missing'}`);
      if (!toLabel || !(allowed.to as readonly string[]).includes(toLabel))
        problems.push(`${r.type} ${r.from}->${r.to}: to is ${toLabel ?? 'missing'}`);
      if (r.from === r.to) problems.push(`${r.type} ${r.from}->${r.to}: a loop`);
    }
    expect(problems).toEqual([]);
  });

  // The importer keys a relationship by type, from and to: a second role goes into the note.
  it('has no duplicate relationships', () => {
    const keys = data.relationships.map((r) => `${r.type} ${r.from} ${r.to}`);
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
  });

  it('cites only http(s) URLs or existing entry ids', () => {
    const bad: string[] = [];
    for (const { where, sources } of allSourceLists())
      for (const s of sources) if (!isUrl(s) && !entryIds.has(s)) bad.push(`${where}: ${s}`);
    expect(bad).toEqual([]);
  });

  it('has a sources record for every URL cited', () => {
    const known = new Set(data.sources.map((s) => s.url));
    const missing = new Set<string>();
    for (const { sources } of allSourceLists()) for (const s of sources) if (isUrl(s) && !known.has(s)) missing.add(s);
    expect([...missing]).toEqual([]);
    const dupes = data.sources.map((s) => s.url).filter((u, i, a) => a.indexOf(u) !== i);
    expect(dupes).toEqual([]);
  });

  it('has no SUPERSEDES cycles', () => {
    const next = new Map<string, string[]>();
    for (const r of data.relationships.filter((x) => x.type === 'SUPERSEDES')) next.set(r.from, [...(next.get(r.from) ?? []), r.to]);
    const state = new Map<string, 'open' | 'done'>();
    const cycles: string[] = [];
    const visit = (id: string, path: string[]) => {
      if (state.get(id) === 'done') return;
      if (state.get(id) === 'open') {
        cycles.push([...path, id].join(' -> '));
        return;
      }
      state.set(id, 'open');
      for (const n of next.get(id) ?? []) visit(n, [...path, id]);
      state.set(id, 'done');
    };
    for (const id of next.keys()) visit(id, []);
    expect(cycles).toEqual([]);
  });

  it("sets each product's status to one its claims make, when it has claims", () => {
    const bad = data.products
      .filter((p) => p.statusClaims.length > 0 && !p.statusClaims.some((c) => c.status === p.status))
      .map((p) => `${p.id}: ${p.status} not in [${p.statusClaims.map((c) => c.status).join(', ')}]`);
    expect(bad).toEqual([]);
  });

  it('links entries only to existing entries and nodes', () => {
    const bad: string[] = [];
    for (const l of data.entryLinks) {
      if (!entryIds.has(l.entry)) bad.push(`unknown entry ${l.entry}`);
      for (const id of [...l.about, ...l.notAbout]) if (!labelOf.has(id)) bad.push(`${l.entry}: unknown node ${id}`);
      for (const id of l.compares) {
        const label = labelOf.get(id);
        if (label !== 'Product' && label !== 'Concept') bad.push(`${l.entry}: cannot compare ${id} (${label ?? 'missing'})`);
      }
      for (const id of l.notAbout) if (l.about.includes(id)) bad.push(`${l.entry}: ${id} both about and notAbout`);
    }
    const linked = data.entryLinks.map((l) => l.entry);
    expect(linked.filter((e, i) => linked.indexOf(e) !== i)).toEqual([]);
    expect(bad).toEqual([]);
  });
});

/**
 * One row per checked lineage fact (numbers refer to the rows of lineage-facts.md; rows without a
 * number come from its "Further products" table or from the mapping the facts imply). Each row
 * names the edge, the attributes it must carry and one source that must be among its sources.
 */
interface EdgeExpectation {
  kind?: string;
  role?: string;
  maturity?: string;
  since?: string;
  confidence?: 'high' | 'medium' | 'low';
  source: string;
}
type LineageRow = [fact: string, type: StatedRelationshipType, from: string, to: string, expected: EdgeExpectation];

const LANDSCAPE = 'https://github.com/cncf/landscape/blob/master/landscape.yml';
const OSSM_MIGRATION =
  'https://docs.redhat.com/en/documentation/red_hat_openshift_service_mesh/3.0/html/migrating_from_service_mesh_2_to_service_mesh_3/before-migrating';
const KGATEWAY_BLOG = 'https://www.solo.io/blog/donating-gloo-gateway-to-the-cncf-introducing-kgateway-and-advancing-cloud-connectivity';
const CSM_FEATURES = 'https://cloud.google.com/service-mesh/v1.25/docs/service-routing/features';

const lineage: LineageRow[] = [
  [
    '#1 i3o renamed to Maesh',
    'SUPERSEDES',
    'maesh',
    'i3o',
    { kind: 'renamed', since: '2019-07-31', source: 'https://github.com/traefik/mesh/commit/5318ea47' },
  ],
  [
    '#2 Maesh renamed to Traefik Mesh',
    'SUPERSEDES',
    'traefik-mesh',
    'maesh',
    { kind: 'renamed', since: '2020-09-16', source: 'https://github.com/traefik/mesh/commit/66f6556c' },
  ],
  [
    '#3 Containous renamed to Traefik Labs',
    'SUCCEEDS',
    'traefik-labs',
    'containous',
    { since: '2020-09-23', source: 'https://github.com/traefik/mesh/issues/729' },
  ],
  [
    '#4 Maesh runs Traefik per node',
    'USES',
    'maesh',
    'traefik-proxy',
    { role: 'per-node', since: '2019', source: 'https://traefik.io/blog/maesh-1-0-802f4be9a9a7/' },
  ],
  [
    '#4 Traefik Mesh runs Traefik per node',
    'USES',
    'traefik-mesh',
    'traefik-proxy',
    { role: 'per-node', source: 'https://github.com/traefik/mesh' },
  ],
  ['#5 Traefik Mesh implements SMI', 'INTEGRATES_WITH', 'traefik-mesh', 'smi', { source: 'https://github.com/traefik/mesh' }],
  ['#5 Maesh implements SMI', 'INTEGRATES_WITH', 'maesh', 'smi', { source: 'https://traefik.io/blog/maesh-1-0-802f4be9a9a7/' }],
  [
    '#7 Traefik Labs moves focus to Traefik Proxy with Istio',
    'INTEGRATES_WITH',
    'traefik-proxy',
    'istio',
    { since: '2026-02-24', source: 'https://github.com/traefik/mesh/issues/870' },
  ],
  [
    '#7 Traefik Labs moves focus to Traefik Proxy with Consul',
    'INTEGRATES_WITH',
    'traefik-proxy',
    'consul',
    { since: '2026-02-24', source: 'https://github.com/traefik/mesh/issues/870' },
  ],
  [
    '#8 OSM archived by the CNCF',
    'HOSTED_BY',
    'open-service-mesh',
    'cncf',
    { maturity: 'archived', since: '2023-06-30', source: LANDSCAPE },
  ],
  [
    '#9 Istio recommended over OSM',
    'SUPERSEDES',
    'istio',
    'open-service-mesh',
    { kind: 'recommended', since: '2023-05', source: 'https://openservicemesh.io/blog/osm-project-update/' },
  ],
  [
    '#10 Linkerd migration guide for OSM',
    'ALTERNATIVE_TO',
    'linkerd',
    'open-service-mesh',
    { since: '2023-05-26', source: 'https://linkerd.io/2023/05/26/migrating-from-openservicemesh-to-linkerd/' },
  ],
  [
    '#11 OSM uses Envoy sidecars',
    'USES',
    'open-service-mesh',
    'envoy',
    { role: 'sidecar', since: '2020', source: 'https://github.com/openservicemesh/osm' },
  ],
  [
    '#12 OSM created by Microsoft',
    'DEVELOPED_BY',
    'open-service-mesh',
    'microsoft',
    { role: 'creator', since: '2020-08', source: 'https://github.com/layer5io/layer5/blob/master/src/collections/landscape/timeline.js' },
  ],
  [
    '#13 FSM is a fork of OSM',
    'BASED_ON',
    'flomesh-service-mesh',
    'open-service-mesh',
    { role: 'fork', source: 'https://github.com/flomesh-io/fsm' },
  ],
  ['#14 FSM uses Pipy', 'USES', 'flomesh-service-mesh', 'pipy', { role: 'data-plane', source: 'https://github.com/flomesh-io/fsm' }],
  [
    '#15 Conduit merged into Linkerd 2.x',
    'SUPERSEDES',
    'linkerd',
    'conduit',
    { kind: 'merged', since: '2018-07', source: 'https://www.infoq.com/news/2018/07/conduit-merges-linkerd2/' },
  ],
  [
    '#16 Linkerd 2.x rewrite of Linkerd 1.x',
    'SUPERSEDES',
    'linkerd',
    'linkerd-1',
    { kind: 'rewrite', since: '2018-09-18', source: 'https://github.com/linkerd/linkerd2/tags' },
  ],
  ['#17 Linkerd 1.x built on Finagle', 'BASED_ON', 'linkerd-1', 'finagle', { source: 'https://github.com/linkerd/linkerd' }],
  ['#18 Linkerd uses its Rust proxy', 'USES', 'linkerd', 'linkerd2-proxy', { source: 'https://github.com/linkerd/linkerd2-proxy' }],
  ['#20 Linkerd graduated in the CNCF', 'HOSTED_BY', 'linkerd', 'cncf', { maturity: 'graduated', since: '2021-07-28', source: LANDSCAPE }],
  [
    '#21 Linkerd vendor Buoyant',
    'DEVELOPED_BY',
    'linkerd',
    'buoyant',
    { role: 'vendor', source: 'https://github.com/layer5io/layer5/blob/master/src/collections/landscape/timeline.js' },
  ],
  [
    '#22 Traffic Director renamed to Cloud Service Mesh',
    'SUPERSEDES',
    'cloud-service-mesh',
    'traffic-director',
    { kind: 'renamed', since: '2024', source: 'https://docs.cloud.google.com/service-mesh/docs/td-release-notes' },
  ],
  [
    '#23 Anthos Service Mesh merged into Cloud Service Mesh',
    'SUPERSEDES',
    'cloud-service-mesh',
    'anthos-service-mesh',
    { kind: 'merged', since: '2024', confidence: 'medium', source: 'https://cloud.google.com/service-mesh/versions' },
  ],
  ['#24 Cloud Service Mesh uses Envoy', 'USES', 'cloud-service-mesh', 'envoy', { source: CSM_FEATURES }],
  ['#24 Cloud Service Mesh uses proxyless gRPC', 'USES', 'cloud-service-mesh', 'grpc', { role: 'proxyless', source: CSM_FEATURES }],
  [
    '#25 Cloud Service Mesh is built on Istio',
    'BASED_ON',
    'cloud-service-mesh',
    'istio',
    { source: 'https://cloud.google.com/products/service-mesh' },
  ],
  [
    '#26 Gateway API is the standard successor of Ingress',
    'SUPERSEDES',
    'gateway-api',
    'kubernetes-ingress',
    { kind: 'standard', since: '2023-10-31', source: 'https://kubernetes.io/blog/2025/11/11/ingress-nginx-retirement/' },
  ],
  [
    '#28 InGate never replaced ingress-nginx',
    'ALTERNATIVE_TO',
    'ingate',
    'ingress-nginx',
    { source: 'https://github.com/kubernetes/ingress-nginx/issues/13002' },
  ],
  ['#31 ekglue serves CDS/EDS to Envoy', 'USES', 'ekglue', 'envoy', { role: 'xds-cds-eds', source: 'https://github.com/jrockway/ekglue' }],
  [
    '#32 Istio ambient mode GA',
    'IMPLEMENTS',
    'istio',
    'ambient-mesh',
    { since: '2024-11', source: 'https://istio.io/latest/blog/2024/ambient-reaches-ga/' },
  ],
  ['#33 ztunnel is part of Istio', 'PART_OF', 'ztunnel', 'istio', { source: 'https://istio.io/latest/docs/ambient/overview/' }],
  ['#33 ztunnel speaks HBONE', 'IMPLEMENTS', 'ztunnel', 'hbone', { source: 'https://istio.io/latest/docs/ops/ambient/usage/ztunnel/' }],
  ['#33 ztunnel does L4 mTLS', 'IMPLEMENTS', 'ztunnel', 'mtls', { source: 'https://istio.io/latest/docs/ops/ambient/usage/ztunnel/' }],
  ['#33 Istio ambient uses ztunnel', 'USES', 'istio', 'ztunnel', { source: 'https://istio.io/latest/docs/ambient/overview/' }],
  ['#34 waypoint proxy is Envoy', 'USES', 'waypoint-proxy', 'envoy', { source: 'https://istio.io/latest/blog/2023/rust-based-ztunnel/' }],
  [
    '#34 waypoint proxy is part of Istio',
    'PART_OF',
    'waypoint-proxy',
    'istio',
    { source: 'https://istio.io/latest/docs/ambient/overview/' },
  ],
  [
    '#35 Istio sidecar mode uses Envoy',
    'USES',
    'istio',
    'envoy',
    { role: 'sidecar', since: '2017', source: 'https://istio.io/latest/docs/overview/quickstart/' },
  ],
  [
    '#36 Mixer was part of Istio',
    'PART_OF',
    'mixer',
    'istio',
    { source: 'https://istio.io/latest/news/releases/1.8.x/announcing-1.8/upgrade-notes/' },
  ],
  [
    '#37 Telemetry V2 replaced Mixer',
    'SUPERSEDES',
    'telemetry-v2',
    'mixer',
    { kind: 'replaced', since: '2020', source: 'https://istio.io/latest/news/releases/1.8.x/announcing-1.8/upgrade-notes/' },
  ],
  [
    '#37 Telemetry V2 is part of Istio',
    'PART_OF',
    'telemetry-v2',
    'istio',
    { source: 'https://istio.io/latest/news/releases/1.8.x/announcing-1.8/upgrade-notes/' },
  ],
  [
    '#38 istiod is part of Istio',
    'PART_OF',
    'istiod',
    'istio',
    { source: 'https://istio.io/latest/news/releases/1.5.x/announcing-1.5/upgrade-notes/' },
  ],
  ['#39 Istio graduated in the CNCF', 'HOSTED_BY', 'istio', 'cncf', { maturity: 'graduated', since: '2023-07-12', source: LANDSCAPE }],
  [
    '#40 Consul Connect brings mTLS (Consul 1.2)',
    'IMPLEMENTS',
    'consul',
    'mtls',
    { since: '2018-06', source: 'https://www.hashicorp.com/blog/consul-1-2-service-mesh' },
  ],
  [
    '#42 Consul uses Envoy sidecars',
    'USES',
    'consul',
    'envoy',
    { role: 'sidecar', source: 'https://developer.hashicorp.com/consul/docs/connect' },
  ],
  [
    '#44 Kuma created by Kong',
    'DEVELOPED_BY',
    'kuma',
    'kong',
    { role: 'creator', since: '2019-09-10', source: 'https://github.com/kumahq/kuma' },
  ],
  ['#44 Kuma in the CNCF sandbox', 'HOSTED_BY', 'kuma', 'cncf', { maturity: 'sandbox', since: '2020-06-25', source: LANDSCAPE }],
  [
    '#45 Kong Mesh is Kuma commercial edition',
    'BASED_ON',
    'kong-mesh',
    'kuma',
    { role: 'commercial-edition', source: 'https://developer.konghq.com/mesh/architecture/' },
  ],
  ['#46 Kuma uses Envoy', 'USES', 'kuma', 'envoy', { role: 'data-plane', source: 'https://github.com/kumahq/kuma' }],
  [
    '#46 Kong Mesh uses Envoy',
    'USES',
    'kong-mesh',
    'envoy',
    { role: 'data-plane', source: 'https://developer.konghq.com/mesh/architecture/' },
  ],
  [
    '#47 SMI merged into GAMMA',
    'SUPERSEDES',
    'gamma',
    'smi',
    { kind: 'merged', since: '2022-07-13', source: 'https://smi-spec.io/blog/announcing-smi-gateway-api-gamma/' },
  ],
  ['#48 SMI archived by the CNCF', 'HOSTED_BY', 'smi', 'cncf', { maturity: 'archived', since: '2023-09-25', source: LANDSCAPE }],
  ['#49 GAMMA is part of the Gateway API', 'PART_OF', 'gamma', 'gateway-api', { source: 'https://gateway-api.sigs.k8s.io/mesh/gamma/' }],
  [
    '#50 Kourier created at 3scale',
    'DEVELOPED_BY',
    'kourier',
    '3scale',
    { role: 'creator', source: 'https://github.com/3scale-archive/kourier' },
  ],
  [
    '#50 Kourier maintained by Knative',
    'DEVELOPED_BY',
    'kourier',
    'knative',
    { role: 'maintainer', since: '2020-03-30', source: 'https://github.com/knative/net-kourier' },
  ],
  ['#51 Kourier uses Envoy', 'USES', 'kourier', 'envoy', { source: 'https://github.com/knative/net-kourier' }],
  ['#52 Contour uses Envoy', 'USES', 'contour', 'envoy', { source: 'https://github.com/projectcontour' }],
  [
    '#52 Contour incubating in the CNCF',
    'HOSTED_BY',
    'contour',
    'cncf',
    { maturity: 'incubating', since: '2020-07-07', source: LANDSCAPE },
  ],
  [
    '#53 OSSM 3 replaces OSSM 2',
    'SUPERSEDES',
    'openshift-service-mesh-3',
    'openshift-service-mesh-2',
    { kind: 'replaced', source: OSSM_MIGRATION },
  ],
  ['#53 OSSM 3 built on Istio', 'BASED_ON', 'openshift-service-mesh-3', 'istio', { role: 'distribution', source: OSSM_MIGRATION }],
  ['#53 OSSM 2 built on Maistra', 'BASED_ON', 'openshift-service-mesh-2', 'maistra', { role: 'distribution', source: OSSM_MIGRATION }],
  ['#53 Maistra is a midstream of Istio', 'BASED_ON', 'maistra', 'istio', { role: 'fork', source: OSSM_MIGRATION }],
  ['#53 OSSM 3 installed by the Sail Operator', 'USES', 'openshift-service-mesh-3', 'sail-operator', { source: OSSM_MIGRATION }],
  [
    '#54 Gloo Gateway renamed to kgateway',
    'SUPERSEDES',
    'kgateway',
    'gloo-gateway',
    { kind: 'renamed', since: '2024-11', source: KGATEWAY_BLOG },
  ],
  ['#54 kgateway in the CNCF sandbox', 'HOSTED_BY', 'kgateway', 'cncf', { maturity: 'sandbox', since: '2025-03-04', source: LANDSCAPE }],
  [
    '#55 ECS Service Connect recommended over App Mesh',
    'SUPERSEDES',
    'amazon-ecs-service-connect',
    'aws-app-mesh',
    { kind: 'recommended', source: 'https://docs.aws.amazon.com/app-mesh/latest/userguide/' },
  ],
  ['#55 App Mesh uses Envoy', 'USES', 'aws-app-mesh', 'envoy', { source: 'https://docs.aws.amazon.com/app-mesh/latest/userguide/' }],
  [
    '#56 Merbridge archived by the CNCF',
    'HOSTED_BY',
    'merbridge',
    'cncf',
    { maturity: 'archived', since: '2025-05-20', source: LANDSCAPE },
  ],
  [
    '#56 SMP archived by the CNCF',
    'HOSTED_BY',
    'service-mesh-performance',
    'cncf',
    { maturity: 'archived', since: '2025-09-16', source: LANDSCAPE },
  ],
  ['#57 Envoy graduated in the CNCF', 'HOSTED_BY', 'envoy', 'cncf', { maturity: 'graduated', since: '2018-11-28', source: LANDSCAPE }],
  ['Cilium graduated in the CNCF', 'HOSTED_BY', 'cilium', 'cncf', { maturity: 'graduated', since: '2023-10-11', source: LANDSCAPE }],
  [
    'Cilium runs Envoy per node',
    'USES',
    'cilium',
    'envoy',
    { role: 'per-node', source: 'https://docs.cilium.io/en/stable/network/servicemesh/envoy-config/' },
  ],
  ['Kmesh in the CNCF sandbox', 'HOSTED_BY', 'kmesh', 'cncf', { maturity: 'sandbox', since: '2024-10-17', source: LANDSCAPE }],
  ['Aeraki Mesh in the CNCF sandbox', 'HOSTED_BY', 'aeraki-mesh', 'cncf', { maturity: 'sandbox', since: '2022-06-17', source: LANDSCAPE }],
  ['Sermant in the CNCF sandbox', 'HOSTED_BY', 'sermant', 'cncf', { maturity: 'sandbox', since: '2024-10-09', source: LANDSCAPE }],
  [
    'Network Service Mesh in the CNCF sandbox',
    'HOSTED_BY',
    'network-service-mesh',
    'cncf',
    { maturity: 'sandbox', since: '2019-04-11', source: LANDSCAPE },
  ],
  [
    'Gloo Mesh is an Istio commercial edition',
    'BASED_ON',
    'gloo-mesh',
    'istio',
    { role: 'commercial-edition', source: 'why-the-control-plane-matters-control-planes-are-different-2022' },
  ],
];

describe('curated dataset: checked lineage facts', () => {
  it.each(lineage)('%s', (_fact, type, from, to, expected) => {
    const candidates = edgesOf(type, from, to).filter((r) => expected.role === undefined || r.role === expected.role);
    expect(candidates, `${type} ${from}->${to}${expected.role ? ` (${expected.role})` : ''}`).toHaveLength(1);
    const edge = candidates[0]!;
    if (expected.kind !== undefined) expect(edge.kind).toBe(expected.kind);
    if (expected.maturity !== undefined) expect(edge.maturity).toBe(expected.maturity);
    if (expected.since !== undefined) expect(edge.since).toBe(expected.since);
    expect(edge.confidence).toBe(expected.confidence ?? 'high');
    expect(edge.sources).toContain(expected.source);
  });
});

/** Status facts: [fact, product, status, since, a source the claim must cite]. */
type StatusRow = [fact: string, product: string, status: string, since: string | undefined, source: string];
const statusFacts: StatusRow[] = [
  ['#1 i3o renamed', 'i3o', 'renamed', '2019-07-31', 'https://github.com/traefik/mesh/commit/5318ea47'],
  ['#2 Maesh renamed', 'maesh', 'renamed', '2020-09-16', 'https://github.com/traefik/mesh/commit/66f6556c'],
  ['#6 Traefik Mesh dormant', 'traefik-mesh', 'dormant', '2022-08-19', 'https://github.com/traefik/mesh/tags'],
  ['seed: Traefik Mesh "retired in 2024"', 'traefik-mesh', 'retired', '2024', 'maesh-2023'],
  ['#8 OSM archived', 'open-service-mesh', 'archived', '2023-06-30', LANDSCAPE],
  ['seed: OSM archived and "absorbed"', 'open-service-mesh', 'archived', undefined, 'openservicemesh-io-2024'],
  ['#15 Conduit merged', 'conduit', 'merged', '2018-07', 'https://www.infoq.com/news/2018/07/conduit-merges-linkerd2/'],
  ['#19 Linkerd 1.x in maintenance', 'linkerd-1', 'maintenance', '2022-05-24', 'https://github.com/linkerd/linkerd'],
  [
    '#22 Traffic Director renamed',
    'traffic-director',
    'renamed',
    '2024',
    'https://docs.cloud.google.com/service-mesh/docs/td-release-notes',
  ],
  ['#23 Anthos Service Mesh merged', 'anthos-service-mesh', 'merged', '2024', 'https://cloud.google.com/service-mesh/versions'],
  ['#27 ingress-nginx retired', 'ingress-nginx', 'retired', '2026-03', 'https://kubernetes.io/blog/2025/11/11/ingress-nginx-retirement/'],
  ['#29 InGate archived', 'ingate', 'archived', '2026-06-30', 'https://github.com/kubernetes-retired/ingate'],
  ['#30 ekglue merged into a monorepo', 'ekglue', 'merged', '2024-12-10', 'https://github.com/jrockway/monorepo/commit/9897bf6'],
  [
    '#36 Mixer deprecated (Istio 1.5)',
    'mixer',
    'deprecated',
    '2020-03',
    'https://istio.io/latest/news/releases/1.5.x/announcing-1.5/upgrade-notes/',
  ],
  [
    '#36 Mixer removed (Istio 1.8)',
    'mixer',
    'removed',
    '2020-11',
    'https://istio.io/latest/news/releases/1.8.x/announcing-1.8/upgrade-notes/',
  ],
  ['#48 SMI archived', 'smi', 'archived', '2023-09-25', LANDSCAPE],
  ['#54 Gloo Gateway renamed', 'gloo-gateway', 'renamed', '2024-11', KGATEWAY_BLOG],
  ['#55 AWS App Mesh discontinued', 'aws-app-mesh', 'discontinued', '2026-09-30', 'https://docs.aws.amazon.com/app-mesh/latest/userguide/'],
  ['#56 Merbridge archived', 'merbridge', 'archived', '2025-05-20', LANDSCAPE],
  ['#56 SMP archived', 'service-mesh-performance', 'archived', '2025-09-16', LANDSCAPE],
];

const product = (id: string) => {
  const p = data.products.find((x) => x.id === id);
  if (!p) throw new Error(`no product ${id}`);
  return p;
};

describe('curated dataset: checked status facts', () => {
  it.each(statusFacts)('%s', (_fact, id, status, since, source) => {
    const claims = product(id).statusClaims.filter((c) => c.status === status && c.since === since && c.sources.includes(source));
    expect(claims, `${id}: ${status} since ${since ?? '(none)'} citing ${source}`).toHaveLength(1);
  });

  it('keeps the best-supported status where sources disagree', () => {
    expect(product('traefik-mesh').status).toBe('dormant');
    expect(product('open-service-mesh').status).toBe('archived');
    expect(product('mixer').status).toBe('removed');
    expect(product('linkerd-1').status).toBe('maintenance');
  });

  it('records product attributes from the checked facts (#17, #18, #19, #33, #43, #44)', () => {
    expect(product('linkerd-1').languages).toContain('Scala');
    expect(product('linkerd-1').lastRelease).toBe('2022-05-24');
    expect(product('linkerd').languages).toEqual(expect.arrayContaining(['Go', 'Rust']));
    expect(product('ztunnel').languages).toContain('Rust');
    expect(product('consul').license).toBe('BUSL-1.1');
    expect(product('consul').aliases).toEqual(expect.arrayContaining(['Consul Connect', 'Consul service mesh']));
    expect(product('kuma').firstRelease).toBe('2019-09-10');
  });
});

describe('curated dataset: caveats of the lineage research', () => {
  it('names no successor for Traefik Mesh', () => {
    expect(data.relationships.filter((r) => r.type === 'SUPERSEDES' && r.to === 'traefik-mesh')).toEqual([]);
  });

  it('does not make InGate a successor of ingress-nginx', () => {
    expect(data.relationships.filter((r) => r.type === 'SUPERSEDES' && r.from === 'ingate')).toEqual([]);
  });

  // A recommended or standard successor may be older than what it replaces (Istio predates OSM);
  // a rename, rewrite, merge or replacement cannot be.
  it('points SUPERSEDES edges of lineage kinds from the newer product to the older', () => {
    for (const r of data.relationships.filter((x) => x.type === 'SUPERSEDES')) {
      expect(r.kind, `${r.from}->${r.to}`).toBeDefined();
      if (r.kind === 'recommended' || r.kind === 'standard') continue;
      const older = data.products.find((p) => p.id === r.to);
      const newer = data.products.find((p) => p.id === r.from);
      if (older?.firstRelease && newer?.firstRelease) expect(newer.firstRelease >= older.firstRelease, `${r.from}->${r.to}`).toBe(true);
    }
  });
});
