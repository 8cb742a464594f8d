// Admin: organizations and their keys. Moderator and admin keys belong to no organization.
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { Scope } from '../../db/types.js';
import { isUuid } from '../../lib/ids.js';
import { invalidParameter, notFound } from '../../lib/problem.js';
import { problemResponses } from '../../lib/schemas.js';
import { slugify } from '../../lib/text.js';
import { requireScope } from '../../plugins/auth.js';
import {
  insertOrganizations,
  slugTaken,
  updateOrganization,
} from '../organizations/organizations.repository.js';

const KeySchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  prefix: Type.String({ examples: ['cir_sk_Ab3dE'] }),
  scopes: Type.Array(Type.String()),
  organization_id: Type.Union([Type.String(), Type.Null()]),
  allowed_origins: Type.Union([Type.Array(Type.String()), Type.Null()], {
    description: 'Publishable keys only: the origins allowed to use the key',
  }),
  created_at: Type.String({ format: 'date-time' }),
  last_used_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  revoked_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
const NewKeySchema = Type.Object({
  ...KeySchema.properties,
  key: Type.String({ description: 'The key. Shown only in this response: store it now.' }),
});

type KeyRow = {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  organization_id: string | null;
  allowed_origins: string[] | null;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
};
const keyDto = (k: KeyRow) => ({
  id: k.id,
  name: k.name,
  prefix: k.prefix,
  scopes: k.scopes,
  organization_id: k.organization_id,
  allowed_origins: k.allowed_origins,
  created_at: k.created_at.toISOString(),
  last_used_at: k.last_used_at?.toISOString() ?? null,
  revoked_at: k.revoked_at?.toISOString() ?? null,
});

const idempotencyHeader = Type.Object({ 'idempotency-key': Type.Optional(Type.String({ maxLength: 200 })) });

export default async function keysRoutes(app: FastifyInstance) {
  app.post<{
    Body: {
      name: string;
      slug?: string;
      description?: string;
      website?: string;
      email?: string;
      phone?: string;
      trust_level?: 'new' | 'trusted';
    };
  }>(
    '/v1/organizations',
    {
      schema: {
        tags: ['admin'],
        summary: 'Create an organization (admin)',
        description: "New organizations' submissions wait for review; trusted ones publish directly.",
        security: [{ apiKey: [] }],
        headers: idempotencyHeader,
        body: Type.Object(
          {
            name: Type.String({ minLength: 3, maxLength: 200, examples: ['Harbor Peer Network'] }),
            slug: Type.Optional(Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', maxLength: 80 })),
            description: Type.Optional(Type.String({ maxLength: 2000 })),
            website: Type.Optional(Type.String({ maxLength: 500, pattern: '^https?://[^\\s]+$' })),
            email: Type.Optional(Type.String({ maxLength: 200, format: 'email' })),
            phone: Type.Optional(Type.String({ maxLength: 40 })),
            trust_level: Type.Optional(Type.Enum(['new', 'trusted'], { default: 'new' })),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({ data: Type.Ref('Organization') }),
          ...problemResponses(400, 401, 403, 409, 422),
        },
      },
    },
    async (request, reply) => {
      requireScope(request, 'admin');
      const body = request.body;
      const response = await app.write(request, async (trx) => {
        const slug = body.slug ?? slugify(body.name).slice(0, 80);
        if (await slugTaken(trx, slug))
          throw invalidParameter('slug', 'is already taken; send another slug', 'body');
        const [id] = await insertOrganizations(trx, [
          {
            slug,
            name: body.name,
            description: body.description ?? null,
            website: body.website ?? null,
            email: body.email ?? null,
            phone: body.phone ?? null,
            trust_level: body.trust_level ?? 'new',
          },
        ]);
        const org = (await app.organizations.getMany([id!], trx)).get(id!);
        return { status: 201, body: { data: org } };
      });
      reply.header('location', `/v1/organizations/${(response.body as { data: { id: string } }).data.id}`);
      return reply.status(response.status).send(response.body);
    },
  );

  app.patch<{
    Params: { id: string };
    Body: {
      name?: string;
      description?: string | null;
      website?: string | null;
      trust_level?: 'new' | 'trusted';
    };
  }>(
    '/v1/organizations/:id',
    {
      schema: {
        tags: ['admin'],
        summary: 'Change an organization (admin), e.g. trust it so its groups publish without review',
        security: [{ apiKey: [] }],
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        body: Type.Object(
          {
            name: Type.Optional(Type.String({ minLength: 3, maxLength: 200 })),
            description: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
            website: Type.Optional(
              Type.Union([Type.String({ maxLength: 500, pattern: '^https?://[^\\s]+$' }), Type.Null()]),
            ),
            trust_level: Type.Optional(Type.Enum(['new', 'trusted'])),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: {
          200: Type.Object({ data: Type.Ref('Organization') }),
          ...problemResponses(400, 401, 403, 404),
        },
      },
    },
    async (request) => {
      requireScope(request, 'admin');
      const updated =
        isUuid(request.params.id) && (await updateOrganization(app.db, request.params.id, request.body));
      if (!updated) throw notFound('Organization');
      return { data: (await app.organizations.getMany([request.params.id])).get(request.params.id) };
    },
  );

  app.post<{
    Params: { id: string };
    Body: { name: string; type?: 'secret' | 'publishable'; scopes?: Scope[]; allowed_origins?: string[] };
  }>(
    '/v1/organizations/:id/keys',
    {
      schema: {
        tags: ['admin'],
        summary: 'Create a key for an organization; the key is shown once',
        description:
          'A secret submit key (`cir_sk_`, admin only), or a publishable key (`cir_pk_`, admin or the ' +
          "organization's own submit key) for embedding search on the listed origins. A publishable " +
          'key reads as an anonymous client would, and only from its origins (exact `scheme://host[:port]`).',
        security: [{ apiKey: [] }],
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        headers: idempotencyHeader,
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 100, examples: ['Website sync'] }),
            type: Type.Optional(Type.Enum(['secret', 'publishable'], { default: 'secret' })),
            scopes: Type.Optional(Type.Array(Type.Enum(['submit']), { minItems: 1, maxItems: 1 })),
            allowed_origins: Type.Optional(
              Type.Array(
                Type.String({
                  maxLength: 200,
                  pattern: '^https?://[^/\\s?#]+$',
                  examples: ['https://example.org'],
                }),
                { minItems: 1, maxItems: 20, uniqueItems: true },
              ),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ data: NewKeySchema }), ...problemResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request, reply) => {
      const { type = 'secret', allowed_origins: origins, name } = request.body;
      const organizationId = request.params.id;
      if (type === 'publishable') {
        const principal = requireScope(request, 'submit', 'admin');
        if (principal.organizationId !== organizationId && !principal.scopes.includes('admin'))
          throw notFound('Organization');
        if (!origins) throw invalidParameter('allowed_origins', 'is required for a publishable key', 'body');
      } else {
        requireScope(request, 'admin');
        if (origins) throw invalidParameter('allowed_origins', 'is only for publishable keys', 'body');
      }
      const organization = (await app.organizations.getMany([organizationId])).get(organizationId);
      if (!organization) throw notFound('Organization');
      // Not idempotent on purpose: a replay would have to store the secret to return it again.
      const { key, record } =
        type === 'publishable'
          ? await app.keys.createPublishable({ organizationId, name, origins: origins! })
          : await app.keys.create({ organizationId, scopes: ['submit'], name });
      return reply.status(201).send({ data: { ...keyDto(record), key } });
    },
  );

  app.get<{ Params: { id: string } }>(
    '/v1/organizations/:id/keys',
    {
      schema: {
        tags: ['admin'],
        summary: "An organization's keys, without secrets (admin, or the organization's own key)",
        security: [{ apiKey: [] }],
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        response: {
          200: Type.Object({ data: Type.Array(KeySchema) }),
          ...problemResponses(400, 401, 403, 404),
        },
      },
    },
    async (request) => {
      const principal = requireScope(request, 'submit', 'admin');
      const own = principal.organizationId === request.params.id;
      if (!own && !principal.scopes.includes('admin')) throw notFound('Organization');
      return { data: (await app.keys.list(request.params.id)).map(keyDto) };
    },
  );

  app.post<{ Body: { name: string; scopes: Scope[] } }>(
    '/v1/keys',
    {
      schema: {
        tags: ['admin'],
        summary: 'Create a moderator or admin key (admin); the key is shown once',
        security: [{ apiKey: [] }],
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 100 }),
            scopes: Type.Array(Type.Enum(['moderate', 'admin']), {
              minItems: 1,
              maxItems: 2,
              uniqueItems: true,
            }),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ data: NewKeySchema }), ...problemResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      requireScope(request, 'admin');
      const { key, record } = await app.keys.create({
        organizationId: null,
        scopes: request.body.scopes,
        name: request.body.name,
      });
      return reply.status(201).send({ data: { ...keyDto(record), key } });
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/v1/keys/:id',
    {
      schema: {
        tags: ['admin'],
        summary: 'Revoke a key (admin); it stops working at once',
        security: [{ apiKey: [] }],
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        response: { 200: Type.Object({ data: KeySchema }), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      requireScope(request, 'admin');
      if (!isUuid(request.params.id)) throw notFound('Key');
      const revoked = await app.keys.revoke(request.params.id);
      if (!revoked) throw notFound('Key');
      return { data: keyDto(revoked) };
    },
  );
}
