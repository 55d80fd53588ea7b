/**
 * Cypher fragments for reading a relationship list, shared by the relation store's statements and
 * read-ahead's subqueries (src/graph/stores/readAhead.ts): the pattern towards the far nodes and
 * the list's order. Types and labels come from the graph model only.
 */
import { farLabels, type RelationshipType } from '../../model.js';

/** `out`: from the asked node; `in`: towards it; `both`: either way (for symmetric facts). */
export type Direction = 'out' | 'in' | 'both';

/**
 * The order of a relationship list, as one sort key that is never null (ascending) with the far
 * node's id as the tie-breaker: entries newest first (no year last), then by title; everything
 * else by name — the order of the whole list (loadRelations). The capped list and the connection share it.
 */
export function sortKeyOf(far: readonly string[], b = 'b'): string {
  if (far.length === 1 && far[0] === 'Entry') {
    // 10000 - year, five digits: ascending text order is year descending, a missing year last.
    return `right('0000' + toString(10000 - coalesce(${b}.year, 0)), 5) + ' ' + toLower(coalesce(${b}.title, ''))`;
  }
  return `toLower(coalesce(${b}.name, ''))`;
}

/** The relationship `r` of `type` in `direction` towards `b`, and the condition that `b` is one of its far labels. */
export function relationPattern(type: RelationshipType, direction: Direction, r = 'r', b = 'b'): { arrow: string; where: string } {
  const arrow = direction === 'out' ? `-[${r}:${type}]->` : direction === 'in' ? `<-[${r}:${type}]-` : `-[${r}:${type}]-`;
  return {
    arrow,
    where: farLabels(type, direction)
      .map((l) => `${b}:${l}`)
      .join(' OR '),
  };
}
