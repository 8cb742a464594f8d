// GraphQL at /graphql (Mercurius) over the same services as REST. Hardened: depth, cost, alias
// and token limits, no batching, and errors coded like REST problems.
import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import fp from 'fastify-plugin';
import {
  type ASTVisitor,
  GraphQLError,
  Kind,
  NoSchemaIntrospectionCustomRule,
  type ValidationContext,
} from 'graphql';
import mercurius, { type IResolvers, type MercuriusLoaders } from 'mercurius';
import { complexityError, formatErrors } from '../graphql/errors.js';
import { DateTime, LanguageTag } from '../graphql/scalars.js';
import { loadSchemaSource } from '../graphql/schema.js';
import { findNul } from '../lib/nul.js';
import { invalidParameter, ProblemError } from '../lib/problem.js';
import { groupLoaders, groupResolvers } from '../modules/groups/groups.resolvers.js';
import {
  organizationLoaders,
  organizationResolvers,
} from '../modules/organizations/organizations.resolvers.js';
import { submissionResolvers } from '../modules/submissions/submissions.resolvers.js';
import { taxonomyResolvers } from '../modules/taxonomy/taxonomy.resolvers.js';
import { RETRY_AFTER_SECONDS } from './errors.js';

export const GRAPHQL_LIMITS = {
  /** GraphiQL's own introspection query is 7 deep (FIELD-NOTES); real queries need about 6. */
  depth: 10,
  /** graphql-armor cost: objects 2, scalars 1, each level x1.5, lists x their `first`. */
  cost: 20_000,
  aliases: 30,
  /** Tokens in one document: refuses huge documents before they are even validated. */
  tokens: 2_000,
};

export const MAX_PAGE_SIZE = 100;

/**
 * `first` outside 1..100 written in the document is refused as REST refuses `limit` (same code),
 * before the cost rule also objects to the size of the page it would multiply.
 */
function pageSizeRule(context: ValidationContext): ASTVisitor {
  return {
    Argument(node) {
      if (node.name.value !== 'first' || node.value.kind !== Kind.INT) return;
      const value = Number.parseInt(node.value.value, 10);
      if (value < 1 || value > MAX_PAGE_SIZE) {
        const reason = value < 1 ? 'must be >= 1' : `must be <= ${MAX_PAGE_SIZE}`;
        context.reportError(
          new GraphQLError(`first: ${reason}`, {
            nodes: [node],
            extensions: {
              code: 'invalid_parameter',
              invalid_params: [{ name: 'first', in: 'body', reason }],
            },
          }),
        );
      }
    },
  };
}

/** A NUL written in a string literal would reach Postgres as it does in REST (see lib/nul.ts). */
function nulRule(context: ValidationContext): ASTVisitor {
  return {
    StringValue(node) {
      if (!node.value.includes('\u0000')) return;
      context.reportError(
        new GraphQLError('must not contain NUL characters', {
          nodes: [node],
          extensions: {
            code: 'invalid_parameter',
            invalid_params: [{ name: '(string)', in: 'body', reason: 'must not contain NUL characters' }],
          },
        }),
      );
    },
  };
}

/**
 * Whether a text could be JSON: its first token after whitespace must start an object (`{`, then
 * `"` or `}`), an array, a string, a number or a literal. GraphQL documents start with `{` and a
 * field name, a keyword or `#`, so they skip the parse, whose thrown SyntaxError cost about 2% of
 * a GraphQL request's CPU (bench peer profile).
 */
export function mayBeJson(text: string): boolean {
  return /^[ \t\n\r]*(?:\{[ \t\n\r]*["}]|[["\-0-9]|true|false|null)/.test(text);
}

export interface GraphqlOptions {
  graphiql: boolean;
  introspection: boolean;
}

/** Resolver maps of several modules, merged type by type. */
function merge(...parts: object[]): Record<string, object> {
  const out: Record<string, object> = {};
  for (const part of parts) {
    for (const [type, fields] of Object.entries(part)) {
      // A scalar (GraphQLScalarType) is taken as it is; field maps are merged.
      out[type] = fields?.constructor === Object ? { ...out[type], ...fields } : fields;
    }
  }
  return out;
}

// Armor rules report through the validation context, coded, instead of throwing (else Mercurius
// would answer 200 with the raw message).
const report = (context: ValidationContext | null, error: GraphQLError) =>
  context?.reportError(complexityError(error.message));

// Mercurius takes a `query` that is not GraphQL but parses as JSON for a ready-made AST, which
// skips the token limit, and graphql-js throws on a malformed one: `"query": -1` or `"[1]"`
// answered 500 (found by fuzzing). Only GraphQL source is accepted; no GraphQL document is JSON.
/** Why a GraphQL request is refused before Mercurius sees it, or null. */
function refusal(request: FastifyRequest): ProblemError | null {
  const source = request.method === 'GET' ? request.query : request.body;
  const query = (source as { query?: unknown } | null)?.query;
  if (query === undefined || query === null) return null;
  let json = typeof query !== 'string';
  if (!json && mayBeJson(query as string)) {
    try {
      JSON.parse(query as string);
      json = true;
    } catch {}
  }
  if (json)
    return new ProblemError(400, 'invalid_query', 'Invalid query', 'query must be a GraphQL document');
  // GET carries its variables as JSON text, which the NUL check of every request cannot see into.
  const variables = (source as { variables?: unknown }).variables;
  if (typeof variables === 'string') {
    let parsed: unknown = null;
    try {
      parsed = JSON.parse(variables);
    } catch {}
    const name = findNul(parsed);
    if (name) return invalidParameter(`variables.${name}`, 'must not contain NUL characters', 'query');
  }
  return null;
}

export default fp<GraphqlOptions>(
  async function graphql(app: FastifyInstance, options) {
    const validationRules = [
      pageSizeRule,
      nulRule,
      costLimitRule({
        maxCost: GRAPHQL_LIMITS.cost,
        flattenFragments: true,
        exposeLimits: true,
        propagateOnRejection: false,
        onReject: [report],
      }),
      maxAliasesRule({
        n: GRAPHQL_LIMITS.aliases,
        exposeLimits: true,
        propagateOnRejection: false,
        onReject: [report],
      }),
      ...(options.introspection ? [] : [NoSchemaIntrospectionCustomRule]),
    ];
    // Only the GraphQL routes run this check (as a hook of every route it cost each request a promise).
    const refuse = (request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction) =>
      done(refusal(request) ?? undefined);
    app.addHook('onRoute', (route) => {
      if (route.url !== '/graphql') return;
      const own = route.preHandler ?? [];
      route.preHandler = [...(Array.isArray(own) ? own : [own]), refuse];
    });
    await app.register(mercurius, {
      schema: loadSchemaSource(),
      resolvers: merge(
        { DateTime, LanguageTag },
        groupResolvers,
        organizationResolvers,
        taxonomyResolvers,
        submissionResolvers,
      ) as IResolvers,
      loaders: merge(groupLoaders, organizationLoaders) as MercuriusLoaders,
      path: '/graphql',
      graphiql: options.graphiql,
      jit: 1,
      queryDepth: GRAPHQL_LIMITS.depth,
      allowBatchedQueries: false,
      validationRules,
      graphql: { parseOptions: { maxTokens: GRAPHQL_LIMITS.tokens } },
      errorFormatter: (execution, context) => {
        const log = context.reply?.log ?? app.log;
        const { errors, status } = formatErrors(execution.errors ?? [], log);
        if (errors.some((e) => e.extensions.code === 'service_unavailable')) {
          context.reply?.header('retry-after', String(RETRY_AFTER_SECONDS));
        }
        return {
          statusCode: execution.data ? 200 : status,
          response: { data: execution.data ?? null, errors },
        };
      },
    });
  },
  { name: 'graphql', fastify: '5.x', dependencies: ['services'] },
);
