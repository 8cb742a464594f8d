import type { FastifyInstance } from 'fastify';
import {
  getOrganizationSchema,
  type ListOrganizationsParams,
  listOrganizationsSchema,
} from './organizations.schemas.js';

export default async function organizationsRoutes(app: FastifyInstance) {
  app.get<{ Querystring: ListOrganizationsParams }>(
    '/v1/organizations',
    { schema: listOrganizationsSchema },
    async (request) => app.organizations.list(request.query),
  );

  app.get<{ Params: { id: string } }>(
    '/v1/organizations/:id',
    { schema: getOrganizationSchema },
    async (request) => ({
      data: await app.organizations.get(request.params.id),
    }),
  );
}
