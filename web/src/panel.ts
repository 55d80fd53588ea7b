/**
 * The frame every panel shares: a titled, labelled section with its "Embed" action, a body, and
 * states for loading and errors. In an embed (/embed/<view>) the same panel renders alone.
 */
import { viewQuery, type ViewVariables } from './api.js';
import { h, replace, uid, type Child } from './dom.js';
import { openEmbedDialog } from './embed.js';

export interface PanelOptions {
  /** The saved view behind this panel; also its embed address: /embed/<view>. */
  view: string;
  title: string;
  intro?: string;
  /** True when the page is an embed: no Embed action. */
  embedded: boolean;
  className?: string;
}

export interface Panel {
  section: HTMLElement;
  body: HTMLElement;
  /** The variables the embed snippet should carry (the panel's current state). */
  setEmbedVariables(variables: ViewVariables): void;
  loading(message?: string): void;
  error(error: unknown): void;
}

export function createPanel(options: PanelOptions): Panel {
  const headingId = uid('panel-title');
  let embedVariables: ViewVariables = {};
  const body = h('div', { class: 'panel-body' });
  const actions = options.embedded
    ? null
    : h(
        'button',
        {
          type: 'button',
          class: 'button button-quiet embed-button',
          'aria-haspopup': 'dialog',
          'data-embed-view': options.view,
          onclick: () => openEmbedDialog({ view: options.view, title: options.title, query: viewQuery(embedVariables) }),
        },
        h('span', { 'aria-hidden': 'true' }, '</>'),
        ' Embed',
      );
  const section = h(
    'section',
    {
      class: `panel ${options.className ?? ''}`.trim(),
      'aria-labelledby': headingId,
      'data-view': options.view,
    },
    h(
      'header',
      { class: 'panel-header' },
      h('div', null, h('h2', { id: headingId }, options.title), options.intro ? h('p', { class: 'panel-intro' }, options.intro) : null),
      actions,
    ),
    body,
  );
  return {
    section,
    body,
    setEmbedVariables(variables) {
      embedVariables = variables;
    },
    loading(message = 'Loading…') {
      section.setAttribute('aria-busy', 'true');
      replace(body, h('p', { class: 'status-line', role: 'status' }, message));
    },
    error(error) {
      section.removeAttribute('aria-busy');
      replace(body, errorBox(error));
    },
  };
}

export function errorBox(error: unknown): HTMLElement {
  const message = error instanceof Error ? error.message : String(error);
  return h('div', { class: 'error-box', role: 'alert' }, h('strong', null, 'Could not load this panel. '), message);
}

/** A small "label: value" list. */
export function facts(rows: Array<[string, Child]>): HTMLElement {
  return h(
    'dl',
    { class: 'facts' },
    rows
      .filter(([, value]) => value !== null && value !== undefined && value !== '')
      .map(([term, value]) => [h('dt', null, term), h('dd', null, value)]),
  );
}
