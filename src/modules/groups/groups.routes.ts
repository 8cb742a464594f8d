import type { FastifyInstance } from 'fastify';
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
    async (request) => ({
      data: await app.groups.get(request.params.idOrSlug),
    }),
  );
}
