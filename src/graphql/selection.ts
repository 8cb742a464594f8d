// Which fields a query selects below the field being resolved, so a resolver can skip work no
// one asked for (the groups resolver counts matches only when totalCount is selected; a group's
// organization is read only when more than what the group carries is asked for).
import { type GraphQLResolveInfo, Kind, type SelectionSetNode } from 'graphql';

/** True when `name` is selected directly under the current field, through fragments too. */
export function selectsField(info: GraphQLResolveInfo, name: string): boolean {
  return selectedNames(info).has(name);
}

/** True when every field selected directly under the current field is one of `names`. */
export function selectsOnly(info: GraphQLResolveInfo, names: readonly string[]): boolean {
  return [...selectedNames(info)].every((name) => names.includes(name));
}

function selectedNames(info: GraphQLResolveInfo): Set<string> {
  const names = new Set<string>();
  const visit = (set: SelectionSetNode | undefined): void => {
    for (const selection of set?.selections ?? []) {
      if (selection.kind === Kind.FIELD) names.add(selection.name.value);
      else if (selection.kind === Kind.INLINE_FRAGMENT) visit(selection.selectionSet);
      else visit(info.fragments[selection.name.value]?.selectionSet);
    }
  };
  for (const node of info.fieldNodes) visit(node.selectionSet);
  return names;
}
