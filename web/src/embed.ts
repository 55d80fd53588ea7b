/**
 * The "Embed" action: a dialog with a copyable <iframe> snippet for /embed/<view>?…, which renders
 * that panel alone.
 */
import { h } from './dom.js';

let dialog: HTMLDialogElement | undefined;

export interface EmbedTarget {
  view: string;
  title: string;
  query: string;
}

function embedSrc(target: Pick<EmbedTarget, 'view' | 'query'>, origin = location.origin): string {
  return `${origin}/embed/${encodeURIComponent(target.view)}${target.query ? `?${target.query}` : ''}`;
}

function embedSnippet(target: EmbedTarget, origin = location.origin): string {
  const title = `meshgraph: ${target.title}`.replace(/"/g, '&quot;');
  const src = embedSrc(target, origin).replace(/&/g, '&amp;');
  return `<iframe src="${src}" title="${title}" width="100%" height="560" style="border:0" loading="lazy"></iframe>`;
}

export function openEmbedDialog(target: EmbedTarget): void {
  dialog?.remove();
  const snippet = embedSnippet(target);
  const textarea = h('textarea', { id: 'embed-snippet', class: 'embed-snippet', readonly: true, rows: 4, spellcheck: 'false' });
  textarea.value = snippet;
  const status = h('span', { class: 'copy-status', role: 'status', 'aria-live': 'polite' });
  const copy = async () => {
    textarea.select();
    try {
      await navigator.clipboard.writeText(snippet);
      status.textContent = 'Copied.';
    } catch {
      // No clipboard permission (e.g. plain http): the text is selected, ready for Ctrl+C.
      status.textContent = 'Press Ctrl+C (⌘C) to copy the selected snippet.';
    }
  };
  const preview = embedSrc(target);
  dialog = h(
    'dialog',
    { class: 'embed-dialog', 'aria-labelledby': 'embed-title' },
    h(
      'form',
      { method: 'dialog' },
      h('h2', { id: 'embed-title' }, `Embed “${target.title}”`),
      h('p', null, 'Paste this snippet into any page to show this panel alone, with the data of the moment it is viewed.'),
      h('label', { for: 'embed-snippet' }, 'HTML snippet'),
      textarea,
      h(
        'div',
        { class: 'dialog-actions' },
        h('button', { type: 'button', class: 'button', onclick: () => void copy() }, 'Copy snippet'),
        h('a', { class: 'button button-quiet', href: preview, target: '_blank', rel: 'noopener' }, 'Open embed'),
        h('button', { type: 'submit', class: 'button button-quiet', value: 'close' }, 'Close'),
        status,
      ),
    ),
  );
  document.body.append(dialog);
  dialog.showModal();
  textarea.focus();
  textarea.select();
}
