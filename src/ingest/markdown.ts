/**
 * Parser for Nubenetes pages as the curators publish them: markdown (CommonMark + GFM, parsed by
 * mdast-util-from-markdown), both editions (see docs/nubenetes-format.md, "Markdown pages").
 *
 * - The page's `#` heading is its title; `##`, `###` … headings are its categories, nested by
 *   their level under the page's root. A heading named "Table of Contents" is navigation: what
 *   follows it belongs to the page root.
 * - An entry is a list item (any marker, any depth) with an absolute http(s) link — a markdown
 *   link or a bare URL. Its first such link is the resource; further links are related links.
 *   Nested items are entries of their own, in the same category. Items with no absolute link
 *   (remarks, a numbered table of contents of `#anchors`) are skipped and counted.
 * - Links in prose, tables and HTML blocks are not entries.
 *
 * Pure: no I/O. Problems that make the page untrustworthy (mangled text that cannot be repaired)
 * are thrown together as a `NubenetesParseError`.
 */
import type { Heading, Link, List, ListItem, Nodes, Parents, PhrasingContent, Root } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { gfm } from 'micromark-extension-gfm';
import {
  classifyLabels,
  NubenetesParseError,
  splitPublisher,
  takeRendererFields,
  type NubenetesIssue,
  type ResourceFields,
  type SkippedLine,
} from './nubenetes.js';
import { EMOJI, normalize, repairWindows1252, tidy } from './text.js';
import { canonicalUrl } from './url.js';

/** One list item that names a resource: what the page says about it, where. */
export interface MarkdownListing extends ResourceFields {
  /** 1-based line of the list item. */
  line: number;
  /** The canonical URL of the resource (src/ingest/url.ts). */
  url: string;
  /** Heading names from the page root (the page title) down to the item's heading. */
  categoryPath: string[];
}

interface MarkdownCategory {
  /** Heading names from the page root down to this heading (itself included). */
  path: string[];
  line: number;
}

export interface MarkdownPage {
  /** The `#` heading (cleaned), when the page has one. */
  title?: string;
  listings: MarkdownListing[];
  categories: MarkdownCategory[];
  /** List items without an absolute link (remarks, tables of contents). */
  skipped: SkippedLine[];
}

const NAVIGATION = /^(?:table of contents|contents|toc)$/i;
const YEAR = /\(\s*((?:19[7-9]|20\d)\d)\s*\)/;
const BRACKET = /\[([A-Z][A-Z0-9 +#-]*[A-Z0-9+#])\]/g;
const LABEL = /^[A-Z][A-Z0-9 -]*$|^.+ (?:CONTENT|LEVEL)$/;
/**
 * Publishers the markdown pages name without a host: `medium: …`, `Youtube: …`,
 * `youtube playlist: …`, `github: …` — a single lower-case word, or a well-known site name.
 * (A capitalised phrase such as `Linkerd 2.0: …` stays part of the title.)
 */
const NAMED_PUBLISHER =
  /^((?:[a-z][a-z0-9-]{1,30})|(?:youtube|github|gitlab|medium|reddit|linkedin|twitter|slideshare|vimeo|stackoverflow|hackernoon|substack)(?: (?:playlist|channel|video|repo))?)\s*:\s+(\S.*)$/i;
const TRAILING_EMOJI = new RegExp(`\\s*(${EMOJI}+)\\s*$`);

/** Plain text of inline content, with HTML tags dropped (the text between them kept). */
function inlineText(nodes: readonly Nodes[]): string {
  let out = '';
  for (const node of nodes) {
    if (node.type === 'html') out += ' ';
    else if (node.type === 'text' || node.type === 'inlineCode') out += node.value;
    else if (node.type === 'image') out += node.alt ?? '';
    else if (node.type === 'break') out += ' ';
    else if ('children' in node) out += inlineText(node.children as Nodes[]);
  }
  return out;
}

/** Absolute http(s) links in an item's own content (not in its nested lists), in order. */
function ownLinks(item: ListItem): Link[] {
  const links: Link[] = [];
  const visit = (node: Nodes) => {
    if (node.type === 'list') return;
    if (node.type === 'link') {
      if (canonicalUrl(node.url) !== null) links.push(node);
      return;
    }
    if ('children' in node) for (const child of node.children as Nodes[]) visit(child);
  };
  for (const child of item.children) visit(child);
  return links;
}

/** The item's own inline content (its paragraphs, not its nested lists), in order. */
function ownInline(item: ListItem): PhrasingContent[] {
  const out: PhrasingContent[] = [];
  for (const child of item.children) {
    if (child.type === 'paragraph' || child.type === 'heading') out.push(...child.children, { type: 'text', value: ' ' });
  }
  return out;
}

function clean(text: string): string {
  return tidy(normalize(text));
}

function readListing(item: ListItem, first: Link, others: Link[], categoryPath: string[]): MarkdownListing {
  // Title: the link text, without ==highlight== marks, trailing rating emoji and a trailing year.
  let linkText = normalize(inlineText(first.children)).replace(/==/g, '');
  let rating = 0;
  const trailing = TRAILING_EMOJI.exec(linkText);
  if (trailing) {
    rating = trailing[1]!.length;
    linkText = linkText.slice(0, trailing.index);
  }
  const renderedTitle = takeRendererFields(linkText);
  let titleText = tidy(renderedTitle.rest);

  // The rest of the item: description, tags, renderer metadata, a year.
  const tailNodes = ownInline(item).filter((node) => node !== first);
  const tail = takeRendererFields(normalize(inlineText(tailNodes)));
  const labels: string[] = [];
  let description = tail.rest.replace(BRACKET, (whole, label: string) => {
    const text = label.replace(/\s+/g, ' ').trim();
    if (!LABEL.test(text)) return whole;
    labels.push(text);
    return ' ';
  });
  const classified = classifyLabels(labels);
  if (rating === 0 && classified.stability !== undefined) {
    // "… 🌟🌟 [COMMUNITY-TOOL]": a run directly before the stability tag is the rating.
    const before = new RegExp(`(${EMOJI}+)\\s*\\[${classified.stability}\\]`).exec(tail.rest);
    if (before) rating = before[1]!.length;
  }

  let year: number | undefined;
  const inTitle = YEAR.exec(titleText);
  const inTail = YEAR.exec(description);
  if (inTitle) {
    year = Number(inTitle[1]);
    if (/\(\s*\d{4}\s*\)\s*:?$/.test(titleText)) titleText = titleText.slice(0, inTitle.index).trim();
  } else if (inTail) {
    year = Number(inTail[1]);
    description = description.slice(0, inTail.index) + description.slice(inTail.index + inTail[0].length);
  }

  description = tidy(description)
    .replace(/^[\s\-–—:|,.]+/, '')
    .trim();
  const url = canonicalUrl(first.url)!;
  const named = NAMED_PUBLISHER.exec(titleText);
  const split = splitPublisher(titleText);
  if (split.publisher === undefined && named) {
    split.publisher = named[1]!.toLowerCase();
    split.title = named[2]!.trim();
  }
  let title = split.title;
  if (!title || /^https?:\/\//i.test(title)) {
    // A bare URL, an image-only link or empty text: name it by its address.
    const address = new URL(url);
    title = `${address.hostname.replace(/^www\./, '')}${address.pathname === '/' ? '' : address.pathname}`;
  }
  const listing: MarkdownListing = {
    line: item.position?.start.line ?? 0,
    url,
    title,
    rating: Math.min(rating, 10),
    kinds: classified.kinds,
    relatedUrls: [...new Set(others.map((l) => canonicalUrl(l.url)!).filter((u) => u !== url))],
    categoryPath,
    ...renderedTitle.fields,
    ...tail.fields,
  };
  if (split.publisher !== undefined) listing.publisher = split.publisher;
  if (year !== undefined) listing.year = year;
  if (description) listing.description = description;
  if (classified.level !== undefined) listing.level = classified.level;
  if (classified.stability !== undefined) listing.stability = classified.stability;
  if (classified.contentLanguage !== undefined) listing.contentLanguage = classified.contentLanguage;
  return listing;
}

/**
 * Parses one markdown page. `rootName` names the page root when the page has no `#` title (the
 * loader passes the file name); every category path starts with the root's name.
 */
export function parseNubenetesMarkdown(text: string, opts: { file?: string; rootName?: string } = {}): MarkdownPage {
  const file = opts.file ?? '<input>';
  const issues: NubenetesIssue[] = [];
  // Mangled text is repaired line by line before parsing, so positions stay those of the file.
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const repaired = lines.map((line, index) => {
    const result = repairWindows1252(line);
    if ('error' in result) {
      issues.push({ file, line: index + 1, reason: result.error });
      return line;
    }
    return result.text;
  });
  if (issues.length > 0) throw new NubenetesParseError(issues);

  const tree: Root = fromMarkdown(repaired.join('\n'), { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
  const page: MarkdownPage = { listings: [], categories: [], skipped: [] };
  const titleHeading = tree.children.find((node): node is Heading => node.type === 'heading' && node.depth === 1);
  if (titleHeading) page.title = clean(inlineText(titleHeading.children)) || undefined;
  const root = page.title ?? opts.rootName ?? 'Page';
  /** Open headings below the root: their level and name. */
  let open: Array<{ depth: number; name: string }> = [];
  const path = () => [root, ...open.map((h) => h.name)];

  const visitItem = (item: ListItem) => {
    const links = ownLinks(item);
    if (links.length > 0) {
      page.listings.push(readListing(item, links[0]!, links.slice(1), path()));
    } else {
      const line = item.position?.start.line ?? 0;
      const textOfItem = clean(inlineText(ownInline(item)));
      if (textOfItem)
        page.skipped.push({ line, text: textOfItem, reason: 'list item without an absolute link (a remark or a table of contents)' });
    }
    for (const child of item.children) if (child.type === 'list') visitList(child);
  };
  const visitList = (list: List) => {
    for (const item of list.children) visitItem(item);
  };
  const visit = (node: Nodes) => {
    switch (node.type) {
      case 'heading': {
        if (node === titleHeading) return;
        const name = clean(inlineText(node.children));
        if (!name) return;
        if (NAVIGATION.test(name)) {
          open = [];
          return;
        }
        open = open.filter((h) => h.depth < node.depth);
        open.push({ depth: node.depth, name });
        page.categories.push({ path: path(), line: node.position?.start.line ?? 0 });
        return;
      }
      case 'list':
        visitList(node);
        return;
      case 'table':
      case 'html':
      case 'code':
        return;
      default:
        if ('children' in node) for (const child of (node as Parents).children as Nodes[]) visit(child);
    }
  };
  visit(tree);
  return page;
}
