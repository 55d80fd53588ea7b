/**
 * Category: a heading of the tree entries are filed under (from the Nubenetes page), e.g.
 * Cloud Native > Service Mesh > Istio. Entry points: `categories` (a connection) and `category`.
 */
import { builder } from '../builder.js';
import type { Context } from '../context.js';
import { NotFoundError } from '../errors.js';
import { categoryStore, findCategories } from '../graph/stores/categoryStore.js';
import type { CategoryRow } from '../graph/stores/rows.js';
import { collection, loadableNode } from './collection.js';
import { properties, reads } from './properties.js';

export const Category = loadableNode('Category', categoryStore.load);

Category.implement({
  description: 'A heading of the category tree entries are filed under, e.g. "Cloud Native > Service Mesh > Istio".',
  fields: (t) => ({
    slug: t.exposeString('id', {
      description: 'The stable id of the category: the slugs of its path joined by "/", e.g. "cloud-native/service-mesh/istio".',
    }),
    ...properties(t, 'Category', {
      name: 'The heading itself, e.g. "Istio".',
      path: 'The heading names from the top of the tree down to this one.',
      depth: 'How deep the heading is: 1 for a top-level heading.',
    }),
    parent: t.field({
      type: Category,
      nullable: true,
      description: 'The heading this one is under (null for a top-level heading).',
      resolve: (category) => (category.depth > 1 ? category.id.split('/').slice(0, -1).join('/') : null),
      extensions: reads('depth'),
    }),
  }),
});

/** The categories `text` names (an id or a path of heading names); NOT_FOUND, naming `argument`, when none. */
export async function categoriesNamed(ctx: Context, text: string, argument: string): Promise<[CategoryRow, ...CategoryRow[]]> {
  const [first, ...rest] = await findCategories(ctx.graph, text);
  if (!first) {
    throw new NotFoundError(
      `No category is named "${text}". Use a category id such as "cloud-native/service-mesh" or a path of heading names.`,
      { argument },
    );
  }
  return [first, ...rest];
}

const categoryByText = async (ctx: Context, text: string, argument: string) => (await categoriesNamed(ctx, text, argument))[0];

collection({
  type: Category,
  field: 'categories',
  noun: 'category',
  description: 'Browse the category tree, a page at a time, in path order.',
  connectionDescription: 'A page of categories, ordered by their id (the path of slugs), so a heading comes before its sub-headings.',
  store: categoryStore,
  ordering: 'PATH',
  filter: {
    input: {
      description: 'Conditions categories must all meet.',
      argument: 'Conditions the categories must meet (all of them).',
      fields: {
        depth: { type: 'int', description: 'Only headings at this depth (1 = top level).' },
        under: { type: 'string', description: 'Only headings below this one (not itself): a category id or a path of heading names.' },
      },
    },
    parse: async (values, ctx) => {
      const under = values.string('under');
      return { depth: values.int('depth'), underId: under ? (await categoryByText(ctx, under, 'filter.under')).id : null };
    },
  },
});

builder.queryField('category', (t) =>
  t.field({
    type: Category,
    nullable: true,
    description: 'One heading of the category tree, by id or by path; null with a NOT_FOUND error when there is none.',
    args: {
      path: t.arg.string({
        required: true,
        description:
          'A category id ("cloud-native/service-mesh") or a path of heading names ("Cloud Native > Service Mesh"), case-insensitive.',
      }),
    },
    resolve: (_root, args, ctx) => categoryByText(ctx, args.path, 'path'),
  }),
);
