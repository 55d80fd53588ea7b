/**
 * The meshgraph dataset format: what `data/*.yaml` holds, what `npm run import` reads and what
 * `npm run export` writes. Several files may each hold any of the sections; they are merged.
 *
 * Ids are stable slugs (lower-case letters, digits and dashes) and unique across Products,
 * Concepts and Organizations, so a relationship names its ends by id alone. Entry ids are unique
 * among entries. Provenance (`sources`) is a list of entry ids and/or absolute http(s) URLs.
 */
import { z } from 'zod';
import { STATED_TYPES, type StatedRelationshipType } from '../model.js';

const slug = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a slug: lower-case letters, digits and single dashes');

/** An ISO date (YYYY, YYYY-MM or YYYY-MM-DD): sources often give only a year. */
const partialDate = z
  .union([z.string(), z.number().int()])
  .transform((v) => String(v))
  .pipe(z.string().regex(/^\d{4}(?:-\d{2}(?:-\d{2})?)?$/, 'must be YYYY, YYYY-MM or YYYY-MM-DD'));

/** An entry id or an absolute http(s) URL. */
const sourceRef = z
  .string()
  .min(1)
  .refine((s) => /^https?:\/\/\S+$/.test(s) || /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(s), {
    message: 'a source is an entry id (slug) or an absolute http(s) URL',
  });

const confidence = z.enum(['high', 'medium', 'low']);

/** A category an entry is listed in, with its stable id (hierarchical: the parent's id, "/", a slug). */
const EntryCategorySchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*(?:\/[a-z0-9]+(?:-[a-z0-9]+)*)*$/, 'must be slugs joined by "/"'),
    path: z.array(z.string().min(1)).min(1),
  })
  .refine((c) => c.id.split('/').length === c.path.length, { message: 'a category id has one slug per heading of its path', path: ['id'] });

const LABEL = /^[A-Z][A-Z0-9 -]*$/;

/**
 * A count the API serves as GraphQL `Int` (32-bit signed): refused above 2,147,483,647 at import,
 * with file and line, rather than accepted and then unreadable.
 */
export const INT_MAX = 2_147_483_647;
const count = () => z.number().int().min(0).max(INT_MAX, `must be at most ${INT_MAX} (the largest GraphQL Int)`);

/** The facts a page gives about a resource, as curated entries and page listings both hold them. */
const resourceFields = {
  title: z.string().min(1),
  /** Absent where no source gives one; then the entry sorts last and counts in no year. */
  year: z.number().int().min(1970).max(2100).optional(),
  publisher: z.string().min(1).optional(),
  level: z.string().regex(LABEL).optional(),
  stability: z.string().regex(LABEL).optional(),
  /** The star rating: how many rating emoji the source gave (0 when none). */
  rating: z.number().int().min(0).max(10).default(0),
  contentLanguage: z
    .string()
    .regex(/^[A-Z][A-Z0-9+#-]*$/)
    .optional(),
  kinds: z.array(z.string().regex(LABEL)).default([]),
  githubStars: count().optional(),
  /** Renderer metadata of the live site's rendering. */
  author: z.string().min(1).optional(),
  duration: z.string().min(1).optional(),
  readingMinutes: count().optional(),
  video: z.boolean().optional(),
};

const EntrySchema = z
  .strictObject({
    id: slug,
    ...resourceFields,
    url: z.url().optional(),
    /** Our own words, short. Never the source page's sentences. Curated entries have one. */
    summary: z.string().min(1).optional(),
    /** The listing page's own description (page entries only; never in the bundled dataset). */
    description: z.string().min(1).optional(),
    /** Other links the listing gives beside the resource itself. */
    relatedUrls: z.array(z.url()).optional(),
    /** Heading names from the top of the source page's tree down to the entry's own heading. */
    categoryPath: z.array(z.string().min(1)).min(1),
    /** Every category that lists the entry, with ids (page entries; the first is categoryPath's). */
    categories: z.array(EntryCategorySchema).optional(),
    /** False for an entry known only from pages (as `npm run export` writes them); default true. */
    curated: z.boolean().default(true),
  })
  .refine((e) => !e.curated || (e.summary !== undefined && e.year !== undefined), {
    message: 'a curated entry needs a year and a summary in our own words',
    path: ['summary'],
  });

const StatusClaimSchema = z.strictObject({
  status: z.string().regex(/^[a-z][a-z-]*$/),
  since: partialDate.optional(),
  note: z.string().optional(),
  sources: z.array(sourceRef).min(1),
});

const ProductSchema = z.strictObject({
  id: slug,
  name: z.string().min(1),
  /** Other spellings of the same thing (not former names: those are their own Products). */
  aliases: z.array(z.string().min(1)).default([]),
  /** The best-supported current status; every claim stays in statusClaims with its sources. */
  status: z.string().regex(/^[a-z][a-z-]*$/),
  statusClaims: z.array(StatusClaimSchema).default([]),
  productType: z.string().regex(/^[a-z][a-z-]*$/),
  description: z.string().min(1),
  homepage: z.url().optional(),
  repository: z.url().optional(),
  /**
   * Other addresses that belong to the product alone (its GitHub organization, a docs site): an
   * entry whose URL starts with one of them, its homepage or its repository is about it.
   */
  urls: z.array(z.url()).default([]),
  languages: z.array(z.string().min(1)).default([]),
  license: z.string().optional(),
  firstRelease: partialDate.optional(),
  lastRelease: partialDate.optional(),
});

const ConceptSchema = z.strictObject({
  id: slug,
  name: z.string().min(1),
  aliases: z.array(z.string().min(1)).default([]),
  definition: z.string().min(1),
});

const OrganizationSchema = z.strictObject({
  id: slug,
  name: z.string().min(1),
  aliases: z.array(z.string().min(1)).default([]),
  orgType: z.enum(['foundation', 'company', 'community', 'standards-body']),
  homepage: z.url().optional(),
});

/** Metadata for external sources named by URL in `sources` lists. */
const SourceSchema = z.strictObject({
  url: z.url(),
  title: z.string().min(1),
  publisher: z.string().optional(),
});

/**
 * Relationship types between curated nodes, with the labels each end must have.
 * ABOUT, COMPARES and IN_CATEGORY are derived by the importer (linker, category tree); they may
 * also appear here (explicitly curated, or in an export).
 */

const SUPERSEDES_KINDS = ['renamed', 'rewrite', 'merged', 'recommended', 'standard', 'replaced'] as const;

const RelationshipSchema = z
  .strictObject({
    type: z.enum(STATED_TYPES as [StatedRelationshipType, ...StatedRelationshipType[]]),
    from: slug,
    to: slug,
    /** SUPERSEDES: how the newer thing replaced the older (see SUPERSEDES_KINDS). */
    kind: z
      .string()
      .regex(/^[a-z][a-z-]*$/)
      .optional(),
    /** USES: the role of the used product (data-plane, sidecar, per-node …); DEVELOPED_BY: creator, maintainer, vendor … */
    role: z
      .string()
      .regex(/^[a-z][a-z0-9-]*$/)
      .optional(),
    /** HOSTED_BY: sandbox, incubating, graduated, archived. */
    maturity: z
      .string()
      .regex(/^[a-z][a-z-]*$/)
      .optional(),
    since: partialDate.optional(),
    until: partialDate.optional(),
    confidence: confidence.default('high'),
    note: z.string().optional(),
    sources: z.array(sourceRef).min(1),
  })
  .refine((r) => r.type !== 'SUPERSEDES' || (r.kind !== undefined && (SUPERSEDES_KINDS as readonly string[]).includes(r.kind)), {
    message: `SUPERSEDES needs a kind, one of ${SUPERSEDES_KINDS.join(', ')}`,
    path: ['kind'],
  });

/** Hand-made corrections to the linker: what an entry is (not) about, and what it compares. */
const EntryLinkSchema = z.strictObject({
  entry: slug,
  about: z.array(slug).default([]),
  compares: z.array(slug).default([]),
  notAbout: z.array(slug).default([]),
});

/** One list item of a page, as facts: where it is and what it names (never the page's sentences). */
const ListingSchema = z.strictObject({
  line: count().min(1),
  url: z.url(),
  ...resourceFields,
  relatedUrls: z.array(z.url()).default([]),
  category: EntryCategorySchema,
});

/**
 * A page's listings as facts, standing for the page itself: importing it restates that document
 * (its `path`, e.g. "v1/servicemesh.md") as a page import would, so a newer copy of the real page
 * imported later replaces it like any re-import.
 */
const DocumentSchema = z.strictObject({
  path: z.string().min(1),
  format: z.enum(['markdown', 'text']),
  title: z.string().min(1).optional(),
  listings: z.array(ListingSchema).default([]),
});

export const DatasetFileSchema = z.strictObject({
  /** Format version of this file. */
  meshgraph: z.literal(1),
  entries: z.array(EntrySchema).default([]),
  products: z.array(ProductSchema).default([]),
  concepts: z.array(ConceptSchema).default([]),
  organizations: z.array(OrganizationSchema).default([]),
  sources: z.array(SourceSchema).default([]),
  relationships: z.array(RelationshipSchema).default([]),
  entryLinks: z.array(EntryLinkSchema).default([]),
  documents: z.array(DocumentSchema).default([]),
});

export type DatasetEntry = z.infer<typeof EntrySchema>;
export type EntryCategory = z.infer<typeof EntryCategorySchema>;
export type DatasetProduct = z.infer<typeof ProductSchema>;
export type DatasetConcept = z.infer<typeof ConceptSchema>;
export type DatasetOrganization = z.infer<typeof OrganizationSchema>;
export type DatasetSource = z.infer<typeof SourceSchema>;
export type DatasetRelationship = z.infer<typeof RelationshipSchema>;
export type DatasetEntryLink = z.infer<typeof EntryLinkSchema>;
export type DatasetFile = z.infer<typeof DatasetFileSchema>;
