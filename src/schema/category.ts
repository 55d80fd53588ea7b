/**
 * Category: a heading of the tree entries are filed under (from the Nubenetes page), e.g.
 * Cloud Native > Service Mesh > Istio. Entry points: `categories` (a connection) and `category`.
 */
import { builder } from '../builder.js';
import type { Context } from '../context.js';
import { NotFoundError } from '../errors.js';
import { countCategories, findCategories, loadCategories, pageCategories, type CategoryFilter } from '../graph/stores/categoryStore.js';
import type { CategoryRow } from '../graph/stores/rows.js';
import { pageRequest, toConnection } from './connections.js';

export const Category = builder.loadableNodeRef('Category', {
  id: { resolve: (category) => category.id },
  // One row per id in order; null for an id with no node (node(id:) then answers null).
  load: (ids: string[], ctx: Context) => loadCategories(ctx.graph, ids) as Promise<CategoryRow[]>,
});

Category.implement({
  description: 'A heading of the category tree entries are filed under, e.g. "Cloud Native > Service Mesh > Istio".',
  fields: (t) => ({
    slug: t.exposeString('id', {
      description: 'The stable id of the category: the slugs of its path joined by "/", e.g. "cloud-native/service-mesh/istio".',
    }),
    name: t.exposeString('name', { description: 'The heading itself, e.g. "Istio".' }),
    path: t.exposeStringList('path', { description: 'The heading names from the top of the tree down to this one.' }),
    depth: t.exposeInt('depth', { description: 'How deep the heading is: 1 for a top-level heading.' }),
    parent: t.field({
      type: Category,
      nullable: true,
      description: 'The heading this one is under (null for a top-level heading).',
      resolve: (category) => (category.depth > 1 ? category.id.split('/').slice(0, -1).join('/') : null),
    }),
  }),
});

const CategoryFilterInput = builder.inputType('CategoryFilter', {
  description: 'Conditions categories must all meet.',
  fields: (t) => ({
    depth: t.int({ description: 'Only headings at this depth (1 = top level).' }),
    under: t.string({ description: 'Only headings below this one (not itself): a category id or a path of heading names.' }),
  }),
});

const CategoryConnection = builder.connectionObject(
  {
    type: Category,
    name: 'CategoryConnection',
    description: 'A page of categories, ordered by their id (the path of slugs), so a heading comes before its sub-headings.',
  },
  { name: 'CategoryEdge', description: 'One category of a page, with its cursor.' },
);

async function categoryByText(ctx: Context, text: string, argument: string): Promise<CategoryRow> {
  const [found] = await findCategories(ctx.graph, text);
  if (!found) {
    throw new NotFoundError(
      `No category is named "${text}". Use a category id such as "cloud-native/service-mesh" or a path of heading names.`,
      {
        argument,
      },
    );
  }
  return found;
}

builder.queryField('categories', (t) =>
  t.connection(
    {
      type: Category,
      description: 'Browse the category tree, a page at a time, in path order.',
      args: { filter: t.arg({ type: CategoryFilterInput, description: 'Conditions the categories must meet (all of them).' }) },
      resolve: async (_root, args, ctx) => {
        const request = pageRequest(args, 'PATH', 'ASC');
        const filter: CategoryFilter = {
          depth: args.filter?.depth ?? null,
          underId: args.filter?.under ? (await categoryByText(ctx, args.filter.under, 'filter.under')).id : null,
        };
        const page = await pageCategories(ctx.graph, filter, 'PATH', request);
        return toConnection(page, request, 'PATH', () => countCategories(ctx.graph, filter));
      },
    },
    CategoryConnection,
  ),
);

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
