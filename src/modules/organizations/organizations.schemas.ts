import { type Static, Type } from 'typebox';
import { problemResponses } from '../../lib/schemas.js';

export const OrganizationSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    slug: Type.String({ examples: ['austin-peer-support-network'] }),
    name: Type.String({ examples: ['Austin Peer Support Network'] }),
    description: Type.Union([Type.String(), Type.Null()]),
    website: Type.Union([Type.String(), Type.Null()]),
    published_groups: Type.Integer({ description: 'Number of published groups' }),
    created_at: Type.String({ format: 'date-time' }),
    updated_at: Type.String({ format: 'date-time' }),
  },
  { $id: 'Organization' },
);
export type OrganizationDto = Static<typeof OrganizationSchema>;

export const getOrganizationSchema = {
  tags: ['organizations'],
  summary: 'One organization',
  params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
  querystring: Type.Object({}, { additionalProperties: false }),
  response: { 200: Type.Object({ data: Type.Ref('Organization') }), ...problemResponses(400, 404, 429, 500) },
};

export const listOrganizationsQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    cursor: Type.Optional(Type.String({ maxLength: 600 })),
  },
  { additionalProperties: false },
);
export type ListOrganizationsParams = Static<typeof listOrganizationsQuery>;

export const listOrganizationsSchema = {
  tags: ['organizations'],
  summary: 'Organizations in name order',
  querystring: listOrganizationsQuery,
  response: {
    200: Type.Object({
      data: Type.Array(Type.Ref('Organization')),
      meta: Type.Object({ limit: Type.Integer(), next_cursor: Type.Union([Type.String(), Type.Null()]) }),
    }),
    ...problemResponses(400, 429, 500),
  },
};
