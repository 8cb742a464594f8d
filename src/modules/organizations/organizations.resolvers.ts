import type { IResolvers, MercuriusLoaders } from 'mercurius';
import { invalidParameter } from '../../lib/problem.js';
import type { OrganizationDto } from './organizations.schemas.js';

const MAX_GROUPS_PER_ORGANIZATION = 100;

export const organizationResolvers: IResolvers = {
  Query: {
    organization: (_root, args: { id: string }, { app }) => app.organizations.get(args.id),
    organizations: async (_root, args: { first?: number | null; after?: string | null }, { app }) => {
      const first = args.first ?? 20;
      if (first < 1 || first > 100) throw invalidParameter('first', 'must be between 1 and 100', 'body');
      const page = await app.organizations.list({
        limit: first,
        ...(args.after ? { cursor: args.after } : {}),
      });
      return {
        nodes: page.data,
        pageInfo: { hasNextPage: page.meta.next_cursor !== null, endCursor: page.meta.next_cursor },
      };
    },
  },
  Organization: {
    publishedGroups: (o: OrganizationDto) => o.published_groups,
    createdAt: (o: OrganizationDto) => o.created_at,
    updatedAt: (o: OrganizationDto) => o.updated_at,
  },
};

export const organizationLoaders: MercuriusLoaders = {
  Organization: {
    async groups(queries: { obj: OrganizationDto; params: { first?: number } }[], { app }) {
      for (const q of queries) {
        const first = q.params.first ?? 20;
        if (first < 1 || first > MAX_GROUPS_PER_ORGANIZATION) {
          throw invalidParameter(
            'groups.first',
            `must be between 1 and ${MAX_GROUPS_PER_ORGANIZATION}`,
            'body',
          );
        }
      }
      const limit = Math.max(...queries.map((q) => q.params.first ?? 20));
      const groups = await app.groups.byOrganizations(
        queries.map((q) => q.obj.id),
        limit,
      );
      return queries.map((q) => (groups.get(q.obj.id) ?? []).slice(0, q.params.first ?? 20));
    },
  },
};
