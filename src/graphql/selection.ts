// Which fields a query selects below the field being resolved, so a resolver can skip work no
// one asked for (the groups resolver counts matches only when totalCount is selected and reads
// only the columns of the group fields selected; a group's organization is read only when more
// than what the group carries is asked for).
import { type GraphQLResolveInfo, Kind, type SelectionSetNode } from 'graphql';

/** True when `name` is selected directly under the current field, through fragments too. */
export function selectsField(info: GraphQLResolveInfo, name: string): boolean {
  return selectedNames(info).has(name);
}

/** True when every field selected directly under the current field is one of `names`. */
export function selectsOnly(info: GraphQLResolveInfo, names: readonly string[]): boolean {
  return [...selectedNames(info)].every((name) => names.includes(name));
}

/**
 * Names selected at the end of `path` below the current field, over every way there (aliases,
 * fragments, the same field twice): `['edges', 'node']` in a connection gives the node's fields.
 */
export function selectedNamesAt(info: GraphQLResolveInfo, path: readonly string[]): Set<string> {
  const names = new Set<string>();
  const visit = (set: SelectionSetNode | undefined, depth: number): void => {
    for (const selection of set?.selections ?? []) {
      if (selection.kind === Kind.FIELD) {
        if (depth === path.length) names.add(selection.name.value);
        else if (selection.name.value === path[depth]) visit(selection.selectionSet, depth + 1);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) visit(selection.selectionSet, depth);
      else visit(info.fragments[selection.name.value]?.selectionSet, depth);
    }
  };
  for (const node of info.fieldNodes) visit(node.selectionSet, 0);
  return names;
}

const selectedNames = (info: GraphQLResolveInfo) => selectedNamesAt(info, []);
