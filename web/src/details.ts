/**
 * The details of one node of the graph: what it is, its lineage (what replaced it and what it
 * replaced, with kind and date) and every fact the graph shows around it, each with its sources.
 * Product lineage and status claims come from the `lineage` view.
 */
import { reading } from '../../src/model.js';
import {
  fetchLineage,
  fetchNodeDetails,
  type GraphEdge,
  type GraphNode,
  type LineageStep,
  type NodeInfo,
  type ProductDetails,
  type StatusClaim,
} from './api.js';
import { externalLink, h, humanize, replace, type Child } from './dom.js';
import { facts } from './panel.js';
import { sourceList } from './sources.js';

export interface DetailsInput {
  node: GraphNode;
  /** The relationships of the graph that touch this node. */
  incident: GraphEdge[];
  nodeById(id: string): GraphNode | undefined;
  onFocus(slugOrName: string): void;
  isFocus: boolean;
}

export function statusBadge(status: string | null | undefined): HTMLElement | null {
  if (!status) return null;
  return h('span', { class: `badge status status-${status.toLowerCase().replace(/[^a-z0-9]+/g, '-')}` }, humanize(status));
}

export function kindBadge(node: { label: string; kind?: string | null }): HTMLElement {
  const text = node.kind ? humanize(node.kind) : node.label.toLowerCase();
  return h('span', { class: `kind kind-${node.label.toLowerCase()}` }, text);
}

/**
 * The details of a node of the graph: at once what the graph already knows (name, kind, status,
 * its facts), then what the `node-details` view adds (description or definition, links, the
 * titles of the entries behind each fact) and, for a product, its lineage.
 */
export function nodeDetails(input: DetailsInput): HTMLElement {
  const { node } = input;
  const about = h('div', { class: 'details-about' });
  const lineageBox = h('div', { class: 'details-lineage' });
  const relations = h('div', { class: 'details-relations' }, relationsSection(input));
  const root = h(
    'div',
    { class: 'details-body', 'data-node': node.slug },
    h('h3', { class: 'details-title' }, node.name),
    h('p', { class: 'details-badges' }, kindBadge(node), ' ', statusBadge(node.status)),
    about,
    input.isFocus
      ? null
      : h(
          'button',
          { type: 'button', class: 'button button-quiet', onclick: () => input.onFocus(node.slug) },
          `Focus the graph on ${node.name}`,
        ),
    lineageBox,
    relations,
  );
  fetchNodeDetails(node.id)
    .then((info) => {
      if (info) replace(about, aboutNode(info));
    })
    .catch((error: unknown) =>
      replace(
        about,
        h('p', { class: 'error-box', role: 'alert' }, `Details unavailable: ${error instanceof Error ? error.message : String(error)}`),
      ),
    );
  if (node.label === 'Product') {
    replace(lineageBox, h('p', { class: 'status-line' }, 'Loading its lineage…'));
    fetchLineage(node.slug)
      .then((product) => {
        if (product) replace(lineageBox, productLineage(product, input.onFocus, false));
        else lineageBox.replaceChildren();
      })
      .catch((error: unknown) =>
        replace(
          lineageBox,
          h('p', { class: 'error-box', role: 'alert' }, `Lineage unavailable: ${error instanceof Error ? error.message : String(error)}`),
        ),
      );
  }
  return root;
}

function aboutNode(info: NodeInfo): Child[] {
  const text = info.description ?? info.definition ?? info.summary;
  return [
    text ? h('p', { class: 'details-description' }, text) : null,
    facts([
      ['Also called', info.aliases && info.aliases.length > 0 ? info.aliases.join(', ') : null],
      [
        'Released',
        info.firstRelease
          ? `${info.firstRelease}${info.lastRelease ? ` – ${info.lastRelease} (last)` : ''}`
          : info.lastRelease
            ? `last ${info.lastRelease}`
            : null,
      ],
      ['Written in', info.languages && info.languages.length > 0 ? info.languages.join(', ') : null],
      ['Licence', info.license ?? null],
      ['Kind', info.orgType ? humanize(info.orgType) : null],
      ['Homepage', info.homepage ? externalLink(info.homepage) : null],
      ['Repository', info.repository ? externalLink(info.repository) : null],
      ['Address', info.url ? externalLink(info.url) : null],
    ]),
  ];
}

function stepLine(step: LineageStep, other: 'newer' | 'older', onFocus: (slug: string) => void): HTMLElement {
  const product = step[other];
  return h(
    'li',
    { class: 'lineage-step', 'data-slug': product.slug },
    h('button', { type: 'button', class: 'link-button', onclick: () => onFocus(product.slug) }, product.name),
    ' ',
    statusBadge(product.status),
    h(
      'span',
      { class: 'step-meta' },
      ` ${[step.kind ? humanize(step.kind) : null, step.since ? `since ${step.since}` : null, step.depth && step.depth > 1 ? `${step.depth} steps away` : null].filter(Boolean).join(', ')}`,
    ),
    step.note ? h('p', { class: 'note' }, step.note) : null,
    sourceList(step.sources),
  );
}

/** Successors and predecessors (nearest first) and the status claims of a product. */
function productLineage(product: ProductDetails, onFocus: (slug: string) => void, withClaims = true): Child[] {
  const out: Child[] = [];
  if (product.successors.length > 0) {
    out.push(
      h(
        'section',
        { class: 'details-section', 'data-section': 'successors' },
        h('h4', null, 'Replaced by'),
        h(
          'ul',
          { class: 'steps' },
          product.successors.map((s) => stepLine(s, 'newer', onFocus)),
        ),
      ),
    );
  }
  if (product.predecessors.length > 0) {
    out.push(
      h(
        'section',
        { class: 'details-section', 'data-section': 'predecessors' },
        h('h4', null, 'Replaced'),
        h(
          'ul',
          { class: 'steps' },
          product.predecessors.map((s) => stepLine(s, 'older', onFocus)),
        ),
      ),
    );
  }
  if (product.statusClaims.length > 0 && (withClaims || new Set(product.statusClaims.map((c) => c.status)).size > 1))
    out.push(statusClaims(product.statusClaims, product.status));
  return out;
}

export function statusClaims(claims: StatusClaim[], current?: string | null): HTMLElement {
  const distinct = new Set(claims.map((c) => c.status.toLowerCase()));
  const others = [...distinct].filter((s) => s !== current?.toLowerCase());
  const conflict =
    distinct.size <= 1
      ? null
      : current && distinct.has(current.toLowerCase())
        ? `Sources disagree. The best-supported status is ${humanize(current)}; also claimed: ${others.map(humanize).join(', ')}.`
        : `Sources disagree: ${[...distinct].map(humanize).join(' vs ')}.`;
  return h(
    'section',
    { class: 'details-section', 'data-section': 'status-claims' },
    h('h4', null, 'Status claims'),
    conflict ? h('p', { class: 'conflict', role: 'note' }, conflict) : null,
    h(
      'ul',
      { class: 'claims' },
      claims.map((claim) =>
        h(
          'li',
          { class: 'claim', 'data-status': claim.status },
          statusBadge(claim.status),
          claim.since ? h('span', { class: 'step-meta' }, ` since ${claim.since}`) : h('span', { class: 'step-meta' }, ' undated'),
          claim.note ? h('p', { class: 'note' }, claim.note) : null,
          sourceList(claim.sources),
        ),
      ),
    ),
  );
}

/** Every relationship of the drawn graph that touches the node, grouped by type, with sources. */
function relationsSection(input: DetailsInput): HTMLElement | null {
  const { node, incident } = input;
  if (incident.length === 0) return null;
  const items = [...incident]
    .sort((a, b) => a.type.localeCompare(b.type))
    .map((edge) => {
      const outgoing = edge.source === node.id;
      const other = input.nodeById(outgoing ? edge.target : edge.source);
      // How the relationship reads from this node, as the graph model words it ("uses" / "used by").
      const verb = reading(edge.type, outgoing ? 'out' : 'in');
      const detail = [
        edge.qualifier ? humanize(edge.qualifier) : null,
        edge.since ? `since ${edge.since}` : null,
        edge.until ? `until ${edge.until}` : null,
      ].filter(Boolean);
      return h(
        'li',
        { class: 'relation', 'data-type': edge.type },
        h('span', { class: 'relation-type' }, verb),
        ' ',
        other
          ? h('button', { type: 'button', class: 'link-button', onclick: () => input.onFocus(other.slug) }, other.name)
          : h('span', null, '?'),
        detail.length ? h('span', { class: 'step-meta' }, ` ${detail.join(', ')}`) : null,
        edge.confidence && edge.confidence.toLowerCase() !== 'high'
          ? h('span', { class: 'badge confidence' }, `${edge.confidence.toLowerCase()} confidence`)
          : null,
        edge.note ? h('p', { class: 'note' }, edge.note) : null,
        sourceList(edge.citations),
      );
    });
  return h(
    'section',
    { class: 'details-section', 'data-section': 'relations' },
    h('h4', null, `Facts shown in the graph (${incident.length})`),
    h('ul', { class: 'relations' }, items),
  );
}
