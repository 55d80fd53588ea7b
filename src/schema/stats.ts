/**
 * `stats`: counts for dashboards — entries by year, stability, level, content language and
 * top-level category; products by status and type; the most-referenced products and concepts.
 * Everything comes from one statement, run once per request however many fields are selected.
 */
import type { ObjectRef } from '@pothos/core';
import { builder, type BuilderTypes } from '../builder.js';
import { intBetween } from './arguments.js';
import { MAX_TOP, readStats, type CountRow, type ReferencedRow, type StatsRow, type YearCountRow } from '../graph/stores/statsStore.js';
import { Concept } from './concept.js';
import { Product } from './product.js';

const ValueCount = builder.objectRef<CountRow>('ValueCount').implement({
  description: 'How many things have one value of a property.',
  fields: (t) => ({
    value: t.string({
      nullable: true,
      description: 'The value, as stored (e.g. "ENTERPRISE-STABLE", "active"); null counts the things that do not state one.',
      resolve: (c) => c.value,
    }),
    count: t.int({ description: 'How many have this value.', resolve: (c) => c.count }),
  }),
});

const YearCount = builder.objectRef<YearCountRow>('YearCount').implement({
  description: 'How many entries were published in one year.',
  fields: (t) => ({
    year: t.int({ description: 'The year.', resolve: (c) => c.year }),
    count: t.int({ description: 'How many entries have this year.', resolve: (c) => c.count }),
  }),
});

/** `Referenced<Type>`: a product or a concept with how many entries point at it. */
function referenced(type: ObjectRef<BuilderTypes, unknown>, noun: 'product' | 'concept') {
  return builder.objectRef<ReferencedRow<unknown>>(`Referenced${type.name}`).implement({
    description: `A ${noun} with how many entries point at it.`,
    fields: (t) => ({
      [noun]: t.field({ type, description: `The ${noun}.`, resolve: (r) => r.node }),
      count: t.int({ description: 'How many ABOUT and COMPARES relationships from entries point at it.', resolve: (r) => r.count }),
      compares: t.int({ description: 'Of those, how many are COMPARES (entries comparing it with others).', resolve: (r) => r.compares }),
    }),
  });
}

const ReferencedProduct = referenced(Product, 'product');
const ReferencedConcept = referenced(Concept, 'concept');

/** The `first` argument of a top list. */
const topArg = (t: StatsFields) =>
  t.arg.int({
    required: false,
    defaultValue: 10,
    validate: intBetween('first', 1, MAX_TOP),
    description: `How many to return, 1 to ${MAX_TOP}; default 10.`,
  });

const mostReferenced = (plural: 'products' | 'concepts') =>
  `The ${plural} most entries point at (ABOUT + COMPARES), most first; equal counts by name. ${plural[0]!.toUpperCase()}${plural.slice(1)} no entry points at are left out.`;

function top<T>(rows: T[], first: number | null | undefined): T[] {
  return rows.slice(0, first ?? 10);
}

type StatsFields = PothosSchemaTypes.ObjectFieldBuilder<BuilderTypes, StatsRow>;

/** A list of value counts, ordered largest count first. */
const valueCounts = (t: StatsFields, description: string, resolve: (stats: StatsRow) => CountRow[]) =>
  t.field({
    type: [ValueCount],
    description: `${description} Largest count first; equal counts by value, "not stated" (null) last.`,
    resolve,
  });

const Stats = builder.objectRef<StatsRow>('Stats').implement({
  description: 'Counts over the whole graph, for dashboards. All of them come from one database statement.',
  fields: (t) => ({
    entryCount: t.int({ description: 'How many entries the graph holds.', resolve: (s) => s.entryCount }),
    productCount: t.int({ description: 'How many products the graph holds.', resolve: (s) => s.productCount }),
    conceptCount: t.int({ description: 'How many concepts the graph holds.', resolve: (s) => s.conceptCount }),
    organizationCount: t.int({ description: 'How many organizations the graph holds.', resolve: (s) => s.organizationCount }),
    entriesByYear: t.field({
      type: [YearCount],
      description: 'Entries per publication year, oldest year first; entries without a year are in no bucket.',
      resolve: (s) => s.entriesByYear,
    }),
    entriesByStability: valueCounts(
      t,
      'Entries per stability label (e.g. "ENTERPRISE-STABLE", "COMMUNITY-TOOL").',
      (s) => s.entriesByStability,
    ),
    entriesByLevel: valueCounts(t, 'Entries per reader level (e.g. "ADVANCED").', (s) => s.entriesByLevel),
    entriesByContentLanguage: valueCounts(
      t,
      'Entries per content language, the programming language an entry is about (e.g. "GO", "RUST").',
      (s) => s.entriesByContentLanguage,
    ),
    entriesByTopCategory: valueCounts(
      t,
      'Entries per top-level heading of the category tree (the first name of their category path).',
      (s) => s.entriesByTopCategory,
    ),
    productsByStatus: valueCounts(t, 'Products per current status (e.g. "active", "archived").', (s) => s.productsByStatus),
    productsByType: valueCounts(t, 'Products per product type (e.g. "service-mesh", "proxy").', (s) => s.productsByType),
    mostReferencedProducts: t.field({
      type: [ReferencedProduct],
      description: mostReferenced('products'),
      args: { first: topArg(t) },
      resolve: (s, args) => top(s.mostReferencedProducts, args.first),
    }),
    mostReferencedConcepts: t.field({
      type: [ReferencedConcept],
      description: mostReferenced('concepts'),
      args: { first: topArg(t) },
      resolve: (s, args) => top(s.mostReferencedConcepts, args.first),
    }),
  }),
});

builder.queryField('stats', (t) =>
  t.field({
    type: Stats,
    description:
      'Counts for dashboards: entries by year, stability, level, content language and category; products by status and type; the most-referenced products and concepts.',
    resolve: (_root, _args, ctx) => readStats(ctx.graph),
  }),
);
