// Which fields a query selects below the field being resolved, so a resolver can skip work no
// one asked for (the groups resolver counts matches only when totalCount is selected).
import { type GraphQLResolveInfo, Kind, type SelectionSetNode } from 'graphql';

/** True when `name` is selected directly under the current field, through fragments too. */
export function selectsField(info: GraphQLResolveInfo, name: string): boolean {
  const visit = (set: SelectionSetNode | undefined): boolean =>
    (set?.selections ?? []).some((selection) => {
      switch (selection.kind) {
        case Kind.FIELD:
          return selection.name.value === name;
        case Kind.INLINE_FRAGMENT:
          return visit(selection.selectionSet);
        case Kind.FRAGMENT_SPREAD:
          return visit(info.fragments[selection.name.value]?.selectionSet);
        default:
          return false;
      }
    });
  return info.fieldNodes.some((node) => visit(node.selectionSet));
}
