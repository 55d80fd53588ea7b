/**
 * How the page shows where a fact comes from: external pages as links, entries of the graph by
 * their title (linked to their address when they have one).
 */
import type { Source } from './api.js';
import { externalLink, h } from './dom.js';

function sourceItem(source: Source): HTMLElement {
  if (source.__typename === 'Entry') {
    const title = source.title + (source.year ? ` (${source.year})` : '');
    const url = source.url ?? source.entryUrl;
    return h(
      'li',
      { class: 'source source-entry' },
      h('span', { class: 'source-kind' }, 'entry'),
      ' ',
      url ? externalLink(url, h('cite', null, title)) : h('cite', null, title),
    );
  }
  const url = source.url ?? '';
  const label = source.title && source.title !== url ? source.title : prettyUrl(url);
  return h('li', { class: 'source source-page' }, h('span', { class: 'source-kind' }, 'page'), ' ', externalLink(url, label));
}

export function sourceList(sources: readonly Source[] | null | undefined): HTMLElement | null {
  if (!sources || sources.length === 0) return null;
  return h('ul', { class: 'sources', 'aria-label': 'Sources' }, sources.map(sourceItem));
}

/** "https://github.com/traefik/mesh/issues/870" → "github.com/traefik/mesh/issues/870". */
function prettyUrl(url: string): string {
  return url.replace(/^https?:\/\/(www\.)?/i, '').replace(/\/$/, '');
}
