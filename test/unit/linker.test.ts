/**
 * The linker decides which products, concepts and organizations an entry is about from the names
 * in its title and summary. Each case below is a mistake a naive substring match would make.
 */
import { describe, expect, it } from 'vitest';
import { findMentions, buildTerms, linkEntries, type VocabularyItem } from '../../src/ingest/linker.js';

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
    const links = linkEntries([{ id: 'e1', title: 'Running Consul', summary: 'HashiCorp explains Consul with Envoy sidecars.' }], vocabulary);
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
