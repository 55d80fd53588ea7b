/**
 * A search box with typeahead (the `search` view), as an ARIA 1.2 combobox: arrows move through
 * the suggestions, Enter picks the highlighted one or, when none is, the best hit; Escape closes.
 */
import { fetchSearch, type SearchHit } from './api.js';
import { debounce, h, humanize, replace, uid } from './dom.js';

export interface SearchBoxOptions {
  label: string;
  placeholder?: string;
  /** Only these kinds of node are offered. */
  types: Array<SearchHit['__typename']>;
  onPick(hit: SearchHit): void;
  id?: string;
}

export function searchBox(options: SearchBoxOptions) {
  const inputId = options.id ?? uid('search');
  const listId = `${inputId}-list`;
  const hintId = `${inputId}-hint`;
  const input = h('input', {
    id: inputId,
    type: 'search',
    class: 'search-input',
    role: 'combobox',
    autocomplete: 'off',
    spellcheck: 'false',
    'aria-autocomplete': 'list',
    'aria-expanded': 'false',
    'aria-controls': listId,
    'aria-describedby': hintId,
    placeholder: options.placeholder ?? 'Search…',
  });
  const list = h('ul', { id: listId, class: 'search-list', role: 'listbox', 'aria-label': `${options.label}: suggestions`, hidden: true });
  const hint = h('span', { id: hintId, class: 'visually-hidden' }, 'Type to search; use the arrow keys to choose and Enter to pick.');
  const status = h('span', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite' });
  const root = h(
    'div',
    { class: 'search' },
    h('label', { for: inputId, class: 'search-label' }, options.label),
    h('div', { class: 'search-field' }, input, list),
    hint,
    status,
  );

  let hits: SearchHit[] = [];
  /** The text `hits` were found for. */
  let hitsFor = '';
  let active = -1;
  let lastText = '';
  let pendingEnter = false;
  /** The name just picked: late suggestions for it must not reopen the list. */
  let picked = '';

  const open = (value: boolean) => {
    list.hidden = !value;
    input.setAttribute('aria-expanded', String(value));
  };

  const highlight = (index: number) => {
    active = index;
    for (const [i, el] of [...list.querySelectorAll('[role="option"]')].entries()) el.setAttribute('aria-selected', String(i === index));
    if (index >= 0) {
      const option = list.children[index] as HTMLElement | undefined;
      input.setAttribute('aria-activedescendant', option?.id ?? '');
      option?.scrollIntoView({ block: 'nearest' });
    } else input.removeAttribute('aria-activedescendant');
  };

  const pick = (hit: SearchHit | undefined) => {
    if (!hit) return;
    input.value = hit.name;
    lastText = hit.name;
    picked = hit.name;
    open(false);
    highlight(-1);
    options.onPick(hit);
  };

  const render = () => {
    replace(
      list,
      hits.map((hit, i) =>
        h(
          'li',
          {
            id: `${inputId}-option-${i}`,
            role: 'option',
            class: 'search-option',
            'aria-selected': 'false',
            'data-slug': hit.slug,
            onmousedown: (event: MouseEvent) => event.preventDefault(), // keep focus in the input
            onclick: () => pick(hit),
          },
          h(
            'span',
            { class: `kind kind-${hit.__typename.toLowerCase()}` },
            hit.__typename === 'Product' && hit.productType ? humanize(hit.productType) : hit.__typename.toLowerCase(),
          ),
          ' ',
          h('span', { class: 'search-option-name' }, hit.name),
        ),
      ),
    );
    if (hits.length === 0 && input.value.trim()) list.append(h('li', { class: 'search-empty', role: 'presentation' }, 'Nothing found'));
    open(input.value.trim().length > 0 && document.activeElement === input && input.value !== picked);
    highlight(-1);
    status.textContent = input.value.trim() ? `${hits.length} suggestion${hits.length === 1 ? '' : 's'}` : '';
  };

  const query = async (text: string): Promise<void> => {
    // Answers to older texts are ignored when they arrive (not aborted: answers are shared
    // through fetchView's cache, and the same text may be asked again at once by Enter).
    lastText = text;
    if (!text.trim()) {
      hits = [];
      hitsFor = text;
      render();
      return;
    }
    try {
      const found = await fetchSearch(text);
      if (text !== lastText) return;
      hits = found.filter((node) => options.types.includes(node.__typename)).slice(0, 12);
      hitsFor = text;
      render();
      if (pendingEnter) {
        pendingEnter = false;
        pick(hits[0]);
      }
    } catch {
      if (text !== lastText) return;
      pendingEnter = false;
      hits = [];
      render();
      status.textContent = 'Search failed.';
    }
  };
  const queryLater = debounce((text: string) => void query(text), 150);

  input.addEventListener('input', () => {
    picked = '';
    queryLater(input.value);
  });
  input.addEventListener('focus', () => {
    if (hits.length > 0 && input.value.trim()) open(true);
  });
  input.addEventListener('blur', () => open(false));
  input.addEventListener('keydown', (event) => {
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        if (list.hidden && hits.length) open(true);
        highlight(Math.min(active + 1, hits.length - 1));
        break;
      case 'ArrowUp':
        event.preventDefault();
        highlight(Math.max(active - 1, -1));
        break;
      case 'Enter':
        event.preventDefault();
        if (active >= 0) pick(hits[active]);
        else if (input.value === hitsFor && hits.length > 0) pick(hits[0]);
        else if (input.value.trim()) {
          // Typed faster than the suggestions came: search now and take the best hit.
          pendingEnter = true;
          void query(input.value);
        }
        break;
      case 'Escape':
        if (!list.hidden) {
          event.preventDefault();
          open(false);
          highlight(-1);
        }
        break;
      default:
    }
  });

  return {
    root,
    input,
    setValue(text: string) {
      input.value = text;
      lastText = text;
    },
  };
}
