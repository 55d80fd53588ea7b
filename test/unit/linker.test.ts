/**
 * The linker decides which products, concepts and organizations an entry is about from the names
 * in its title and summary. Each case below is a mistake a naive substring match would make.
 */
import { describe, expect, it } from 'vitest';
import { foldName } from '../../src/ingest/fold.js';
import { findMentions, buildTerms, leadSentence, linkEntries, type VocabularyItem } from '../../src/ingest/linker.js';

const vocabulary: VocabularyItem[] = [
  { id: 'envoy', label: 'Product', name: 'Envoy', aliases: ['Envoy Proxy'] },
  { id: 'open-service-mesh', label: 'Product', name: 'Open Service Mesh', aliases: ['OSM'] },
  { id: 'consul', label: 'Product', name: 'Consul', aliases: ['Consul Connect', 'Consul service mesh'] },
  { id: 'traefik-proxy', label: 'Product', name: 'Traefik Proxy', aliases: ['Traefik'] },
  { id: 'traefik-mesh', label: 'Product', name: 'Traefik Mesh', aliases: [] },
  { id: 'istio', label: 'Product', name: 'Istio', aliases: [] },
  { id: 'linkerd', label: 'Product', name: 'Linkerd', aliases: ['Linkerd2'] },
  { id: 'kuma', label: 'Product', name: 'Kuma', aliases: [] },
  { id: 'mtls', label: 'Concept', name: 'mTLS', aliases: ['mutual TLS'] },
  { id: 'service-mesh', label: 'Concept', name: 'service mesh', aliases: [] },
  { id: 'hashicorp', label: 'Organization', name: 'HashiCorp', aliases: [] },
];
const terms = buildTerms(vocabulary);
const ids = (text: string, field: 'title' | 'summary' = 'summary') => findMentions(text, terms, field).map((i) => i.id);

describe('findMentions', () => {
  it('matches names and aliases as whole words, case-insensitively', () => {
    expect(ids('We ran ISTIO next to linkerd2 with envoy proxy.')).toEqual(['istio', 'linkerd', 'envoy']);
  });

  it('does not match inside other words', () => {
    expect(ids('Kumamoto and the cosmos of OSMOSIS')).toEqual([]);
  });

  it('treats "Envoy-based" as a description, not a mention of Envoy', () => {
    expect(ids('An Envoy-based load balancer')).toEqual([]);
    expect(ids('It runs Envoy as its data plane')).toEqual(['envoy']);
  });

  it('lets the longest name win where names overlap', () => {
    expect(ids('Traefik Mesh was built by the Traefik team')).toEqual(['traefik-mesh', 'traefik-proxy']);
    expect(ids('Consul Connect adds mTLS')).toEqual(['consul', 'mtls']);
  });

  it('matches short upper-case acronyms only in upper case', () => {
    expect(ids('OSM was archived')).toEqual(['open-service-mesh']);
    expect(ids('the osm file format')).toEqual([]);
  });

  it('matches generic concept phrases in titles only, and never "mesh" alone', () => {
    expect(ids('Why you need a service mesh', 'title')).toEqual(['service-mesh']);
    expect(ids('Any service mesh does this; a mesh is a mesh')).toEqual([]);
  });

  it('matches aliases with different spacing and case ("Mutual  TLS")', () => {
    expect(ids('Mutual  TLS everywhere')).toEqual(['mtls']);
  });
});

describe('linkEntries', () => {
  it('links an entry to everything named in its title and summary (ABOUT, matched)', () => {
    const links = linkEntries(
      [{ id: 'e1', title: 'Running Consul', summary: 'HashiCorp explains Consul with Envoy sidecars.' }],
      vocabulary,
    );
    expect(links.filter((l) => l.type === 'ABOUT').map((l) => [l.targetId, l.confidence])).toEqual([
      ['consul', 'medium'],
      ['envoy', 'medium'],
      ['hashicorp', 'medium'],
    ]);
  });

  it('makes an entry whose title compares two or more things COMPARE them', () => {
    const links = linkEntries([{ id: 'e2', title: 'Benchmarking Linkerd and Istio', summary: 'Numbers.' }], vocabulary);
    expect(links.filter((l) => l.type === 'COMPARES').map((l) => l.targetId)).toEqual(['istio', 'linkerd']);
  });

  it('does not call an entry that names two things without comparing them a comparison', () => {
    const links = linkEntries([{ id: 'e3', title: 'Istio and Envoy in production', summary: '' }], vocabulary);
    expect(links.filter((l) => l.type === 'COMPARES')).toEqual([]);
  });

  it('applies curated overrides: about and compares added with high confidence, notAbout removed', () => {
    const links = linkEntries(
      [{ id: 'e4', title: 'Comparing meshes', summary: 'Istio, Kuma and an Envoy sidecar.' }],
      vocabulary,
      new Map([['e4', { about: ['linkerd'], compares: ['istio', 'kuma'], notAbout: ['envoy'] }]]),
    );
    expect(links.map((l) => `${l.type}:${l.targetId}:${l.confidence}`)).toEqual([
      'ABOUT:istio:medium',
      'ABOUT:kuma:medium',
      'ABOUT:linkerd:high',
      'COMPARES:istio:high',
      'COMPARES:kuma:high',
    ]);
  });
});

describe('the rules measured on the golden sample (docs/linking.md)', () => {
  const more: VocabularyItem[] = [
    ...vocabulary,
    {
      id: 'cloud-service-mesh',
      label: 'Product',
      name: 'Cloud Service Mesh',
      aliases: [],
      urls: ['https://cloud.google.com/service-mesh'],
      productType: 'service-mesh',
    },
    {
      id: 'kubernetes-ingress',
      label: 'Product',
      name: 'Kubernetes Ingress API',
      aliases: ['Kubernetes Ingress'],
      productType: 'api-specification',
    },
    { id: 'ingress-controller', label: 'Concept', name: 'ingress controller', aliases: ['ingress controllers'] },
    { id: 'sidecar', label: 'Concept', name: 'sidecar', aliases: ['sidecars'] },
    { id: 'sidecarless-mesh', label: 'Concept', name: 'sidecarless mesh', aliases: ['sidecarless', 'sidecar-less'] },
    { id: 'twitter', label: 'Organization', name: 'Twitter', aliases: [] },
    { id: 'google', label: 'Organization', name: 'Google', aliases: [], urls: ['https://about.google'] },
    { id: 'traffic-director', label: 'Product', name: 'Traffic Director', aliases: [], productType: 'managed-service' },
  ];
  const withUrls = more.map((v) =>
    v.id === 'istio'
      ? { ...v, urls: ['https://istio.io', 'https://github.com/istio'], productType: 'service-mesh' }
      : v.id === 'kuma'
        ? { ...v, urls: ['https://github.com/kumahq/kuma'], productType: 'service-mesh' }
        : v.id === 'linkerd'
          ? { ...v, productType: 'service-mesh' }
          : v,
  );
  const about = (entry: { title: string; description?: string; url?: string }) =>
    linkEntries([{ id: 'e', title: entry.title, summary: '', description: entry.description ?? null, url: entry.url ?? null }], withUrls)
      .filter((l) => l.type === 'ABOUT')
      .map((l) => l.targetId);

  it('folds accents and compatibility forms before matching', () => {
    expect(foldName('Ünlü ﬁx', { lettersOnly: true })).toBe('Unlu fix');
    const folk: VocabularyItem[] = [{ id: 'unlu', label: 'Product', name: 'Ünlü', aliases: [] }];
    expect(linkEntries([{ id: 'e', title: 'Running unlu in production', summary: '' }], folk).map((l) => l.targetId)).toEqual(['unlu']);
  });

  it('does not take the tail of a capitalised compound for a name: Multi-Cloud Service Mesh', () => {
    expect(about({ title: 'Hybrid and Multi-Cloud Service Mesh Based Applications' })).toEqual(['service-mesh']);
    expect(about({ title: 'What is Cloud Service Mesh?' })).toEqual(['cloud-service-mesh']);
  });

  it('does not take a host name or a "-less" word for a mention', () => {
    expect(about({ title: 'twitter.com/someone', url: 'https://x.com/someone' })).toEqual([]);
    expect(about({ title: 'Going sidecar-less', description: '' })).toEqual(['sidecarless-mesh']);
    expect(about({ title: 'Why sidecarless?' })).toEqual(['sidecarless-mesh']);
  });

  it('does not link a concept right after a negation', () => {
    expect(about({ title: 'A data plane without sidecars' })).toEqual([]);
    expect(about({ title: 'Why sidecars still matter' })).toEqual(['sidecar']);
  });

  it("treats an unknown repository's own name, written as a name, as longer than ours", () => {
    expect(
      about({
        title: 'louislam/uptime-kuma',
        description: 'A monitoring tool. Uptime Kuma checks uptime.',
        url: 'https://github.com/louislam/uptime-kuma',
      }),
    ).toEqual([]);
    // Written only as a slug, the repository name describes its subject.
    expect(about({ title: 'github.com/someone/learn-istio', url: 'https://github.com/someone/learn-istio' })).toEqual(['istio']);
  });

  it('links products from the addresses they declare, longest first, never from social hosts', () => {
    expect(about({ title: 'A repository', url: 'https://github.com/istio/ztunnel' })).toEqual(['istio']);
    expect(about({ title: 'Release notes', url: 'https://istio.io/latest/news/' })).toEqual(['istio']);
    expect(about({ title: 'Docs', url: 'https://cloud.google.com/service-mesh/docs/overview' })).toEqual(['cloud-service-mesh']);
    expect(about({ title: 'Docs', url: 'https://cloud.google.com/run' })).toEqual([]);
    expect(about({ title: 'A post', url: 'https://twitter.com/istiomesh' })).toEqual([]);
    // An organization only by its homepage itself.
    expect(about({ title: 'Home', url: 'https://about.google/' })).toEqual(['google']);
    expect(about({ title: 'A story', url: 'https://about.google/stories/x' })).toEqual([]);
  });

  it('drops a vendor before its product and a kind right after its product', () => {
    expect(about({ title: "Google's Traffic Director explained" })).toEqual(['traffic-director']);
    expect(about({ title: 'Multi-cluster with the Istio service mesh' })).toEqual(['istio']);
    expect(about({ title: 'Why a service mesh? Istio as an example' })).toEqual(['istio', 'service-mesh']);
  });

  it('in a comparison of products, neither links nor compares their genre', () => {
    const links = linkEntries([{ id: 'e', title: 'Comparing service meshes: Istio vs Linkerd', summary: '' }], withUrls);
    expect(links.map((l) => `${l.type}:${l.targetId}`)).toEqual(['ABOUT:istio', 'ABOUT:linkerd', 'COMPARES:istio', 'COMPARES:linkerd']);
  });

  it("reads only a description's lead sentence, outside asides, and names with their capitals", () => {
    expect(leadSentence('Kourier is an ingress. It replaces Istio. More.')).toBe('Kourier is an ingress.');
    expect(leadSentence('Istio vs. Linkerd compared')).toBe('Istio vs. Linkerd compared');
    expect(about({ title: 'A tool', description: 'Runs on Kuma. Works with Istio too.' })).toEqual(['kuma']);
    expect(about({ title: 'A tool', description: 'Tracing (inspired by Envoy) for all.' })).toEqual([]);
    expect(about({ title: 'Moving on', description: 'Migrating Kubernetes ingress traffic to a gateway.' })).toEqual([]);
    expect(about({ title: 'Moving on', description: 'Migrating from the Kubernetes Ingress to a gateway.' })).toEqual([
      'kubernetes-ingress',
    ]);
  });

  it('lets a title-only name claim its span in a description without linking there', () => {
    expect(about({ title: 'Notes', description: 'Kubernetes ingress controllers will make or break you.' })).toEqual([]);
  });
});
