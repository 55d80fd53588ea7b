/**
 * Resource identity for page entries: the canonical form of a link, and the entry id derived
 * from it. Two links name the same resource exactly when their canonical forms are equal.
 */
import { createHash } from 'node:crypto';
import { slugify } from './slug.js';

/**
 * The canonical form of an absolute http(s) URL, or null when `raw` is not one:
 * scheme and host lower-cased (the WHATWG URL parser does this), the default port dropped,
 * the fragment and `utm_*` query parameters dropped, one trailing `/` of the path dropped.
 * Nothing else changes: `www.` stays, `http` is not turned into `https`, other parameters keep
 * their order and spelling.
 */
export function canonicalUrl(raw: string): string | null {
  const text = raw.trim();
  if (!/^https?:\/\//i.test(text)) return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (!url.hostname) return null;
  url.hash = '';
  if (url.search) {
    // Keep the query as written, minus utm_* pairs: URLSearchParams would re-encode the rest.
    const kept = url.search
      .slice(1)
      .split('&')
      .filter((pair) => pair.length > 0 && !/^utm_/i.test(pair));
    url.search = kept.length > 0 ? `?${kept.join('&')}` : '';
  }
  let out = url.href;
  // "https://host/" and "https://host" are one resource; so are "/docs/" and "/docs".
  if (url.search === '' && out.endsWith('/')) out = out.slice(0, -1);
  else if (url.search !== '' && url.pathname.length > 1 && url.pathname.endsWith('/')) {
    out = `${url.origin}${url.pathname.slice(0, -1)}${url.search}`;
  }
  return out;
}

const MAX_SLUG = 48;

/**
 * The id of an entry known only by its URL: a readable slug of host and path, then 10 hex
 * digits of the SHA-256 of the canonical URL, so two different URLs never share an id (short
 * of a 40-bit hash collision, which the importer detects and reports) and the same URL always
 * gets the same one. `https://www.infoq.com/articles/service-mesh-ultimate-guide` →
 * `infoq-com-articles-service-mesh-ultimate-guide-1a2b3c4d5e`.
 */
export function urlEntryId(canonical: string): string {
  const url = new URL(canonical);
  let base = slugify(`${url.hostname.replace(/^www\./, '')} ${url.pathname} ${url.search}`);
  if (base.length > MAX_SLUG) {
    const cut = base.lastIndexOf('-', MAX_SLUG);
    base = base.slice(0, cut > 0 ? cut : MAX_SLUG);
  }
  const hash = createHash('sha256').update(canonical).digest('hex').slice(0, 10);
  return base ? `${base}-${hash}` : `u-${hash}`;
}
