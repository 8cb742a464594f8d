import type { FastifyInstance } from 'fastify';
import { etag } from '../submissions/access.js';
import { getGroupSchema, type SearchGroupsParams, searchGroupsSchema } from './groups.schemas.js';

export default async function groupsRoutes(app: FastifyInstance) {
  app.get<{ Querystring: SearchGroupsParams }>(
    '/v1/groups',
    { schema: searchGroupsSchema },
    async (request, reply) => {
      const result = await app.groups.search(request.query);
      reply.header('x-search-engine', result.meta.engine);
      return result;
    },
  );

  app.get<{ Params: { idOrSlug: string } }>(
    '/v1/groups/:idOrSlug',
    { schema: getGroupSchema },
    async (request, reply) => {
      const { group, version } = await app.groups.getFor(request.params.idOrSlug, request.principal);
      reply.header('etag', etag(version));
      return { data: group };
    },
  );
}
