/**
 * The relationship graph: the neighbourhood of one product or concept (the `neighborhood` view,
 * the API's `subgraph`) drawn with Cytoscape; a search box focuses anything; clicking a node (or
 * picking it from the list under the graph, for keyboards) shows its details: what it is, its
 * lineage and the sources of every fact.
 */
import cytoscape, { type Core, type ElementDefinition, type StylesheetJson } from 'cytoscape';
import { fetchView, type GraphEdge, type GraphNode, type NeighbourhoodData, VIEWS, VIEW_VARIABLES } from './api.js';
import { kindBadge, nodeDetails } from './details.js';
import { h, humanize, replace } from './dom.js';
import { createPanel } from './panel.js';
import { searchBox } from './searchbox.js';

const NEIGHBORHOOD_VIEW = VIEWS.neighborhood;
export const DEFAULT_FOCUS = 'istio';

const COLORS: Record<string, string> = {
  Product: '#0b5fa5',
  Concept: '#047857',
  Organization: '#b45309',
  Entry: '#64748b',
  Category: '#6d28d9',
};

const STYLE: StylesheetJson = [
  {
    selector: 'node',
    style: {
      'background-color': 'data(color)',
      label: 'data(name)',
      color: '#111827',
      'font-size': 12,
      'text-valign': 'bottom',
      'text-margin-y': 4,
      'text-wrap': 'wrap',
      'text-max-width': '110px',
      'text-background-color': '#ffffff',
      'text-background-opacity': 0.85,
      'text-background-padding': '1px',
      width: 22,
      height: 22,
      'border-width': 2,
      'border-color': '#ffffff',
    },
  },
  { selector: 'node.concept', style: { shape: 'round-rectangle' } },
  { selector: 'node.organization', style: { shape: 'diamond' } },
  { selector: 'node.entry', style: { shape: 'round-tag', width: 14, height: 14, 'font-size': 9 } },
  { selector: 'node.inactive', style: { 'border-style': 'dashed', 'border-color': '#9f1239', 'border-width': 3 } },
  {
    selector: 'node.focus',
    style: { width: 38, height: 38, 'font-size': 14, 'font-weight': 'bold', 'border-width': 4, 'border-color': '#111827' },
  },
  { selector: 'node.focus.inactive', style: { 'border-color': '#9f1239' } },
  {
    selector: 'node:selected',
    style: { 'underlay-color': '#f59e0b', 'underlay-opacity': 0.45, 'underlay-padding': 7, 'underlay-shape': 'ellipse' },
  },
  { selector: 'node:active', style: { 'overlay-opacity': 0.1 } },
  {
    selector: 'edge',
    style: {
      width: 1.5,
      'line-color': '#94a3b8',
      'target-arrow-color': '#94a3b8',
      'target-arrow-shape': 'triangle',
      'arrow-scale': 0.9,
      'curve-style': 'bezier',
      'font-size': 9,
      color: '#334155',
      'text-rotation': 'autorotate',
      'text-background-color': '#ffffff',
      'text-background-opacity': 0.9,
      'text-background-padding': '1px',
    },
  },
  { selector: 'edge.supersedes', style: { 'line-color': '#be123c', 'target-arrow-color': '#be123c', width: 3 } },
  { selector: 'edge.near', style: { width: 2.5, 'line-color': '#475569', 'target-arrow-color': '#475569' } },
  { selector: 'edge.labelled, edge.hover', style: { label: 'data(label)', 'z-index': 10 } },
  { selector: 'edge.supersedes.near', style: { 'line-color': '#be123c', 'target-arrow-color': '#be123c', width: 3.5 } },
  { selector: '.faded', style: { opacity: 0.35 } },
];

const INACTIVE = new Set(['archived', 'dormant', 'retired', 'deprecated', 'renamed', 'merged', 'discontinued', 'end-of-life']);

function edgeLabel(edge: GraphEdge): string {
  const detail = edge.qualifier;
  return `${edge.type.toLowerCase().replace(/_/g, ' ')}${detail ? ` (${humanize(detail)})` : ''}`;
}

function elementsOf(nodes: GraphNode[], edges: GraphEdge[], focus: GraphNode | undefined): ElementDefinition[] {
  const ids = new Set(nodes.map((n) => n.id));
  return [
    ...nodes.map((node) => ({
      group: 'nodes' as const,
      data: { id: node.id, name: node.name, kind: node.label, color: COLORS[node.label] ?? '#475569' },
      classes: [
        node.label.toLowerCase(),
        node === focus || node.centre ? 'focus' : '',
        node.status && INACTIVE.has(node.status.toLowerCase()) ? 'inactive' : '',
      ]
        .join(' ')
        .trim(),
    })),
    ...edges
      .filter((edge) => ids.has(edge.source) && ids.has(edge.target))
      .map((edge) => ({
        group: 'edges' as const,
        data: { id: `e:${edge.id}`, source: edge.source, target: edge.target, type: edge.type, label: edgeLabel(edge) },
        classes: edge.type.toLowerCase(),
      })),
  ];
}

/** The node a subgraph is around: the one whose slug, id or name is the focus text. */
function findFocus(nodes: GraphNode[], around: string): GraphNode | undefined {
  const wanted = around.trim().toLowerCase();
  return (
    nodes.find((n) => n.centre) ??
    nodes.find((n) => n.slug?.toLowerCase() === wanted) ??
    nodes.find((n) => n.id.toLowerCase() === wanted) ??
    nodes.find((n) => n.name.toLowerCase() === wanted) ??
    nodes[0]
  );
}

export interface GraphPanelState {
  around: string;
  depth: number;
}

export function graphPanel(options: {
  embedded: boolean;
  initial: Partial<GraphPanelState>;
  onStateChange?: (state: GraphPanelState) => void;
}) {
  const state: GraphPanelState = {
    around: options.initial.around || DEFAULT_FOCUS,
    depth: options.initial.depth === 2 ? 2 : 1,
  };
  const panel = createPanel({
    view: NEIGHBORHOOD_VIEW,
    title: 'How things relate',
    intro:
      'The neighbourhood of one product or concept. Search to focus anything; select a node to see what it is, what replaced it, and the sources of each fact.',
    embedded: options.embedded,
    className: 'panel-graph',
  });

  const search = searchBox({
    id: 'graph-search',
    label: 'Focus a product or concept',
    placeholder: 'e.g. Maesh, Envoy, mTLS',
    types: ['Product', 'Concept'],
    onPick: (hit) => void focus(hit.slug),
  });
  const depthSelect = h(
    'select',
    { id: 'graph-depth', onchange: () => void focus(state.around, Number(depthSelect.value)) },
    h('option', { value: '1' }, '1 step'),
    h('option', { value: '2' }, '2 steps'),
  );
  depthSelect.value = String(state.depth);
  const fitButton = h('button', { type: 'button', class: 'button button-quiet', onclick: () => cy?.fit(undefined, 24) }, 'Fit to view');
  const toolbar = h(
    'div',
    { class: 'graph-toolbar' },
    search.root,
    h('div', { class: 'field' }, h('label', { for: 'graph-depth' }, 'Reach'), depthSelect),
    fitButton,
  );
  const legend = h(
    'ul',
    { class: 'legend', 'aria-label': 'Legend' },
    (['Product', 'Concept', 'Organization'] as const).map((label) =>
      h('li', null, h('span', { class: `swatch swatch-${label.toLowerCase()}`, 'aria-hidden': 'true' }), label),
    ),
    h('li', null, h('span', { class: 'swatch swatch-supersedes', 'aria-hidden': 'true' }), 'replaced by'),
    h('li', null, h('span', { class: 'swatch swatch-inactive', 'aria-hidden': 'true' }), 'no longer active'),
  );
  const canvas = h('div', {
    class: 'graph-canvas',
    id: 'graph-canvas',
    role: 'img',
    'aria-label': 'Relationship graph',
    'data-node-count': '0',
    'data-edge-count': '0',
  });
  const caption = h('p', { class: 'graph-caption', role: 'status', 'aria-live': 'polite' });
  const nodeList = h('ul', { class: 'node-list' });
  const listBox = h('details', { class: 'node-list-box' }, h('summary', null, 'Nodes as a list (keyboard friendly)'), nodeList);
  const details = h(
    'aside',
    { class: 'details', id: 'graph-details', 'aria-live': 'polite', 'aria-label': 'Details of the selected node', tabindex: '-1' },
    h('p', { class: 'status-line' }, 'Select a node to see its details.'),
  );
  const layout = h('div', { class: 'graph-layout' }, h('div', { class: 'graph-main' }, canvas, caption, legend, listBox), details);

  let cy: Core | undefined;
  let nodes: GraphNode[] = [];
  let edges: GraphEdge[] = [];
  let generation = 0;

  function ensureShell(): void {
    if (!panel.body.contains(toolbar)) replace(panel.body, toolbar, layout);
  }

  async function focus(around: string, depth = state.depth): Promise<void> {
    const mine = ++generation;
    state.around = around;
    state.depth = depth;
    panel.setEmbedVariables({ [VIEW_VARIABLES.neighborhood]: around, depth });
    options.onStateChange?.({ ...state });
    ensureShell();
    panel.section.setAttribute('aria-busy', 'true');
    canvas.dataset.state = 'loading';
    caption.textContent = `Loading the neighbourhood of ${around}…`;
    let data: NeighbourhoodData;
    try {
      data = await fetchView<NeighbourhoodData>(NEIGHBORHOOD_VIEW, { [VIEW_VARIABLES.neighborhood]: around, depth });
    } catch (error) {
      if (mine !== generation) return;
      panel.section.removeAttribute('aria-busy');
      canvas.dataset.state = 'error';
      caption.textContent = '';
      replace(details, h('div', { class: 'error-box', role: 'alert' }, error instanceof Error ? error.message : String(error)));
      return;
    }
    if (mine !== generation) return;
    draw(data);
  }

  function draw(data: NeighbourhoodData): void {
    nodes = data.subgraph?.nodes ?? [];
    edges = data.subgraph?.edges ?? [];
    const focusNode = findFocus(nodes, state.around);
    const elements = elementsOf(nodes, edges, focusNode);
    if (!cy) {
      cy = cytoscape({
        container: canvas,
        elements,
        style: STYLE,
        minZoom: 0.2,
        maxZoom: 3,
        wheelSensitivity: 0.3,
        boxSelectionEnabled: false,
        selectionType: 'single',
      });
      cy.on('tap', 'node', (event) => select(String(event.target.id())));
      cy.on('mouseover', 'edge', (event) => event.target.addClass('hover'));
      cy.on('mouseout', 'edge', (event) => event.target.removeClass('hover'));
      cy.on('tap', (event) => {
        if (event.target === cy) clearSelection();
      });
      exposeForTests();
    } else {
      cy.elements().remove();
      cy.add(elements);
    }
    // A small neighbourhood reads best as a ring around the focus (breadth-first from it); a
    // larger one would need a ring too wide to read, so a force-directed layout spreads it.
    const root = focusNode ? cy.getElementById(focusNode.id) : undefined;
    cy.layout(
      root?.nonempty() && nodes.length <= 14
        ? {
            name: 'breadthfirst',
            roots: root as unknown as string[] /* a collection works; the types only list selectors */,
            circle: true,
            directed: false,
            spacingFactor: 0.9,
            avoidOverlap: true,
            nodeDimensionsIncludeLabels: true,
            animate: false,
            padding: 16,
          }
        : {
            name: 'cose',
            animate: false,
            randomize: true,
            nodeDimensionsIncludeLabels: true,
            idealEdgeLength: () => 90,
            nodeRepulsion: () => 9000,
            componentSpacing: 60,
            padding: 24,
          },
    ).run();
    cy.fit(undefined, 24);

    const shown = nodes.length;
    canvas.dataset.nodeCount = String(shown);
    canvas.dataset.edgeCount = String(cy.edges().length);
    canvas.dataset.focus = focusNode?.slug ?? focusNode?.id ?? '';
    canvas.dataset.state = 'ready';
    canvas.setAttribute(
      'aria-label',
      `Relationship graph around ${focusNode?.name ?? state.around}: ${shown} nodes and ${cy.edges().length} relationships. The same nodes are listed below the graph.`,
    );
    caption.textContent = focusNode
      ? `${focusNode.name} and what is within ${state.depth} step${state.depth === 1 ? '' : 's'} of it: ${shown} nodes, ${cy.edges().length} relationships${data.subgraph?.truncated ? ' (cut to the nearest ones)' : ''}.`
      : `Nothing is named “${state.around}”.`;
    search.setValue(focusNode?.name ?? state.around);
    renderNodeList(focusNode);
    panel.section.removeAttribute('aria-busy');
    panel.section.dataset.ready = 'true';
    if (focusNode) select(focusNode.id);
  }

  function renderNodeList(focusNode: GraphNode | undefined): void {
    const sorted = [...nodes].sort((a, b) =>
      a === focusNode ? -1 : b === focusNode ? 1 : a.label.localeCompare(b.label) || a.name.localeCompare(b.name),
    );
    replace(
      nodeList,
      sorted.map((node) =>
        h(
          'li',
          null,
          h('button', { type: 'button', class: 'link-button', 'data-node': node.id, onclick: () => select(node.id) }, node.name),
          ' ',
          kindBadge(node),
        ),
      ),
    );
  }

  function clearSelection(): void {
    cy?.elements().removeClass('faded near labelled');
  }

  function select(id: string): void {
    const node = nodes.find((n) => n.id === id);
    if (!node || !cy) return;
    const element = cy.getElementById(id);
    cy.elements().unselect();
    element.select();
    const neighbourhood = element.closedNeighborhood();
    cy.elements().removeClass('near labelled').addClass('faded');
    neighbourhood.removeClass('faded');
    const connected = element.connectedEdges();
    connected.addClass('near');
    // Labels only where they stay readable: a hub's dozens of labels would cover the drawing.
    (connected.length <= 12 ? connected : connected.filter('.supersedes')).addClass('labelled');
    const incident = edges.filter((e) => e.source === id || e.target === id);
    const byId = new Map(nodes.map((n) => [n.id, n]));
    replace(
      details,
      nodeDetails({
        node,
        incident,
        nodeById: (nid) => byId.get(nid),
        onFocus: (slug) => void focus(slug),
        isFocus: canvasFocus() === node.slug,
      }),
    );
    details.dataset.node = node.slug;
  }

  const canvasFocus = () => canvas.dataset.focus ?? '';

  function exposeForTests(): void {
    const w = window as unknown as { __meshgraph?: Record<string, unknown> };
    w.__meshgraph = { ...(w.__meshgraph ?? {}), cy, focus: (around: string) => focus(around) };
  }

  return {
    panel,
    load: () => focus(state.around, state.depth),
    focus,
    get cy() {
      return cy;
    },
  };
}
