/**
 * Stable slugs: the ids that Relay global ids, saved views and dashboards are built on, so they
 * must not change between imports of the same facts.
 */

/** Lower-case ASCII words joined by single dashes ("Traefik Mesh" → "traefik-mesh"). */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

const MAX_TITLE_SLUG = 60;

/**
 * An entry's id: its title's slug, cut at a word boundary to at most 60 characters, then its year
 * ("Benchmarking Linkerd and Istio" of 2021 → "benchmarking-linkerd-and-istio-2021"). The
 * publisher is left out on purpose: the same article re-shared elsewhere is the same entry.
 */
export function entryId(title: string, year: number): string {
  let base = slugify(title);
  if (base.length > MAX_TITLE_SLUG) {
    const cut = base.lastIndexOf('-', MAX_TITLE_SLUG);
    base = base.slice(0, cut > 0 ? cut : MAX_TITLE_SLUG);
  }
  return base ? `${base}-${year}` : `entry-${year}`;
}

/** The id of a category given by its path of heading names: their slugs joined by "/". */
export function categoryId(path: string[]): string {
  return path.map((p) => slugify(p) || 'x').join('/');
}
