import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Transaction } from 'kysely';
import { Type } from 'typebox';
import type { Database } from '../../db/types.js';
import type { StoredResponse } from '../../lib/idempotency.js';
import { ProblemError } from '../../lib/problem.js';
import { problemResponses } from '../../lib/schemas.js';
import { bodyAjv } from '../../lib/validation.js';
import { requireOrganizationKey, requireScope } from '../../plugins/auth.js';
import type { Principal } from '../keys/keys.service.js';
import { etag, parseIfMatch } from './access.js';
import {
  archiveGroupSchema,
  createGroupSchema,
  type GroupCreateBody,
  type GroupPatchBody,
  patchGroupSchema,
  READ_ONLY_FIELDS,
  verifyGroupSchema,
} from './submissions.schemas.js';

/** Refuse fields a submitter may not set, by name, before the schema would call them unknown. */
function refuseReadOnly(body: unknown): void {
  if (!body || typeof body !== 'object') return;
  const present = READ_ONLY_FIELDS.filter((f) => f in body);
  if (present.length === 0) return;
  throw new ProblemError(
    400,
    'read_only_field',
    'Read-only field',
    `${present.join(', ')}: cannot be set by a submitter`,
    present.map((name) => ({ name, in: 'body' as const, reason: 'cannot be set by a submitter' })),
  );
}

function send(reply: FastifyReply, response: StoredResponse) {
  const body = response.body as { data?: { version?: number } };
  if (body?.data?.version !== undefined) reply.header('etag', etag(body.data.version));
  if (response.replayed) reply.header('idempotent-replayed', 'true');
  return reply.status(response.status).send(body);
}

export default async function submissionsRoutes(app: FastifyInstance) {
  const owned = async (trx: Transaction<Database>, id: string, principal: Principal) =>
    (await app.groups.getFor(id, principal, trx)).group;

  app.post<{ Body: GroupCreateBody }>(
    '/v1/groups',
    {
      schema: createGroupSchema,
      validatorCompiler: ({ schema }) => bodyAjv.compile(schema),
      preValidation: async (request) => refuseReadOnly(request.body),
      config: { rateLimit: { max: app.rateLimits.writes } },
    },
    async (request, reply) => {
      const principal = requireOrganizationKey(request);
      const response = await app.write(request, async (trx) => {
        const id = await app.submissions.create(trx, principal, request.body);
        return { status: 201, body: { data: await owned(trx, id, principal) } };
      });
      const id = (response.body as { data: { id: string } }).data.id;
      reply.header('location', `/v1/groups/${id}`);
      return send(reply, response);
    },
  );

  app.patch<{ Params: { id: string }; Body: GroupPatchBody }>(
    '/v1/groups/:id',
    {
      schema: patchGroupSchema,
      validatorCompiler: ({ schema }) => bodyAjv.compile(schema),
      preValidation: async (request) => refuseReadOnly(request.body),
      config: { rateLimit: { max: app.rateLimits.writes } },
    },
    async (request, reply) => {
      const principal = requireOrganizationKey(request);
      const version = parseIfMatch(request.headers['if-match']);
      const response = await app.write(request, async (trx) => {
        await app.submissions.update(trx, principal, request.params.id, request.body, version);
        return { status: 200, body: { data: await owned(trx, request.params.id, principal) } };
      });
      return send(reply, response);
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/v1/groups/:id',
    { schema: archiveGroupSchema, config: { rateLimit: { max: app.rateLimits.writes } } },
    async (request, reply) => {
      const principal = requireOrganizationKey(request);
      const version = parseIfMatch(request.headers['if-match']);
      const response = await app.write(request, async (trx) => {
        await app.submissions.archive(trx, principal, request.params.id, version);
        return { status: 200, body: { data: await owned(trx, request.params.id, principal) } };
      });
      return send(reply, response);
    },
  );

  app.post<{ Params: { id: string } }>(
    '/v1/groups/:id/verify',
    { schema: verifyGroupSchema, config: { rateLimit: { max: app.rateLimits.writes } } },
    async (request, reply) => {
      const principal = requireOrganizationKey(request);
      const response = await app.write(request, async (trx) => {
        await app.submissions.verify(trx, principal, request.params.id);
        return { status: 200, body: { data: await owned(trx, request.params.id, principal) } };
      });
      return send(reply, response);
    },
  );

  app.get<{ Params: { idOrSlug: string }; Querystring: { limit?: number; cursor?: string } }>(
    '/v1/groups/:idOrSlug/history',
    {
      schema: {
        tags: ['submissions'],
        summary: "A group's audit trail: who changed which fields from what to what",
        security: [{ apiKey: [] }],
        params: Type.Object({ idOrSlug: Type.String({ maxLength: 200 }) }),
        querystring: Type.Object(
          {
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
            cursor: Type.Optional(Type.String({ maxLength: 40, pattern: '^[0-9]+$' })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            data: Type.Array(
              Type.Object({
                id: Type.String(),
                action: Type.String({ examples: ['update'] }),
                at: Type.String({ format: 'date-time' }),
                organization_id: Type.Union([Type.String(), Type.Null()]),
                key: Type.Union([Type.Object({ id: Type.String(), prefix: Type.String() }), Type.Null()]),
                changes: Type.Record(
                  Type.String(),
                  Type.Object({ from: Type.Unknown(), to: Type.Unknown() }),
                ),
                note: Type.Union([Type.String(), Type.Null()]),
              }),
            ),
            meta: Type.Object({ next_cursor: Type.Union([Type.String(), Type.Null()]) }),
          }),
          ...problemResponses(400, 401, 403, 404),
        },
      },
    },
    async (request) => {
      const principal = requireScope(request, 'submit', 'moderate');
      return app.history.list(
        principal,
        request.params.idOrSlug,
        request.query.limit ?? 50,
        request.query.cursor ?? null,
      );
    },
  );
}
