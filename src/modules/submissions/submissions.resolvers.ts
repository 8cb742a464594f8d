// GraphQL mutations over the same services and rules as the REST write API. Input is turned into
// the REST body (snake_case) and validated by the same schemas, so errors name the same fields.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Transaction } from 'kysely';
import type { IResolvers } from 'mercurius';
import type { Database } from '../../db/types.js';
import { ProblemError } from '../../lib/problem.js';
import { compileValidator } from '../../lib/validation.js';
import { requireOrganizationKey, requireScope } from '../../plugins/auth.js';
import type { GroupDetailDto } from '../groups/groups.schemas.js';
import type { Principal } from '../keys/keys.service.js';
import {
  type GroupCreateBody,
  GroupCreateSchema,
  type GroupPatchBody,
  GroupPatchSchema,
} from './submissions.schemas.js';

const validateCreate = compileValidator<GroupCreateBody>(GroupCreateSchema, 'body', { allErrors: true });
const validatePatch = compileValidator<GroupPatchBody>(GroupPatchSchema, 'body', { allErrors: true });

// Enum values arrive as IN_PERSON, TUE, ...; the REST body has in_person, tue.
const ENUM_KEYS = new Set(['attendance', 'facilitation', 'access', 'cost', 'day', 'frequency']);

/** Mutations other than createGroup are not replayable by key (they carry If-Match or are decisions). */
const NO_KEY = { key: null, fingerprint: null };

const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** GraphQL input -> REST body: snake_case keys, lower-case enum values, nested objects too. */
export function toRestBody(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((v) => toRestBody(v, key));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [snake(k), toRestBody(v, snake(k))]));
  }
  if (typeof value === 'string' && ENUM_KEYS.has(key)) return value.toLowerCase();
  return value;
}

function requestOf(context: { reply: { request: FastifyRequest } }): FastifyRequest {
  return context.reply.request;
}

type Context = { app: FastifyInstance; reply: { request: FastifyRequest } };

/** A write on one of the caller's groups, answered with the group as its owner sees it. */
async function writeGroup(
  context: Context,
  change: (trx: Transaction<Database>, principal: Principal) => Promise<string>,
  idempotency: { key: string | null; fingerprint: unknown } = NO_KEY,
): Promise<GroupDetailDto> {
  const { app } = context;
  const request = requestOf(context);
  const principal = requireOrganizationKey(request);
  const response = await app.write(
    request,
    async (trx) => {
      const id = await change(trx, principal);
      return { status: 200, body: (await app.groups.getFor(id, principal, trx)).group };
    },
    idempotency,
  );
  return response.body as GroupDetailDto;
}

export const submissionResolvers: IResolvers = {
  Mutation: {
    createGroup: (
      _root,
      args: { input: Record<string, unknown>; idempotencyKey?: string | null },
      context,
    ) => {
      const body = validateCreate(toRestBody(args.input));
      return writeGroup(context, (trx, principal) => context.app.submissions.create(trx, principal, body), {
        key: args.idempotencyKey ?? null,
        fingerprint: ['graphql:createGroup', body],
      });
    },
    updateGroup: (_root, args: { id: string; ifMatch: number; input: Record<string, unknown> }, context) => {
      const body = validatePatch(toRestBody(args.input));
      return writeGroup(context, async (trx, principal) => {
        await context.app.submissions.update(trx, principal, args.id, body, args.ifMatch);
        return args.id;
      });
    },
    archiveGroup: (_root, args: { id: string; ifMatch: number }, context) =>
      writeGroup(context, async (trx, principal) => {
        await context.app.submissions.archive(trx, principal, args.id, args.ifMatch);
        return args.id;
      }),
    verifyGroup: (_root, args: { id: string }, context) =>
      writeGroup(context, async (trx, principal) => {
        await context.app.submissions.verify(trx, principal, args.id);
        return args.id;
      }),
    reportGroup: async (
      _root,
      args: { id: string; field: string; problem: string; suggestion?: string | null },
      context,
    ) => {
      const { app } = context;
      await app.limitReports(requestOf(context));
      if (args.problem.length < 3 || args.problem.length > 2000) {
        throw new ProblemError(
          400,
          'invalid_parameter',
          'Invalid parameter',
          'problem: 3 to 2000 characters',
          [{ name: 'problem', in: 'body', reason: '3 to 2000 characters' }],
        );
      }
      const response = await app.write(
        requestOf(context),
        async (trx) => ({
          status: 201,
          body: await app.moderation.report(trx, args.id, {
            field: args.field.toLowerCase(),
            problem: args.problem,
            suggestion: args.suggestion ?? null,
          }),
        }),
        NO_KEY,
      );
      const report = response.body as { id: string; group_id: string; status: string; created_at: string };
      return { id: report.id, groupId: report.group_id, status: report.status, createdAt: report.created_at };
    },
    approve: async (_root, args: { itemId: string; note?: string | null }, context) => {
      const { app } = context;
      const request = requestOf(context);
      const principal = requireScope(request, 'moderate');
      const response = await app.write(
        request,
        async (trx) => ({
          status: 200,
          body: await app.moderation.approve(trx, principal, args.itemId, args.note ?? null),
        }),
        NO_KEY,
      );
      const decision = response.body as { id: string; type: string; group_id: string; status: string };
      return { ...decision, groupId: decision.group_id };
    },
    reject: async (_root, args: { itemId: string; reason: string }, context) => {
      const { app } = context;
      const request = requestOf(context);
      const principal = requireScope(request, 'moderate');
      const response = await app.write(
        request,
        async (trx) => ({
          status: 200,
          body: await app.moderation.reject(trx, principal, args.itemId, args.reason),
        }),
        NO_KEY,
      );
      const decision = response.body as { id: string; type: string; group_id: string; status: string };
      return { ...decision, groupId: decision.group_id };
    },
  },
  Moderation: {
    lastRejection: (m: NonNullable<GroupDetailDto['moderation']>) => m.last_rejection,
  },
  PendingChange: {
    submittedAt: (p: { submitted_at: string }) => p.submitted_at,
    changes: (p: { changes: unknown }) => JSON.stringify(p.changes),
  },
};
